"""The LLM path over real HTTP: NEWSRAG_LLM=openai:... against a local OpenAI-compatible server."""

from __future__ import annotations

import pytest

from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.openai_server import CannedOpenAIServer


def test_openai_compatible_server_answers_with_checked_citations(
    seeded_app: Newsrag, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CannedOpenAIServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-local-test")
        settings = Settings(
            data_dir=seeded_app.settings.data_dir, llm="openai:local-model", llm_max_tokens=200
        )
        app = Newsrag(settings, embedder=embedder)
        server.replies.append("Les représentants de 31 pays se réunissent à Paris [1][4].")
        answer = app.answer("Combien de pays sont représentés à Paris ?", k=3)

    assert answer.mode == "llm"
    assert answer.text == "Les représentants de 31 pays se réunissent à Paris [1]."
    assert "31 pays" in answer.citations[0].quote
    request = server.requests[0]
    assert request["model"] == "local-model"
    assert request["max_completion_tokens"] == 200 or request.get("max_tokens") == 200
    assert request["temperature"] == 0
    user = request["messages"][-1]["content"]
    assert user.count("<passage n=") == 3
