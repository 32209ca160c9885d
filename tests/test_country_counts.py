"""A number counts the things of the country that the sentence around it names: "How many soldiers
has France sent?" is not answered by North Korea's soldiers."""

from __future__ import annotations

import pytest

from rag.embeddings import Embedder
from rag.text.countries import country_codes
from rag.text.terms import TermWeights
from tests.test_counted_things import ask

NORTH_KOREA = (
    "Selon les dirigeants militaires sud-coréens, la Corée du Nord a envoyé au moins 3 000 "
    "soldats supplémentaires pour soutenir la Russie dans la guerre de l'Ukraine."
)


def test_a_country_is_a_name_written_with_a_capital_in_any_language() -> None:
    text = "Une réunion s'est tenue à La Réunion, puis en France."
    assert country_codes(text, "fr") == {"RE", "FR"}
    assert country_codes("une réunion de crise", "fr") == set()
    assert country_codes("Wie viele Soldaten hat Deutschland geschickt?", "de") == {"DE"}
    assert country_codes("How many soldiers has France sent to Ukraine?", "en") == {"FR", "UA"}


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How many soldiers has France sent to Ukraine?", "en"),
        ("Combien de soldats la France a-t-elle envoyés en Ukraine ?", "fr"),
        ("Wie viele Soldaten hat Frankreich in die Ukraine geschickt?", "de"),
    ],
)
def test_a_number_of_another_countrys_soldiers_does_not_fit(question: str, lang: str) -> None:
    weights = TermWeights(question, lang, lambda _: 1.0)
    assert weights.kind_fit(NORTH_KOREA, "fr") < 1.0
    assert weights.missing_thing(NORTH_KOREA, "fr") == ("count", weights.counted_as_written)
    assert weights.kind_fit("La France a envoyé 2 000 soldats en Ukraine.", "fr") == 1.0
    # the country asked is named in the sentence before, or in the title: its number
    sent = "Elle a envoyé 2 000 soldats, selon la Russie."
    assert weights.kind_fit(sent, "fr", "La France a promis son aide à l'Ukraine.") == 1.0
    assert weights.kind_fit(sent, "fr", "", "La France envoie des soldats en Ukraine") == 1.0
    # the sentence before names another country, and not the one asked
    pronoun = "Il semble qu'au moins 3 000 autres soldats aient été envoyés en janvier."
    assert weights.kind_fit(pronoun, "fr", NORTH_KOREA) < 1.0


def test_a_price_paid_by_another_country_is_not_the_one_asked() -> None:
    weights = TermWeights("How much does a Rafale cost in India?", "en", lambda _: 1.0)
    egypt = "L'Égypte a payé 5,2 milliards d'euros pour 24 Rafale."
    assert weights.missing_thing(egypt, "fr") == ("price", "Rafale")
    assert weights.kind_fit("L'Inde a payé 7,9 milliards d'euros pour 36 Rafale.", "fr") == 1.0


def test_a_question_naming_no_country_takes_any_countrys_number() -> None:
    weights = TermWeights("Combien de soldats ont été envoyés en renfort ?", "fr", lambda _: 1.0)
    assert weights.kind_fit(NORTH_KOREA, "fr") == 1.0
    # nor is a question of another kind judged by the countries named
    weights = TermWeights("Quand la France a-t-elle envoyé des soldats ?", "fr", lambda _: 1.0)
    assert weights.missing_thing(NORTH_KOREA, "fr") is None


def test_asked_of_one_country_the_count_of_another_is_a_refusal_that_says_so(
    embedder: Embedder,
) -> None:
    text = f"Le sommet de Paris a réuni 31 pays. {NORTH_KOREA}"
    for question, lang, note in [
        ("How many soldiers has France sent to Ukraine?", "en", "no number of “soldiers”"),
        ("Combien de soldats la France a-t-elle envoyés ?", "fr", "de nombre de « soldats »"),
    ]:
        answer = ask(question, text, embedder, lang)
        assert not answer.found, answer.text
        assert note in answer.text
    answered = ask("Combien de soldats la Corée du Nord a-t-elle envoyés ?", text, embedder)
    assert answered.found
    assert "3 000" in answered.text


def test_a_sum_of_another_countrys_does_not_answer_what_one_country_gave(
    embedder: Embedder,
) -> None:
    """No thing is priced in "How much money ...?": the country alone tells the sums apart."""
    question = "How much money has Germany pledged to Ukraine?"
    weights = TermWeights(question, "en", lambda _: 1.0)
    france = "La France lance un nouveau paquet d'armements."
    sum_given = "Macron a annoncé des armes d'une valeur de deux milliards d'euros."
    assert weights.missing_thing(sum_given, "fr", france) == ("price", "")
    germany = "L'Allemagne promet son aide à l'Ukraine."
    assert weights.missing_thing(sum_given, "fr", germany) is None
    answer = ask(question, f"{france} {sum_given}", embedder, "en")
    assert not answer.found, answer.text
    assert answer.text.startswith("The articles give no amount; they say:")
    answered = ask(question.replace("Germany", "France"), f"{france} {sum_given}", embedder, "en")
    assert answered.found, answered.text
