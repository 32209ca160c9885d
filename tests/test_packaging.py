"""Every library newsrag imports at run time is a pinned runtime dependency, and the wheel
carries every file the code reads (the plain install itself runs in `.ci/plain-install`)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata

from tests.helpers.paths import ROOT

RUNTIME_PACKAGES = ("rag", "ingest", "ui")


def imported_top_level_modules() -> dict[str, set[str]]:
    """Top-level module name -> the files of rag/, ingest/ and ui/ that import it."""
    found: dict[str, set[str]] = {}
    for package in RUNTIME_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def declared(extra: str | None = None) -> dict[str, str]:
    """Normalised distribution name -> its requirement, from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {_normalise(re.split(r"[\[=<>~!; ]", r, maxsplit=1)[0]): r for r in requirements}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_runtime_import_is_a_pinned_dependency() -> None:
    runtime = declared()
    providers = metadata.packages_distributions()
    own = set(RUNTIME_PACKAGES)
    missing = []
    for module, files in sorted(imported_top_level_modules().items()):
        if module in own or module in sys.stdlib_module_names or module == "__future__":
            continue
        distributions = {_normalise(d) for d in providers.get(module, [])}
        if not distributions & set(runtime):
            missing.append(f"{module} (from {sorted(distributions)}) in {sorted(files)[:2]}")
    assert not missing, "imported at run time but not a runtime dependency: " + "; ".join(missing)
    unpinned = [r for r in runtime.values() if "==" not in r]
    assert not unpinned, unpinned


def test_the_wheel_carries_the_files_the_code_reads() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = data["package-data"]["rag"]
    shipped = {p for pattern in patterns for p in (ROOT / "rag").glob(pattern)}
    on_disk = {p for p in (ROOT / "rag" / "models").iterdir() if p.is_file() and p.suffix != ".py"}
    assert on_disk <= shipped, f"rag/models files the wheel would leave out: {on_disk - shipped}"
