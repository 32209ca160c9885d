"""A question's apposition tells which subject it is about, not what is asked of it: the reader
reads the question without it, and its terms weigh half in a sentence's own coverage (fake
reader, fake embedder: the terms decide)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reader import ReadAnswers
from rag.answering.scoring import score_sentences
from rag.embeddings import Embedder
from rag.text.analysis import key_terms
from rag.text.appositions import apposition_spans, without_appositions
from rag.text.nameruns import sentence_tokens
from rag.text.terms import TermWeights
from rag.types import Passage
from tests.helpers.reading import answer_from

ROY_HORN = (
    "Dans quelle ville est né Roy Horn, le magicien du duo Siegfried & Roy mort du "
    "coronavirus en mai 2020 ?"
)
# the first sentence repeats the description, the second says where he was born
DESCRIBING = "Le duo de magiciens Siegfried & Roy a été l'un des plus courus de Las Vegas."
ANSWERING = "Roy Horn était né en 1944 dans la ville de Nordenham."
ARTICLE = f"{DESCRIBING} {ANSWERING}"


@pytest.mark.parametrize(
    ("question", "lang", "asked"),
    [
        (ROY_HORN, "fr", "Dans quelle ville est né Roy Horn ?"),
        (
            "Pour quel motif Richard Ferrand, président de l'Assemblée nationale, a-t-il été mis "
            "en examen en septembre 2019 ?",
            "fr",
            "Pour quel motif Richard Ferrand a-t-il été mis en examen en septembre 2019 ?",
        ),
        (
            "De quel département Agnès Thill, exclue de LREM, est-elle députée ?",
            "fr",
            "De quel département Agnès Thill est-elle députée ?",
        ),
        (
            "How old is Palmer Luckey, the Oculus co-founder who accused YouTube of deleting "
            "his comments?",
            "en",
            "How old is Palmer Luckey?",
        ),
        (
            "Wie alt ist Keke Palmer, die Moderatorin der MTV Video Music Awards 2020?",
            "de",
            "Wie alt ist Keke Palmer?",
        ),
        (
            "Zu welcher Strafe wurde Steven Patrac, der Neffe von Maurice Patrac, im Prozess "
            "verurteilt?",
            "de",
            "Zu welcher Strafe wurde Steven Patrac im Prozess verurteilt?",
        ),
    ],
)
def test_the_apposition_after_a_name_is_left_out(question: str, lang: str, asked: str) -> None:
    assert without_appositions(question, lang) == asked


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        # the question asks after a fronted phrase: what follows the comma is the question
        ("Sous Hugues Capet, qui possède véritablement les pouvoirs dans les provinces ?", "fr"),
        ("Outre Hans Herrmann, qui sont les membres de l'écurie Mercedes-Benz en 1954 ?", "fr"),
        # a list of names
        ("De quoi sont reconnus coupables le Milan AC, la Juventus et la Lazio de Rome ?", "fr"),
        # a name inside a phrase set off by commas, and a title in quotes
        (
            "Quels sont les deux fondements qui permettent de caractériser, selon Benoît XVI, "
            "une relation mûre entre parent et enfant ?",
            "fr",
        ),
        ("Qui tourne le documentaire « La maison de Kate, un lieu d'espoir » ?", "fr"),
        # a verb turned round, without its hyphens
        ("L'état Qin, a t il connu des succès ?", "fr"),
        # the English verb after the aside, and a German noun's restrictive clause
        ("Which German airline, like Air France, suspended flights over Iraq?", "en"),
        ("Wie hoch ist das Bußgeld für Autofahrer, die Müll auf die Autobahn werfen?", "de"),
        ("Wer ist der Beauftragte für Verkehrssicherheit, der sagte, wer Radare zerstöre?", "de"),
        # a decimal comma
        ("Quel acheteur a acquis le siège du PS, vendu pour 45,55 millions d'euros ?", "fr"),
    ],
)
def test_what_goes_on_with_the_question_is_kept(question: str, lang: str) -> None:
    assert apposition_spans(question, lang) == []
    assert without_appositions(question, lang) == question


def test_the_apposition_s_terms_are_described_not_asked() -> None:
    weights = TermWeights(ROY_HORN, "fr", lambda _: 1.0)
    stems = dict(key_terms(ROY_HORN, "fr"))
    described = {stems[t] for t in weights.described}
    assert {"magicien", "duo", "coronavirus"} <= described
    assert not described & {"ville", "né", "Roy", "Horn"}


def misled_reader(seen: list[str]) -> ReadAnswers:
    """A fake reader reading as the real one reads the two sentences (0.53 and 0.43 with the
    whole question, 0.13 and 0.35 without its apposition, on the Roy Horn article of the
    eighteenth set): drawn to the sentence repeating the description when it reads it too.
    It keeps what it was given in `seen`."""

    def read(texts: Sequence[str]) -> list[float]:
        seen.extend(texts)
        described = ["magicien" in t.split(" passage: ")[0] for t in texts]
        return [
            (0.53 if d else 0.13) if "duo" in t.split(" passage: ")[1] else (0.43 if d else 0.35)
            for t, d in zip(texts, described, strict=True)
        ]

    return read


def test_the_reader_reads_what_is_asked_and_quotes_the_sentence_that_answers(
    fake_embedder: Embedder,
) -> None:
    seen: list[str] = []
    passage = Passage("h-c0", "h", "Roy Horn", ARTICLE, 0, len(ARTICLE), 1.0, lang="fr")
    config = ExtractiveConfig(
        min_relevance=0.0,
        dense_share=0.0,
        max_sentences=1,
        read=misled_reader(seen),
        reader_share=0.3,
        reader_sentences=12,
        reader_order_weight=0.12,
    )
    answer = answer_from([passage], ROY_HORN, config, "fr", fake_embedder)
    assert answer.found
    assert answer.citations[0].quote == ANSWERING
    assert seen
    assert all(t.startswith("query: Dans quelle ville est né Roy Horn ? passage:") for t in seen)


def test_the_description_s_terms_weigh_half_in_a_sentence_s_own_coverage() -> None:
    weights = TermWeights(ROY_HORN, "fr", lambda _: 1.0)
    describing, answering = (sentence_tokens(s, "fr") for s in (DESCRIBING, ANSWERING))
    assert weights.coverage(describing, 0.5) < weights.coverage(describing)
    assert weights.coverage(answering, 0.5) > weights.coverage(answering)


def test_a_sentence_saying_what_is_asked_covers_more_than_one_repeating_the_description() -> None:
    passage = Passage("h-c0", "h", "Roy Horn", ARTICLE, 0, len(ARTICLE), 1.0, lang="fr")
    weights = TermWeights(ROY_HORN, "fr", lambda _: 1.0)
    describing, answering = score_sentences([passage], weights, "fr")
    assert answering.coverage > describing.coverage
