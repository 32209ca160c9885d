"""Answer quality on PIAF: newsrag's extractive answers against a top-1-passage baseline.

    .venv/bin/python -m bench.eval_answers [--titles N] [--limit-questions N] [--seed 13]

A fixed-seed 20% of the paragraphs is held out of the index: their questions should be refused.
Questions are asked once with `min_relevance=0`; each refusal threshold, the default included,
is replayed from the answers' relevance scores (`at_threshold`). Tables go to stdout and to
bench/results/answers-piaf.md and .json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.datasets import PIAF_FILE, BenchArticle, write_jsonl
from bench.eval_retrieval import RESULTS_DIR, _percentile
from ingest.pipeline import ingest_paths
from rag.analysis import fold, words
from rag.app import Newsrag
from rag.embeddings import Embedder, build_embedder
from rag.settings import Settings
from rag.types import Answer, Citation

log = logging.getLogger(__name__)

HELD_OUT_SHARE = 0.2
THRESHOLDS = tuple(round(0.20 + 0.02 * i, 2) for i in range(16))  # 0.20 .. 0.50
MAX_FALSE_REFUSALS = 0.10
# A citation marker: not glued to a word or a bracket, unlike "mot[3]" or "[[1987])".
_MARKER = re.compile(r"(?<![\w\[])\s*\[(\d+)\](?![\])])")
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldQuestion:
    """A PIAF question, its paragraph, the gold answer span, and whether it is indexed."""

    text: str
    gold_article_id: str
    gold_answer: str
    answerable: bool


@dataclass(frozen=True)
class AnswerDataset:
    """PIAF paragraphs, indexed or held out, and the questions with their gold answers."""

    indexed: list[BenchArticle]
    held_out: list[BenchArticle]
    questions: list[GoldQuestion]

    def texts(self) -> dict[str, str]:
        """Every paragraph's text by article id."""
        return {a.id: a.text for a in [*self.indexed, *self.held_out]}


@dataclass(frozen=True)
class Asked:
    """A question, the answer it got and how long that took."""

    question: GoldQuestion
    answer: Answer
    ms: float


@dataclass(frozen=True)
class Scores:
    """Answer quality of one system over a set of questions (shares in 0..1)."""

    answer_recall: float
    citation_precision: float  # markers both supported and exact
    supported_markers: float  # the cited quote/passage holds the words of the sentence
    exact_spans: float  # the quote is article_text[start:end]
    markers: int
    cites_gold: float  # found answers to answerable questions citing the gold paragraph
    refusal_accuracy: float
    false_refusals: float
    latency_p50_ms: float
    latency_p95_ms: float
    mean_answer_chars: float


def load_piaf_answers(
    path: Path = PIAF_FILE,
    *,
    titles: int | None = None,
    max_questions: int | None = None,
    seed: int = 13,
    held_out_share: float = HELD_OUT_SHARE,
) -> AnswerDataset:
    """PIAF as `load_piaf` reads it (ids, title sample, seed) plus gold answers and a held-out
    share of the paragraphs drawn with `seed`; `max_questions` samples the questions."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    chosen: Sequence[int] = range(len(data))
    if titles is not None and titles < len(data):
        chosen = sorted(random.Random(seed).sample(range(len(data)), titles))
    articles: list[BenchArticle] = []
    golds: list[tuple[str, str, str]] = []
    for a in chosen:
        for p, paragraph in enumerate(data[a]["paragraphs"]):
            article_id = f"piaf-{a}-{p}"
            articles.append(BenchArticle(article_id, data[a]["title"], paragraph["context"]))
            golds.extend(
                (qa["question"].strip(), article_id, qa["answers"][0]["text"])
                for qa in paragraph["qas"]
                if qa["question"].strip() and qa["answers"]
            )
    ids = [a.id for a in articles]
    held = set(random.Random(seed).sample(ids, round(held_out_share * len(ids))))
    questions = [GoldQuestion(q, aid, gold, aid not in held) for q, aid, gold in golds]
    if max_questions is not None and max_questions < len(questions):
        questions = random.Random(seed).sample(questions, max_questions)
    indexed = [a for a in articles if a.id not in held]
    return AnswerDataset(indexed, [a for a in articles if a.id in held], questions)


def index_articles(articles: Sequence[BenchArticle], folder: Path, embedder: Embedder) -> Settings:
    """Ingest the articles with the real pipeline into a new store under `folder`."""
    settings = Settings(data_dir=folder / "data", collection="piaf", chroma_url=None, llm=None)
    app = Newsrag(settings, embedder=embedder)
    report = ingest_paths(app, [write_jsonl(articles, folder / "piaf.jsonl")])
    if report.errors or report.added != len(articles):
        raise RuntimeError(f"ingest: {report.added} of {len(articles)} added, {report.errors[:3]}")
    return settings


def top_passage_answer(app: Newsrag, question: str) -> Answer:
    """The naive baseline: the text of the best passage, always found, cited as [1]."""
    top = app.search(question, k=1)
    if not top:
        return Answer(question, "", False, mode="top-1-passage")
    p = top[0]
    cite = Citation(1, p.article_id, p.title, p.date, p.source, p.text, p.start, p.end, p.score)
    cite = replace(cite, url=p.url, passage=p.text)
    return Answer(question, f"{p.text} [1]", True, [cite], mode="top-1-passage", relevance=1.0)


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


def at_threshold(answer: Answer, threshold: float) -> Answer:
    """The extractive answer had `min_relevance` been `threshold`, from one asked with 0.

    As in rag.extractive, the best sentence (the answer's relevance) must reach the threshold
    and the others join it only if their relevance (their citation's score) does too; the
    kept citations keep their order and are numbered again from 1.
    """
    if answer.relevance < threshold:
        return replace(answer, text="", found=False, citations=[])
    kept = [c for c in answer.citations if c.score >= threshold]
    kept = [replace(c, n=n) for n, c in enumerate(kept, start=1)]
    return replace(answer, text=" ".join(f"{c.quote} [{c.n}]" for c in kept), citations=kept)


def replay(asked: Sequence[Asked], threshold: float) -> list[Asked]:
    """The answers as they would be with refusal threshold `threshold`."""
    return [replace(a, answer=at_threshold(a.answer, threshold)) for a in asked]


def normalise(text: str) -> str:
    """Folded word tokens joined by spaces: no case, accents, quotes, apostrophes or hyphens."""
    return " ".join(_TOKEN.findall(fold(text)))


def contains_answer(answer: Answer, gold: str) -> bool:
    """Whether a found answer's text (markers removed) holds the gold span, normalised."""
    needle = normalise(gold)
    body = normalise(_MARKER.sub(" ", answer.text))
    return answer.found and bool(needle) and f" {needle} " in f" {body} "


def marker_checks(answer: Answer, texts: dict[str, str]) -> list[tuple[bool, bool]]:
    """(supported, exact) per `[n]` marker: the cited quote or passage holds the words of the
    text before the marker, and the quote is the cited article's text at [start:end]."""
    by_n = {c.n: c for c in answer.citations}
    checks: list[tuple[bool, bool]] = []
    cursor, claim = 0, ""
    for match in _MARKER.finditer(answer.text):
        claim = answer.text[cursor : match.start()].strip() or claim
        cursor = match.end()
        cited = by_n.get(int(match.group(1)))
        if cited is None:
            checks.append((False, False))
            continue
        claimed = set(words(claim))
        supported = bool(claimed) and claimed <= set(words(f"{cited.quote} {cited.passage}"))
        exact = texts.get(cited.article_id, "")[cited.start : cited.end] == cited.quote
        checks.append((supported, exact))
    return checks


def _share(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def score(asked: Sequence[Asked], texts: dict[str, str]) -> Scores:
    """Answer recall, citation precision, refusals, latency and length over `asked`."""
    answerable = [a for a in asked if a.question.answerable]
    held = [a for a in asked if not a.question.answerable]
    found = [a for a in asked if a.answer.found]
    answered = [a for a in answerable if a.answer.found]
    checks = [c for a in found for c in marker_checks(a.answer, texts)]
    gold = sum(
        any(c.article_id == a.question.gold_article_id for c in a.answer.citations)
        for a in answered
    )
    recalled = sum(contains_answer(a.answer, a.question.gold_answer) for a in answerable)
    ms = [a.ms for a in asked]
    return Scores(
        answer_recall=_share(recalled, len(answerable)),
        citation_precision=_share(sum(s and e for s, e in checks), len(checks)),
        supported_markers=_share(sum(s for s, _ in checks), len(checks)),
        exact_spans=_share(sum(e for _, e in checks), len(checks)),
        markers=len(checks),
        cites_gold=_share(gold, len(answered)),
        refusal_accuracy=_share(sum(not a.answer.found for a in held), len(held)),
        false_refusals=_share(len(answerable) - len(answered), len(answerable)),
        latency_p50_ms=_percentile(ms, 0.5),
        latency_p95_ms=_percentile(ms, 0.95),
        mean_answer_chars=_share(
            sum(len(_MARKER.sub("", a.answer.text)) for a in found), len(found)
        ),
    )


def sweep(
    asked: Sequence[Asked], texts: dict[str, str], thresholds: Sequence[float] = THRESHOLDS
) -> list[dict[str, float]]:
    """Refusal accuracy, false refusals and answer recall at each threshold, without re-asking."""
    rows: list[dict[str, float]] = []
    for t in thresholds:
        s = score(replay(asked, t), texts)
        keys = ("refusal_accuracy", "false_refusals", "answer_recall", "cites_gold")
        rows.append({"threshold": t, **{k: getattr(s, k) for k in keys}})
    return rows


def recommend(
    rows: Sequence[dict[str, float]], max_false: float = MAX_FALSE_REFUSALS
) -> dict[str, float] | None:
    """The row maximising refusal accuracy - false refusals with false refusals <= `max_false`."""

    def gain(r: dict[str, float]) -> tuple[float, float]:
        return round(r["refusal_accuracy"] - r["false_refusals"], 9), r["answer_recall"]

    return max((r for r in rows if r["false_refusals"] <= max_false), key=gain, default=None)


def miss_cause(a: Asked) -> str | None:
    """Why an answerable question's answer lacks the gold span (or that a held-out one got an
    answer); None when the answer is right."""
    right = contains_answer(a.answer, a.question.gold_answer)
    if not a.question.answerable:
        held = "held-out question answered" + (" (with the gold span)" if right else "")
        return held if a.answer.found else None
    if right:
        return None
    if not a.answer.found:
        return "refused, no sentence retrieved" if not a.answer.relevance else "refused"
    if a.question.gold_article_id not in {c.article_id for c in a.answer.citations}:
        return "gold paragraph not cited"
    return "gold paragraph cited, span not in answer"


def _examples(causes: Sequence[tuple[str, Asked]], per_cause: int = 8) -> list[dict[str, object]]:
    seen: Counter[str] = Counter()
    examples: list[dict[str, object]] = []
    for cause, a in causes:
        seen[cause] += 1
        if seen[cause] <= per_cause:
            q, cited = a.question, [c.article_id for c in a.answer.citations]
            examples.append(
                {"cause": cause, "question": q.text, "gold": q.gold_answer}
                | {"gold_article_id": q.gold_article_id, "answer": a.answer.text[:400]}
                | {"relevance": a.answer.relevance, "cited": cited}
            )
    return examples


def run(args: argparse.Namespace) -> dict[str, object]:
    """Index the kept paragraphs, ask every question of both systems and score them."""
    data = load_piaf_answers(titles=args.titles, max_questions=args.limit_questions, seed=args.seed)
    embedder = build_embedder(Settings())
    embedder.embed_query("warm up")
    with tempfile.TemporaryDirectory(prefix="newsrag-answers-") as tmp:
        start = time.perf_counter()
        settings = index_articles(data.indexed, Path(tmp), embedder)
        index_seconds = round(time.perf_counter() - start, 1)
        log.info("indexed %d paragraphs in %.0f s", len(data.indexed), index_seconds)
        app = Newsrag(settings.model_copy(update={"min_relevance": 0.0}), embedder=embedder)
        asked = ask_all(app.answer, data.questions)
        baseline = ask_all(lambda q: top_passage_answer(app, q), data.questions)
    threshold = settings.min_relevance
    threshold = embedder.min_relevance if threshold is None else threshold
    return {
        "command": " ".join([Path(sys.executable).name, "-m", "bench.eval_answers", *sys.argv[1:]]),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform()},
        "settings": {"seed": args.seed, "titles": args.titles, "embedder": embedder.name}
        | {"threshold": threshold, "omp_num_threads": os.environ.get("OMP_NUM_THREADS")},
        "index_seconds": index_seconds,
        **summarise(data, asked, baseline, threshold),
    }


def summarise(
    data: AnswerDataset, asked: list[Asked], baseline: list[Asked], threshold: float
) -> dict[str, object]:
    """Sizes, both systems' scores, the threshold sweep and newsrag's misses by cause."""
    texts = data.texts()
    default = replay(asked, threshold)
    rows = sweep(asked, texts)
    causes = [(cause, a) for a in default if (cause := miss_cause(a))]
    return {
        "sizes": {"indexed": len(data.indexed), "held_out": len(data.held_out)}
        | {"questions": len(asked), "answerable": sum(a.question.answerable for a in asked)},
        "rows": [
            {"system": "top-1 passage (baseline)", **asdict(score(baseline, texts))},
            {"system": f"newsrag extractive ({threshold:.2f})", **asdict(score(default, texts))},
        ],
        "sweep": rows,
        "recommended": recommend(rows),
        "misses": Counter(cause for cause, _ in causes),
        "examples": _examples(causes),
    }


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in rows]
    return [f"| {' | '.join(header)} |", "|---" * len(header) + "|"] + [
        f"| {' | '.join(row)} |" for row in cells
    ]


def render_markdown(result: dict[str, Any]) -> str:
    """The result as a Markdown report."""
    sizes, best = result["sizes"], result["recommended"]
    pick = "none: every threshold refuses too many answerable questions"
    if best:
        pick = f"**{best['threshold']:.2f}** (refusal acc. {best['refusal_accuracy']:.3f}, false "
        pick += f"refusals {best['false_refusals']:.3f}, recall {best['answer_recall']:.3f})"
    header = ["system", "answer recall", "citation precision", "cites gold", "refusal acc."]
    header += ["false refusals", "p50 ms", "p95 ms", "chars/answer"]
    keys = ["answer_recall", "citation_precision", "cites_gold", "refusal_accuracy"]
    keys += ["false_refusals", "latency_p50_ms", "latency_p95_ms", "mean_answer_chars"]
    systems = [
        [r["system"], *[r[k] if k in keys[:5] else round(r[k]) for k in keys]]
        for r in result["rows"]
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
            "## Answers: piaf",
            "",
            f"`{result['command']}` on {result['date']}, {os.cpu_count()} CPUs; PIAF paragraphs:"
            f" {sizes['indexed']} indexed, {sizes['held_out']} held out; {sizes['questions']} "
            f"questions, {sizes['answerable']} answerable (their paragraph is indexed).",
            "",
            *_table(header, systems),
            "",
            "Threshold sweep (the newsrag answers replayed at each threshold):",
            "",
            *_table(sweep_header, sweep_rows),
            "",
            "Recommended threshold (max refusal acc. - false refusals, false refusals <= "
            f"{MAX_FALSE_REFUSALS:.2f}): {pick}.",
            "",
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
    parser.add_argument("--seed", type=int, default=13)
    threads = "OMP_NUM_THREADS of the embedding engine, 0 to leave it (1: 2-4x faster when shared)"
    parser.add_argument("--threads", type=int, default=1, help=threads)
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
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "answers-piaf.md").write_text(report, encoding="utf-8")
    (RESULTS_DIR / "answers-piaf.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
