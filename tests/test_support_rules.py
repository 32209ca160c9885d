"""What the support check rejects beyond shared words: negation flips, facts taken from
elsewhere, added clauses; marker variants; uncited sentences checked like cited ones."""

from __future__ import annotations

import pytest

from rag.answering.citations import verify_citations
from rag.answering.markers import normalize_markers
from rag.answering.support_rules import names, negated
from rag.embeddings import Embedder
from rag.text.analysis import Language
from rag.types import Passage

PARIS = (
    "Paris – Les principaux représentants de 31 pays devraient soutenir l’Ukraine aujourd’hui "
    "à Paris. L’Élysée-Palast a déclaré que les conseils de la soi-disant «Coalition des "
    "volontés» devraient concerner les garanties de sécurité en cas de cessez-le-feu entre Kiev "
    "et Moscou. Pour l’Allemagne, le chancelier exécutif Olaf Scholz voyage."
)
COREE = (
    "Selon les dirigeants militaires sud-coréens, la Corée du Nord a envoyé au moins 3 000 "
    "soldats supplémentaires pour soutenir la Russie dans la guerre de l’Ukraine. Auparavant, "
    "la Corée du Nord avait déjà envoyé environ 11 000 soldats nord-coréens dans la région "
    "russe autour de Kursk l’automne dernier."
)


def passage(n: int, text: str) -> Passage:
    """A French passage of article `a{n}` starting at offset 100."""
    title = "Coalition des volontaires"
    return Passage(f"c{n}", f"a{n}", title, text, 100, 100 + len(text), 1.0 - n / 10, lang="fr")


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Paris [1, 2].", "Paris [1][2]."),
        ("Paris [1][2].", "Paris [1][2]."),
        ("Paris [^1].", "Paris [1]."),
        ("Paris (1).", "Paris [1]."),
        ("Paris (1, 3).", "Paris [1][3]."),
        ("Paris ［1］.", "Paris [1]."),
        ("Paris 【２】.", "Paris [2]."),
        ("Paris [1-3].", "Paris [1][2][3]."),
        ("Paris [1–2].", "Paris [1][2]."),
        ("Paris [Passage 2].", "Paris [2]."),
        ("Paris [source 1; source 3].", "Paris [1][3]."),
        ("Paris¹.", "Paris [1]."),
        ("Paris.²³", "Paris. [2][3]"),
        ("Paris [1a].", "Paris."),
        ("Paris [1-40].", "Paris."),
    ],
)
def test_marker_variants_are_written_as_newsrag_markers(written: str, normalised: str) -> None:
    assert normalize_markers(written, 3) == normalised


@pytest.mark.parametrize("text", ["en 2019 (2019).", "10 km² et 3 m³.", "la note (7).", "[?]"])
def test_numbers_that_are_not_markers_are_left_alone(text: str) -> None:
    assert normalize_markers(text, 3) == text


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("31 pays ne devraient pas soutenir l’Ukraine", "fr", True),
        ("Il n’a jamais été ministre", "fr", True),
        ("Aucun soldat n'a été envoyé", "fr", True),
        ("Il n’est plus ministre", "fr", True),
        ("Il n'a envoyé que 3 000 soldats", "fr", False),  # ne...que restricts
        ("Ils craignent que l’Ukraine ne fasse des concessions", "fr", False),  # ne explétif
        ("Le Kremlin nie toute implication", "fr", False),
        ("Plus de 3 000 soldats", "fr", False),
        ("North Korea did not send soldiers", "en", True),
        ("North Korea didn't send soldiers", "en", True),
        ("North Korea sent no soldiers", "en", True),
        ("North Korea sent 3,000 soldiers", "en", False),
        ("Nordkorea hat keine Soldaten geschickt", "de", True),
        ("Nordkorea hat nicht geholfen", "de", True),
        ("Nordkorea hat 3000 Soldaten geschickt", "de", False),
    ],
)
def test_negations_are_recognised_in_each_language(
    text: str, lang: Language, expected: bool
) -> None:
    assert negated(text, lang) is expected


def test_names_are_capitalised_words_that_do_not_merely_open_the_sentence() -> None:
    assert names("L’Élysée a déclaré que 31 pays enverront des troupes en Russie", "fr") == {
        "elysee",
        "russie",
    }
    assert names("Olaf Scholz représente l’Allemagne", "fr") == {"olaf", "scholz", "allemagne"}
    assert names("Selon l’OTAN, Mark Rutte arrive", "fr") == {"otan", "mark", "rutte"}
    assert names("Les soldats arrivent", "fr") == set()


@pytest.mark.parametrize(
    "claim",
    [
        "Les principaux représentants de 31 pays ne devraient pas soutenir l’Ukraine [1].",
        "L’Élysée a déclaré que 31 pays enverront des troupes en Russie [1].",
        "Les principaux représentants de 31 pays devraient soutenir l’Ukraine aujourd’hui à "
        "Paris, et la Chine a promis 31 avions de chasse [1].",
        "Pour l’Allemagne, le chancelier exécutif Emmanuel Macron voyage [1].",
    ],
)
def test_a_negated_or_distorted_claim_loses_its_marker(embedder: Embedder, claim: str) -> None:
    checked = verify_citations(claim, [passage(1, PARIS)], embedder)
    assert checked.citations == []
    assert checked.text.endswith("[?].")
    assert len(checked.flagged) == 1


def test_a_number_taken_from_another_sentence_of_the_passage_is_not_supported(
    embedder: Embedder,
) -> None:
    claim = "La Corée du Nord a envoyé au moins {} soldats supplémentaires en Russie [1]."
    kept = verify_citations(claim.format("3 000"), [passage(1, COREE)], embedder)
    assert [c.article_id for c in kept.citations] == ["a1"]
    moved = verify_citations(claim.format("11 000"), [passage(1, COREE)], embedder)
    assert moved.citations == []
    assert moved.flagged == (
        "La Corée du Nord a envoyé au moins 11 000 soldats supplémentaires en Russie.",
    )


@pytest.mark.parametrize(
    "claim",
    [
        "Des représentants de 31 pays se réunissent à Paris [1].",
        "Olaf Scholz représente l’Allemagne [1].",
        "Selon l’état-major sud-coréen, au moins 3 000 soldats nord-coréens de plus ont été "
        "envoyés [2].",
        "Auparavant, la Corée du Nord avait déjà envoyé environ 11 000 soldats près de Kursk, "
        "et au moins 3 000 soldats supplémentaires depuis [2].",
        "North Korea sent at least 3,000 more soldiers to Russia [2].",
    ],
)
def test_honest_paraphrases_keep_their_marker(embedder: Embedder, claim: str) -> None:
    checked = verify_citations(claim, [passage(1, PARIS), passage(2, COREE)], embedder)
    assert checked.flagged == ()
    assert len(checked.citations) == 1


def test_an_english_claim_that_negates_its_french_passage_is_flagged(embedder: Embedder) -> None:
    checked = verify_citations(
        "North Korea did not send soldiers to Russia [1].", [passage(1, COREE)], embedder
    )
    assert checked.citations == []


def test_an_uncited_sentence_is_cited_when_a_passage_backs_it_and_flagged_when_none_does(
    embedder: Embedder,
) -> None:
    passages = [passage(1, PARIS), passage(2, COREE)]
    reply = (
        "Des représentants de 31 pays se réunissent à Paris [1]. "
        "La Chine a envoyé 10 000 soldats en Ukraine. "
        "La Corée du Nord a envoyé au moins 3 000 soldats supplémentaires en Russie."
    )
    checked = verify_citations(reply, passages, embedder)
    assert checked.text == (
        "Des représentants de 31 pays se réunissent à Paris [1]. "
        "La Chine a envoyé 10 000 soldats en Ukraine [?]. "
        "La Corée du Nord a envoyé au moins 3 000 soldats supplémentaires en Russie [2]."
    )
    assert [c.article_id for c in checked.citations] == ["a1", "a2"]
    assert checked.flagged == ("La Chine a envoyé 10 000 soldats en Ukraine.",)
    removed = verify_citations(reply, passages, embedder, unsupported="remove")
    assert removed.text == (
        "Des représentants de 31 pays se réunissent à Paris [1]. "
        "La Corée du Nord a envoyé au moins 3 000 soldats supplémentaires en Russie [2]."
    )
    assert removed.flagged == checked.flagged


def test_lines_that_state_nothing_are_left_as_written(embedder: Embedder) -> None:
    reply = (
        "Voici ce que disent les articles :\n- Des représentants de 31 pays sont à Paris (1)\n- "
    )
    checked = verify_citations(reply, [passage(1, PARIS)], embedder)
    assert (
        checked.text
        == "Voici ce que disent les articles :\n- Des représentants de 31 pays sont à Paris [1]\n-"
    )
    assert checked.flagged == ()
