"""What a span must be to answer: a size is no distance from somewhere, and a person asked for
is best named in full."""

from __future__ import annotations

from rag.text.answertype import Kind, holds_kind
from rag.text.measures import required_unit
from rag.text.terms import TermWeights


def test_a_full_name_fits_a_person_question_better_than_a_lone_capitalised_word() -> None:
    weights = TermWeights("Qui est le maire de Beaucaire ?", "fr", lambda _: 1.0)
    full = weights.kind_fit("Le maire, Julien Sanchez, a fait voter le nom de la rue.")
    titled = weights.kind_fit("M. Sanchez a fait voter le nom de la rue.")
    lone = weights.kind_fit("Le FN gère 14 villes dont Fréjus et Beaucaire.")
    none = weights.kind_fit("le maire a fait voter le nom de la rue.")
    assert full == titled == 1.0
    assert none < lone < 1.0
    assert holds_kind(lone, Kind.PERSON)
    assert not holds_kind(lone * 0.99, Kind.PERSON)
    assert not holds_kind(0.93, Kind.QUANTITY)


def test_a_height_is_no_distance_from_somewhere() -> None:
    for question in ["Quelle est la hauteur du barrage ?", "How tall is the dam?"]:
        size = required_unit(question)
        assert size is not None
        assert size.search("Ce barrage s'élève à 230 m de haut.")
        assert not size.search("Le barrage, situé à 120 km au nord de Sacramento, est plein.")
        assert not size.search("The dam lies 75 miles north of Sacramento.")
        assert not size.search("Il passe à 12,3 kilomètres par seconde, soit 44 000 km/h.")
    far = required_unit("À quelle distance de Sacramento est le barrage ?")
    assert far is not None
    assert far.search("situé à 120 km au nord de Sacramento")
