"""A question's name that a retrieved passage holds must be in an article the answer quotes,
anywhere in it, unless the reader reads the best sentence as likely to answer (fake reader; the
real embedder, any would do; the articles' terms as the keyword index analyses them)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answering.extractive import extractive_answer
from rag.embeddings import Embedder
from rag.store.keyword import IndexedChunk, KeywordIndex, Vocabulary
from rag.text.analysis import analyze
from rag.types import Answer, Passage
from tests.helpers.reading import constant_reader, read_config

ASKED = "Comment s'appelaient les deux soldats du régiment de spahis de Valence tués au Mali ?"
ENGLISH = "What were the names of the two soldiers of the Valence spahi regiment killed in Mali?"
# another regiment's soldiers: the sentence closest to the question, in an article without Valence
OTHER = (
    "Les deux soldats du régiment de chasseurs tués au Mali s'appelaient Pierre Martin et "
    "Paul Durand."
)
# Valence, in an article on something else: the archive speaks of it
ELSEWHERE = "Le maire de Valence a inauguré une piscine municipale."
# the rest of OTHER's article, not retrieved
REST_WITH_VALENCE = "Le régiment, longtemps basé à Valence, a été dissous en 2012."
REST_WITHOUT = "Le régiment a été dissous en 2012."


def passage(article: str, text: str, score: float) -> Passage:
    """A French passage, the whole of its article's first chunk."""
    return Passage(f"{article}-c0", article, article.upper(), text, 0, len(text), score, lang="fr")


def answer_over(
    embedder: Embedder,
    passages: list[Passage],
    question: str = ASKED,
    probability: float | None = 0.1,
    *,
    max_sentences: int = 1,
    more: dict[str, str] | None = None,
    with_articles: bool = True,
) -> Answer:
    """The answer from `passages`, every threshold off, the reader giving every sentence
    `probability` (None: no reader); each article's terms are its passages' and `more`'s."""
    texts = {p.article_id: p.text for p in passages}
    for article, text in (more or {}).items():
        texts[article] = f"{texts.get(article, '')} {text}"
    terms = {article: frozenset(analyze(text, "fr")) for article, text in texts.items()}
    config = read_config(constant_reader(probability or 0.0), max_sentences)
    config = replace(config, across_min_probability=0.0)
    if probability is None:
        config = replace(config, read=None, reader_share=0.0)
    return extractive_answer(
        question,
        passages,
        config,
        lang="en" if question.startswith("What") else "fr",
        idf=lambda _: 1.0,
        embedder=embedder,
        indexed_articles=len(texts),
        known=set().union(*terms.values()).__contains__,
        article_terms=(lambda a: terms.get(a, frozenset())) if with_articles else None,
    )


def ask(
    embedder: Embedder,
    probability: float | None,
    *,
    question: str = ASKED,
    rest: str = REST_WITHOUT,
    with_articles: bool = True,
) -> Answer:
    """The answer from OTHER's and ELSEWHERE's passages; OTHER's article also holds `rest`."""
    passages = [passage("a", OTHER, 2.0), passage("b", ELSEWHERE, 1.0)]
    return answer_over(
        embedder, passages, question, probability, more={"a": rest}, with_articles=with_articles
    )


@pytest.mark.parametrize(("probability", "found"), [(0.1, False), (0.4, False), (0.9, True)])
def test_an_article_without_a_name_the_passages_hold_answers_only_when_read_as_answering(
    embedder: Embedder, probability: float, found: bool
) -> None:
    answer = ask(embedder, probability)
    assert answer.found is found
    if found:
        assert answer.citations[0].quote == OTHER
    else:
        assert answer.text.startswith("Aucun des 2 articles")
        assert not answer.citations


def test_the_name_anywhere_in_the_article_answers(embedder: Embedder) -> None:
    # the retrieved passage does not hold Valence; the article, further on, does
    answer = ask(embedder, 0.1, rest=REST_WITH_VALENCE)
    assert answer.found
    assert answer.citations[0].quote == OTHER


def test_without_a_reader_or_the_articles_terms_nothing_is_required(embedder: Embedder) -> None:
    assert ask(embedder, None).found
    assert ask(embedder, 0.1, with_articles=False).found


@pytest.mark.parametrize(("probability", "found"), [(0.02, False), (0.3, True)])
def test_across_languages_the_reader_must_give_its_own_floor(
    embedder: Embedder, probability: float, found: bool
) -> None:
    assert ask(embedder, probability, question=ENGLISH).found is found
    assert ask(embedder, probability, question=ENGLISH, rest=REST_WITH_VALENCE).found


def test_a_role_or_a_month_is_no_name_to_look_for(embedder: Embedder) -> None:
    # « PDG » and « Octobre » are capitalised as names are; neither is required of the article
    question = "Combien de soldats du régiment sont morts au Mali en Octobre, selon le PDG ?"
    elsewhere = f"{ELSEWHERE} Le PDG l'a dit en Octobre."
    passages = [passage("a", OTHER, 2.0), passage("b", elsewhere, 1.0)]
    assert answer_over(embedder, passages, question).found


def test_a_second_article_quoted_that_holds_every_name_keeps_the_answer(embedder: Embedder) -> None:
    # the best sentence's article misses Valence; another article quoted beside it names it
    valence = "Valence a rendu hommage à Jean Petit et Marc Blanc, morts au Mali."
    passages = [passage("a", OTHER, 2.0), passage("c", valence, 1.0)]
    both = answer_over(embedder, passages, max_sentences=2)
    assert [c.article_id for c in both.citations] == ["a", "c"]
    assert not answer_over(embedder, passages, max_sentences=1).found


@pytest.mark.parametrize(
    ("question", "elsewhere", "article"),
    [
        # an acronym the article may spell out (« le Journal du dimanche »)
        (
            "Combien de soldats tués au Mali le JDD a-t-il comptés ?",
            "Le JDD a publié une enquête.",
            "Selon le Journal du dimanche, deux soldats ont été tués au Mali.",
        ),
        # a name misspelt by a letter, or spelt another way (Kippur, « Kippour »)
        (
            "Combien de policiers étaient mobilisés pour Yom Kippur à Paris ?",
            "Yom Kippur est célébré à Paris.",
            "Pour Yom Kippour, 7.000 policiers étaient mobilisés à Paris.",
        ),
        # a name another language transliterates (Lukaschenko, « Loukachenko »)
        (
            "Combien de policiers ont été blessés lors des manifestations contre Lukaschenko ?",
            "Lukaschenko a été réélu.",
            "Selon Minsk, 39 policiers ont été blessés lors des manifestations contre Loukachenko.",
        ),
    ],
)
def test_an_acronym_or_a_name_a_letter_away_is_held(
    embedder: Embedder, question: str, elsewhere: str, article: str
) -> None:
    passages = [passage("a", article, 2.0), passage("b", elsewhere, 1.0)]
    answer = answer_over(embedder, passages, question)
    assert answer.found
    assert answer.citations[0].quote == article


def test_the_keyword_index_gives_every_chunk_s_terms_of_an_article() -> None:
    vocabulary = Vocabulary()
    texts = {"a-c0": ("a", OTHER), "a-c1": ("a", REST_WITH_VALENCE), "b-c0": ("b", ELSEWHERE)}
    chunks = [
        IndexedChunk(cid, vocabulary.encode(analyze(text, "fr")), 0, None, article, "fr")
        for cid, (article, text) in texts.items()
    ]
    index = KeywordIndex(chunks, vocabulary, "r1")
    assert index.article_terms("a") == frozenset(analyze(f"{OTHER} {REST_WITH_VALENCE}", "fr"))
    assert "valenc" in index.article_terms("a")
    assert index.article_terms("b") == frozenset(analyze(ELSEWHERE, "fr"))
    assert index.article_terms("missing") == frozenset()
