"""Answer quality on PIAF: newsrag's extractive answers against a top-1-passage baseline.

    .venv/bin/python -m bench.eval_answers [--titles N] [--limit-questions N] [--seed 13]

A fixed-seed 20% of the paragraphs is held out of the index: their questions should be refused.
Questions are asked once with `min_relevance=0`; each refusal threshold, the default included,
is replayed from the answers' relevance scores (`at_threshold`). Tables go to stdout and to
bench/results/answers-piaf[-N][-reader].md and .json (N: --limit-questions; -reader: run with
NEWSRAG_ANSWER_READER=true, which also answers once without the reader for comparison).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.answer_metrics import (
    MAX_FALSE_REFUSALS,
    AnswerDataset,
    Asked,
    GoldQuestion,
    examples,
    holds_span,
    miss_cause,
    perfect_reader,
    recommend,
    refusal_auc,
    replay,
    score,
    sweep,
)
from bench.datasets import PIAF_FILE, BenchArticle, write_jsonl
from bench.orangesum_answers import load_orangesum_answers
from bench.reports import command_line, write_report
from ingest.pipeline import ingest_paths
from rag.answering.reader import reader_meta
from rag.app import Newsrag
from rag.embeddings import Embedder, build_embedder
from rag.settings import Settings
from rag.types import Answer, Citation

log = logging.getLogger(__name__)

HELD_OUT_SHARE = 0.2


def load_piaf_answers(
    path: Path = PIAF_FILE,
    *,
    titles: int | None = None,
    max_questions: int | None = None,
    seed: int = 13,
    held_out_share: float = HELD_OUT_SHARE,
    skip_articles: Collection[int] = (),
) -> AnswerDataset:
    """PIAF as `load_piaf` reads it (ids, title sample, seed) plus gold answers and a held-out
    share of the paragraphs drawn with `seed`; `max_questions` samples the questions.

    Questions on the articles numbered in `skip_articles` (those the answer reader was
    trained on) are left out, and a title sample is drawn from the other articles; with no
    sample, their paragraphs are still indexed."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    chosen: Sequence[int] = range(len(data))
    if titles is not None and titles < len(data) - len(skip_articles):
        open_articles = [a for a in range(len(data)) if a not in skip_articles]
        chosen = sorted(random.Random(seed).sample(open_articles, titles))
    articles: list[BenchArticle] = []
    golds: list[tuple[str, str, str]] = []
    for a in chosen:
        for p, paragraph in enumerate(data[a]["paragraphs"]):
            article_id = f"piaf-{a}-{p}"
            articles.append(BenchArticle(article_id, data[a]["title"], paragraph["context"]))
            golds.extend(
                (qa["question"].strip(), article_id, qa["answers"][0]["text"])
                for qa in paragraph["qas"]
                if qa["question"].strip() and qa["answers"] and a not in skip_articles
            )
    ids = [a.id for a in articles]
    held = set(random.Random(seed).sample(ids, round(held_out_share * len(ids))))
    questions = [GoldQuestion(q, aid, gold, aid not in held) for q, aid, gold in golds]
    if max_questions is not None and max_questions < len(questions):
        questions = random.Random(seed).sample(questions, max_questions)
    indexed = [a for a in articles if a.id not in held]
    return AnswerDataset(indexed, [a for a in articles if a.id in held], questions)


def index_articles(
    articles: Sequence[BenchArticle], folder: Path, embedder: Embedder, *, reuse: bool = False
) -> Settings:
    """Ingest the articles with the real pipeline into a new store under `folder` (with
    `reuse`, a store kept there by an earlier run is brought up to date instead)."""
    settings = Settings(data_dir=folder / "data", collection="piaf", chroma_url=None, llm=None)
    app = Newsrag(settings, embedder=embedder)
    report = ingest_paths(app, [write_jsonl(articles, folder / "piaf.jsonl")], prune=reuse)
    indexed = report.added + report.updated + (report.skipped if reuse else 0)
    if report.errors or indexed != len(articles):
        raise RuntimeError(f"ingest: {indexed} of {len(articles)} indexed, {report.errors[:3]}")
    return settings


def top_passage_answer(app: Newsrag, question: str) -> Answer:
    """The naive baseline: the text of the best passage, always found, cited as [1]."""
    top = app.search(question, k=1)
    if not top:
        return Answer(question, "", False, mode="top-1-passage")
    p = top[0]
    cite = Citation(1, p.article_id, p.title, p.date, p.source, p.text, p.start, p.end, p.score)
    cite = replace(cite, url=p.url, passage=p.text)
    # its refusal score (for the ROC AUC) is the passage's fused retrieval score
    return Answer(question, f"{p.text} [1]", True, [cite], mode="top-1-passage", relevance=p.score)


def ask_all(respond: Callable[[str], Answer], questions: Sequence[GoldQuestion]) -> list[Asked]:
    """Each question answered by `respond` and timed, after one untimed warm-up."""
    if questions:
        respond(questions[0].text)
    asked: list[Asked] = []
    for i, question in enumerate(questions, start=1):
        start = time.perf_counter()
        answer = respond(question.text)
        asked.append(Asked(question, answer, (time.perf_counter() - start) * 1000))
        if i % 250 == 0:
            log.info("%d of %d questions asked", i, len(questions))
    return asked


def run(args: argparse.Namespace) -> dict[str, object]:
    """Index the kept paragraphs, ask every question of both systems and score them."""
    reader_articles = reader_meta().get("train_articles", [])  # whether or not it is used
    tuning: set[str] | None = None
    if args.dataset == "orangesum":
        data, tuning = load_orangesum_answers(sample=args.sample, seed=args.seed)
    else:
        data = load_piaf_answers(
            titles=args.titles,
            max_questions=args.limit_questions,
            seed=args.seed,
            skip_articles=set(reader_articles),
        )
    embedder = build_embedder(Settings())
    embedder.embed_query("warm up")
    with tempfile.TemporaryDirectory(prefix="newsrag-answers-") as tmp:
        folder = Path(tmp)
        if args.index_dir:
            name = f"answers-seed{args.seed}-titles{args.titles or 'all'}"
            if args.dataset == "orangesum":
                name = f"answers-orangesum-seed{args.seed}-{args.sample}"
            folder = Path(args.index_dir) / name
            folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        settings = index_articles(data.indexed, folder, embedder, reuse=bool(args.index_dir))
        index_seconds = round(time.perf_counter() - start, 1)
        log.info("indexed %d paragraphs in %.0f s", len(data.indexed), index_seconds)
        app = Newsrag(settings.model_copy(update={"min_relevance": 0.0}), embedder=embedder)
        asked = ask_all(app.answer, data.questions)
        baseline = ask_all(lambda q: top_passage_answer(app, q), data.questions)
        # the same questions with the answer reader switched the other way, for comparison
        toggled = {"min_relevance": 0.0, "answer_reader": app.reading is None}
        other_app = Newsrag(settings.model_copy(update=toggled), embedder=embedder)
        other: tuple[str, list[Asked], float] | None = None
        if (other_app.reading is None) != (app.reading is None) and args.reader_comparison:
            other = (
                system_name(other_app.reading is not None),
                ask_all(other_app.answer, data.questions),
                other_app.reading.min_relevance if other_app.reading else embedder.min_relevance,
            )
        span_retrieved = [
            holds_span([p.text for p in app.search(q.text)], q.gold_answer) for q in data.questions
        ]
    threshold = settings.min_relevance
    if threshold is None:
        threshold = app.reading.min_relevance if app.reading else embedder.min_relevance
    return {
        "command": command_line("bench.eval_answers"),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "settings": {"seed": args.seed, "titles": args.titles, "embedder": embedder.name}
        | {"threshold": threshold, "omp_num_threads": os.environ.get("OMP_NUM_THREADS")}
        | {"reader_share": app.reading.share if app.reading else None}
        | {"reader_trained_articles_skipped": len(reader_articles)},
        "index_seconds": index_seconds,
        "dataset": args.dataset,
        **summarise(
            data, asked, baseline, threshold, span_retrieved, other, app.reading is not None
        ),
        "halves": halves(asked, baseline, threshold, data.texts(), tuning),
    }


def halves(
    asked: list[Asked],
    baseline: list[Asked],
    threshold: float,
    texts: dict[str, str],
    tuning: set[str] | None,
) -> list[dict[str, object]]:
    """Both systems' scores on the tuning and the test half of a set that has them."""
    if tuning is None:
        return []
    rows: list[dict[str, object]] = []
    for half, keep in (("tuning", True), ("test", False)):
        for system, answers in (("top-1 passage", baseline), ("newsrag", replay(asked, threshold))):
            part = [a for a in answers if (a.question.text in tuning) == keep]
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
) -> dict[str, object]:
    """Sizes, the systems' scores (`other`: newsrag set the other way, named, with its
    threshold), the threshold sweep, newsrag's misses by cause, and the refusals a perfect
    reader of the same retrieved passages would make."""
    texts = data.texts()
    default = replay(asked, threshold)
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
    header = ["system", "answer recall", "citation precision", "cites gold", "refusal acc."]
    header += ["false refusals", "refusal AUC", "p50 ms", "p95 ms", "chars/answer"]
    keys = ["answer_recall", "citation_precision", "cites_gold", "refusal_accuracy"]
    keys += ["false_refusals", "auc", "latency_p50_ms", "latency_p95_ms", "mean_answer_chars"]
    systems = [
        [r["system"], *[r.get(k, "") if k in keys[:6] else round(r[k]) for k in keys]]
        for r in result["rows"]
    ]
    half_keys = ["answer_recall", "refusal_accuracy", "false_refusals", "auc"]
    half_rows = [[r["half"], r["system"], *[r[k] for k in half_keys]] for r in result["halves"]]
    half_table = []
    if half_rows:
        half_header = ["half", "system", "answer recall", "refusal acc.", "false refusals"]
        half_table = [
            "Per half (tuning: odd question numbers; test: even ones, never looked at):",
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
            "Threshold sweep (the newsrag answers replayed at each threshold):",
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
            "- Held-out paragraphs' siblings (same Wikipedia article) stay indexed: refusing "
            "their questions is hard, and a few can be answered from a sibling.",
            f"- Latency: one `answer()` (baseline: `search(k=1)`) with OMP_NUM_THREADS="
            f"{result['settings']['omp_num_threads']}; indexing took {result['index_seconds']:.0f}"
            " s.",
            "",
        ]
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--titles", type=int, default=None, metavar="N", help="N Wikipedia articles"
    )
    parser.add_argument("--limit-questions", type=int, default=None, metavar="N")
    parser.add_argument(
        "--dataset",
        choices=("piaf", "orangesum"),
        default="piaf",
        help="PIAF with held-out paragraphs, or the handwritten OrangeSum questions",
    )
    parser.add_argument("--sample", type=int, default=2000, help="OrangeSum articles indexed")
    parser.add_argument(
        "--no-reader-comparison",
        dest="reader_comparison",
        action="store_false",
        help="do not answer again with the answer reader switched the other way",
    )
    parser.add_argument("--seed", type=int, default=13)
    threads = "OMP_NUM_THREADS of the embedding engine, 0 to leave it (1: 2-4x faster when shared)"
    parser.add_argument("--threads", type=int, default=1, help=threads)
    parser.add_argument(
        "--index-dir",
        default=None,
        metavar="DIR",
        help="keep the PIAF index in DIR and reuse it on the next run (index time then "
        "only covers bringing it up to date)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and write the reports."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.threads:  # before the engine loads: OpenMP reads it once
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    result = run(args)
    report = render_markdown(result)
    print(report, flush=True)
    stem = f"answers-piaf-{args.limit_questions}" if args.limit_questions else "answers-piaf"
    if args.dataset == "orangesum":
        stem = f"answers-orangesum-{args.sample}"
    stem += "-reader" if result["settings"]["reader_share"] is not None else ""
    write_report(stem, report, result)


if __name__ == "__main__":
    main()
