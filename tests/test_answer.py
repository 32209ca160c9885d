"""Golden tests on seeds/: answers, citations that point at the exact words, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

import rag
from ingest.loaders import LoadedArticle, iter_articles
from ingest.pipeline import ingest_paths
from rag.answering.conversation import condense_without_llm
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import PACKAGED_MINILM, Settings
from rag.types import Turn
from tests.helpers.paths import SEED_FILE, SEEDS


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The seed article's body, as the loader reads it."""
    items = [i for i in iter_articles([SEEDS]) if isinstance(i, LoadedArticle)]
    return items[0].article.text


def test_question_about_the_paris_meeting_is_answered_with_31_countries(
    seeded_app: Newsrag, seed_text: str
) -> None:
    answer = seeded_app.answer("Combien de pays sont représentés à Paris ?")
    assert answer.found
    assert "31" in answer.text
    assert "[1]" in answer.text
    quotes = [c for c in answer.citations if "31 pays" in c.quote]
    assert quotes, answer.citations
    for citation in answer.citations:
        assert seed_text[citation.start : citation.end] == citation.quote
        assert citation.article_id == SEED_FILE.name
        assert citation.title.startswith("Une «coalition des volontiers»")


@pytest.mark.parametrize(
    "question",
    ["Combien de pays sont représentés à Paris ?", "Quelle est la recette de la tarte tatin ?"],
)
def test_an_answer_or_a_refusal_carries_the_passages_it_was_read_from_in_rank_order(
    seeded_app: Newsrag, question: str
) -> None:
    answer = seeded_app.answer(question)
    assert answer.passages
    assert answer.passages == tuple(seeded_app.search(question))
    assert {c.article_id for c in answer.citations} <= {p.article_id for p in answer.passages}


def test_paraphrased_question_from_the_readme_is_answered(seeded_app: Newsrag) -> None:
    answer = seeded_app.answer("Combien de pays participent à la réunion de Paris ?")
    assert answer.found
    assert "31" in answer.text


def test_every_marker_in_the_answer_has_a_citation(seeded_app: Newsrag) -> None:
    answer = seeded_app.answer("Combien de soldats la Corée du Nord a-t-elle envoyés ?")
    assert answer.found
    assert "3 000" in answer.text or "11 000" in answer.text
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    for n in numbers:
        assert f"[{n}]" in answer.text
    assert 1 <= len(numbers) <= seeded_app.settings.max_answer_sentences


def test_deaths_at_kharkiv_are_not_answered_with_another_items_toll(seeded_app: Newsrag) -> None:
    # the seed is a live blog: the item after Kharkiv's counts North Korean "blessés et morts"
    answer = seeded_app.answer("Combien de morts à Kharkiv ?")
    assert not answer.found, "no number of deaths: a refusal, that quotes the injured"
    assert answer.text.startswith("Les articles ne donnent pas de nombre de « morts »")
    assert any("17 personnes" in c.quote for c in answer.citations)
    assert all("nord-coréennes" not in c.quote for c in answer.citations)


def test_frances_soldiers_are_not_counted_with_north_koreas(seeded_app: Newsrag) -> None:
    # the article counts North Korea's soldiers sent to Russia, and gives none for France
    answer = seeded_app.answer("How many soldiers has France sent to Ukraine?")
    assert not answer.found, answer.text
    assert answer.text.startswith("The articles give no number of “soldiers”")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Quelle est la recette de la tarte tatin ?", "ne répond pas"),
        ("What is the recipe for apple pie?", "does not answer"),
        ("Wie ist das Rezept für Apfelstrudel?", "beantwortet diese Frage nicht"),
    ],
)
def test_question_the_article_cannot_answer_is_refused_in_its_language(
    seeded_app: Newsrag, question: str, expected: str
) -> None:
    answer = seeded_app.answer(question)
    assert not answer.found
    assert answer.citations == []
    assert expected in answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is NATO's secretary general?", "Mark Rutte"),
        # the reader reads its answer below its floor across languages: refused
        # (docs/answers.md, "English and German questions read, to refuse")
        pytest.param(
            "How much is the new French weapons package worth?",
            "deux milliards",
            marks=pytest.mark.xfail(reason="read below the floor", strict=True),
        ),
        ("Wer ist der NATO-Generalsekretär?", "Mark Rutte"),
        # no word of these matches the article's: the sentence that answers must be read
        ("How many extra soldiers did North Korea send?", "3 000"),
        ("Welche Nachrichtenagentur zitierte den südkoreanischen Generalstab?", "Yonhap"),
    ],
)
def test_english_and_german_questions_are_answered_from_the_french_article(
    seeded_app: Newsrag, question: str, expected: str
) -> None:
    answer = seeded_app.answer(question)
    assert answer.found, answer.text
    assert expected in answer.text
    assert any(expected in c.quote for c in answer.citations)


def test_a_country_asked_about_in_german_is_the_french_articles_allemagne(
    seeded_app: Newsrag,
) -> None:
    # « Pour l'Allemagne, le chancelier exécutif Olaf Scholz voyage. » gives no soldiers:
    # North Korea's 3 000 are no answer for Germany
    answer = seeded_app.answer("Wie viele Soldaten hat Deutschland geschickt?")
    assert all("Corée du Nord" not in c.quote for c in answer.citations), answer.text
    assert not answer.found


def test_the_english_minilm_stays_a_setting_away(tmp_path: Path, minilm: Embedder) -> None:
    app = Newsrag(
        Settings(data_dir=tmp_path / "data", embedding_model=PACKAGED_MINILM), embedder=minilm
    )
    ingest_paths(app, [SEEDS])
    assert app.stats().embedding_model == f"sentence-transformers:{PACKAGED_MINILM}"
    answer = app.answer("Combien de pays sont représentés à Paris ?")
    assert answer.found
    assert "31" in answer.text


def test_search_returns_ranked_passages_whose_spans_match_the_article(
    seeded_app: Newsrag, seed_text: str
) -> None:
    passages = seeded_app.search("secrétaire général de l'OTAN Mark Rutte", k=3)
    assert 1 <= len(passages) <= 3
    assert "Mark Rutte" in passages[0].text
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)
    for p in passages:
        assert seed_text[p.start : p.end] == p.text


def test_follow_up_question_carries_the_previous_subject(seeded_app: Newsrag) -> None:
    history = [Turn("Combien de soldats la Corée du Nord a-t-elle envoyés ?", "3 000 [1]")]
    answer = seeded_app.answer("Et combien de blessés ?", history=history)
    assert "Corée" in answer.standalone_question
    assert answer.found
    assert "4 000" in answer.text


def test_a_three_turn_conversation_keeps_its_subject(seeded_app: Newsrag) -> None:
    history: list[Turn] = []
    texts = []
    for question in [
        "Combien de soldats la Corée du Nord a-t-elle envoyés en Russie ?",
        "Et combien de blessés ?",
        "Qui l'a dit ?",
    ]:
        answer = seeded_app.answer(question, history=history)
        assert answer.found, question
        history.append(Turn(question, answer.text, answer.standalone_question))
        texts.append(answer.text)
    assert "3 000" in texts[0]
    assert "4 000" in texts[1]
    assert "Corée" in history[2].standalone  # carried through the second, itself a follow-up
    assert "sud-coréens" in texts[2]


def test_greetings_and_statements_are_not_rewritten_as_follow_ups() -> None:
    history = [Turn("Combien de soldats la Corée du Nord a-t-elle envoyés ?", "3 000 [1]")]
    assert condense_without_llm("hello", history) == "hello"
    assert condense_without_llm("Merci beaucoup", history) == "Merci beaucoup"
    assert "Corée" in condense_without_llm("Et en 2024 ?", history)
    assert "Corée" in condense_without_llm("Who said it?", history)


def test_empty_question_is_rejected(seeded_app: Newsrag) -> None:
    with pytest.raises(ValueError, match="empty"):
        seeded_app.answer("   ")


def test_module_level_answer_uses_the_configured_data_dir(
    seeded_app: Newsrag, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(seeded_app.settings.data_dir))
    rag.get_app.cache_clear()
    try:
        answer = rag.answer("Combien de pays participent à la réunion de Paris ?")
        assert isinstance(answer, rag.Answer)
        assert answer.found
        assert answer.citations[0].n == 1
    finally:
        rag.get_app.cache_clear()
