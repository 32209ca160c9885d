"""The answer reader's news training pairs (`bench/train_reader.py --news`).

Handwritten news questions (`NEWS_FILES`: answerable ones with their article and answer span,
and near-topic ones the article does not answer) are asked of the 2,000- and 20,000-article
OrangeSum samples (the larger one for other articles' distractors). The `NEWS_CANDIDATES`
sentences answering ranks first (term coverage blended with embedding similarity, any
language) become pairs: positive when the question's own article holds the answer span in
that sentence, negative otherwise, every sentence of an unanswerable question included. A
gold sentence that ranking missed is added as a positive. With `--translated`, the French
questions are asked in English and German too (`TRANSLATED_FILE`), their French sentences
labelled by the same answer span. With `--absent-negatives`, each answerable question, French
and (with `--translated`) translated, is asked again with its article left out, the sentences
it then reads negatives (`absent_pairs`), weighing what its language's pairs weigh.

The fifth, sixth, eighth and ninth fresh sets and the seventh are never trained on: the
fifth, sixth, eighth and the seventh's odd half calibrate the reader's thresholds; the
seventh's even half and the ninth set test them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.eval_answers import index_articles
from bench.orangesum_answers import load_orangesum_answers
from rag.answering.reader import reader_text
from rag.answering.scoring import ScoredSentence, add_similarity, score_sentences
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.text.lexicon import fold
from rag.text.sentences import split_sentences
from rag.text.terms import TermWeights
from rag.types import Passage

BENCH = Path(__file__).resolve().parent
NEWS_FILES = [
    BENCH / name
    for name in (
        "questions_orangesum.jsonl",
        "questions_orangesum_heldout.jsonl",
        "questions_orangesum_heldout2.jsonl",
        "questions_orangesum_heldout3.jsonl",
        "questions_orangesum_heldout4.jsonl",
        "reader_news_a.jsonl",
        "reader_news_b.jsonl",
        "reader_news_c.jsonl",
        "reader_news_d.jsonl",
        # written on 2026-12-05, after the shipped reader was trained: for its next training
        "reader_news_e.jsonl",
        "reader_news_f.jsonl",
        "reader_news_g.jsonl",
        "reader_news_h.jsonl",
    )
]
# English and German translations of the French questions above, written by helpers that read
# only the questions (2026-12-06): one line per question, keyed "<file stem>:<id>"
TRANSLATED_FILE = BENCH / "reader_news_translated.jsonl"
NEWS_CANDIDATES = 8


def news_questions(files: Iterable[Path] = NEWS_FILES) -> list[dict[str, object]]:
    """Every question of the news training files, as written."""
    questions: list[dict[str, object]] = []
    for path in files:
        with path.open(encoding="utf-8") as lines:
            questions += [json.loads(line) for line in lines if line.strip()]
    return questions


def translated_questions(
    path: Path = TRANSLATED_FILE, files: Iterable[Path] = NEWS_FILES
) -> list[dict[str, object]]:
    """The French training questions asked in English and in German: the same article and
    answer span (the sentences answering reads stay French), the translation as the text."""
    written: dict[str, dict[str, object]] = {}
    for file in files:
        with file.open(encoding="utf-8") as lines:
            for line in filter(str.strip, lines):
                question = json.loads(line)
                written[f"{file.stem}:{question['id']}"] = question
    questions: list[dict[str, object]] = []
    with path.open(encoding="utf-8") as lines:
        for line in filter(str.strip, lines):
            translation = json.loads(line)
            original = written[translation["key"]]
            for lang in ("en", "de"):
                questions.append(original | {"question": translation[lang], "lang": lang})
    return questions


def question_pairs(app: Newsrag, question: dict[str, object]) -> list[tuple[str, int]]:
    """(reader text, label) pairs for one question, as answering ranks its sentences."""
    text, lang = str(question["question"]), str(question["lang"])
    answer = fold(str(question["answer"])).strip() if question["answerable"] else ""
    gold = str(question["article_id"])
    pairs: list[tuple[str, int]] = []
    for s in _ranked(app, text, lang, app.search(text)):
        positive = bool(answer) and s.sentence.passage.article_id == gold
        positive = positive and answer in fold(s.sentence.text)
        pairs.append((_read_as(text, s), int(positive)))
    article = app.article(gold) if answer and not any(y for _, y in pairs) else None
    if article is not None:
        passage = Passage(
            gold, gold, article.title, article.text, 0, len(article.text), 1.0, lang=article.lang
        )
        held = next((x for x in split_sentences(passage) if answer in fold(x.text)), None)
        if held is not None:
            pairs.append((reader_text(text, article.title, held.text), 1))
    return pairs


def absent_pairs(app: Newsrag, question: dict[str, object]) -> list[tuple[str, int]]:
    """Negative pairs of an answerable question asked as if its article were absent: the
    sentences answering ranks first among the passages retrieved once its article's are left
    out. A sentence of another article holding the answer span is left out, not labelled (the
    same story may be told twice); an unanswerable question's pairs are all negative already."""
    answer = fold(str(question["answer"])).strip() if question["answerable"] else ""
    if not answer:
        return []
    text, lang, gold = str(question["question"]), str(question["lang"]), question["article_id"]
    k = app.settings.top_k
    passages = [p for p in app.search(text, k=2 * k) if p.article_id != gold][:k]
    ranked = _ranked(app, text, lang, passages)
    return [(_read_as(text, s), 0) for s in ranked if answer not in fold(s.sentence.text)]


def _ranked(app: Newsrag, text: str, lang: str, passages: list[Passage]) -> list[ScoredSentence]:
    """The `NEWS_CANDIDATES` sentences of `passages` answering ranks first for `text`."""
    weights = TermWeights(text, lang, app.keywords.current().idf)
    scored = score_sentences(passages, weights, lang)
    share = app.settings.answer_dense_share
    return add_similarity(text, scored, app.embedder, share, lang)[:NEWS_CANDIDATES]


def _read_as(question: str, s: ScoredSentence) -> str:
    """What the reader reads of the ranked sentence `s` with `question`."""
    previous = s.previous.text if s.leans and s.previous else ""
    return reader_text(question, s.sentence.passage.title, s.sentence.text, previous)


def news_pairs(
    index_dirs: Sequence[Path],
    samples: Sequence[int],
    embedder: Embedder,
    questions: Sequence[dict[str, object]] | None = None,
    absent: bool = False,
) -> list[tuple[str, int]]:
    """Pairs of the news training questions (`questions`, or every one written) on each
    OrangeSum sample, titled as `bench.eval_answers` indexes it (into its folder under
    `index_dirs`, or reused there: the benchmark's kept index), the same text and label kept
    once; with `absent`, each answerable one's `absent_pairs` too."""
    pairs: dict[tuple[str, int], None] = {}
    questions = news_questions() if questions is None else questions
    for folder, sample in zip(index_dirs, samples, strict=True):
        data, _, _ = load_orangesum_answers(sample=sample)
        where = folder / f"answers-orangesum-seed13-{sample}"
        settings = index_articles(data.indexed, where, embedder, reuse=True)
        app = Newsrag(settings.model_copy(update={"answer_reader": False}), embedder=embedder)
        for question in questions:
            pairs.update(dict.fromkeys(question_pairs(app, question)))
            if absent:
                pairs.update(dict.fromkeys(absent_pairs(app, question)))
    return list(pairs)


def weighted_news_pairs(
    folder: Path,
    embedder: Embedder,
    weight: float,
    translated_weight: float | None,
    absent: bool = False,
) -> tuple[list[tuple[str, int]], list[float]]:
    """Every news training question's pairs at 2,000 and 20,000 articles (both archives kept
    under `folder`) with their loss weight; with `translated_weight`, the French questions
    asked in English and German too, weighing that. With `absent`, each question's
    `absent_pairs` as well, in each language: what lowered the readings of questions whose
    article is absent (docs/answers.md)."""
    folders = [folder, folder]
    pairs = news_pairs(folders, [2000, 20000], embedder, absent=absent)
    weights = [weight] * len(pairs)
    if translated_weight is not None:
        asked = news_pairs(folders, [2000, 20000], embedder, translated_questions(), absent)
        pairs, weights = [*pairs, *asked], [*weights, *[translated_weight] * len(asked)]
    return pairs, weights
