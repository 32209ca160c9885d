"""What a user can get wrong, through the command line: one line naming the setting or path and
the fix, a documented exit code, no traceback (unless --verbose)."""

from __future__ import annotations

from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from typer.testing import CliRunner

from rag.errors import EXIT_USER_ERROR, NewsragError, SettingsError
from tests.helpers.network import free_port
from ui.cli import cli


def invoke(*args: str) -> tuple[int, str, str, BaseException | None]:
    """Run the CLI in-process: (exit code, stdout, stderr, the exception that escaped)."""
    result = CliRunner().invoke(cli, list(args))
    escaped = None if isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.stdout, result.stderr, escaped


def assert_one_line_error(stderr: str, *needles: str) -> None:
    """The error is a single `error: ...` line holding every needle, without a traceback."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_a_bad_setting_names_the_variable_and_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSRAG_TOP_K", "beaucoup")
    code, out, err, escaped = invoke("search", "OTAN")
    assert escaped is None
    assert code == EXIT_USER_ERROR
    assert out == ""
    assert_one_line_error(err, "NEWSRAG_TOP_K='beaucoup'", "integer", "Fix or unset it")


def test_verbose_shows_the_traceback_of_the_same_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSRAG_TOP_K", "0")
    code, _, _, escaped = invoke("-v", "search", "OTAN")
    assert isinstance(escaped, SettingsError)
    assert isinstance(escaped, NewsragError)
    assert code != 0


def test_an_unwritable_data_dir_is_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_dir: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(blocker / "data"))
    for args in (("ingest", str(seed_dir)), ("ask", "Qui ?")):
        code, _, err, escaped = invoke(*args)
        assert escaped is None, args
        assert code == EXIT_USER_ERROR
        assert_one_line_error(err, str(blocker / "data"), "NEWSRAG_DATA_DIR")


def test_an_unreachable_chroma_server_is_named_with_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("NEWSRAG_CHROMA_URL", url)
    code, _, err, escaped = invoke("search", "OTAN")
    assert escaped is None
    assert code == EXIT_USER_ERROR
    assert_one_line_error(err, f"NEWSRAG_CHROMA_URL={url}", "chroma run")


def test_an_index_built_by_another_embedder_is_refused_with_the_way_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "other-model-data"
    client = chromadb.PersistentClient(
        path=str(data_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection(
        "newsrag", metadata={"embedder": "some-other-model"}, embedding_function=None
    )
    collection.add(ids=["x"], embeddings=[[0.1] * 384], documents=["un texte"])
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(data_dir))
    code, _, err, escaped = invoke("ask", "Qui ?")
    assert escaped is None
    assert code == EXIT_USER_ERROR
    assert_one_line_error(err, "some-other-model", "NEWSRAG_EMBEDDING_MODEL", "NEWSRAG_COLLECTION")


@pytest.mark.parametrize(
    ("llm", "needles"),
    [
        ("ollama:llama3.1", ("NEWSRAG_LLM='ollama:llama3.1'", "pip install langchain-ollama")),
        ("nonesuch:model", ("NEWSRAG_LLM='nonesuch:model'", "provider:model")),
    ],
)
def test_an_llm_provider_that_cannot_be_opened_is_named(
    monkeypatch: pytest.MonkeyPatch, llm: str, needles: tuple[str, ...]
) -> None:
    monkeypatch.setenv("NEWSRAG_LLM", llm)
    code, _, err, escaped = invoke("ask", "Qui ?")
    assert escaped is None
    assert code == EXIT_USER_ERROR
    assert_one_line_error(err, *needles)


def test_a_bad_ui_login_setting_stops_serve_before_any_model_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSRAG_UI_AUTH", "no-colon-here")
    code, _, err, escaped = invoke("serve", "--port", str(free_port()))
    assert escaped is None
    assert code == EXIT_USER_ERROR
    assert_one_line_error(err, "NEWSRAG_UI_AUTH", "user:password")


@pytest.mark.parametrize("command", ["serve", "doctor"])
def test_a_bad_ui_setting_names_its_variable_for_the_commands_that_read_it(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("NEWSRAG_PORT", "septante")
    code, out, err, escaped = invoke(command)
    assert escaped is None
    assert code == EXIT_USER_ERROR
    assert out == ""
    assert_one_line_error(err, "NEWSRAG_PORT='septante'", "integer", "Fix or unset it")
