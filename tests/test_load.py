"""Many sessions at once: fifty `gradio_client` sessions against a live chat server, the
queue's settings, and the harness that `bench.load` shares with these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import seed_questions
from bench.load_clients import answer_problem, run_load, summarize
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.browser import served
from tests.helpers.paths import SEEDS
from ui.settings import UISettings
from ui.web.app import build_ui


@pytest.fixture(autouse=True)
def _no_client_telemetry(monkeypatch: pytest.MonkeyPatch) -> None:
    """gradio_client would report each of the many sessions to its telemetry endpoint."""
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")


def test_fifty_sessions_are_all_answered_and_a_new_session_is_served_during_the_load(
    seeded_app: Newsrag,
) -> None:
    with served(seeded_app) as url:
        run = run_load(url, seed_questions(), clients=50, duration=10, probe_every=4, timeout=50)
    summary = summarize(run)
    assert summary["error_messages"] == []
    assert len(run.sessions) == 50
    assert all(s.latencies_ms for s in run.sessions), "every session got an answer"
    assert summary["cited_answers"] >= len(run.sessions) // 2, "answers cite the seed article"
    assert [p.started_s < run.duration_s for p in run.probes] == [True, True]
    for found in run.probes:
        assert found.error == ""
        assert found.connect_ms is not None
        assert found.page_ms is not None
        assert found.answered_s is not None
        assert found.answered_s <= run.load_s, "answered before the load was over"


def test_a_full_queue_refuses_questions_by_name_and_the_waiting_ones_are_answered(
    tmp_path: Path, embedder: Embedder
) -> None:
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    ingest_paths(app, [SEEDS])
    with served(app, UISettings(ui_queue_size=1)) as url:
        run = run_load(url, seed_questions(), clients=6, duration=2, probe_every=60, timeout=30)
    summary = summarize(run)
    assert summary["errors"] > 0
    assert summary["error_messages"] == ["QueueError: Queue is full! Please try again."]
    assert summary["requests"] > 0


def test_the_page_chat_and_the_ask_api_share_the_configured_answer_slots(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    blocks = build_ui(Newsrag(settings, embedder=fake_embedder), UISettings(ui_concurrency=3))
    answering = [fn for fn in blocks.fns.values() if fn.api_name in ("chat", "ask")]
    assert len(answering) == 2
    assert {(fn.concurrency_limit, fn.concurrency_id) for fn in answering} == {(3, "answer")}
    # An example question clicked is asked by the same chat function, in the same slots.
    chat_function = answering[0].fn if answering[0].api_name == "chat" else answering[1].fn
    slotted = [fn for fn in blocks.fns.values() if fn.concurrency_id == "answer"]
    assert {fn.fn for fn in slotted} <= {fn.fn for fn in answering}
    assert sum(fn.fn is chat_function for fn in slotted) >= 2


@pytest.mark.parametrize(
    ("result", "problem"),
    [
        ({"answer": "31 pays.", "found": True, "citations": [{"n": 1}]}, None),
        ({"answer": "Rien trouvé.", "found": False, "citations": []}, None),
        ({"answer": "31 pays.", "found": True, "citations": []}, "without citations"),
        ({"answer": "31 pays."}, "no found field"),
        ("31 pays.", "not an answer object"),
    ],
)
def test_an_answer_counts_only_when_it_cites_or_refuses(
    result: object, problem: str | None
) -> None:
    found = answer_problem(result)
    assert found is None if problem is None else problem in (found or "")
