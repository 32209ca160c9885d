"""A sentence that does not name the question's subject answers when the reader reads it as
answering and its article names the subject in another sentence (fake reader keyed by sentence)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from rag.answering.extractive import choose_sentences, extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.scoring import ScoredSentence
from rag.embeddings import Embedder
from rag.text.sentences import Sentence, split_sentences
from rag.types import Answer, Passage

ASKED = "Quelle mairie a suspendu la chasse après la mort de Marc Sutton ?"
NAMING = "Marc Sutton, un vététiste britannique, a été tué samedi par un chasseur en Haute-Savoie."
ANSWERING = "Après ce drame, la mairie de Montriond a suspendu la chasse sur son territoire."
ACCIDENT = f"{NAMING} Le tireur, hospitalisé en état de choc, sera entendu lundi. {ANSWERING}"
ELSEWHERE = f"Les sentiers restent ouverts aux randonneurs cet automne. {ANSWERING}"


def answer_read(passages: list[Passage], answering: float, embedder: Embedder) -> Answer:
    """The one-sentence answer, the reader giving the Montriond sentence `answering` and
    every other sentence 0.01."""

    def read(texts: Sequence[str]) -> list[float]:
        return [answering if ANSWERING in t else 0.01 for t in texts]

    config = ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.6,
        max_sentences=1,
        read=read,
        reader_share=0.3,
        reader_sentences=12,
    )
    return extractive_answer(
        ASKED, passages, config, lang="fr", idf=lambda _: 1.0, embedder=embedder, indexed_articles=2
    )


def chunk(article: str, text: str, score: float) -> Passage:
    """A retrieved passage of `article` whose title names no one."""
    return Passage(f"{article}-c0", article, "Accident de chasse", text, 0, len(text), score)


@pytest.mark.parametrize(("answering", "quoted"), [(0.9, ANSWERING), (0.3, NAMING)])
def test_a_sentence_read_as_answering_in_the_article_naming_the_subject_answers(
    embedder: Embedder, answering: float, quoted: str
) -> None:
    answer = answer_read([chunk("a", ACCIDENT, 1.0)], answering, embedder)
    assert answer.found
    assert answer.citations[0].quote == quoted


def test_in_another_article_than_the_one_naming_the_subject_it_never_answers_alone(
    embedder: Embedder,
) -> None:
    passages = [chunk("a", NAMING, 1.0), chunk("b", ELSEWHERE, 0.9)]
    answer = answer_read(passages, 0.9, embedder)
    assert answer.citations[0].quote == NAMING


BRANLY = (
    "Emmanuel Kasarhérou prend la tête du musée du quai Branly. "
    "Il avait auparavant dirigé le centre culturel Tjibaou à Nouméa. "
    "Le musée a accueilli plus d'un million de visiteurs l'an dernier. "
    "Son prédécesseur Stéphane Martin l'avait dirigé dès 1998."
)


@pytest.mark.parametrize(("reading", "quoted"), [(0.7, True), (0.3, False)])
def test_a_sentence_read_as_answering_is_quoted_alone_without_room_for_its_antecedent(
    reading: float, quoted: bool
) -> None:
    passage = Passage("b-c0", "b", "Quai Branly", BRANLY, 0, len(BRANLY), 1.0, lang="fr")
    best, after, visitors, predecessor = split_sentences(passage)

    def scored(sentence: Sentence, relevance: float, previous: Sentence | None) -> ScoredSentence:
        return ScoredSentence(
            sentence,
            0.5,
            0.5,
            0,
            relevance=relevance,
            plain_relevance=relevance,
            reading=reading if previous is visitors else 0.8,
            previous=previous,
            following=after if previous is None else None,
            leans=previous is not None,
        )

    ranked = [scored(best, 0.6, None), scored(predecessor, 0.55, visitors)]
    chosen = [s.text[:12] for s, _ in choose_sentences(ranked, 0.0, 3)]
    # the best brings the sentence after it, which leans on it: one place left, no room for
    # the one « Son prédécesseur » leans on
    assert chosen[:2] == ["Emmanuel Kas", "Il avait aup"]
    assert ("Son prédéces" in chosen) is quoted
    assert "Le musée a a" not in chosen
