"""The LLM path over real HTTP: NEWSRAG_LLM=openai:... against a local OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from rag.types import AnswerDelta, AnswerDone, AnswerEvent
from tests.helpers.data import PAYS
from tests.helpers.openai_server import CannedOpenAIServer
from ui.cli import cli

REPLY = "Les représentants de 31 pays se réunissent à Paris [1][4]. Le sommet a été annulé [2]."


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[CannedOpenAIServer]:
    """The canned server, with langchain-openai's environment pointing at it."""
    with CannedOpenAIServer() as canned:
        monkeypatch.setenv("OPENAI_BASE_URL", canned.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-local-test")
        yield canned


@pytest.fixture
def http_app(seeded_app: Newsrag, embedder: Embedder, server: CannedOpenAIServer) -> Newsrag:
    """The seeded store, answered by `openai:local-model` over HTTP."""
    settings = Settings(
        data_dir=seeded_app.settings.data_dir, llm="openai:local-model", llm_max_tokens=200
    )
    return Newsrag(settings, embedder=embedder)


def test_openai_compatible_server_answers_with_checked_citations(
    http_app: Newsrag, server: CannedOpenAIServer
) -> None:
    server.replies.append("Les représentants de 31 pays se réunissent à Paris [1][4].")
    answer = http_app.answer(PAYS, k=3)

    assert answer.mode == "llm"
    assert answer.text == "Les représentants de 31 pays se réunissent à Paris [1]."
    assert "31 pays" in answer.citations[0].quote
    request = server.requests[0]
    assert not request.get("stream"), "answer() asks for the whole reply"
    assert request["model"] == "local-model"
    assert request["max_completion_tokens"] == 200 or request.get("max_tokens") == 200
    assert request["temperature"] == 0
    user = request["messages"][-1]["content"]
    assert user.count("<passage n=") == 3


def test_a_streamed_answer_arrives_word_by_word_while_the_server_is_still_writing(
    http_app: Newsrag, server: CannedOpenAIServer
) -> None:
    server.replies.append(REPLY)
    server.hold_after = 3  # the server sends three words, then waits for `resume`
    deltas: list[str] = []
    server_done_at_first_delta = None
    events: list[AnswerEvent] = []
    for event in http_app.stream_answer(PAYS, k=3):
        events.append(event)
        if isinstance(event, AnswerDelta):
            if not deltas:
                server_done_at_first_delta = server.finished.is_set()
                server.resume.set()
            deltas.append(event.text)

    assert server_done_at_first_delta is False, "the first words came before the last was sent"
    assert deltas[:3] == ["Les ", "représentants ", "de "]
    assert "".join(deltas) == REPLY
    assert [type(e) for e in events] == [AnswerDelta] * len(deltas) + [AnswerDone]
    final = events[-1]
    assert isinstance(final, AnswerDone)
    assert final.answer.mode == "llm"
    assert final.answer.text == (
        "Les représentants de 31 pays se réunissent à Paris [1]. Le sommet a été annulé [?]."
    )
    assert final.answer.flagged_sentences == ("Le sommet a été annulé.",)
    assert "31 pays" in final.answer.citations[0].quote
    [request] = server.requests
    assert request["stream"] is True
    assert request["model"] == "local-model"
    assert request["messages"][-1]["content"].count("<passage n=") == 3


SUPPORTED = "Les représentants de 31 pays se réunissent à Paris"
INVENTED = "La Chine a envoyé 10 000 soldats en Ukraine."
FLAGGED = f"{SUPPORTED} [1]. La Chine a envoyé 10 000 soldats en Ukraine [?]."


def test_an_uncited_invented_sentence_after_a_cited_one_is_flagged_and_counted(
    http_app: Newsrag, server: CannedOpenAIServer
) -> None:
    server.replies.append(f"{SUPPORTED} [1]. {INVENTED}")
    answer = http_app.answer(PAYS, k=3)
    assert answer.mode == "llm"
    assert answer.text == FLAGGED
    assert answer.flagged_sentences == (INVENTED,)
    assert [c.n for c in answer.citations] == [1]


def test_an_uncited_sentence_between_two_cited_ones_is_checked_too(
    http_app: Newsrag, server: CannedOpenAIServer
) -> None:
    server.replies.append(f"{SUPPORTED} [1]. {INVENTED} Olaf Scholz voyage pour l’Allemagne [1].")
    answer = http_app.answer(PAYS, k=3)
    assert answer.text == f"{FLAGGED} Olaf Scholz voyage pour l’Allemagne [1]."
    assert answer.flagged_sentences == (INVENTED,)


@pytest.mark.parametrize(
    "marker", [" [1, 2]", " [1][2]", " [^1]", " (1)", " ［1］", " [1-2]", "¹", " [1a]", ""]
)
def test_a_marker_in_another_shape_is_read_as_newsrag_s_own(
    http_app: Newsrag, server: CannedOpenAIServer, marker: str
) -> None:
    """Variants become `[n]`; an unreadable one (`[1a]`) or none leaves a sentence that is
    checked against every passage, and cited by the one that backs it."""
    server.replies.append(f"{SUPPORTED}{marker}. {INVENTED}")
    answer = http_app.answer(PAYS, k=3)
    assert answer.text == FLAGGED
    assert answer.flagged_sentences == (INVENTED,)
    assert "31 pays" in answer.citations[0].quote


def test_unsupported_sentences_can_be_removed_instead_and_are_still_counted(
    seeded_app: Newsrag, embedder: Embedder, server: CannedOpenAIServer
) -> None:
    settings = Settings(
        data_dir=seeded_app.settings.data_dir, llm="openai:local-model", llm_unsupported="remove"
    )
    server.replies.append(f"{INVENTED} {SUPPORTED} [1]. Le sommet a été annulé [2].")
    answer = Newsrag(settings, embedder=embedder).answer(PAYS, k=3)
    assert answer.mode == "llm"
    assert answer.text == f"{SUPPORTED} [1]."
    assert answer.flagged_sentences == (INVENTED, "Le sommet a été annulé.")


@pytest.fixture
def cli_env(
    seeded_app: Newsrag, server: CannedOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`newsrag` reads the seeded store and answers with `openai:local-model`."""
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(seeded_app.settings.data_dir))
    monkeypatch.setenv("NEWSRAG_LLM", "openai:local-model")


@pytest.mark.usefixtures("cli_env")
def test_ask_prints_the_draft_as_it_comes_then_the_checked_answer_and_its_sources(
    server: CannedOpenAIServer,
) -> None:
    server.replies.append(REPLY)
    result = CliRunner().invoke(cli, ["ask", PAYS, "-k", "3"])
    assert result.exit_code == 0, result.output
    checked = "Les représentants de 31 pays se réunissent à Paris [1]. Le sommet a été annulé [?]."
    draft, rest = result.stdout.split("\n\n", 1)
    assert draft == REPLY
    assert rest.startswith(checked + "\n\n[1] ")
    assert "« Paris – Les principaux représentants de 31 pays" in rest
    assert server.requests[0]["stream"] is True


@pytest.mark.usefixtures("cli_env")
def test_ask_prints_only_the_sources_under_a_draft_that_needed_no_change(
    server: CannedOpenAIServer,
) -> None:
    server.replies.append("Les représentants de 31 pays se réunissent à Paris [1].")
    result = CliRunner().invoke(cli, ["ask", PAYS, "-k", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Les représentants de 31 pays se réunissent à Paris [1]."
    assert lines[1] == ""
    assert lines[2].startswith("[1] ")
    assert result.stdout.count("se réunissent") == 1


@pytest.mark.usefixtures("cli_env")
def test_ask_json_prints_only_the_checked_answer(server: CannedOpenAIServer) -> None:
    server.replies.append(REPLY)
    result = CliRunner().invoke(cli, ["ask", PAYS, "-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["answer"] == (
        "Les représentants de 31 pays se réunissent à Paris [1]. Le sommet a été annulé [?]."
    )
    assert payload["mode"] == "llm"
    assert [c["n"] for c in payload["citations"]] == [1]
    assert payload["flagged_sentences"] == ["Le sommet a été annulé."]
