"""Sentence selection of extractive answers: what is quoted, with what, and in which order."""

from __future__ import annotations

import pytest

from rag.answering.extractive_config import ExtractiveConfig
from rag.answering.reader import AnswerReading
from rag.embeddings import E5_PROFILE, Embedder
from rag.settings import Settings
from rag.text.repeats import repeats
from rag.text.sentences import leans_on_previous
from rag.text.terms import TermWeights
from tests.helpers.extractive import answer_for, passage

CHARTRES = (
    "La cathédrale de Chartres domine la plaine de la Beauce depuis le Moyen Âge. "
    "Elle fut consacrée en 1260 en présence du roi Louis IX. "
    "Les vitraux du chœur attirent chaque année des milliers de visiteurs."
)
MARKETS = (
    "Le marché de Rungis approvisionne la région parisienne en produits frais. "
    "Les grossistes y travaillent surtout la nuit, avant l'ouverture des commerces."
)


@pytest.mark.parametrize(
    ("text", "lang", "leans"),
    [
        ("Elle fut consacrée en 1260.", "fr", True),
        ("Cette année-là, la récolte fut maigre.", "fr", True),
        ("Ensuite, le cortège rejoignit la place.", "fr", True),
        ("Illustre inconnu, Paul Durand signe son premier roman.", "fr", False),
        ("Chartres accueille 1,5 million de visiteurs.", "fr", False),
        ("They opened the bridge in 1931.", "en", True),
        ("Theatre tickets sold out.", "en", False),
        ("Er wurde 1890 geboren.", "de", True),
        ("Erfurt liegt in Thüringen.", "de", False),
    ],
)
def test_sentences_that_lean_on_the_previous_one_are_recognised(
    text: str, lang: str, leans: bool
) -> None:
    assert leans_on_previous(text, lang) is leans


def test_a_pronoun_led_answer_comes_with_the_sentence_naming_its_subject(
    embedder: Embedder,
) -> None:
    passages = [
        passage("chartres", "Chartres", CHARTRES, 2.0),
        passage("rungis", "Rungis", MARKETS, 1.0),
    ]
    answer = answer_for(
        "Quand la cathédrale de Chartres a-t-elle été consacrée ?", passages, embedder
    )

    assert answer.found
    assert "1260" in answer.text
    quotes = [c.quote for c in answer.citations]
    consecrated = next(i for i, q in enumerate(quotes) if q.startswith("Elle fut consacrée"))
    assert consecrated > 0
    assert quotes[consecrated - 1].startswith("La cathédrale de Chartres")
    assert not answer.text.startswith("Elle")
    for c in answer.citations:  # quotes stay exact article spans
        if c.article_id == "chartres":
            assert c.quote == CHARTRES[c.start - 40 : c.end - 40]


def test_the_sentence_continuing_the_best_one_is_quoted_with_it(embedder: Embedder) -> None:
    text = (
        "Le pont de Normandie relie Le Havre à Honfleur au-dessus de l'estuaire de la Seine. "
        "Il a été inauguré en janvier 1995 après sept ans de travaux. "
        "Le péage finance son entretien."
    )
    answer = answer_for(
        "Quel pont relie Le Havre à Honfleur ?", [passage("pont", "Pont", text, 1.0)], embedder
    )

    assert answer.citations[0].quote.startswith("Le pont de Normandie relie")
    assert any("1995" in c.quote for c in answer.citations)
    assert [c.start for c in answer.citations] == sorted(c.start for c in answer.citations)


def test_an_answer_never_exceeds_its_sentence_budget(embedder: Embedder) -> None:
    passages = [passage("chartres", "Chartres", CHARTRES, 2.0)]
    question = "Quand la cathédrale de Chartres a-t-elle été consacrée ?"

    for budget in (1, 2, 3):
        answer = answer_for(question, passages, embedder, max_sentences=budget)
        assert answer.found
        assert 1 <= len(answer.citations) <= budget


LYON = (
    "De Lyon à Paris, Lille et Strasbourg, ces dossiers sont des enjeux municipaux majeurs. "
    "La métropole de Lyon compte 1,4 million d'habitants selon l'Insee."
)


def test_a_how_many_question_is_answered_by_a_sentence_with_a_number(embedder: Embedder) -> None:
    answer = answer_for(
        "Combien d'habitants compte Lyon ?", [passage("lyon", "Lyon", LYON, 1.0)], embedder, 1
    )

    [citation] = answer.citations
    assert citation.quote.startswith("La métropole de Lyon compte")
    assert citation.answer_start is not None
    assert citation.answer_end is not None
    assert LYON[citation.answer_start - 40 : citation.answer_end - 40] == "1,4 million d'habitants"


def test_a_sentence_about_another_subject_ranks_below_the_one_naming_it(
    embedder: Embedder,
) -> None:
    kharkiv = (
        "Les unités nord-coréennes ont subi des pertes pouvant atteindre 4 000 blessés et morts. "
        "Dans la région de Charkiw, 17 personnes ont été blessées par des drones russes."
    )
    answer = answer_for(
        "Combien de blessés à Kharkiv ?", [passage("k", "Ukraine", kharkiv, 1.0)], embedder
    )

    assert answer.citations[0].quote.startswith("Dans la région de Charkiw")
    assert all("nord-coréennes" not in c.quote for c in answer.citations)


LIVE_BLOG = (
    "De nombreuses blessures à Charkiw après le feu russe\n"
    "Dans la région de Charkiw, 17 personnes ont été blessées par des drones russes. "
    "Neuf blessés dans la ville même, huit dans un village voisin.\n"
    "Séoul: Pyongyang envoie plus de soldats en Russie\n"
    "La Corée du Nord a envoyé 3 000 soldats de plus pour soutenir la Russie. "
    "Ses unités auraient subi des pertes pouvant atteindre 4 000 blessés et morts.\n"
)


def test_an_item_under_another_heading_does_not_answer_for_the_subject(
    embedder: Embedder,
) -> None:
    # the live blog's next item counts deaths, but of North Korean units: not Kharkiv's
    live = passage("blog", "Guerre en Ukraine, en direct", LIVE_BLOG, 1.0)
    answer = answer_for("Combien de morts à Kharkiv ?", [live], embedder)

    assert not answer.found  # refused: no number of deaths; it quotes the injured
    assert any("17 personnes" in c.quote for c in answer.citations)
    assert all("Corée" not in c.quote and "4 000" not in c.quote for c in answer.citations)
    assert "« morts »" in answer.note
    # the same item answers a question on its own subject
    answer = answer_for("Combien de soldats la Corée du Nord a-t-elle envoyés ?", [live], embedder)
    assert "3 000 soldats" in answer.citations[0].quote


def test_a_sentence_that_does_not_name_the_subject_never_answers_alone(
    embedder: Embedder,
) -> None:
    # the passage names Lyon, but the sentence with a number of inhabitants speaks of others
    text = (
        "Le parti a investi des candidats à Paris, Lyon, Metz et Biarritz. "
        "Les militants ont tracté tout le week-end sur les marchés. "
        "Le parti dirige les deux tiers des villes de plus de 9000 habitants, soit 630 communes."
    )
    municipales = passage("m", "Municipales : la droite vise les grandes villes", text, 1.0)
    answer = answer_for("Combien d'habitants compte la ville de Lyon ?", [municipales], embedder)

    assert any("Lyon" in c.quote for c in answer.citations)


def test_time_words_and_question_words_weigh_nothing() -> None:
    weights = TermWeights("Quel temps fait-il aujourd'hui à Paris ?", "fr", lambda _: 1.0)
    assert set(weights.terms) == {"temp", "paris"}
    weights = TermWeights("What happened in Kharkiv last week?", "en", lambda _: 1.0)
    assert set(weights.terms) == {"kharkiv"}


def test_a_how_many_question_prefers_the_number_of_what_it_counts(embedder: Embedder) -> None:
    text = (
        "Dans la région de Charkiw, 17 personnes ont été blessées par des drones russes. "
        "Le bilan à Charkiw fait état de 3 morts et de nombreux dégâts matériels."
    )
    answer = answer_for(
        "Combien de morts à Kharkiv ?", [passage("k", "Ukraine", text, 1.0)], embedder, 1
    )
    [citation] = answer.citations
    assert citation.quote.startswith("Le bilan à Charkiw")
    assert citation.answer_start is not None
    assert text[citation.answer_start - 40 : citation.answer_end - 40].startswith("3 morts")


def test_the_configuration_takes_the_settings_else_the_embedders_calibration() -> None:
    calibrated = ExtractiveConfig.from_settings(Settings.model_construct(), E5_PROFILE, None)
    assert calibrated.min_relevance == E5_PROFILE.min_relevance
    assert calibrated.cross_lingual_min_relevance == E5_PROFILE.cross_lingual_min_relevance
    assert calibrated.read is None
    assert calibrated.reader_share == 0.0

    chosen = Settings.model_construct(
        min_relevance=0.5, cross_lingual_min_relevance=0.45, max_answer_sentences=2
    )
    configured = ExtractiveConfig.from_settings(chosen, E5_PROFILE, None)
    assert (configured.min_relevance, configured.cross_lingual_min_relevance) == (0.5, 0.45)
    assert configured.max_sentences == 2


def test_with_the_reader_its_calibrated_threshold_and_share_are_used() -> None:
    def read(texts: object) -> list[float]:
        return []

    reading = AnswerReading(read, share=0.3, min_relevance=0.33)
    config = ExtractiveConfig.from_settings(Settings.model_construct(), E5_PROFILE, reading)
    assert config.min_relevance == 0.33
    assert config.read is read
    assert config.reader_share == 0.3
    assert config.reader_sentences == Settings.model_construct().reader_sentences


def test_the_sentence_with_the_asked_kind_of_answer_is_quoted_beside_the_one_naming_the_subject(
    embedder: Embedder,
) -> None:
    text = (
        "Encore marquée par le drame, Léa Marchand se prépare pour l'élection de Miss Bretagne. "
        "La jeune femme de 22 ans raconte qu'elle se trouvait au concert ce soir-là. "
        "Le drame remonte au mois d'octobre."
    )
    answer = answer_for("Quel âge a Léa Marchand ?", [passage("m", "Miss", text, 1.0)], embedder)
    answering = [c for c in answer.citations if c.answer_start is not None]
    assert answering, answer.text
    start, end = answering[0].answer_start, answering[0].answer_end
    assert start is not None
    assert end is not None
    assert text[start - 40 : end - 40] == "22 ans"
    assert "Le drame remonte" not in answer.text


def test_an_article_on_the_subject_that_gives_no_span_of_the_asked_kind_is_a_refusal(
    embedder: Embedder,
) -> None:
    text = (
        "Encore marquée par le drame, Léa Marchand se prépare pour l'élection de Miss Bretagne. "
        "La jeune femme raconte qu'elle se trouvait au concert ce soir-là."
    )
    refused = answer_for("Quel âge a Léa Marchand ?", [passage("m", "Miss", text, 1.0)], embedder)
    assert not refused.found
    assert refused.citations == []
    assert refused.text == (
        "Les passages trouvés de l’article le plus proche, « Miss », ne donnent pas d’âge."
    )
    # the same article answers a question of no particular kind, and one whose kind it holds
    assert answer_for(
        "Que prépare Léa Marchand ?", [passage("m", "Miss", text, 1.0)], embedder
    ).found
    where = answer_for("Où se trouvait Léa Marchand ?", [passage("m", "Miss", text, 1.0)], embedder)
    assert where.found, where.text


def test_a_wire_sentence_two_articles_share_is_quoted_once(embedder: Embedder) -> None:
    wire = "L'île de Ré accueille chaque été {}200 000 visiteurs venus de toute l'Europe."
    passages = [
        passage("sud-ouest", "L'île de Ré", f"{wire.format('')} Le pont a ouvert en 1988.", 2.0),
        passage("afp", "Ré en été", f"{wire.format('près de ')} Les plages sont pleines.", 1.9),
    ]
    answer = answer_for("Combien de visiteurs l'île de Ré accueille-t-elle ?", passages, embedder)

    quotes = [c.quote for c in answer.citations]
    assert answer.found
    assert sum("visiteurs venus de toute" in q for q in quotes) == 1
    assert repeats(wire.format(""), wire.format("près de "))
    run_on = f"{wire.format('')}- Le pont - Il a ouvert en 1988."
    assert repeats(wire.format(""), run_on)
    assert not repeats(run_on, wire.format(""))  # it says more: the bridge opened in 1988
    found = "Elle a été découverte en 1781 par l'astronome français Charles Messier."
    listed = f"En 1781, {found[34:-1]} publie un catalogue de 103 objets astronomiques."
    assert repeats(found, listed)
    assert not repeats(listed, found)
    assert not repeats(wire.format(""), "L'île de Ré accueille chaque été des festivals.")
    assert not repeats("Il a refusé.", wire.format(""))
    immunity = "une immunité contre toute poursuite liée aux contenus publiés par des tiers"
    assert not repeats(f"La Section 230 offre {immunity}.", f"Elle offre à Facebook {immunity}.")


def test_a_question_of_no_particular_kind_quotes_one_sentence_more(embedder: Embedder) -> None:
    text = (
        "Le phare de Cordouan se dresse au large de l'estuaire de la Gironde. "
        "Le phare de Cordouan fut achevé en 1611 sous le règne d'Henri IV. "
        "Le phare de Cordouan est classé au patrimoine mondial depuis 2021. "
        "Le phare de Cordouan accueille des visiteurs chaque été. "
        "Le phare de Cordouan est le plus ancien phare de France encore en service."
    )
    passages = [passage("cordouan", "Le phare de Cordouan", text, 2.0)]

    untyped = answer_for("Que sait-on du phare de Cordouan ?", passages, embedder)
    dated = answer_for("Quand le phare de Cordouan a-t-il été achevé ?", passages, embedder)

    assert len(untyped.citations) == 4  # nothing but relevance chooses: one more sentence
    assert 1 <= len(dated.citations) <= 3
