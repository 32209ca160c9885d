"""The code's layout: no import cycle, imports flowing `ui -> ingest -> rag`, the stages of
`rag/` leaning one way (`app -> answering -> retrieve -> store -> text`), the model runtime
below them all, and no file over 300 lines.

Imports are read from the source with `ast`, function-level ones included; imports under
`if TYPE_CHECKING:` are left out, since they never run (see `tests/helpers/layout.py`). The
last tests run the same checks on small packages written in `tmp_path`, to show they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.layout import (
    collapse,
    cycles,
    edges_outside,
    edges_to,
    import_graph,
    long_files,
)
from tests.helpers.paths import ROOT

PACKAGES = ("rag", "ingest", "ui")
# The stages of rag/, each leaning only on those after it; the model runtime on what it lists.
STAGES = ("rag.app", "rag.answering", "rag.retrieve", "rag.store", "rag.text")
MODELS_LEAN_ON = ("rag.models", "rag.embeddings", "rag.settings", "rag.errors")
MAX_LINES = 300


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    """The run-time import graph of rag, ingest and ui."""
    return import_graph(ROOT, PACKAGES)


def test_no_module_of_rag_ingest_or_ui_is_in_an_import_cycle(graph: dict[str, set[str]]) -> None:
    assert cycles(graph) == []


def test_imports_flow_from_ui_to_ingest_to_rag_never_back(graph: dict[str, set[str]]) -> None:
    backwards = edges_to(graph, "rag", ["ingest", "ui"]) + edges_to(graph, "ingest", ["ui"])
    assert not backwards, "imports against the flow: " + "; ".join(backwards)


def test_the_stages_inside_rag_import_one_another_without_a_cycle(
    graph: dict[str, set[str]],
) -> None:
    core = {module: targets for module, targets in graph.items() if module.startswith("rag.")}
    assert cycles(collapse(core, 2)) == []


def test_each_stage_of_rag_leans_only_on_the_stages_after_it(
    graph: dict[str, set[str]],
) -> None:
    upward = [edge for n, stage in enumerate(STAGES) for edge in edges_to(graph, stage, STAGES[:n])]
    assert not upward, "a stage imports one above it: " + "; ".join(upward)


def test_the_model_runtime_leans_only_on_embeddings_settings_and_errors(
    graph: dict[str, set[str]],
) -> None:
    leaks = edges_outside(graph, "rag.models", "rag", MODELS_LEAN_ON)
    assert not leaks, "the model runtime imports: " + "; ".join(leaks)


def test_no_python_file_is_longer_than_300_lines() -> None:
    too_long = long_files(ROOT, [*PACKAGES, "bench", "tests"], MAX_LINES)
    assert not too_long, "split: " + "; ".join(too_long)


def write_package(root: Path, files: dict[str, str]) -> None:
    """Write `files` (paths relative to `root`: source) under `root`."""
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def test_a_cycle_closed_by_a_function_level_import_is_found(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "def f():\n    from pkg.a import x\n    return x\n",
            "pkg/c.py": "import pkg.a\n",
        },
    )
    assert cycles(import_graph(tmp_path, ["pkg"])) == [["pkg.a", "pkg.b"]]


def test_a_cycle_through_relative_imports_is_found(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from . import a\n",
            "pkg/sub/a.py": "from ..other import thing\n",
            "pkg/other.py": "from .sub import a\n",
        },
    )
    assert cycles(import_graph(tmp_path, ["pkg"])) == [["pkg.other", "pkg.sub.a"]]


def test_imports_only_under_type_checking_close_no_cycle(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import B\n",
            "pkg/b.py": (
                "import typing\nif typing.TYPE_CHECKING:\n    from pkg.a import A\n"
                "else:\n    from pkg import c\n"
            ),
            "pkg/c.py": "",
        },
    )
    graph = import_graph(tmp_path, ["pkg"])
    assert graph["pkg.b"] == {"pkg.c"}
    assert cycles(graph) == []


def test_a_name_imported_from_a_package_is_an_import_of_the_package(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        {"pkg/__init__.py": "thing = 1\n", "pkg/a.py": "from pkg import thing\n"},
    )
    assert import_graph(tmp_path, ["pkg"])["pkg.a"] == {"pkg"}


def test_a_cycle_between_stages_and_an_import_against_the_flow_are_named(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/models/__init__.py": "",
            "core/models/build.py": "from core.answer.reader import read\n",
            "core/answer/__init__.py": "",
            "core/answer/reader.py": "def read():\n    from core.models import run\n",
            "core/models/run.py": "",
        },
    )
    graph = import_graph(tmp_path, ["core"])
    assert cycles(graph) == []  # no module cycle: build -> reader -> run
    assert cycles(collapse(graph, 2)) == [["core.answer", "core.models"]]
    assert edges_to(graph, "core.models", ["core.answer"]) == [
        "core.models.build -> core.answer.reader"
    ]
    assert edges_outside(graph, "core.models", "core", ["core.models"]) == [
        "core.models.build -> core.answer.reader"
    ]


def test_only_a_file_over_the_limit_is_named(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        {"pkg/short.py": "x = 1\n" * MAX_LINES, "pkg/deep/long.py": "x = 1\n" * (MAX_LINES + 1)},
    )
    assert long_files(tmp_path, ["pkg"], MAX_LINES) == [f"pkg/deep/long.py: {MAX_LINES + 1} lines"]
