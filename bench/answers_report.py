"""The answer benchmark's scores and report: what bench/eval_answers.py measured, summarised
and written as Markdown."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from bench.answer_metrics import (
    MAX_FALSE_REFUSALS,
    AnswerDataset,
    Asked,
    examples,
    miss_cause,
    perfect_reader,
    recommend,
    refusal_auc,
    replay,
    score,
    sweep,
)


def halves(
    asked: list[Asked],
    baseline: list[Asked],
    threshold: float,
    texts: dict[str, str],
    tuning: set[str] | None,
    foreign: set[str] | None = None,
    shipped: list[Asked] | None = None,
) -> list[dict[str, object]]:
    """Both systems' scores on the tuning and the test half of a set that has them, and on its
    French and its other-language (`foreign`) questions apart (newsrag's: `shipped`, the
    answers asked at the shipped thresholds, else `asked` replayed at `threshold`)."""
    if tuning is None:
        return []
    foreign = foreign or set()
    parts = [("tuning", tuning, True), ("test", tuning, False)]
    if foreign:
        parts += [("French", foreign, False), ("English, German", foreign, True)]
    rows: list[dict[str, object]] = []
    for half, texts_in, keep in parts:
        ours = shipped if shipped is not None else replay(asked, threshold)
        for system, answers in (("top-1 passage", baseline), ("newsrag", ours)):
            part = [a for a in answers if (a.question.text in texts_in) == keep]
            rows.append(
                {"half": half, "system": system, "auc": refusal_auc(part)}
                | asdict(score(part, texts))
            )
    return rows


def system_name(reads: bool) -> str:
    """How the report names newsrag with or without the answer reader."""
    return "newsrag extractive, " + ("with the answer reader" if reads else "relevance alone")


def summarise(
    data: AnswerDataset,
    asked: list[Asked],
    baseline: list[Asked],
    threshold: float,
    span_retrieved: Sequence[bool],
    other: tuple[str, list[Asked], float] | None = None,
    reads: bool = False,
    shipped: list[Asked] | None = None,
) -> dict[str, object]:
    """Sizes, the systems' scores (`other`: newsrag set the other way, named, with its
    threshold), the threshold sweep, newsrag's misses by cause, and the refusals a perfect
    reader of the same retrieved passages would make. newsrag's row is `shipped`, the
    answers asked at its shipped thresholds, when given (else `asked`, asked with none,
    replayed at `threshold`); the sweep and the ROC AUC always come from `asked`."""
    texts = data.texts()
    default = shipped if shipped is not None else replay(asked, threshold)
    rows = sweep(asked, texts)
    causes = [(cause, a) for a in default if (cause := miss_cause(a))]
    other_rows = []
    if other:
        other_name, other_asked, other_threshold = other
        other_scores = score(replay(other_asked, other_threshold), texts)
        other_rows = [{"system": f"{other_name} ({other_threshold:.2f})", **asdict(other_scores)}]
    return {
        "sizes": {"indexed": len(data.indexed), "held_out": len(data.held_out)}
        | {"questions": len(asked), "answerable": sum(a.question.answerable for a in asked)},
        "rows": [
            {"system": "top-1 passage (baseline)", **asdict(score(baseline, texts))}
            | {"auc": refusal_auc(baseline)},
            *other_rows,
            {"system": f"{system_name(reads)} ({threshold:.2f})", **asdict(score(default, texts))}
            | {"auc": refusal_auc(asked)},
        ],
        "sweep": rows,
        "perfect_reader": asdict(perfect_reader(data.questions, span_retrieved)),
        "recommended": recommend(rows),
        "misses": Counter(cause for cause, _ in causes),
        "examples": examples(causes),
    }


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in rows]
    return [f"| {' | '.join(header)} |", "|---" * len(header) + "|"] + [
        f"| {' | '.join(row)} |" for row in cells
    ]


def _perfect_reader_line(result: dict[str, Any]) -> list[str]:
    bound = result.get("perfect_reader")
    if not bound or result.get("dataset") == "orangesum":  # its unanswerable have no gold span
        return []
    return [
        "Ceiling: a perfect reader of the same retrieved passages (it answers exactly when one "
        f"holds the gold span) would refuse {bound['refusal_accuracy']:.3f} of the held-out "
        f"questions with {bound['false_refusals']:.3f} false refusals (answerable questions "
        "whose span retrieval missed); its answer recall would be "
        f"{bound['answer_recall']:.3f}.",
        "",
    ]


def render_markdown(result: dict[str, Any]) -> str:
    """The result as a Markdown report."""
    sizes, best = result["sizes"], result["recommended"]
    pick = "none: every threshold refuses too many answerable questions"
    if best:
        pick = f"**{best['threshold']:.2f}** (refusal acc. {best['refusal_accuracy']:.3f}, false "
        pick += f"refusals {best['false_refusals']:.3f}, recall {best['answer_recall']:.3f})"
    header = ["system", "answer recall", "citation precision", "whole quotes", "cites gold"]
    header += ["answer in bold", "refusal acc.", "false refusals", "refusal AUC", "p50 ms"]
    header += ["p95 ms", "chars/answer"]
    keys = ["answer_recall", "citation_precision", "whole_quotes", "cites_gold", "answer_in_bold"]
    keys += ["refusal_accuracy", "false_refusals", "auc", "latency_p50_ms", "latency_p95_ms"]
    keys += ["mean_answer_chars"]
    systems = [
        [r["system"], *[r.get(k, "") if k in keys[:8] else round(r[k]) for k in keys]]
        for r in result["rows"]
    ]
    half_keys = ["answer_recall", "refusal_accuracy", "false_refusals", "auc"]
    half_rows = [[r["half"], r["system"], *[r[k] for k in half_keys]] for r in result["halves"]]
    half_table = []
    if half_rows:
        half_header = ["part", "system", "answer recall", "refusal acc.", "false refusals"]
        half_table = [
            "Per half (tuning: odd question numbers; test: even ones, never looked at) and per "
            "language of the question:",
            "",
            *_table([*half_header, "refusal AUC"], half_rows),
            "",
        ]

    def gap(r: dict[str, float]) -> list[float]:
        return [r["refusal_accuracy"] - r["false_refusals"], r["answer_recall"]]

    sweep_rows = [
        [f"{r['threshold']:.2f}", r["refusal_accuracy"], r["false_refusals"], *gap(r)]
        for r in result["sweep"]
    ]
    sweep_header = ["threshold", "refusal acc.", "false refusals", "acc. - false", "recall"]
    return "\n".join(
        [
            f"## Answers: {result.get('dataset', 'piaf')}",
            "",
            f"`{result['command']}` on {result['date']}, {os.cpu_count()} CPUs; articles:"
            f" {sizes['indexed']} indexed, {sizes['held_out']} held out; {sizes['questions']} "
            f"questions, {sizes['answerable']} answerable.",
            "",
            *_table(header, systems),
            "",
            *half_table,
            "Threshold sweep (answers asked with no threshold, replayed at each: a sentence "
            "quoted below the threshold for holding the asked kind, and a cross-lingual "
            "answer's own threshold, are not replayed; the row above is newsrag as shipped):",
            "",
            *_table(sweep_header, sweep_rows),
            "",
            "Recommended threshold (max refusal acc. - false refusals, false refusals <= "
            f"{MAX_FALSE_REFUSALS:.2f}): {pick}.",
            "",
            *_perfect_reader_line(result),
            "newsrag at its threshold, by cause: "
            + "; ".join(f"{cause}: {n}" for cause, n in result["misses"].items())
            + ".",
            "",
            "- Answer recall: the answer (markers removed) holds the gold span, both folded to "
            "lower-case unaccented words; refusals are misses. Cites gold: share of found "
            "answers to answerable questions citing the question's paragraph.",
            "- Citation precision: share of `[n]` markers whose cited quote/passage holds the "
            "words of the text they follow and whose quote is the article's text at [start:end].",
            "- Answer in bold: of the answers holding the gold span to questions asking for a "
            "kind (a number, a date, a name...), the share whose first words in bold hold it "
            "too (or lie in it, or share a number with it: `bench/answer_metrics.py`, "
            "`bold_holds`); the baseline shows none.",
            "- Whole quotes: share of the quotes of every answer (refusals' quotes included) "
            "that start and end where a sentence does, judged by punctuation "
            "(`bench/whole_quotes.py`), not by newsrag's splitter.",
            "- Held-out paragraphs' siblings (same Wikipedia article) stay indexed: refusing "
            "their questions is hard, and a few can be answered from a sibling.",
            f"- Latency: one `answer()` (baseline: `search(k=1)`) with OMP_NUM_THREADS="
            f"{result['settings']['omp_num_threads']}; indexing took {result['index_seconds']:.0f}"
            " s.",
            "",
        ]
    )
