"""`newsrag doctor`: what a deployment needs, checked one line at a time, with the fix."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from typing import TYPE_CHECKING

import typer

from rag.errors import NewsragError
from ui.cli.common import JsonFlag, emit, settings, ui_settings
from ui.cli.doctor_checks import Problem, chroma, consistency, keyword_index, llm, ui_login

if TYPE_CHECKING:
    from rag.app import Newsrag
    from rag.settings import Settings
    from ui.settings import UISettings


@dataclass(frozen=True)
class Check:
    """One line of the report: `ok`, `warn` (works, but look) or `problem` (with its fix)."""

    name: str
    status: str
    detail: str
    fix: str = ""


def _version() -> str:
    try:
        return f"newsrag {metadata.version('newsrag')}"
    except metadata.PackageNotFoundError:
        return "newsrag (run from a checkout, not installed)"


def _python() -> str:
    found = platform.python_version()
    if not ((3, 11) <= sys.version_info[:2] < (3, 13)):
        raise Problem(f"Python {found}", "use Python 3.11 or 3.12")
    return f"Python {found} ({sys.executable})"


def _torch() -> str:
    try:
        found = metadata.version("torch")
    except metadata.PackageNotFoundError:
        raise Problem("torch is not installed", "pip install torch==2.13.0") from None
    cuda = sorted(
        name
        for d in metadata.distributions()
        if (name := (d.metadata["Name"] or "")).lower().startswith("nvidia-")
    )
    if cuda or "+cu" in found:
        raise Problem(
            f"torch {found} with CUDA packages ({', '.join(cuda[:3]) or found})",
            "reinstall the CPU build: pip uninstall -y torch " + " ".join(cuda[:3]) + "; "
            "pip install torch==2.13.0",
        )
    return f"torch {found}, CPU build, no CUDA packages"


def _data_dir(config: Settings) -> str:
    from rag.store.chroma import ensure_writable

    try:
        ensure_writable(config.data_dir, config.data_dir)
    except NewsragError as exc:
        raise Problem(str(exc), "set NEWSRAG_DATA_DIR to a folder you can write to") from exc
    return str(config.data_dir.resolve())


def run_checks(config: Settings, ui: UISettings) -> list[Check]:
    """Every check, in order; a check that cannot run because an earlier one failed says so."""
    checks: list[Check] = []
    app: Newsrag | None = None

    def check(name: str, probe: Callable[[], str]) -> bool:
        try:
            checks.append(Check(name, "ok", probe()))
            return True
        except Problem as problem:
            checks.append(Check(name, "problem", problem.detail, problem.fix))
        except NewsragError as exc:
            checks.append(Check(name, "problem", str(exc), "see the message"))
        return False

    def open_app() -> str:
        nonlocal app
        from rag.app import Newsrag

        started = time.perf_counter()
        app = Newsrag(config)
        vector = app.embedder.embed_query("doctor")
        took = time.perf_counter() - started
        return (
            f"{app.embedder.name}, {len(vector)} dimensions, loaded in {took:.1f} s "
            f"(builds cached in {config.model_cache_dir})"
        )

    check("version", _version)
    check("python", _python)
    check("torch", _torch)
    check("data dir", lambda: _data_dir(config))
    check("chroma", lambda: chroma(config))
    if check("embedding model", open_app) and app is not None:
        ready = app
        check("index", lambda: consistency(ready))
        check("keyword index", lambda: keyword_index(ready))
        check("llm", lambda: llm(ready))
    else:
        checks.append(Check("index", "problem", "not checked: the app could not start", ""))
    try:
        checks.append(Check("ui login", *ui_login(ui)))
    except Problem as problem:
        checks.append(Check("ui login", "problem", problem.detail, problem.fix))
    return checks


def doctor(as_json: JsonFlag = False) -> None:
    """Check what a deployment needs: Python, torch, model, data dir, Chroma, index, LLM, UI
    login. Exits 1 when a check fails."""
    checks = run_checks(settings(), ui_settings())
    failed = any(c.status == "problem" for c in checks)
    if as_json:
        emit({"ok": not failed, "checks": [asdict(c) for c in checks]})
    else:
        width = max(len(c.name) for c in checks)
        for c in checks:
            line = f"{c.status:<7} {c.name:<{width}}  {c.detail}"
            typer.echo(line + (f"\n{'':<{width + 10}}fix: {c.fix}" if c.fix else ""))
    if failed:
        raise typer.Exit(1)
