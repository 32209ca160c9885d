"""How long `newsrag` commands take as whole processes: --help, --version, stats, a cold ask.

Each command runs `--runs` times in a fresh interpreter (after one warm-up run that is not
counted, so the model build cache and the OS file cache are warm) and the median wall time
is reported. `--before DIR` times another checkout of newsrag (e.g. a `git worktree` of an
older commit) with the same interpreter and the same index, side by side:

    git worktree add /tmp/before <commit>
    python -m bench.cli_startup --before /tmp/before
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.reports import command_line, write_report

ROOT = Path(__file__).resolve().parent.parent
COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "--version": ["--version"],
    "mistyped command": ["aks"],
    "stats": ["stats"],
    "cold ask": ["ask", "Combien de pays sont représentés à Paris ?"],
}


def timed(checkout: Path, args: list[str], env: dict[str, str]) -> float:
    """Seconds one `python -m ui.cli ARGS` process takes, run from `checkout`."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        check=False,
        timeout=600,
    )
    return time.perf_counter() - started


def measure(checkouts: dict[str, Path], env: dict[str, str], runs: int) -> dict[str, Any]:
    """Median seconds of each command for each checkout, their runs interleaved (so a busy
    moment of the machine weighs on both alike)."""
    times: dict[str, dict[str, list[float]]] = {c: {} for c in checkouts}
    for name, args in COMMANDS.items():
        for folder in checkouts.values():
            timed(folder, args, env)  # warm-up
        for _ in range(runs):
            for label, folder in checkouts.items():
                times[label].setdefault(name, []).append(timed(folder, args, env))
    return {c: {n: statistics.median(t) for n, t in by.items()} for c, by in times.items()}


def render(result: dict[str, Any]) -> str:
    """The Markdown table of the medians, before and after."""
    columns = list(result["checkouts"])
    lines = [
        "# newsrag commands as whole processes",
        "",
        f"`{result['command']}`; median of {result['runs']} runs after one warm-up, seconds, "
        f"on the seed index ({result['cpus']} CPUs).",
        "",
        "| command | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name in COMMANDS:
        cells = [f"{result['checkouts'][c][name]:.2f}" for c in columns]
        lines.append(f"| `newsrag {' '.join(COMMANDS[name])}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Ingest the seeds into a scratch data dir, time every command, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout to time beside this one")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "NEWSRAG_DATA_DIR": str(Path(scratch) / "data"), "HF_HUB_OFFLINE": "1"}
        subprocess.run(
            [sys.executable, "-m", "ui.cli", "ingest", str(ROOT / "seeds")],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        folders = {"before": args.before.resolve()} if args.before else {}
        folders["after" if args.before else "this checkout"] = ROOT
        checkouts = measure(folders, env, args.runs)
    result = {
        "command": command_line("bench.cli_startup"),
        "runs": args.runs,
        "cpus": os.cpu_count(),
        "checkouts": checkouts,
    }
    markdown = render(result)
    print(markdown)
    write_report("cli-startup", markdown, result)


if __name__ == "__main__":
    main()
