"""The kind of answer a question asks for, spans of that kind, and what is no key term."""

from __future__ import annotations

import pytest

from rag.text.analysis import key_terms, skeleton
from rag.text.answerpick import answer_spans
from rag.text.answertype import Kind, candidate_spans
from rag.text.measures import required_unit
from rag.text.questionforms import asks_exact_date, expected_kind
from rag.text.terms import TermWeights
from rag.text.timewords import without_time_words


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Combien de morts à Kharkiv ?", Kind.QUANTITY),
        ("Quel est le montant de l'aide française ?", Kind.QUANTITY),
        ("How many people were injured?", Kind.QUANTITY),
        ("Wie viele Soldaten hat Nordkorea geschickt?", Kind.QUANTITY),
        ("Was kostet die neue Brücke?", Kind.QUANTITY),
        ("Quand Macron recevra-t-il les syndicats ?", Kind.DATE),
        ("En quelle année la tour a-t-elle été construite ?", Kind.DATE),
        ("When did the war start?", Kind.DATE),
        ("Wann beginnt der Gipfel?", Kind.DATE),
        ("À partir de quand la trêve doit-elle entrer en vigueur ?", Kind.DATE),
        ("From when will the truce apply?", Kind.DATE),
        ("Combien de temps dure la grève ?", Kind.DURATION),
        ("Quel âge a Joe Biden ?", Kind.AGE),
        ("How old is the president?", Kind.AGE),
        ("Qui est le secrétaire général de l'OTAN ?", Kind.PERSON),
        ("Who is NATO's secretary general?", Kind.PERSON),
        ("Wer ist der NATO-Generalsekretär?", Kind.PERSON),
        ("Où se réunissent les dirigeants ?", Kind.PLACE),
        ("Dans quelle ville a eu lieu le sommet ?", Kind.PLACE),
        ("Quelle entreprise a racheté Twitter ?", Kind.ORGANISATION),
        ("Pourquoi les syndicats manifestent-ils ?", Kind.REASON),
        ("Warum streiken die Piloten?", Kind.REASON),
        ("Qu'est-ce qui explique la hausse ?", Kind.REASON),
        ("Que s'est-il passé à Lyon ?", Kind.OTHER),
        # « quand » and "when" as conjunctions, « qui » after a noun: no date, no person
        ("Que faire pour se protéger du soleil quand on a la peau claire ?", Kind.OTHER),
        ("What do farmers do when it rains?", Kind.OTHER),
        ("Il est né quand ?", Kind.DATE),
        ("Jusqu'à quand dure la grève ?", Kind.DATE),
        ("Quelle est la méthode qui s'oppose à la sélection massale ?", Kind.OTHER),
        ("À qui appartient le coq Maurice ?", Kind.PERSON),
        ("Comment s'appelle l'homme qui a fondé la ville ?", Kind.PERSON),
        ("Le film a été réalisé par qui ?", Kind.PERSON),
        ("Faut-il choisir une Peugeot ou une Renault ?", Kind.OTHER),
    ],
)
def test_the_kind_of_answer_is_read_from_the_question(question: str, kind: Kind) -> None:
    assert expected_kind(question) is kind


SENTENCE = (
    "Le porte-parole, M. Attal, a annoncé mardi que M. Macron recevra 17 blessés, "
    "deux milliards d'euros et 3,5 % de hausse, car la crise dure, à 77 ans."
)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Kind.QUANTITY, ["17 blessés", "deux milliards d'euros", "3,5 %", "77 ans"]),
        (Kind.DATE, ["mardi"]),
        (Kind.PERSON, ["M. Attal", "M. Macron"]),
        (Kind.AGE, ["77 ans"]),
    ],
)
def test_spans_of_the_asked_kind_are_found(kind: Kind, expected: list[str]) -> None:
    found = [SENTENCE[start:end] for start, end in candidate_spans(SENTENCE, kind)]
    for span in expected:
        assert span in found


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Un homme est mort dimanche en Savoie, a-t-on appris.", []),
        ("Le convoi est arrivé au Mali puis dans les Ardennes.", []),
        ("Er wurde im Elsass geboren und zog nach Berlin.", []),
        ("Il a rendu hommage à Jacques Chirac en Corrèze.", ["Jacques Chirac"]),
        ("Un candidat sera désigné à Perpignan et à Beaucaire.", []),
        ("He was born in Paris to John Smith.", ["John Smith"]),
    ],
)
def test_a_name_after_en_dans_in_nach_is_a_place_not_a_person(text: str, people: list[str]) -> None:
    assert [text[a:b] for a, b in candidate_spans(text, Kind.PERSON)] == people
    places = [text[a:b] for a, b in candidate_spans(text, Kind.PLACE)]
    assert all(p in places for p in people)
    assert len(places) >= 1


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Elle fut consacrée en 1260 par l'évêque.", "1260"),
        ("Au XIIe siècle, la ville prospère.", "XIIe siècle"),
        ("The abbey was built in the 12th century.", "12th century"),
        ("Die Burg entstand im 12. Jahrhundert.", "12. Jahrhundert"),
        ("César franchit le Rubicon en 49 av. J.-C. avec ses légions.", "49 av. J.-C"),
    ],
)
def test_old_years_centuries_and_eras_are_dates(text: str, span: str) -> None:
    assert span in [text[start:end] for start, end in candidate_spans(text, Kind.DATE)]


def test_a_sentence_without_a_number_has_no_quantity() -> None:
    text = "De Lyon à Paris, Lille, Strasbourg, ces dossiers sont des enjeux municipaux."
    assert candidate_spans(text, Kind.QUANTITY) == []


def test_the_answer_span_is_not_made_of_the_questions_own_words() -> None:
    text = "Le secrétaire général de l'OTAN, Mark Rutte, était présent."
    spans = answer_spans(text, Kind.PERSON, {"secretaire", "general", "otan"})
    assert [text[start:end] for start, end in spans] == ["Mark Rutte"]


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("Quel temps fait-il aujourd'hui à Paris ?", "Paris"),
        ("Qu'a dit Macron la semaine dernière ?", "Macron"),
        ("What happened last week in Berlin?", "Berlin"),
        ("Was ist heute in Berlin passiert?", "Berlin"),
    ],
)
def test_time_words_are_no_key_terms(question: str, kept: str) -> None:
    stripped = without_time_words(question)
    assert kept in stripped
    words = {word for _, word in key_terms(stripped)}
    assert not words & {"aujourd", "hui", "semaine", "derniere", "last", "week", "heute"}


def test_question_words_and_generic_verbs_are_no_key_terms() -> None:
    assert [word for _, word in key_terms("Que s'est-il passé à Lyon ?", "fr")] == ["lyon"]
    assert [word for _, word in key_terms("What happened in Kharkiv?", "en")] == ["kharkiv"]


def test_transliterations_of_a_name_meet() -> None:
    assert skeleton("Kharkiv") == skeleton("Kharkiw") == skeleton("Charkiw")
    assert skeleton("Zelensky") == skeleton("Selenskyj") == skeleton("Zelenskyy")
    assert skeleton("Kharkiv") != skeleton("Kherson")


def test_a_price_a_speed_or_a_length_needs_its_unit() -> None:
    price = required_unit("Quel est le prix de la Pagani Huayra ?")
    assert price is not None
    assert price.search("Elle coûte 2,5 millions d'euros.")
    assert not price.search("Son V12 annonce 800 ch.")
    speed = required_unit("À quelle vitesse l'astéroïde est-il passé ?")
    assert speed is not None
    assert speed.search("à une vitesse de 12,3 kilomètres par seconde")
    assert required_unit("Combien de pays participent ?") is None


def test_an_investment_is_money_but_a_count_of_payers_is_not() -> None:
    invested = TermWeights("Combien Orange a-t-il investi dans la fibre ?", "fr", lambda _: 1.0)
    assert invested.kind_fit("Orange a investi 3 milliards d'euros dans la fibre.") == 1.0
    assert invested.kind_fit("Orange a raccordé 67 % des immeubles à la fibre.") < 1.0
    spent = TermWeights("How much did the city spend on the bridge?", "en", lambda _: 1.0)
    assert spent.unit is not None
    payers = TermWeights("Combien de personnes ont payé l'amende ?", "fr", lambda _: 1.0)
    assert payers.unit is None
    assert payers.kind_fit("Au total, 340 personnes ont payé l'amende de 135 euros.") == 1.0


def test_a_number_of_something_else_fits_a_how_many_question_less() -> None:
    weights = TermWeights("Combien de morts à Kharkiv ?", "fr", lambda _: 1.0)
    text = "À Kharkiv, 17 personnes ont été blessées."
    assert weights.kind_fit(text) < 1.0
    text = "À Kharkiv, 3 personnes sont mortes."
    assert weights.kind_fit(text) == 1.0
    text = "Kharkiv est une grande ville de l'est."
    assert weights.kind_fit(text) < 0.8


@pytest.mark.parametrize(
    ("question", "text", "counts"),
    [
        ("Combien de kilomètres de fibre ?", "730 000 km de fibre optique déployés.", True),
        ("Combien de kilomètres de fibre ?", "Il a fallu 3 ans pour poser la fibre.", False),
        ("How many kilometres of track were built?", "They laid 120 km of track.", True),
        ("Wie viele Kilometer Radweg gibt es?", "Es gibt 40 km Radweg.", True),
        ("Combien de mètres mesure la tour ?", "La tour mesure 330 m de haut.", True),
        ("Combien d'heures a duré la grève ?", "La grève a duré 48 h.", True),
        ("Combien de kilos de cocaïne ?", "Les douaniers ont saisi 2,5 kg de cocaïne.", True),
    ],
)
def test_a_unit_counted_by_its_symbol_fits(question: str, text: str, counts: bool) -> None:
    lang = "en" if question.startswith("How") else "de" if question.startswith("Wie") else "fr"
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert (weights.kind_fit(text) == 1.0) is counts


@pytest.mark.parametrize(
    "text",
    [
        "L'école est située dans le 2e arrondissement de Lyon.",
        "Il a terminé 3rd of the race, selon Europe 1 hier.",
        "Un Airbus A320 est cloué au sol à cause du Covid-19.",
        "En 2019, la ville a changé de maire, depuis 2020 les prix montent.",
    ],
)
def test_ordinals_names_numbers_and_years_count_nothing(text: str) -> None:
    assert candidate_spans(text, Kind.QUANTITY) == []


def test_counts_years_with_a_unit_and_thousands_stay_quantities() -> None:
    text = "Environ 60.000 élèves, 2000 personnes en 2019 et 3,5 % de plus."
    spans = [text[start:end] for start, end in candidate_spans(text, Kind.QUANTITY)]
    assert spans == ["60.000 élèves", "2000 personnes", "3,5 %"]


@pytest.mark.parametrize(
    "question",
    [
        "Quel loyer mensuel versait-elle ?",
        "Quelle amende a-t-il payée ?",
        "What fine was paid?",
        "Quel est le chiffre d'affaires de Nokia en 2019 ?",
        "What was Nokia's revenue in 2019?",
        "Wie hoch war der Umsatz von Nokia?",
        "Quelle est la dette de la Grèce ?",
    ],
)
def test_money_nouns_ask_for_a_quantity_with_its_unit(question: str) -> None:
    assert expected_kind(question) is Kind.QUANTITY
    assert required_unit(question) is not None


def test_a_revenue_is_answered_by_a_sum_not_by_a_count_of_jobs() -> None:
    weights = TermWeights("Quel est le chiffre d'affaires de Nokia en 2019 ?", "fr", lambda _: 1)
    assert weights.kind_fit("Nokia a réalisé 23,3 milliards d'euros de ventes en 2019.") == 1.0
    assert weights.kind_fit("Nokia prévoit de supprimer 402 postes à Lannion.") < 1.0
    assert weights.asked == "amount"


def test_a_how_many_question_needs_the_number_to_count_its_thing() -> None:
    weights = TermWeights("Combien d'élèves sont sans domicile ?", "fr", lambda _: 1.0)
    assert weights.kind_fit("La situation de ces 17 élèves SDF n'a pas changé.") == 1.0
    apart = "Publié le 17 décembre, le texte des parents d'élèves n'a rien changé."
    assert weights.kind_fit(apart) < 1.0


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Combien de temps mit Doris Day à soigner sa jambe ?", Kind.DURATION),
        # an era is answered by a reign or an age as often as by a date
        ("A quelle époque la vision du royaume change-t-elle ?", Kind.OTHER),
        ("Quelle est la taille de l'armée ottomane ?", Kind.QUANTITY),
        # years are counted, in any language (« ans », « années », "years", „Jahre“)
        ("For how many years did Konrad Steffen lead the WSL?", Kind.QUANTITY),
        ("Combien d'années a-t-il dirigé l'institut ?", Kind.QUANTITY),
        # German tells a length (lang) from a time (lange); English "how long" stays a time
        ("Wie lang ist der Mont-Blanc-Tunnel?", Kind.QUANTITY),
        ("Wie lange dauerte der Streik?", Kind.DURATION),
        ("How long was the war?", Kind.DURATION),
        ("How tall is the Eiffel Tower?", Kind.QUANTITY),
        # the name of someone is a person's; the name of a thing is no particular kind
        ("Wie heißt der Vater von Sacha?", Kind.PERSON),
        ("What is the name of the driver of the truck?", Kind.PERSON),
        ("Comment s'appelle l'agresseur ?", Kind.PERSON),
        ("Comment s'appelle la science des astres ?", Kind.OTHER),
    ],
)
def test_more_question_forms(question: str, kind: Kind) -> None:
    assert expected_kind(question) is kind


def test_a_duration_may_be_said_without_digits_and_an_age_is_none() -> None:
    def durations(text: str) -> list[str]:
        return [text[a:b] for a, b in candidate_spans(text, Kind.DURATION)]

    assert durations("Elle mit une année complète à guérir.") == ["une année"]
    assert durations("Il y resta quelques mois.") == ["quelques mois"]
    assert durations("Le chercheur âgé de 68 ans est mort.") == []
    assert durations("He was 68 years old.") == []


def test_a_size_asks_for_a_unit_only_when_the_question_names_one() -> None:
    assert required_unit("Quelle est la taille de l'armée ottomane ?") is None
    assert required_unit("Quelle est la taille en mètres de l'astéroïde ?") is not None


def test_a_date_told_from_another_answers_when_but_not_what_year() -> None:
    text = "Gilbert Dupont recueille son témoignage quelques mois avant sa mort."
    found = [text[a:b] for a, b in candidate_spans(text, Kind.DATE)]
    assert found == ["quelques mois avant"]
    assert candidate_spans(text, Kind.DATE, relative=False) == []
    assert asks_exact_date("En quelle année Carla Bruni a-t-elle épousé Nicolas Sarkozy ?")
    assert not asks_exact_date("Quand Gilbert Dupont a-t-il réalisé l'entretien ?")
    for said in ("Il est revenu le lendemain.", "Er kam vor drei Jahren.", "He left 2 years ago."):
        assert candidate_spans(said, Kind.DATE), said
