"""Tests for ui.web: the chat handler, the sources panel and the `/ask` API of a live server."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from gradio_client import Client
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult

from ingest.loaders import LoadedArticle, load_file
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.types import Answer, Article, Citation, Turn
from tests.conftest import SEED_FILE, SEEDS
from tests.support import free_port
from ui.web import SEED_EXAMPLES, index_line, respond, sources_html, start

PAYS = "Combien de pays sont représentés à Paris ?"
TATIN = "Quelle est la recette de la tarte tatin ?"


class UnreachableChatModel(BaseChatModel):
    """A chat model whose server is down: every call raises."""

    @property
    def _llm_type(self) -> str:
        return "unreachable"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise ConnectionError("LLM server unreachable")


def seed_article() -> Article:
    """The seed article, as the loader reads it."""
    [loaded] = list(load_file(SEED_FILE, SEEDS, max_file_bytes=10_000_000))
    assert isinstance(loaded, LoadedArticle)
    return loaded.article


def test_the_seed_question_is_answered_with_its_number_and_a_highlighted_source(
    seeded_app: Newsrag,
) -> None:
    messages, turns, sources = respond(seeded_app, PAYS, [])
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[0]["content"] == PAYS
    assert "31" in messages[-1]["content"]
    assert "[1]" in messages[-1]["content"]
    assert turns == [Turn(PAYS, messages[-1]["content"], PAYS)]
    assert html.escape(seed_article().title) in sources
    assert f"date unknown · {SEED_FILE.name}" in sources  # a .txt has no date or source
    assert "[1]" in sources
    assert "<mark>" in sources
    assert "31 pays" in sources.split("<mark>", 1)[1].split("</mark>", 1)[0]


def test_a_second_question_keeps_the_conversation_history(seeded_app: Newsrag) -> None:
    _, turns, _ = respond(seeded_app, PAYS, [])
    messages, turns2, sources = respond(seeded_app, "Qui est attendu ?", turns)
    assert len(turns2) == 2
    assert turns2[0] == turns[0]
    assert len(turns) == 1, "the caller's turns are not modified"
    assert len(messages) == 4
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[2]["content"] == "Qui est attendu ?"
    assert sources


def test_a_question_the_articles_cannot_answer_gets_a_refusal_and_no_source(
    seeded_app: Newsrag,
) -> None:
    messages, turns, sources = respond(seeded_app, TATIN, [])
    answer = messages[-1]["content"]
    assert messages[-1]["role"] == "assistant"
    assert "ne répond pas" in answer
    assert "[1]" not in answer
    assert len(turns) == 1
    assert "<mark>" not in sources
    assert "No source was used" in sources


def test_a_blank_question_changes_nothing(seeded_app: Newsrag) -> None:
    turns = [Turn("Q ?", "R [1]")]
    messages, new_turns, _ = respond(seeded_app, "   \n", turns)
    assert new_turns == turns
    assert messages == [
        {"role": "user", "content": "Q ?"},
        {"role": "assistant", "content": "R [1]"},
    ]


def test_a_failing_answer_shows_a_readable_error_and_keeps_the_history(
    settings: Settings, embedder: Embedder
) -> None:
    app = Newsrag(settings, embedder=embedder, llm=UnreachableChatModel())
    turns = [Turn("Qui est à Paris ?", "Des représentants de 31 pays. [1]")]
    messages, new_turns, sources = respond(app, "Et Mark Rutte ?", turns)
    assert new_turns == turns
    assert messages[-2] == {"role": "user", "content": "Et Mark Rutte ?"}
    assert messages[-1]["role"] == "assistant"
    assert "LLM server unreachable" in messages[-1]["content"]
    assert "<mark>" not in sources


def test_sources_html_escapes_the_article_text() -> None:
    passage = "Avant <b>gras</b>. <script>alert('x')</script> cité & fin."
    quote = "<script>alert('x')</script> cité"
    citation = Citation(
        n=1,
        article_id="a",
        title="<img src=x onerror=alert(1)>",
        date="2025-03-27",
        source="Le <i>Monde</i>",
        quote=quote,
        start=0,
        end=len(quote),
        score=0.9,
        passage=passage,
    )
    panel = sources_html(Answer("q", "r [1]", True, [citation]))
    assert "<script>" not in panel
    assert "<img" not in panel
    assert "<b>" not in panel
    assert "<i>" not in panel
    assert "&lt;img src=x onerror=alert(1)&gt;" in panel
    assert "<mark>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; cité</mark>" in panel
    assert "Avant &lt;b&gt;gras&lt;/b&gt;. <mark>" in panel
    assert "[1]" in panel
    assert "2025-03-27" in panel
    assert "&amp; fin." in panel


def test_a_quote_outside_its_passage_is_shown_alone() -> None:
    citation = Citation(
        n=2,
        article_id="a",
        title="T",
        date=None,
        source=None,
        quote="31 pays <ici>",
        start=0,
        end=13,
        score=0.5,
        passage="",
    )
    panel = sources_html(Answer("q", "r [2]", True, [citation]))
    assert "[2]" in panel
    assert "<mark>31 pays &lt;ici&gt;</mark>" in panel


def test_the_index_line_counts_articles_and_passages(seeded_app: Newsrag) -> None:
    stats = seeded_app.stats()
    line = index_line(stats)
    assert line.startswith(f"{stats.articles} articles · {stats.chunks} passages · ")
    assert stats.embedding_model in line
    assert stats.store in line
    assert len(SEED_EXAMPLES) == 3


@pytest.fixture
def server_url(seeded_app: Newsrag, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The chat served on a free local port, closed after the test."""
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    blocks, url = start(seeded_app, "127.0.0.1", free_port())
    try:
        yield url
    finally:
        blocks.close()


def test_the_ask_api_answers_a_gradio_client_with_the_answer_json(server_url: str) -> None:
    client = Client(server_url, verbose=False)
    result = client.predict(PAYS, api_name="/ask")
    assert isinstance(result, dict)
    assert result["question"] == PAYS
    assert result["found"] is True
    assert "31" in result["answer"]
    first = result["citations"][0]
    assert set(first) == {
        "n",
        "article_id",
        "title",
        "date",
        "source",
        "quote",
        "start",
        "end",
        "score",
    }
    assert first["n"] == 1
    assert "31 pays" in first["quote"]
    assert first["quote"] == seed_article().text[first["start"] : first["end"]]
