"""What a number counts when the question says more than a noun: « un million de personnes »,
a pronoun standing for the thing counted, the words of the counted phrase, and what happened to
those counted (killed, injured, arrested)."""

from __future__ import annotations

import pytest

from rag.embeddings import Embedder
from rag.text.answertype import Kind, candidate_spans
from rag.text.terms import TermWeights
from tests.test_counted_things import ask


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Une foule estimée à un million de personnes défilait.", "un million de personnes"),
        ("The deal was worth a billion dollars.", "a billion dollars"),
        ("Die Brücke kostet eine Milliarde Euro.", "eine Milliarde Euro"),
    ],
)
def test_one_million_is_a_quantity(text: str, span: str) -> None:
    """« un million », with no digit and no number word, is still how many."""
    assert [text[start:end] for start, end in candidate_spans(text, Kind.QUANTITY)] == [span]


def test_about_forty_is_a_count_but_a_quarantine_is_not() -> None:
    text = "Une quarantaine de syndicalistes et une cinquantaine de riverains sont venus."
    spans = [text[start:end] for start, end in candidate_spans(text, Kind.QUANTITY)]
    assert spans == ["Une quarantaine de syndicalistes", "cinquantaine de riverains"]
    assert candidate_spans("Ils ont été placés en quarantaine.", Kind.QUANTITY) == []


def test_a_millionaire_counts_nothing() -> None:
    assert candidate_spans("Un milliardaire et a millionaire sont venus.", Kind.QUANTITY) == []


@pytest.mark.parametrize(
    ("question", "lang", "note"),
    [
        (
            "Combien de personnes ont été tuées à Kharkiv ?",
            "fr",
            "Les articles ne donnent pas de nombre de « personnes tuées »",
        ),
        (
            "How many people were killed in Kharkiv?",
            "en",
            "The articles give no number of “people killed”",
        ),
    ],
)
def test_people_counted_as_injured_are_no_count_of_the_killed(
    question: str, lang: str, note: str, embedder: Embedder
) -> None:
    text = "À Charkiw, au moins 17 personnes ont été blessées lundi par une frappe de missile."
    answer = ask(question, text, embedder, lang)
    assert not answer.found, answer.text
    assert answer.text.startswith(note), answer.text
    assert "17 personnes" in answer.text
    # said of the injured, the same sentence answers
    injured = question.replace("tuées", "blessées").replace("killed", "injured")
    assert ask(injured, text, embedder, lang).found


def test_what_happened_to_those_counted_is_read_after_the_thing_counted() -> None:
    weights = TermWeights("Combien de personnes ont été arrêtées à Paris ?", "fr", lambda _: 1.0)
    assert weights.states == frozenset({"arrested"})
    assert weights.kind_fit("La police a interpellé 233 personnes samedi.") == 1.0
    assert weights.kind_fit("Au moins 233 personnes ont été placées en garde à vue.") == 1.0
    assert weights.kind_fit("Environ 8.000 personnes ont manifesté samedi.") < 1.0
    dead = TermWeights("Wie viele Menschen wurden getötet?", "de", lambda _: 1.0)
    assert dead.kind_fit("Le bilan est de 4 morts.", "fr") == 1.0  # the dead, counted as such
    # a thing counted that says its state itself asks nothing more of the sentence
    assert TermWeights("Combien de morts à Kharkiv ?", "fr", lambda _: 1.0).states == frozenset()
    marched = TermWeights("Combien de personnes ont défilé ?", "fr", lambda _: 1.0)
    assert marched.states == frozenset()
    # what happened to someone else, in another clause, asks nothing of those counted
    for other in [
        "Combien de dockers manifestaient lorsqu'un commissaire a été blessé ?",
        "Wie viele Stockwerke hat das Haus, in dem vier Menschen ums Leben kamen?",
    ]:
        assert TermWeights(other, "fr", lambda _: 1.0).states == frozenset(), other


def test_a_state_said_of_another_thing_counted_asks_nothing_of_the_thing_counted() -> None:
    weights = TermWeights(
        "Combien de vols sont reprochés aux quatre faux policiers arrêtés en novembre ?",
        "fr",
        lambda _: 1.0,
    )
    assert weights.states == frozenset()  # the police were arrested, not the thefts
    assert weights.kind_fit("Ils auraient commis plus de deux cents vols chez des seniors.") == 1.0
    # said of the thing counted, or of another word for it, the state still counts
    for question in [
        "Combien de manifestants blessés ?",
        "Combien de policiers et gendarmes blessés ?",
    ]:
        assert TermWeights(question, "fr", lambda _: 1.0).states == frozenset({"injured"})


def test_a_pronoun_counted_stands_for_the_thing_named_before_it() -> None:
    weights = TermWeights("Combien de trottinettes circulent à Paris ?", "fr", lambda _: 1.0)
    before = "La prolifération de la trottinette a conquis les rues parisiennes."
    counted = "Elles sont environ 15.000 à Paris, selon la mairie."
    assert weights.kind_fit(counted, "fr", before) == 1.0
    assert weights.kind_fit(counted, "fr", "Les accidents se multiplient.") < 1.0
    # a noun after the number says what it counts
    assert weights.kind_fit("Elles sont 15.000 voitures à Paris.", "fr", before) < 1.0
    # the article's title may name whom « ils » speaks of, sentences before it
    police = TermWeights("Combien de policiers se sont rassemblés ?", "fr", lambda _: 1.0)
    counted, near = "Ils étaient environ 200 à s'être mobilisés.", "Le syndicat a protesté."
    title = "Fresque à Stains : les policiers l'accusent de stigmatiser la police"
    assert police.kind_fit(counted, "fr", near, title) == 1.0
    assert police.kind_fit(counted, "fr", near, "Fresque à Stains : la mairie répond") < 1.0
    # « en » stands for them too, a range of numbers counting them alike
    masks = TermWeights("Combien de masques le stock a-t-il ?", "fr", lambda _: 1.0)
    stock = "Il manquait des masques périmés."
    for said in [
        "Quand la crise a démarré, il n'y en avait plus que 140 ou 150 millions.",
        "On en compte 300 millions dans les hôpitaux.",
    ]:
        assert masks.kind_fit(said, "fr", stock) == 1.0, said
        assert masks.kind_fit(said, "fr", "La crise a démarré.") < 1.0, said
    assert masks.kind_fit("Il en a vendu 300.", "fr", stock) < 1.0
    english = TermWeights("How many police officers gathered?", "en", lambda _: 1.0)
    told = "Police officers gathered outside the court on Monday."
    assert english.kind_fit("They were about 200, a spokesman said.", "en", told) == 1.0


def test_a_word_of_the_counted_phrase_names_what_is_counted() -> None:
    weights = TermWeights(
        "Combien de téléspectateurs fidèles suivent la série ?", "fr", lambda _: 1.0
    )
    assert weights.kind_fit("Les quelque 3.8 millions de fidèles devront patienter.") == 1.0
    assert weights.kind_fit("Les quelque 3.8 millions d'euros ont été dépensés.") < 1.0


def test_how_much_money_asks_for_a_sum_not_a_count_of_money() -> None:
    for question, lang in [
        ("Combien d'argent la cagnotte a-t-elle récolté ?", "fr"),
        ("How much money did the fundraiser raise?", "en"),
        ("Wie viel Geld hat die Spendenaktion gesammelt?", "de"),
    ]:
        weights = TermWeights(question, lang, lambda _: 1.0)
        assert weights.asked == "amount", question
        assert weights.kind_fit("Près de 1581 € ont été récoltés mardi.", "fr") == 1.0
        assert weights.kind_fit("La cagnotte a reçu 50 dons.", "fr") < 1.0


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("À combien est estimée la population de dauphins sur la côte atlantique ?", "fr"),
        ("What is the population of dolphins on the Atlantic coast?", "en"),
    ],
)
def test_a_population_of_things_counts_them_not_inhabitants(question: str, lang: str) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    counted = "Ces populations sont estimées à près de 200.000 dauphins en hiver."
    assert weights.kind_fit(counted, "fr") == 1.0
    assert weights.kind_fit("La commune compte 200.000 habitants.", lang) < 1.0
    # a place's population still counts its inhabitants
    town = TermWeights("Quelle est la population de la ville de Lyon ?", "fr", lambda _: 1.0)
    assert town.kind_fit("Lyon compte 500.000 habitants.", "fr") == 1.0
    assert town.kind_fit("Lyon accueille 500.000 dauphins.", "fr") < 1.0


def test_a_refusal_for_money_asked_says_no_amount(embedder: Embedder) -> None:
    text = "La cagnotte en ligne a été lancée par les parents d'élèves. Elle a reçu 50 dons."
    answer = ask("Combien d'argent la cagnotte a-t-elle récolté ?", text, embedder)
    assert not answer.found
    assert "montant" in answer.text, answer.text


def test_the_number_of_a_thing_named_before_its_number_counts_it() -> None:
    dead = TermWeights("Combien de morts a fait le séisme ?", "fr", lambda _: 1.0)
    assert dead.kind_fit("Le nombre de morts s'élève désormais à 12, selon les secours.") == 1.0
    assert dead.kind_fit("Le nombre de blessés s'élève à 12.") < 1.0
    english = TermWeights("How many people died in the quake?", "en", lambda _: 1.0)
    assert english.kind_fit("The number of people killed rose to 12 on Monday.", "en") == 1.0
    # a thing written with « œ » is counted as well
    wishes = TermWeights("Combien de vœux un lycéen peut-il formuler ?", "fr", lambda _: 1.0)
    said = "Il faudrait limiter le nombre de vœux possibles - jusqu'à 24 aujourd'hui."
    assert wishes.kind_fit(said) == 1.0
    assert wishes.kind_fit("Plus de 800.000 élèves étaient inscrits.") < 1.0
