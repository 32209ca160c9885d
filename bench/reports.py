"""Where benchmark reports go: one Markdown table and one JSON record per run."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def command_line(module: str) -> str:
    """How this run was started, for its report: the NEWSRAG_* settings in the environment
    (they change what is measured, e.g. NEWSRAG_ANSWER_READER), then the command."""
    settings = [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("NEWSRAG_")]
    return " ".join([*settings, Path(sys.executable).name, "-m", module, *sys.argv[1:]])


def write_report(name: str, markdown: str, result: dict[str, Any]) -> Path:
    """Write bench/results/<name>.md and .json; return the Markdown file's path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    md = RESULTS_DIR / f"{name}.md"
    md.write_text(markdown, encoding="utf-8")
    (RESULTS_DIR / f"{name}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return md


def run_and_report(
    kind: str,
    run: Callable[[Path], dict[str, Any]],
    render: Callable[[dict[str, Any]], str],
) -> None:
    """Run a benchmark in a scratch folder, print its Markdown and write
    bench/results/<kind>-<slice>.md and .json."""
    with tempfile.TemporaryDirectory(prefix=f"newsrag-{kind}-") as scratch:
        result = run(Path(scratch))
    report = render(result)
    print(report, flush=True)
    write_report(f"{kind}-{result['slice']}", report, result)
