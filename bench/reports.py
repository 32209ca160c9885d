"""Where benchmark reports go: one Markdown table and one JSON record per run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def write_report(name: str, markdown: str, result: dict[str, Any]) -> Path:
    """Write bench/results/<name>.md and .json; return the Markdown file's path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    md = RESULTS_DIR / f"{name}.md"
    md.write_text(markdown, encoding="utf-8")
    (RESULTS_DIR / f"{name}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return md
