""" "How many X?": the number must count X, in the article's language too, or the answer says so."""

from __future__ import annotations

import pytest

from rag.answering.extractive import extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.embeddings import Embedder
from rag.text.glossary import counted_in_languages
from rag.text.measures import counted_word
from rag.text.messages import kind_missing_message
from rag.text.priced import priced_thing
from rag.text.terms import TermWeights
from rag.types import Answer
from tests.test_extractive import passage

PARTY = (
    "Jeanne Morel, figure des manifestations de l'hiver, a annoncé la création de son parti. "
    "Le parti Les Éveillés tiendra son congrès fondateur à Nantes. "
    "Plus de 300 journalistes ont demandé à assister au congrès."
)


def ask(question: str, text: str, embedder: Embedder, lang: str = "fr") -> Answer:
    """The extractive answer from one French passage, with neutral term weights, no threshold."""
    config = ExtractiveConfig(min_relevance=0.0, dense_share=0.6, max_sentences=3)
    passages = [passage("a", "Un nouveau parti", text, 1.0)]
    return extractive_answer(
        question, passages, config, lang=lang, idf=lambda _: 1.0, embedder=embedder,
        indexed_articles=1,
    )  # fmt: skip


def test_the_glossary_names_a_counted_thing_in_each_language() -> None:
    assert counted_in_languages("inhabitants")["fr"] == "habitants residents"
    assert "einwohner" in counted_in_languages("Habitants")["de"].split()
    assert counted_in_languages("ornithorynques") == {}


@pytest.mark.parametrize(
    ("question", "lang"),
    [("How many inhabitants does Lyon have?", "en"), ("Wie viele Einwohner hat Lyon?", "de")],
)
def test_across_languages_the_number_must_count_the_thing_asked(question: str, lang: str) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert weights.kind_fit("Lyon compte 522 000 habitants.", "fr") == 1.0
    assert weights.kind_fit("Lyon a accueilli 3 000 visiteurs.", "fr") < 1.0
    # in the question's own language, as before
    own = "Lyon has 522,000 inhabitants." if lang == "en" else "Lyon hat 522.000 Einwohner."
    assert weights.kind_fit(own) == 1.0


def test_a_thing_the_glossary_does_not_name_is_not_judged_across_languages() -> None:
    weights = TermWeights("How many ornithopters were built?", "en", lambda _: 1.0)
    assert weights.kind_fit("On en a construit 12 exemplaires.", "fr") == 1.0
    assert weights.kind_fit("On en a construit beaucoup.", "fr") < 1.0  # still needs a number
    assert weights.kind_fit("They built 12 gliders.") < 1.0  # same language: it must count them


def test_a_number_of_something_else_elsewhere_in_the_article_does_not_answer(
    embedder: Embedder,
) -> None:
    for question, lang in [
        ("Combien d'adhérents compte le parti Les Éveillés de Jeanne Morel ?", "fr"),
        ("How many members does Jeanne Morel's party Les Éveillés have?", "en"),
    ]:
        refused = ask(question, PARTY, embedder, lang)
        assert not refused.found, refused.text
        assert refused.citations == []
        assert "Un nouveau parti" in refused.text
    # the journalists are counted: that question is answered, with its number
    counted = ask("Combien de journalistes veulent assister au congrès ?", PARTY, embedder)
    assert counted.found
    assert "300 journalistes" in counted.text


def test_a_best_sentence_counting_something_else_is_a_refusal_quoting_it(
    embedder: Embedder,
) -> None:
    text = "À Charkiw, au moins 17 personnes ont été blessées lundi par une frappe de missile."
    for question, lang, note in [
        ("Combien de morts à Kharkiv ?", "fr", "Les articles ne donnent pas de nombre de « morts"),
        ("How many deaths in Kharkiv?", "en", "The articles give no number of “deaths”"),
    ]:
        answer = ask(question, text, embedder, lang)
        # the number asked is not there: refused, saying what the article gives instead
        assert not answer.found, answer.text
        assert answer.text.startswith(note), answer.text
        assert answer.note.startswith(note)
        assert answer.text.startswith(answer.note)
        assert "17 personnes" in answer.text
        assert [c.quote for c in answer.citations] == [text]


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("Quel est le prix de la villa d'Enrico Macias à Saint-Tropez ?", ("villa",)),
        ("Combien a coûté la plaque de la rue du Brexit ?", ("plaque",)),
        ("Combien coûte déjà le chômage partiel selon le ministre ?", ("chômage", "partiel")),
        ("How much does the Pagani Huayra cost?", ("Pagani", "Huayra")),
        ("What is the price of a barrel of oil?", ("barrel",)),
        ("Was kostet die Villa von Enrico Macias?", ("Villa",)),
        ("Wie viel hat der Bau des Staudamms gekostet?", ("Bau",)),
        ("How much does it cost?", ()),
        ("Combien Orange a-t-il investi dans la fibre ?", ()),
        ("Combien de morts à Kharkiv ?", ()),
        ("Quel est le prix de vente des livres de Jean Dupré ?", ("livres",)),
        ("Quel est le prix d'achat de la maison ?", ("maison",)),
    ],
)
def test_the_thing_a_price_is_asked_of_is_read(question: str, thing: tuple[str, ...]) -> None:
    assert priced_thing(question) == thing


def test_a_sum_answers_a_price_question_only_next_to_the_thing_priced() -> None:
    weights = TermWeights("Quel est le prix de la villa de Jean Dupré ?", "fr", lambda _: 1.0)
    assert weights.kind_fit("Jean Dupré a reçu 35 millions d'euros.", "fr") < 1.0
    assert weights.kind_fit("Sa villa est estimée à 5 millions d'euros.", "fr") == 1.0
    before = "Jean Dupré met en vente sa villa de Ramatuelle."
    assert weights.kind_fit("Elle est estimée à 5 millions d'euros.", "fr", before) == 1.0
    assert weights.missing_thing("Jean Dupré a reçu 35 millions d'euros.", "fr") == (
        "price",
        "villa",
    )
    # across languages a name is looked for, a common noun is not judged
    english = TermWeights("How much does the Pagani Huayra cost?", "en", lambda _: 1.0)
    assert english.kind_fit("La Pagani Huayra coûte 3 millions d'euros.", "fr") == 1.0
    assert english.kind_fit("Une Ferrari vendue 3 millions d'euros.", "fr") < 1.0
    german = TermWeights("Was kostet die Villa von Jean Dupré?", "de", lambda _: 1.0)
    assert german.kind_fit("Il a reçu 35 millions d'euros.", "fr") == 1.0
    assert german.kind_fit("Er erhielt 35 Millionen Euro.", "de") < 1.0


def test_a_price_question_answered_by_another_price_is_refused_saying_what_was_found(
    embedder: Embedder,
) -> None:
    sale = "Le chanteur Jean Dupré a vendu ses droits d'auteur pour 35 millions d'euros."
    answer = ask("Quel est le prix de la villa de Jean Dupré ?", sale, embedder)
    assert not answer.found, answer.text
    assert [c.quote for c in answer.citations] == [sale]
    assert answer.text.startswith("Les articles ne donnent pas le prix de « villa » ;")
    villa = (
        "Le chanteur Jean Dupré a mis en vente sa villa de Ramatuelle. "
        "Ses voisins, 300 personnes au total, ont signé une pétition."
    )
    refused = ask("Quel est le prix de la villa de Jean Dupré ?", villa, embedder)
    assert not refused.found, refused.text


def test_years_are_counted_in_ans_or_annees_but_an_age_counts_no_years() -> None:
    weights = TermWeights("En combien d'années la Chine a pris la tête ?", "fr", lambda _: 1.0)
    assert weights.kind_fit("La Chine a pris la tête en 25 ans.") == 1.0
    assert weights.kind_fit("Le chercheur âgé de 68 ans est mort.") < 1.0
    assert weights.kind_fit("Konrad Steffen, 68 ans, dirigeait l'institut.") < 1.0


def test_a_short_stem_counts_only_its_own_word() -> None:
    weights = TermWeights("Combien de tués lors de la bataille ?", "fr", lambda _: 1.0)
    assert weights.kind_fit("La bataille a fait 2 000 tués.") == 1.0
    assert weights.kind_fit("La bataille opposa 2 000 Turcs.") < 1.0


def test_what_a_plane_can_carry_is_no_count_of_who_was_on_board() -> None:
    plane = "L'ATR-42, un turbopropulseur pouvant transporter 45 passagers, devait rejoindre Stony."
    on_board = TermWeights("Combien de passagers étaient à bord ?", "fr", lambda _: 1.0)
    assert on_board.kind_fit(plane) < 1.0
    assert on_board.kind_fit("L'avion transportait 22 passagers.") == 1.0
    capacity = TermWeights("Combien de passagers peut transporter l'ATR-42 ?", "fr", lambda _: 1.0)
    assert capacity.kind_fit(plane) == 1.0
    # what could be reached is an estimate of what happened, not a capacity
    losses = "Les pertes des unités pouvant atteindre 4 000 blessés et morts."
    assert TermWeights("Combien de blessés ?", "fr", lambda _: 1.0).kind_fit(losses) == 1.0
    planes = [
        "The plane, which can carry 70 passengers, landed.",
        "Der Jet kann 180 Passagiere aufnehmen.",
    ]
    for question, text, lang in zip(
        ["How many passengers were on board?", "Wie viele Passagiere waren an Bord?"],
        planes,
        ["en", "de"],
        strict=True,
    ):
        assert TermWeights(question, lang, lambda _: 1.0).kind_fit(text) < 1.0, text


def test_years_asked_in_english_are_counted_in_french() -> None:
    weights = TermWeights("For how many years did he lead the WSL?", "en", lambda _: 1.0)
    assert weights.kind_fit("Il a dirigé le WSL pendant huit ans.", "fr") == 1.0
    assert weights.kind_fit("Il était au Groenland depuis cinq jours.", "fr") < 1.0


FERRARI = (
    "RM Sotheby's a vendu une Ferrari 250 GT SWB de 1962 pour 8 145 000 dollars. "
    "La Ferrari 275 P, victorieuse au Mans en 1963, est aussi proposée à la vente."
)


def test_a_model_number_names_which_one_is_priced(embedder: Embedder) -> None:
    question = "À quel prix la Ferrari 275 P a-t-elle été vendue ?"
    assert priced_thing(question) == ("Ferrari", "275", "P")
    weights = TermWeights(question, "fr", lambda _: 1.0)
    assert weights.kind_fit("La Ferrari 250 GT a été vendue 8 millions de dollars.") < 1.0
    assert weights.kind_fit("La Ferrari 275 P a été vendue 10 millions de dollars.") == 1.0
    # another 275, and a sum whose digits hold « 275 », are not the 275 P
    assert weights.kind_fit("La Ferrari 275 GTS a été vendue 2 millions de dollars.") < 1.0
    assert weights.kind_fit("Cette Ferrari est estimée entre 2 000 000 et 2 275 000 $.") < 1.0
    assert weights.kind_fit("La Ferrari 275P a été vendue 10 millions de dollars.") == 1.0
    # the 250 GT's sale is quoted only after saying it is not the 275 P's price
    answer = ask(question, FERRARI, embedder)
    assert answer.text.startswith("Les articles ne donnent pas le prix de « Ferrari 275 P »")


def test_a_refusal_for_a_sum_says_no_amount() -> None:
    assert kind_missing_message("fr", "amount", "Ferrari") == (
        "Les passages trouvés de l’article le plus proche, « Ferrari », ne donnent pas de montant."
    )
    weights = TermWeights("Combien Orange a-t-il investi ?", "fr", lambda _: 1.0)
    assert weights.asked == "amount"
    assert TermWeights("Combien de morts ?", "fr", lambda _: 1.0).asked == "quantity"


def test_the_note_names_the_thing_as_the_question_writes_it() -> None:
    weights = TermWeights("Combien d'élèves sont formés par an ?", "fr", lambda _: 1.0)
    assert weights.missing_thing("En 1838, il a vingt-deux ans.", "fr") == ("count", "élèves")


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Quelle est la population de Kharkiv ?", "fr"),
        ("What is the population of Kharkiv?", "en"),
        ("Wie groß ist die Bevölkerung von Charkiw?", "de"),
    ],
)
def test_a_population_counts_inhabitants(question: str, lang: str) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert weights.kind_fit("Kharkiv compte 1,4 million d'habitants.", "fr") == 1.0
    assert weights.kind_fit("Au moins 17 personnes ont été blessées à Kharkiv.", "fr") < 1.0


def test_across_languages_a_number_of_a_listed_thing_is_no_number_of_an_unlisted_one() -> None:
    # "Obdachlose" is not in the glossary: any number may count them, but not « 18 cas »
    weights = TermWeights("Wie viele Obdachlose leben in Bordeaux?", "de", lambda _: 1.0)
    assert weights.kind_fit("En Gironde, 18 cas de coronavirus ont été identifiés.", "fr") < 1.0
    assert weights.kind_fit("Bordeaux compte 4 000 sans-abri selon la mairie.", "fr") == 1.0
    assert weights.missing_thing("On compte 18 cas et 3 morts.", "fr") == ("count", "Obdachlose")
    # in the question's own language the word itself is looked for, as before
    french = TermWeights("Combien de sans-abri à Bordeaux ?", "fr", lambda _: 1.0)
    assert french.kind_fit("Bordeaux compte 4 000 sans-abri.") == 1.0


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many extra soldiers did North Korea send?", "soldiers"),
        ("Combien de nouveaux cas ont été recensés ?", "cas"),
        ("How many Nokia employees went on strike?", "employees"),
        ("Combien de kilos de cannabis ont été saisis ?", "kilos"),
        ("Combien de morts à Kharkiv ?", "morts"),
        ("Wie viele jüdische Einrichtungen werden geschützt?", "einrichtungen"),
        ("Wie viele britische Covid-19-Patienten wurden analysiert?", "patienten"),
    ],
)
def test_the_thing_counted_skips_the_words_before_it(question: str, counted: str) -> None:
    assert counted_word(question) == counted


def test_the_thing_counted_is_named_before_the_verb() -> None:
    assert counted_word("Combien de navires furent employés pour l’opération ?") == "navires"
    assert counted_word("Combien de nouveaux cas ont été recensés ?") == "cas"
    assert counted_word("How many more people were killed?") == "people"
    assert counted_word("Combien y a-t-il eu de morts ?") == "morts"
    assert counted_word("Combien compte-t-on de victimes ?") == "victimes"
    assert counted_word("Combien coûte le billet d'avion ?") is None


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (
            "À combien de kilomètres de Paris sont les Ulis ?",
            "Les Ulis sont à vingt-quatre kilomètres de Paris-Notre-Dame.",
        ),
        ("Combien de morts ?", "On compte quatre-vingt-dix morts."),
        ("Wie viele Tote gab es?", "Es gab vierundzwanzig Tote."),
        ("How many soldiers died?", "Twenty-four soldiers died."),
        ("Combien d'enfants a-t-il ?", "Elle lui donne cent fils."),
        ("Combien de téléspectateurs ?", "L'émission passe sous les 400 000 spectateurs."),
    ],
)
def test_numbers_in_words_and_the_names_of_what_they_count(question: str, sentence: str) -> None:
    lang = "de" if question.startswith("Wie") else "en" if question.startswith("How") else "fr"
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert weights.missing_thing(sentence, lang) is None
    assert weights.kind_fit(sentence, lang) == 1.0
