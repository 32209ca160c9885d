"""What a span must be to answer: a size is no distance from somewhere, and a person asked for
is best named in full, and a role asks for a person."""

from __future__ import annotations

import pytest

from rag.text.analysis import detect_language
from rag.text.answertype import MISSING_KIND_FACTOR, Kind, candidate_spans, full_name, holds_kind
from rag.text.measures import required_unit
from rag.text.questionforms import expected_kind
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


def test_a_word_after_an_elided_article_is_no_persons_name() -> None:
    question = "Quelle maire a soutenu les familles de l'école Alix ?"
    weights = TermWeights(question, "fr", lambda _: 1.0)
    school = weights.kind_fit("L'association Alix solidarité affirme que les élèves sont malades.")
    mayor = weights.kind_fit("D'après Nathalie Perrin-Gilbert, les familles sont soutenues.")
    assert school == MISSING_KIND_FACTOR[Kind.PERSON]  # « Alix » is the question's own word
    assert mayor == 1.0


def test_a_word_elided_into_a_verb_is_no_persons_name() -> None:
    # « C'est » opened a sentence that named no one, and passed for a lone name (until 2026-12-03)
    weights = TermWeights("Qui préside la Haute Autorité de Santé ?", "fr", lambda _: 1.0)
    for text in [
        "C'est à cette question que répond la Haute Autorité de Santé.",
        "S'il le faut, la Haute Autorité de Santé tranchera.",
        "J'ai lu l'avis de la Haute Autorité de Santé.",
    ]:
        assert weights.kind_fit(text) == MISSING_KIND_FACTOR[Kind.PERSON], text
    assert weights.kind_fit("C'est Dominique Le Guludec qui la préside.") == 1.0
    assert weights.kind_fit("L'Oréal a écrit à la Haute Autorité de Santé.") < 1.0


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


def test_a_regnal_number_completes_a_name() -> None:
    for name in ["Clément XII", "Louis XIV", "Napoléon Ier"]:
        assert full_name(name), name
    for name in ["Beaucaire", "FN", "OTAN"]:
        assert not full_name(name), name
    weights = TermWeights("Quel pape a commandé la fontaine ?", "fr", lambda _: 1.0)
    assert weights.kind_fit("Le pape Clément XII commanda le monument en 1732.") == 1.0


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Quel architecte a conçu la fontaine de Trévi ?", Kind.PERSON),
        ("Quel ancien ministre a parlé ?", Kind.PERSON),
        ("Quelle réalisatrice a gagné la Palme d'or ?", Kind.PERSON),
        ("Which journalist revealed the incident?", Kind.PERSON),
        ("Welcher erste Stellvertreter der Bürgermeisterin äußerte sich?", Kind.PERSON),
        ("Welche Schauspielerin spielt die Rolle?", Kind.PERSON),
        # a role after another noun, or an adjective that is not before a role, asks no person
        ("Quel conseil général a voté le budget ?", Kind.OTHER),
        ("Quel rôle joue le président ?", Kind.OTHER),
        ("Quelle ville le président a-t-il visitée ?", Kind.PLACE),
    ],
)
def test_a_role_or_trade_asks_for_a_person(question: str, kind: Kind) -> None:
    assert expected_kind(question) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # the name of a role, a trade or someone known by what they did asks for a person
        # (until 2026-12-03 only « le père », "the driver"... did: these asked for nothing)
        ("Comment s'appelle le fondateur de la marque ?", Kind.PERSON),
        ("Comment s'appelle le manifestant qui a menacé la journaliste ?", Kind.PERSON),
        ("Comment s'appellent les deux salariés mis à pied ?", Kind.PERSON),
        ("What is the name of the architect of the fountain?", Kind.PERSON),
        ("What are the names of the two suspects?", Kind.PERSON),
        ("Wie heißt der Journalist, der den Fall enthüllte?", Kind.PERSON),
        ("Wie heißen die beiden Täter?", Kind.PERSON),
        ("Quel témoin a vu l'agresseur ?", Kind.PERSON),
        # the name of a thing, or of what someone owns, asks for no person
        ("Comment s'appelle le club de football de Bougival ?", Kind.OTHER),
        ("Comment s'appelle la science des astres ?", Kind.OTHER),
        ("What are the names of the two dogs?", Kind.OTHER),
        ("What is the name of the owners' company?", Kind.OTHER),
        ("Combien de manifestants ont défilé ?", Kind.QUANTITY),
    ],
)
def test_the_name_of_someone_known_by_a_role_asks_for_a_person(question: str, kind: Kind) -> None:
    assert expected_kind(question) is kind


_FLAT = "Kylian Mbappé a payé 4 millions d'euros pour l'appartement."
_POLL = "Kylian Mbappé recueille 24,5 % des suffrages pour l'appartement."
_PAY = "Un député gagne 7 200 euros par mois."
_SHARE = "Un député sur trois gagne des voix, selon 24,5 % des sondés."


@pytest.mark.parametrize(
    ("question", "sum_given", "no_sum"),
    [
        ("Combien Kylian Mbappé a-t-il payé son appartement ?", _FLAT, _POLL),
        ("How much did Kylian Mbappé pay for his flat?", _FLAT, _POLL),
        ("How much was paid for Kylian Mbappé's flat?", _FLAT, _POLL),
        ("Wie viel hat Kylian Mbappé für seine Wohnung bezahlt?", _FLAT, _POLL),
        ("Combien un député est-il payé ?", _PAY, _SHARE),
        ("How much does a député earn?", _PAY, _SHARE),
        ("Wie viel verdient ein député?", _PAY, _SHARE),
    ],
)
def test_what_was_paid_or_earned_is_a_sum_of_money(
    question: str, sum_given: str, no_sum: str
) -> None:
    # "bezahlt" asked for no currency: a share of a poll answered it (until 2026-12-03)
    weights = TermWeights(question, detect_language(question), lambda _: 1.0)
    assert weights.unit is not None
    assert weights.kind_fit(sum_given, "fr") == 1.0
    assert weights.kind_fit(no_sum, "fr") < 1.0


def test_a_country_or_a_count_of_payers_asks_for_no_sum() -> None:
    assert required_unit("Quel est le nombre d'habitants du pays ?") is None
    assert TermWeights("Combien de clients ont payé ?", "fr", lambda _: 1.0).unit is None


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("À combien était estimé le préjudice du braquage de Molenbeek ?", "fr"),
        ("Wie hoch war der Schaden beim Überfall in Molenbeek?", "de"),
        ("How much compensation did the Molenbeek robbery victims get?", "en"),
        ("À combien s'élève le butin du braquage de Molenbeek ?", "fr"),
    ],
)
def test_a_damage_a_loot_or_a_compensation_is_a_sum(question: str, lang: str) -> None:
    assert expected_kind(question) is Kind.QUANTITY
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert weights.kind_fit("Le préjudice était estimé à près de 70.000 euros.", "fr") == 1.0
    assert weights.kind_fit("Molenbeek est l'une des 19 communes de Bruxelles.", "fr") < 1.0


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("À quelle heure le feu s'est-il déclaré dans l'immeuble de Bobigny ?", "fr"),
        ("What time did the fire break out in the Bobigny building?", "en"),
        ("Um wie viel Uhr brach das Feuer in Bobigny aus?", "de"),
    ],
)
def test_the_hour_is_answered_by_a_clock_time_not_a_day(question: str, lang: str) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    for timed in ["Le feu s'est déclaré vers 21h20.", "L'incendie a pris à 9 heures."]:
        assert weights.kind_fit(timed, "fr") == 1.0, timed
    assert weights.kind_fit("Un incendie s'est déclaré jeudi soir à Bobigny.", "fr") < 1.0
    assert weights.kind_fit("The fire broke out at 9 o'clock in Bobigny.", "en") == 1.0


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Il était l'invité de RTL jeudi 11 octobre pour son livre.", []),
        ("Am 11. Oktober kamen 300 Menschen.", ["300 Menschen"]),
        ("On 3 March 2020, 5 people died.", ["5 people"]),
        ("Le 1er mai, 2 500 manifestants ont défilé.", ["2 500 manifestants"]),
        ("Il a 11 enfants.", ["11 enfants"]),
    ],
)
def test_a_day_of_the_month_or_its_year_counts_nothing(sentence: str, counts: list[str]) -> None:
    # "How many text messages ...?" is not answered by « jeudi 11 octobre »
    spans = candidate_spans(sentence, Kind.QUANTITY)
    assert [sentence[start:end] for start, end in spans] == counts
