"""Refusals when the article is absent: the handwritten news questions asked of an archive
without the articles they were written on.

    .venv/bin/python -m bench.eval_absent [--sample 2000] [--index-dir DIR] [QUESTIONS ...]

The refusal target counts questions "whose paragraph or article is absent". PIAF's held-out
paragraphs measure it on Wikipedia (`bench.eval_answers`); the news sets' own unanswerable
questions are harder (the article is there and lacks the detail asked). Here the articles of
every question of the given sets (by default the fresh sets, fifth to last) are pruned from
the archive `bench.eval_answers` draws, and every question on them should be refused, whether
or not its article answered it. A question whose gold span another kept article holds is left
out: it may be answered from there. The top-1-passage baseline refuses nothing.

With `--index-dir` the benchmark's kept index is brought down to that archive with the real
pipeline (prune); the next `bench.eval_answers` run over it indexes the articles again.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.datasets import BenchArticle
from bench.eval_answers import index_articles
from bench.orangesum_answers import load_orangesum_answers, read_questions
from bench.reports import command_line, write_report
from rag.app import Newsrag
from rag.models.embedders import build_embedder
from rag.settings import Settings
from rag.text.lexicon import fold

log = logging.getLogger(__name__)

BENCH = Path(__file__).resolve().parent


def set_number(path: Path) -> int:
    """A fresh set's number (`questions_orangesum_heldout7.jsonl`: 7; the first: 1)."""
    return int(path.stem.rsplit("heldout", 1)[1] or 1)


# every fresh set from the fifth on, a new one included as soon as it is written
FRESH_SETS = sorted(
    (p for p in BENCH.glob("questions_orangesum_heldout*.jsonl") if set_number(p) >= 5),
    key=set_number,
)


def absent_archive(
    files: Sequence[Path], sample: int, seed: int
) -> tuple[list[BenchArticle], list[dict[str, Any]]]:
    """The archive without the articles the questions of `files` were written on, and those
    questions (each with its set's name), less those whose gold span a kept article holds."""
    questions: list[dict[str, Any]] = []
    for path in files:
        name = path.stem.removeprefix("questions_orangesum_")
        questions += [q | {"set": name} for q in read_questions(path)]
    removed = {str(q["article_id"]) for q in questions}
    # the sample plus the first file's articles: every article beyond the sample is removed
    data, _, _ = load_orangesum_answers(sample=sample, seed=seed, path=files[0])
    kept = [a for a in data.indexed if a.id not in removed]
    archive = "\n".join(fold(a.text) for a in kept)
    asked = [q for q in questions if not (q["answer"] and fold(str(q["answer"])) in archive)]
    return kept, asked


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Prune, ask every question as shipped and record whether it was refused."""
    files = [Path(f) for f in args.questions] or FRESH_SETS
    kept, questions = absent_archive(files, args.sample, args.seed)
    embedder = build_embedder(Settings())
    with tempfile.TemporaryDirectory(prefix="newsrag-absent-") as tmp:
        folder = Path(tmp)
        if args.index_dir:
            folder = Path(args.index_dir) / f"answers-orangesum-seed{args.seed}-{args.sample}"
            folder.mkdir(parents=True, exist_ok=True)
        settings = index_articles(kept, folder, embedder, reuse=bool(args.index_dir))
        app = Newsrag(settings, embedder=embedder)
        rows = []
        for q in questions:
            answer = app.answer(str(q["question"]), use_llm=False)
            rows.append(
                {"set": q["set"], "id": q["id"], "lang": q.get("lang", "fr")}
                | {"answerable": bool(q["answerable"]), "refused": not answer.found}
            )
    return {
        "command": command_line("bench.eval_absent"),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "archive": len(kept),
        "left_out": sum(len(read_questions(f)) for f in files) - len(questions),
        "rows": rows,
    }


def _cell(rows: Sequence[dict[str, Any]]) -> str:
    """« refused share (n) » of `rows`, or a dash when there are none."""
    if not rows:
        return "-"
    return f"{sum(r['refused'] for r in rows) / len(rows):.3f} ({len(rows)})"


def render_markdown(result: dict[str, Any]) -> str:
    """The report: refusals per set and per language of the question."""
    rows = result["rows"]
    lines = [
        "## Refusals when the article is absent",
        "",
        f"`{result['command']}` on {result['date']}, {result['machine']['cpu_count']} CPUs; "
        f"archive: {result['archive']} articles, the questions' own pruned; "
        f"{len(rows)} questions asked ({result['left_out']} left out: another article holds "
        "their gold span).",
        "",
        "Share refused (questions). Answerable / not: whether the question's article answered "
        "it when it was there. The top-1-passage baseline refuses none.",
        "",
        "| set | all | French | English, German | answerable | not answerable |",
        "|---|---|---|---|---|---|",
    ]
    for name in [*dict.fromkeys(r["set"] for r in rows), "all"]:
        part = [r for r in rows if name in ("all", r["set"])]
        french = [r for r in part if r["lang"] == "fr"]
        foreign = [r for r in part if r["lang"] != "fr"]
        answerable = [r for r in part if r["answerable"]]
        other = [r for r in part if not r["answerable"]]
        cells = [_cell(part), _cell(french), _cell(foreign), _cell(answerable), _cell(other)]
        lines.append(f"| {'**all**' if name == 'all' else name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="*", help="question files (default: the fresh sets)")
    parser.add_argument("--sample", type=int, default=2000, help="OrangeSum articles drawn")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--index-dir",
        default=None,
        metavar="DIR",
        help="bring the index `bench.eval_answers --index-dir DIR` keeps down to the archive",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and write bench/results/absent-orangesum-<sample>.md and .json."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    result = run(args)
    report = render_markdown(result)
    print(report, flush=True)
    write_report(f"absent-orangesum-{args.sample}", report, result)


if __name__ == "__main__":
    main()
