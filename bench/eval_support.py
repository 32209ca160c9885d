"""Precision and recall of the LLM support check on bench/support_pairs.jsonl, before and after.

Each pair is a claim about one passage, cited `[1]`: the check either keeps the marker
(supported) or flags the sentence. Flagging is the positive class: recall is the share of
altered claims flagged, precision the share of flagged claims that were altered; per edit
type, the share flagged (for `untouched` and `paraphrase` that share is the false flags).

"before" is the check as it was at BASELINE (its rag/answering/citations.py, read from git and run
against today's sentence splitter); "after" is today's `rag.answering.citations.verify_citations`.
The rules' limits are chosen on the `tune` half (`--grid` prints the candidates there); the
`test` half is reported beside it. Run: python -m bench.eval_support [--grid]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import rag.answering.citations
import rag.answering.support
import rag.answering.support_rules as rules
from rag.models.embedders import build_embedder
from rag.settings import Settings
from rag.types import Passage

ROOT = Path(__file__).resolve().parent.parent
PAIRS = Path(__file__).resolve().parent / "support_pairs.jsonl"
REPORT = Path(__file__).resolve().parent / "results" / "support-pairs.md"
GRID_REPORT = REPORT.with_name("support-grid.md")
BASELINE = (
    "fc336cb6ba46585fe3aeb17f6cb9168cdd113b84"  # the last commit before issue 17's support rules
)
EDITS = ["untouched", "paraphrase", "joined", "negation", "entity", "number", "clause"]
# (label, limits of rag.answering.support_rules; "polarity" and "facts" False switch those
# rules off)
GRID: list[tuple[str, dict[str, Any]]] = [
    ("polarity only", {"facts": False, "MAX_NEW_RUN": 99, "MAX_NEW_TERMS": 99}),
    ("facts together only", {"polarity": False, "MAX_NEW_RUN": 99, "MAX_NEW_TERMS": 99}),
    ("new words only", {"polarity": False, "facts": False}),
    ("all, new words: no run, 2 or 20%", {"MAX_NEW_RUN": 99, "MAX_NEW_SHARE": 0.2}),
    ("all, new words: no run, 2 or 30%", {"MAX_NEW_RUN": 99, "MAX_NEW_SHARE": 0.3}),
    ("all, new words: run 2, 2 or 30%", {"MAX_NEW_RUN": 2, "MAX_NEW_SHARE": 0.3}),
    ("all, new words: run 3, 2 or 30%", {"MAX_NEW_RUN": 3, "MAX_NEW_SHARE": 0.3}),
    ("all, new words: run 4, 2 or 30%", {"MAX_NEW_RUN": 4, "MAX_NEW_SHARE": 0.3}),
    ("all, new words: run 3, 2 or 40%", {"MAX_NEW_RUN": 3, "MAX_NEW_SHARE": 0.4}),
    ("all, new words: run 3, 2 or 20%", {"MAX_NEW_RUN": 3, "MAX_NEW_SHARE": 0.2}),
    ("all, window 2 (claims restating no sentence)", {"WINDOW": 2}),
]

Verdict = Callable[[str, Passage], bool]  # claim, passage -> flagged


class CachedEmbedder:
    """The embedder, each text embedded once for all runs."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.cache: dict[str, list[float]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors of `texts`, from the cache where it has them."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            self.cache.update(zip(todo, self.inner.embed_documents(todo), strict=True))
        return [self.cache[t] for t in texts]


def baseline_module() -> types.ModuleType:
    """rag/answering/citations.py as it was at BASELINE, loaded as a module."""
    source = subprocess.run(
        ["git", "show", f"{BASELINE}:rag/answering/citations.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("bench.citations_before")
    sys.modules[module.__name__] = module
    exec(compile(source, f"{BASELINE}:rag/answering/citations.py", "exec"), module.__dict__)
    return module


def cited(claim: str) -> str:
    """The claim with `[1]` before its final punctuation, as an LLM writes it."""
    body = claim.rstrip()
    end = len(body.rstrip(".!?…"))
    return f"{body[:end]} [1]{body[end:]}"


def passage_of(pair: dict[str, Any]) -> Passage:
    """The pair's passage as retrieval would return it."""
    text = pair["passage"]
    return Passage(
        "c", pair["article_id"], pair["title"], text, 0, len(text), 1.0, pair["date"], lang="fr"
    )


@contextmanager
def limits(overrides: dict[str, Any]) -> Iterator[None]:
    """rag.answering.support_rules' limits (and rules) as `overrides` says, restored after."""
    saved = {name: getattr(rules, name) for name in overrides if name.isupper()}
    # the rules as rag.answering.support calls them, switched off by replacing them there
    switched = {"polarity_agrees": lambda *args: True, "negated": lambda *args: False}
    checks = {name: getattr(rag.answering.support, name) for name in switched}
    together = rules.PassageFacts.together
    for name, value in overrides.items():
        if name.isupper():
            setattr(rules, name, value)
    if not overrides.get("polarity", True):
        for name, replacement in switched.items():
            setattr(rag.answering.support, name, replacement)
    if not overrides.get("facts", True):
        rules.PassageFacts.together = lambda *args: True  # type: ignore[method-assign]
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rules, name, value)
        for name, check in checks.items():
            setattr(rag.answering.support, name, check)
        rules.PassageFacts.together = together  # type: ignore[method-assign]


def score(pairs: list[dict[str, Any]], flagged: list[bool]) -> dict[str, Any]:
    """Precision, recall, F1 of flagging altered claims; share flagged per edit type."""
    altered = [not p["supported"] for p in pairs]
    hits = sum(f and a for f, a in zip(flagged, altered, strict=True))
    precision = hits / max(1, sum(flagged))
    recall = hits / max(1, sum(altered))
    per_edit = {}
    for edit in EDITS:
        mine = [f for f, p in zip(flagged, pairs, strict=True) if p["edit"] == edit]
        per_edit[edit] = (sum(mine) / len(mine) if mine else 0.0, len(mine))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "per_edit": per_edit}


def main() -> None:
    """Evaluate before and after on both halves; write REPORT (or, with --grid, print the
    candidate limits on the tune half)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grid", action="store_true", help="compare limits on the tune half")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in PAIRS.open(encoding="utf-8")]
    embedder = CachedEmbedder(build_embedder(Settings()))
    before = baseline_module()

    def run(check: Any, subset: list[dict[str, Any]]) -> list[bool]:
        return [bool(check(cited(p["claim"]), [passage_of(p)], embedder).flagged) for p in subset]

    halves = {h: [p for p in pairs if p["half"] == h] for h in ("tune", "test")}
    if args.grid:
        tune = halves["tune"]
        rows = [("before", score(tune, run(before.verify_citations, tune)))]
        for label, overrides in GRID:
            with limits(overrides):
                rows.append(
                    (label, score(tune, run(rag.answering.citations.verify_citations, tune)))
                )
        GRID_REPORT.write_text(grid_report(rows, len(tune)), encoding="utf-8")
        print(GRID_REPORT.read_text(encoding="utf-8"))
        return
    results = {
        (name, h): score(subset, run(check, subset))
        for h, subset in halves.items()
        for name, check in (
            ("before", before.verify_citations),
            ("after", rag.answering.citations.verify_citations),
        )
    }
    REPORT.write_text(report(results, halves, embedder.name), encoding="utf-8")
    print(REPORT.read_text(encoding="utf-8"))


def grid_report(rows: list[tuple[str, dict[str, Any]]], pairs: int) -> str:
    """The markdown table of the limits tried on the tune half."""
    when = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        "## Support check: limits tried on the tune half",
        "",
        f"`python -m bench.eval_support --grid` on {when}; tune half, {pairs} pairs. Each row "
        'changes today\'s limits as its label says ("only": the other rules off). Per edit: '
        "share flagged.",
        "",
        "| check | precision | recall | F1 | " + " | ".join(EDITS) + " |",
        "|---|---|---|---|" + "---|" * len(EDITS),
    ]
    for label, s in rows:
        edits = " | ".join(f"{s['per_edit'][e][0]:.2f}" for e in EDITS)
        lines.append(
            f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {edits} |"
        )
    return "\n".join(lines) + "\n"


def report(
    results: dict[tuple[str, str], dict[str, Any]], halves: dict[str, list[Any]], model: str
) -> str:
    """The markdown report."""
    when = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        "## Support check: supported / altered sentence pairs",
        "",
        f"`python -m bench.eval_support` on {when}; {PAIRS.name}: "
        + ", ".join(f"{h} half {len(s)} pairs" for h, s in halves.items())
        + f". before = rag/answering/citations.py at {BASELINE}; after = today's check "
        f"(COVER={rules.COVER}, WINDOW={rules.WINDOW}, MAX_NEW_RUN={rules.MAX_NEW_RUN}, "
        f"MAX_NEW_TERMS={rules.MAX_NEW_TERMS}, MAX_NEW_SHARE={rules.MAX_NEW_SHARE}), limits "
        f"chosen on the tune half. Embedder: {model}.",
        "",
        "A pair is flagged when a sentence of its claim is (the check before flagged only "
        "sentences with a marker; the claim is cited `[1]` at its end). Flagging an altered "
        "claim is a hit. Per edit: share flagged (for untouched, paraphrase and joined, the "
        "false flags), with the number of pairs.",
        "",
        "| half | check | precision | recall | F1 | " + " | ".join(EDITS) + " |",
        "|---|---|---|---|---|" + "---|" * len(EDITS),
    ]
    for (name, h), s in sorted(
        results.items(), key=lambda kv: (kv[0][1] != "tune", kv[0][0] != "before")
    ):
        edits = " | ".join(f"{s['per_edit'][e][0]:.2f} ({s['per_edit'][e][1]})" for e in EDITS)
        lines.append(
            f"| {h} | {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {edits} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
