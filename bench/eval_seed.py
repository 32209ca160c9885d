"""Answers on the seed article: 50 questions of our own (`bench/questions_seed.jsonl`), written
in French, English and German before looking at what newsrag answers, 30 answerable (the gold
span is in the article) and 20 not (details it does not give, things it does not cover).

    python -m bench.eval_seed
    python -m bench.eval_seed --questions bench/questions_seed_heldout.jsonl

Ingests `seeds/` into a scratch folder with the default embedder and asks every question;
prints recall (the gold span in a found answer), refusals and false refusals per language,
and each question's outcome, to bench/results/answers-seed.md and .json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from bench.answer_metrics import holds_span
from bench.reports import command_line, write_report
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_FILE = Path(__file__).resolve().parent / "questions_seed.jsonl"
LANGUAGES = {"fr": "French", "en": "English", "de": "German"}


def ask_all(scratch: Path, questions_file: Path = QUESTIONS_FILE) -> list[dict[str, Any]]:
    """Every seed question's outcome: found, hit, relevance and the answer's start."""
    app = Newsrag(Settings(data_dir=scratch / "data"))
    ingest_paths(app, [ROOT / "seeds"])
    with questions_file.open(encoding="utf-8") as lines:
        questions = [json.loads(line) for line in lines if line.strip()]
    outcomes = []
    for q in questions:
        answer = app.answer(q["question"])
        hit = bool(q["answerable"] and answer.found and holds_span([answer.text], q["answer"]))
        outcomes.append(
            {
                **q,
                "found": answer.found,
                "hit": hit,
                "relevance": answer.relevance,
                "text": answer.text[:200],
            }
        )
    return outcomes


def tally(outcomes: list[dict[str, Any]]) -> dict[str, int]:
    """Counts of a group of outcomes."""
    answerable = [o for o in outcomes if o["answerable"]]
    other = [o for o in outcomes if not o["answerable"]]
    return {
        "answerable": len(answerable),
        "hits": sum(o["hit"] for o in answerable),
        "false_refusals": sum(not o["found"] for o in answerable),
        "unanswerable": len(other),
        "refusals": sum(not o["found"] for o in other),
    }


def render(outcomes: list[dict[str, Any]], questions_file: Path = QUESTIONS_FILE) -> str:
    """The report: one row per language and one for all, then each question."""
    rows = [("all", tally(outcomes))] + [
        (name, tally([o for o in outcomes if o["lang"] == code]))
        for code, name in LANGUAGES.items()
    ]
    lines = [
        f"## Answers: the seed article, {len(outcomes)} questions of our own "
        f"(`bench/{questions_file.name}`)",
        "",
        f"`{command_line('bench.eval_seed')}`",
        "",
        "| questions | answer recall | false refusals | refusals |",
        "|---|---|---|---|",
    ]
    for name, t in rows:
        lines.append(
            f"| {name} | {t['hits']} / {t['answerable']} | {t['false_refusals']} / "
            f"{t['answerable']} | {t['refusals']} / {t['unanswerable']} |"
        )
    lines += ["", "| id | answerable | outcome | relevance | question |", "|---|---|---|---|---|"]
    for o in outcomes:
        if o["answerable"]:
            outcome = "hit" if o["hit"] else ("refused" if not o["found"] else "missed")
        else:
            outcome = "refused" if not o["found"] else "answered"
        lines.append(
            f"| {o['id']} | {o['answerable']} | {outcome} | {o['relevance']:.3f} | "
            f"{o['question']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Ask the seed questions and write the report (answers-seed, or answers-seed-heldout for
    bench/questions_seed_heldout.jsonl)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS_FILE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsrag-seed-") as scratch:
        outcomes = ask_all(Path(scratch), args.questions)
    report = render(outcomes, args.questions)
    print(report, flush=True)
    suffix = args.questions.stem.removeprefix("questions_seed")
    name = "answers-seed" + (f"-{suffix.lstrip('_')}" if suffix else "")
    write_report(name, report, {"outcomes": outcomes, "totals": tally(outcomes)})


if __name__ == "__main__":
    main()
