"""Answer-quality metrics: recall of the gold span, citation checks, refusals, thresholds.

Used by bench/eval_answers.py and by the answer-quality floor in the test suite.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bench.datasets import BenchArticle
from bench.eval_retrieval import _percentile
from bench.whole_quotes import is_whole
from rag.text.analysis import words
from rag.text.answertype import Kind
from rag.text.lexicon import fold
from rag.text.questionforms import expected_kind
from rag.types import Answer
from ui.formatting import answer_words

THRESHOLDS = tuple(round(0.20 + 0.02 * i, 2) for i in range(16))  # 0.20 .. 0.50
MAX_FALSE_REFUSALS = 0.10
# A citation marker: not glued to a word or a bracket, unlike "mot[3]" or "[[1987])".
_MARKER = re.compile(r"(?<![\w\[])\s*\[(\d+)\](?![\])])")
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldQuestion:
    """A PIAF question, its paragraph, the gold answer span, and whether it is indexed."""

    text: str
    gold_article_id: str
    gold_answer: str
    answerable: bool


@dataclass(frozen=True)
class AnswerDataset:
    """PIAF paragraphs, indexed or held out, and the questions with their gold answers."""

    indexed: list[BenchArticle]
    held_out: list[BenchArticle]
    questions: list[GoldQuestion]

    def texts(self) -> dict[str, str]:
        """Every paragraph's text by article id."""
        return {a.id: a.text for a in [*self.indexed, *self.held_out]}


@dataclass(frozen=True)
class Asked:
    """A question, the answer it got and how long that took."""

    question: GoldQuestion
    answer: Answer
    ms: float


@dataclass(frozen=True)
class Scores:
    """Answer quality of one system over a set of questions (shares in 0..1)."""

    answer_recall: float
    citation_precision: float  # markers both supported and exact
    supported_markers: float  # the cited quote/passage holds the words of the sentence
    exact_spans: float  # the quote is article_text[start:end]
    markers: int
    whole_quotes: float  # quotes (refusals' included) that start and end where sentences do
    quotes: int
    cites_gold: float  # found answers to answerable questions citing the gold paragraph
    refusal_accuracy: float
    false_refusals: float
    latency_p50_ms: float
    latency_p95_ms: float
    mean_answer_chars: float
    # answers holding the gold span to questions asking for a kind (a number, a date, a
    # name...): the share whose first words in bold hold it too (`bold_holds`), and how many
    answer_in_bold: float = 0.0
    typed_right: int = 0


def at_threshold(answer: Answer, threshold: float) -> Answer:
    """The extractive answer had `min_relevance` been `threshold`, from one asked with 0.

    As in rag.answering.extractive, the best sentence (the answer's relevance) must reach the
    threshold and the others join it only if their relevance (their citation's score) does too; the
    kept citations keep their order and are numbered again from 1.
    """
    if answer.relevance < threshold:
        return replace(answer, text="", found=False, citations=[])
    kept = [c for c in answer.citations if c.score >= threshold]
    kept = [replace(c, n=n) for n, c in enumerate(kept, start=1)]
    quotes = [f"{c.quote} [{c.n}]" for c in kept]
    return replace(
        answer, text=" ".join([answer.note, *quotes] if answer.note else quotes), citations=kept
    )


def replay(asked: Sequence[Asked], threshold: float) -> list[Asked]:
    """The answers as they would be with refusal threshold `threshold`."""
    return [replace(a, answer=at_threshold(a.answer, threshold)) for a in asked]


def normalise(text: str) -> str:
    """Folded word tokens joined by spaces: no case, accents, quotes, apostrophes or hyphens."""
    return " ".join(_TOKEN.findall(fold(text)))


def contains_answer(answer: Answer, gold: str) -> bool:
    """Whether a found answer's text (markers removed) holds the gold span, normalised."""
    needle = normalise(gold)
    body = normalise(_MARKER.sub(" ", answer.text))
    return answer.found and bool(needle) and f" {needle} " in f" {body} "


def marker_checks(answer: Answer, texts: dict[str, str]) -> list[tuple[bool, bool]]:
    """(supported, exact) per `[n]` marker: the cited quote or passage holds the words of the
    text before the marker (after `Answer.note`), and the quote is the cited article's text at
    [start:end]."""
    by_n = {c.n: c for c in answer.citations}
    checks: list[tuple[bool, bool]] = []
    cursor, claim = len(answer.note), ""  # the note before the quotes is no claim
    for match in _MARKER.finditer(answer.text):
        claim = answer.text[cursor : match.start()].strip() or claim
        cursor = match.end()
        cited = by_n.get(int(match.group(1)))
        if cited is None:
            checks.append((False, False))
            continue
        claimed = set(words(claim))
        supported = bool(claimed) and claimed <= set(words(f"{cited.quote} {cited.passage}"))
        exact = texts.get(cited.article_id, "")[cited.start : cited.end] == cited.quote
        checks.append((supported, exact))
    return checks


def bold_holds(answer: Answer, gold: str) -> bool:
    """Whether the first words the answer shows in bold (`Citation.answer_start/end`) hold the
    gold span: it is in them or they are in it, both normalised, or they share a number with it
    (« 13.000 personnes » for « près de 13.000 »)."""
    bold = next((shown for c in answer.citations if (shown := answer_words(c))), None)
    said, needle = normalise(bold or ""), normalise(gold)
    if not said or not needle:
        return False
    if f" {said} " in f" {needle} " or f" {needle} " in f" {said} ":
        return True
    return any(any(ch.isdigit() for ch in w) for w in set(said.split()) & set(needle.split()))


def holds_span(texts: Sequence[str], gold: str) -> bool:
    """Whether any of the texts holds the gold span, both normalised."""
    needle = normalise(gold)
    return bool(needle) and any(f" {needle} " in f" {normalise(t)} " for t in texts)


def perfect_reader(questions: Sequence[GoldQuestion], span_retrieved: Sequence[bool]) -> Scores:
    """The refusals of a perfect reader of the retrieved passages: it answers exactly when one
    of them holds the gold span. Answerable questions whose span retrieval missed are refused
    (false refusals), held-out ones answerable from a sibling paragraph are answered: the
    best refusal accuracy / false refusal pair that reading the same passages can reach."""
    answerable = [r for q, r in zip(questions, span_retrieved, strict=True) if q.answerable]
    held = [r for q, r in zip(questions, span_retrieved, strict=True) if not q.answerable]
    return Scores(
        answer_recall=_share(sum(answerable), len(answerable)),
        citation_precision=1.0,
        supported_markers=1.0,
        exact_spans=1.0,
        markers=0,
        whole_quotes=1.0,
        quotes=0,
        cites_gold=1.0,
        refusal_accuracy=_share(len(held) - sum(held), len(held)),
        false_refusals=_share(len(answerable) - sum(answerable), len(answerable)),
        latency_p50_ms=0.0,
        latency_p95_ms=0.0,
        mean_answer_chars=0.0,
    )


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def score(asked: Sequence[Asked], texts: dict[str, str]) -> Scores:
    """Answer recall, citation precision, refusals, latency and length over `asked`."""
    answerable = [a for a in asked if a.question.answerable]
    held = [a for a in asked if not a.question.answerable]
    found = [a for a in asked if a.answer.found]
    answered = [a for a in answerable if a.answer.found]
    checks = [c for a in found for c in marker_checks(a.answer, texts)]
    whole = [
        is_whole(texts[c.article_id], c.start, c.end)
        for a in asked
        for c in a.answer.citations
        if c.article_id in texts
    ]
    gold = sum(
        any(c.article_id == a.question.gold_article_id for c in a.answer.citations)
        for a in answered
    )
    right = [a for a in answerable if contains_answer(a.answer, a.question.gold_answer)]
    typed = [a for a in right if expected_kind(a.question.text) is not Kind.OTHER]
    in_bold = sum(bold_holds(a.answer, a.question.gold_answer) for a in typed)
    ms = [a.ms for a in asked]
    return Scores(
        answer_recall=_share(len(right), len(answerable)),
        citation_precision=_share(sum(s and e for s, e in checks), len(checks)),
        supported_markers=_share(sum(s for s, _ in checks), len(checks)),
        exact_spans=_share(sum(e for _, e in checks), len(checks)),
        markers=len(checks),
        whole_quotes=_share(sum(whole), len(whole)),
        quotes=len(whole),
        cites_gold=_share(gold, len(answered)),
        refusal_accuracy=_share(sum(not a.answer.found for a in held), len(held)),
        false_refusals=_share(len(answerable) - len(answered), len(answerable)),
        latency_p50_ms=_percentile(ms, 0.5),
        latency_p95_ms=_percentile(ms, 0.95),
        mean_answer_chars=_share(
            sum(len(_MARKER.sub("", a.answer.text)) for a in found), len(found)
        ),
        answer_in_bold=_share(in_bold, len(typed)),
        typed_right=len(typed),
    )


def sweep(
    asked: Sequence[Asked], texts: dict[str, str], thresholds: Sequence[float] = THRESHOLDS
) -> list[dict[str, float]]:
    """Refusal accuracy, false refusals and answer recall at each threshold, without re-asking."""
    rows: list[dict[str, float]] = []
    for t in thresholds:
        s = score(replay(asked, t), texts)
        keys = ("refusal_accuracy", "false_refusals", "answer_recall", "cites_gold")
        rows.append({"threshold": t, **{k: getattr(s, k) for k in keys}})
    return rows


def recommend(
    rows: Sequence[dict[str, float]], max_false: float = MAX_FALSE_REFUSALS
) -> dict[str, float] | None:
    """The row maximising refusal accuracy - false refusals with false refusals <= `max_false`."""

    def gain(r: dict[str, float]) -> tuple[float, float]:
        return round(r["refusal_accuracy"] - r["false_refusals"], 9), r["answer_recall"]

    return max((r for r in rows if r["false_refusals"] <= max_false), key=gain, default=None)


def miss_cause(a: Asked) -> str | None:
    """Why an answerable question's answer lacks the gold span (or that a held-out one got an
    answer); None when the answer is right."""
    right = contains_answer(a.answer, a.question.gold_answer)
    if not a.question.answerable:
        held = "held-out question answered" + (" (with the gold span)" if right else "")
        return held if a.answer.found else None
    if right:
        return None
    if not a.answer.found:
        if not a.answer.passages:
            return "refused, no sentence retrieved"
        return "refused, no span of the asked kind" if not a.answer.relevance else "refused"
    if a.question.gold_article_id not in {c.article_id for c in a.answer.citations}:
        return "gold paragraph not cited"
    return "gold paragraph cited, span not in answer"


def examples(causes: Sequence[tuple[str, Asked]], per_cause: int = 8) -> list[dict[str, object]]:
    """Up to `per_cause` misses of each cause, for the report."""
    seen: Counter[str] = Counter()
    examples: list[dict[str, object]] = []
    for cause, a in causes:
        seen[cause] += 1
        if seen[cause] <= per_cause:
            q, cited = a.question, [c.article_id for c in a.answer.citations]
            examples.append(
                {"cause": cause, "question": q.text, "gold": q.gold_answer}
                | {"gold_article_id": q.gold_article_id, "answer": a.answer.text[:400]}
                | {"relevance": a.answer.relevance, "cited": cited}
            )
    return examples


def refusal_auc(asked: Sequence[Asked]) -> float:
    """ROC AUC of the answers' relevance as a score for "the archive answers this question":
    the chance that an answerable question scores above an unanswerable one (ties count half).
    """
    positives = [a.answer.relevance for a in asked if a.question.answerable]
    negatives = [a.answer.relevance for a in asked if not a.question.answerable]
    if not positives or not negatives:
        return 0.0
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))
