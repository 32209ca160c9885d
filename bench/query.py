"""Query benchmark: `search` and extractive `ask` latency and throughput with 1, 4 and 16
concurrent clients, in-process and through the Gradio app's `/ask` HTTP API.

    .venv/bin/python -m bench.query [--data-dir DIR | --articles 2000 | --full]
        [--embedder PROFILE (bench/profiles.py)] [--queries 200] [--clients 1,4,16] [--no-http]

`--data-dir` reads an existing newsrag data dir (e.g. DIR/newsrag of `bench.ingest --keep DIR`,
whose slice, seed and embedder it then reuses); without it a slice is ingested first, in a
subprocess so the serving process's RSS is its own. Tables go to stdout and to
bench/results/query-<slice>[-reader].md and .json (-reader: with NEWSRAG_ANSWER_READER=true).
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.datasets import load_orangesum, sample_queries, write_jsonl
from bench.eval_retrieval import _percentile as percentile
from bench.ingest import MARKER
from bench.ingest_phases import (
    COLLECTION,
    DEFAULT_EMBEDDER,
    EMBEDDERS,
    machine,
    newsrag_settings,
    run_phase_subprocess,
)
from bench.reports import command_line, run_and_report

Call = Callable[[str], object]


def memory_mb() -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of this process in MiB, from /proc/self/status."""
    values: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def measure(make_call: Callable[[], Call], queries: Sequence[str], clients: int) -> dict[str, Any]:
    """Latency percentiles and throughput of `clients` threads sharing out `queries`.

    Each thread builds its own call with `make_call` (untimed), warms it up on one query,
    then all start together and run their share of the queries one after the other.
    """
    shares = [list(queries[i::clients]) for i in range(clients)]
    latencies: list[float] = []
    cpu_ms: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)

    def client(share: list[str]) -> None:
        call = make_call()
        call(queries[0])
        ready.wait()
        mine: list[float] = []
        cpu: list[float] = []
        for query in share:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                call(query)
            except Exception as exc:  # report it, keep measuring the others
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            mine.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        with lock:
            latencies.extend(mine)
            cpu_ms.extend(cpu)

    threads = [threading.Thread(target=client, args=(s,), daemon=True) for s in shares]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {
        "clients": clients,
        "queries": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "throughput_qps": len(latencies) / wall if wall else 0.0,
        # the whole process's CPU time per query: one query's own with 1 client
        "cpu_p50_ms": percentile(cpu_ms, 0.5),
        "cpu_p95_ms": percentile(cpu_ms, 0.95),
        "wall_s": wall,
        **{f"{k}_mb": v for k, v in memory_mb().items()},
    }


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_rows(app: Any, queries: Sequence[str], clients: Sequence[int], http: bool) -> list[Any]:
    """Every (path, operation, clients) row: in-process search and ask, then HTTP ask."""
    calls: dict[tuple[str, str], Callable[[], Call]] = {
        ("in-process", "search"): lambda: lambda q: app.search(q),
        ("in-process", "ask"): lambda: lambda q: app.answer(q, use_llm=False),
    }
    blocks = None
    if http:
        from gradio_client import Client

        from ui.settings import UISettings
        from ui.web.app import start

        blocks, url = start(app, UISettings(), "127.0.0.1", free_port())

        def http_ask() -> Call:
            api = Client(url, verbose=False)
            return lambda q: api.predict(question=q, mode="extractive", api_name="/ask")

        calls[("HTTP /ask", "ask")] = http_ask
    rows = []
    try:
        for (path, operation), make_call in calls.items():
            for n in clients:
                print(f"{path} {operation}, {n} clients", file=sys.stderr, flush=True)
                rows.append(
                    {"path": path, "operation": operation, **measure(make_call, queries, n)}
                )
    finally:
        if blocks is not None:
            blocks.close()
    return rows


def prepare(args: argparse.Namespace, tmp: Path) -> tuple[Path, dict[str, Any]]:
    """The data dir to serve and its slice facts, ingesting a slice first without --data-dir."""
    if args.data_dir:
        data_dir = Path(args.data_dir)
        marker = data_dir / MARKER
        facts = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else {}
        facts.setdefault("embedder", args.embedder)
        facts.setdefault("collection", args.collection or "newsrag")
        facts.setdefault("articles", None if args.full else args.articles)
        facts.setdefault("seed", args.seed)
        facts.setdefault("full", args.full)
        return data_dir, facts
    dataset = load_orangesum(sample=None if args.full else args.articles, seed=args.seed)
    write_jsonl(dataset.articles, tmp / "slice.jsonl")
    run_phase_subprocess("first", tmp, args.embedder)
    facts = {"embedder": args.embedder, "collection": COLLECTION, "seed": args.seed,
             "articles": len(dataset.articles), "full": args.full}  # fmt: skip
    return tmp / "newsrag", facts


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Prepare the index, load the app, measure every row and gather the result."""
    data_dir, facts = prepare(args, tmp)
    from rag.app import Newsrag

    app = Newsrag(newsrag_settings(data_dir, facts["embedder"], facts["collection"]))
    dataset = load_orangesum(
        sample=None if facts["full"] else facts["articles"], seed=facts["seed"]
    )
    queries = [q.text for q in sample_queries(dataset.queries, args.queries, args.seed)]
    app.embedder.embed_query("warm up")  # load the model: RSS after load includes it
    loaded = memory_mb()
    rows = run_rows(app, queries, args.clients, not args.no_http)
    size = "full" if facts["full"] else str(facts["articles"])
    suffix = "" if facts["embedder"] == DEFAULT_EMBEDDER else f"-{facts['embedder']}"
    suffix += "-reader" if app.reading else ""
    return {
        "benchmark": "query",
        "slice": args.label or size + suffix,
        "command": command_line("bench.query"),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            **facts,
            "articles": app.article_count(),
            "label": args.label,
            "queries": len(queries),
            "chunks": app.store.count(),
        },
        "rss_after_load_mb": loaded,
        "rows": rows,
        "notes": [
            "Queries: cleaned OrangeSum titles of the slice's articles (fixed seed).",
            "ask = extractive Newsrag.answer (no LLM). Each client is a thread that warms up "
            "on one query, then runs its share of the queries back to back; throughput = "
            "queries answered / wall time of the row.",
            "HTTP /ask: the real Gradio app (ui.web.app.start) on 127.0.0.1, one gradio_client "
            "per client thread; requests are served as the app configures Gradio's queue.",
            "RSS / HWM: the serving process (this one; in-process and HTTP server share it), "
            "read from /proc/self/status after each row.",
            "CPU ms: the serving process's CPU time (all threads) per query; with 1 client, the "
            "query's own work, which other jobs on a shared machine barely change.",
        ],
    }


def render_markdown(result: dict[str, Any]) -> str:
    """The result as a Markdown report."""
    s = result["settings"]
    lines = [
        f"## Queries: OrangeSum, {s['articles']} articles"
        f"{' (' + s['label'] + ')' if s.get('label') else ''} ({s['chunks']} chunks), "
        f"embedder {s['embedder']}",
        "",
        f"`{result['command']}` on {result['date']}, {result['machine']['cpu_count']} CPUs, "
        f"OMP_NUM_THREADS={result['machine']['OMP_NUM_THREADS']}; {s['queries']} queries; "
        f"RSS after loading the app {result['rss_after_load_mb'].get('VmRSS', 0):.0f} MiB; "
        f"load average {result['machine'].get('load_average_1m', 0):.1f} at the start.",
        "",
        "| path | operation | clients | p50 ms | p95 ms | p99 ms | queries/s | errors "
        "| RSS MiB | peak RSS MiB | CPU ms p50 / p95 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['path']} | {r['operation']} | {r['clients']} | {r['p50_ms']:.0f} "
        f"| {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['throughput_qps']:.1f} | {r['errors']} "
        f"| {r.get('VmRSS_mb', 0):.0f} | {r.get('VmHWM_mb', 0):.0f} "
        f"| {r.get('cpu_p50_ms', 0):.0f} / {r.get('cpu_p95_ms', 0):.0f} |"
        for r in result["rows"]
    ]
    first_errors = {r["first_error"] for r in result["rows"] if r["first_error"]}
    notes = [*result["notes"], *[f"error: {e}" for e in sorted(first_errors)]]
    lines += ["", *[f"- {note}" for note in notes], ""]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data-dir", metavar="DIR", default=None, help="an existing data dir")
    parser.add_argument("--collection", default=None, help="its collection (default: newsrag)")
    parser.add_argument("--articles", type=int, default=2000, metavar="N")
    parser.add_argument("--full", action="store_true", help="all 20,000 OrangeSum articles")
    parser.add_argument("--embedder", choices=EMBEDDERS, default=DEFAULT_EMBEDDER)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--queries", type=int, default=200, metavar="N")
    parser.add_argument(
        "--clients",
        type=lambda s: [int(c) for c in s.split(",") if c.strip()],
        default=[1, 4, 16],
        help="comma-separated concurrent client counts",
    )
    parser.add_argument("--no-http", action="store_true", help="skip the Gradio HTTP rows")
    parser.add_argument(
        "--label",
        default="",
        help="the report's name (query-LABEL.md) and, in its heading, what the index is",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and write the reports."""
    args = parse_args(argv)
    run_and_report("query", lambda scratch: run(args, scratch), render_markdown)


if __name__ == "__main__":
    main()
