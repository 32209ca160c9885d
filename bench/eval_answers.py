"""Answer quality on PIAF: newsrag's extractive answers against a top-1-passage baseline.

    .venv/bin/python -m bench.eval_answers [--titles N] [--limit-questions N] [--seed 13]

A fixed-seed 20% of the paragraphs is held out of the index: their questions should be refused.
Questions are asked once with `min_relevance=0`; each refusal threshold, the default included,
is replayed from the answers' relevance scores (`at_threshold`). Tables go to stdout and to
bench/results/answers-piaf[-N][-noreader].md and .json (N: --limit-questions; -noreader: run
with NEWSRAG_ANSWER_READER=false; either way it also answers once with the reader switched the
other way, for comparison, unless --no-reader-comparison).
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
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bench.answer_metrics import AnswerDataset, Asked, GoldQuestion, holds_span
from bench.answers_report import halves, render_markdown, summarise, system_name
from bench.datasets import PIAF_FILE, BenchArticle, write_jsonl
from bench.orangesum_answers import QUESTIONS_FILE, load_orangesum_answers
from bench.reports import command_line, write_report
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.models.embedders import build_embedder
from rag.models.reader_build import reader_meta
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
    foreign: set[str] | None = None
    if args.dataset == "orangesum":
        data, tuning, foreign = load_orangesum_answers(
            sample=args.sample, seed=args.seed, path=Path(args.questions)
        )
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
        # as shipped: the replay at one threshold cannot tell a sentence quoted for holding
        # the asked kind, or a cross-lingual answer's own threshold
        shipped = ask_all(Newsrag(settings, embedder=embedder).answer, data.questions)
        baseline = ask_all(lambda q: top_passage_answer(app, q), data.questions)
        # the same questions with the answer reader switched the other way, for comparison
        toggled = {"min_relevance": 0.0, "answer_reader": app.reading is None}
        other_app = Newsrag(settings.model_copy(update=toggled), embedder=embedder)
        other: tuple[str, list[Asked], float] | None = None
        if (other_app.reading is None) != (app.reading is None) and args.reader_comparison:
            other = (
                system_name(other_app.reading is not None),
                ask_all(other_app.answer, data.questions),
                other_app.reading.min_relevance
                if other_app.reading
                else embedder.profile.min_relevance,
            )
        span_retrieved = [
            holds_span([p.text for p in app.search(q.text)], q.gold_answer) for q in data.questions
        ]
    threshold = settings.min_relevance
    if threshold is None:
        threshold = app.reading.min_relevance if app.reading else embedder.profile.min_relevance
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
            data,
            asked,
            baseline,
            threshold,
            span_retrieved,
            other,
            app.reading is not None,
            shipped,
        ),
        "halves": halves(asked, baseline, threshold, data.texts(), tuning, foreign, shipped),
    }


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
        "--questions",
        default=str(QUESTIONS_FILE),
        metavar="FILE",
        help="the OrangeSum questions (another file's report is named after it)",
    )
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
        if Path(args.questions).resolve() != QUESTIONS_FILE.resolve():
            stem += "-" + Path(args.questions).stem.removeprefix("questions_orangesum_")
    stem += "" if result["settings"]["reader_share"] is not None else "-noreader"
    write_report(stem, report, result)


if __name__ == "__main__":
    main()
