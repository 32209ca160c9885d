"""`newsrag doctor`: one line per check, the fix for each problem, exit 1 when one fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.helpers.network import free_port
from tests.helpers.openai_server import CannedOpenAIServer
from ui.cli import cli

CHECKS = [
    "version",
    "python",
    "torch",
    "data dir",
    "chroma",
    "embedding model",
    "index",
    "keyword index",
    "llm",
    "ui login",
]


def doctor(*args: str) -> tuple[int, Any]:
    """Run `newsrag doctor ARGS`; JSON output is parsed."""
    result = CliRunner().invoke(cli, ["doctor", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, json.loads(result.stdout) if "--json" in args else result.stdout


def by_name(report: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The report's checks keyed by name."""
    return {c["name"]: c for c in report["checks"]}


def test_a_healthy_deployment_passes_every_check_and_names_what_it_found(
    seed_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, empty = doctor("--json")
    assert code == 0, empty
    assert [c["name"] for c in empty["checks"]] == CHECKS
    assert by_name(empty)["index"]["detail"].startswith("empty")

    assert CliRunner().invoke(cli, ["ingest", str(seed_dir)]).exit_code == 0
    with CannedOpenAIServer() as server:
        server.replies.append("ok")
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-local-test")
        monkeypatch.setenv("NEWSRAG_LLM", "openai:local-model")
        monkeypatch.setenv("NEWSRAG_UI_AUTH", "alice:secret")
        code, report = doctor("--json")
        assert len(server.requests) == 1
    assert code == 0, report
    assert report["ok"] is True
    checks = by_name(report)
    assert all(c["status"] == "ok" for c in checks.values()), checks
    assert checks["index"]["detail"].startswith("consistent: 1 articles, ")
    assert "multilingual-e5-small" in checks["embedding model"]["detail"]
    assert "no CUDA" in checks["torch"]["detail"]
    assert "openai:local-model answered" in checks["llm"]["detail"]
    assert checks["ui login"]["detail"] == "login required (1 user(s))"


def test_problems_are_each_reported_with_a_fix_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-local-test")
    monkeypatch.setenv("NEWSRAG_LLM", "openai:local-model")
    code, text = doctor()
    assert code == 1
    lines = text.splitlines()
    llm_line = next(line for line in lines if line.split()[1:2] == ["llm"])
    assert llm_line.startswith("problem")
    assert "does not answer" in llm_line
    assert "fix: start the model server" in lines[lines.index(llm_line) + 1]
    assert next(line for line in lines if " ui login " in f" {line} ").startswith("warn")

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.delenv("NEWSRAG_LLM")
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(blocker / "data"))
    code, report = doctor("--json")
    assert code == 1
    assert report["ok"] is False
    checks = by_name(report)
    assert checks["data dir"]["status"] == "problem"
    assert "NEWSRAG_DATA_DIR" in checks["data dir"]["fix"]
    assert checks["version"]["status"] == checks["python"]["status"] == "ok"
