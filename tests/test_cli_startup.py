"""The command line starts fast and quiet: light imports for --help, logs only on request."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings

import pytest

from tests.helpers.paths import ROOT
from ui.cli.logs import NORMAL, QUIET, VERBOSE, configure_logging

HEAVY = ("chromadb", "onnxruntime", "torch", "langchain_core", "gradio", "bm25s", "transformers")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`newsrag ARGS` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_loading_the_command_line_imports_no_heavy_library() -> None:
    probe = "import sys, ui.cli, rag; print(sorted(set(sys.modules) & set(sys.argv[1:])))"
    found = subprocess.run(
        [sys.executable, "-c", probe, *HEAVY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert found.stdout.strip() == "[]", found.stdout


def test_help_version_and_a_mistyped_command_answer_without_a_traceback() -> None:
    helped = run_cli("--help")
    assert helped.returncode == 0
    for command in ("ingest", "ask", "search", "serve", "doctor"):
        assert command in helped.stdout
    versioned = run_cli("--version")
    assert versioned.returncode == 0
    assert versioned.stdout.startswith("newsrag ")
    typo = run_cli("aks")
    assert typo.returncode == 2
    assert "No such command 'aks'. Did you mean 'ask'?" in typo.stderr
    assert "Traceback" not in typo.stderr


@pytest.fixture
def restore_logging() -> object:
    """Put the root logger and the warning filters back after a test that configures them."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    with warnings.catch_warnings():
        yield None
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


def _emit_all() -> None:
    logging.getLogger("rag.store.keyword").warning("own warning")
    logging.getLogger("rag.app").info("own info")
    logging.getLogger("ingest.pipeline").error("own error")
    logging.getLogger("onnxruntime.quantization").warning("library warning")
    logging.warning("Please consider to run pre-processing before quantization")
    logging.getLogger("chromadb").error("library error")
    warnings.warn("a library's DeprecationWarning", DeprecationWarning, stacklevel=1)


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize(
    ("verbosity", "shown", "hidden"),
    [
        (NORMAL, ["own warning", "own error"], ["own info", "library", "pre-processing"]),
        (QUIET, ["own error"], ["own warning", "own info", "library", "pre-processing"]),
        (
            VERBOSE,
            ["own warning", "own info", "own error", "library warning", "pre-processing"],
            [],
        ),
    ],
)
def test_logging_shows_newsrags_own_output_by_default_and_libraries_only_when_verbose(
    capsys: pytest.CaptureFixture[str], verbosity: int, shown: list[str], hidden: list[str]
) -> None:
    configure_logging(verbosity)
    _emit_all()
    err = capsys.readouterr().err
    for text in shown:
        assert text in err, (verbosity, text, err)
    for text in hidden:
        assert text not in err, (verbosity, text, err)
    assert ("DeprecationWarning" in err) == (verbosity == VERBOSE)
