"""Load test: many `gradio_client` sessions asking the chat server's `/ask` at once, for a
bounded time, while a probe keeps opening new sessions.

    .venv/bin/python -m bench.load [--data-dir DIR | --articles N] [--clients 50]
        [--duration 60] [--probe-every 5] [--concurrency N]

The server is a `newsrag serve` subprocess (its RSS and CPU are its own) on a copy of `--data-dir`
(e.g. DIR/newsrag of `bench.ingest --keep DIR`); with `--articles N` a slice is ingested first,
without either the seeds are. Each client thread has its own session and asks, one question
after the other, until the deadline; every `--probe-every` seconds a new session connects, gets
the page and asks one question. Tables go to stdout and bench/results/load-<slice>.md and .json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from gradio_client import Client

from bench.datasets import CROSS_LINGUAL_CHECKS, load_orangesum, sample_queries, seed_article
from bench.ingest_phases import DEFAULT_EMBEDDER, EMBEDDERS, machine
from bench.load_clients import run_load, summarize
from bench.query import free_port, prepare
from bench.reports import command_line, run_and_report

ROOT = Path(__file__).resolve().parents[1]


def proc_stats(pid: int) -> dict[str, float]:
    """Peak RSS (VmHWM, MiB) and CPU time (s) of process `pid`, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    hwm = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rpartition(")")[2].split()
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    return {"peak_rss_mb": int(hwm.split()[1]) / 1024, "cpu_s": ticks / os.sysconf("SC_CLK_TCK")}


def server_env(data_dir: Path, facts: dict[str, Any], concurrency: int | None) -> dict[str, str]:
    """The environment of the server (and ingest) subprocess: only these NEWSRAG_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    env.update(
        NEWSRAG_DATA_DIR=str(data_dir),
        NEWSRAG_COLLECTION=facts["collection"],
        NEWSRAG_EMBEDDING_MODEL=EMBEDDERS[facts["embedder"]][0],
        NEWSRAG_EMBEDDING_RUNTIME=EMBEDDERS[facts["embedder"]][1],
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
        PYTHONPATH=str(ROOT),
    )
    if concurrency is not None:
        env["NEWSRAG_UI_CONCURRENCY"] = str(concurrency)
    return env


@contextmanager
def served(env: dict[str, str], work: Path, wait_s: float = 300.0) -> Iterator[tuple[str, int]]:
    """`newsrag serve` in a subprocess on a free port; yields its URL and pid once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with (work / "server.log").open("w", encoding="utf-8") as log:
        server = subprocess.Popen(cmd, env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + wait_s
            while not _answers(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    tail = (work / "server.log").read_text(encoding="utf-8")[-2000:]
                    raise RuntimeError(f"the server did not start (exit {server.poll()}):\n{tail}")
                threading.Event().wait(0.5)  # poll the port: the server says nothing else
            yield url, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def seed_questions() -> list[str]:
    """Questions about the seed article: its title, then the cross-lingual checks."""
    return [seed_article().title, *(c.question for c in CROSS_LINGUAL_CHECKS)]


def prepare_data(args: argparse.Namespace, tmp: Path) -> tuple[Path, dict[str, Any], list[str]]:
    """A data dir the server may write to, its facts and the questions to ask."""
    if args.data_dir or args.articles:
        if args.data_dir:  # served from a copy: the original is never written to
            copy = tmp / "newsrag"
            shutil.copytree(args.data_dir, copy)
            args = argparse.Namespace(**{**vars(args), "data_dir": str(copy)})
        data_dir, facts = prepare(args, tmp)
        dataset = load_orangesum(
            sample=None if facts["full"] else facts["articles"], seed=facts["seed"]
        )
        queries = sample_queries(dataset.queries, args.queries, facts["seed"])
        return data_dir, facts, [q.text for q in queries]
    facts = {"embedder": args.embedder, "collection": "newsrag", "articles": "seeds"}
    data_dir = tmp / "newsrag"
    ingest = [sys.executable, "-m", "ui.cli", "ingest", str(ROOT / "seeds")]
    subprocess.run(ingest, env=server_env(data_dir, facts, None), cwd=tmp, check=True)
    return data_dir, facts, seed_questions()


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Prepare the index, serve it, run the load and gather the result."""
    data_dir, facts, questions = prepare_data(args, tmp)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # the clients' telemetry
    with served(server_env(data_dir, facts, args.concurrency), tmp) as (url, pid):
        warm = Client(url, verbose=False, download_files=False)
        warm.predict(questions[0], api_name="/ask")
        warm.close()
        before = proc_stats(pid)  # warmed up: the model is loaded
        load_average = os.getloadavg()[0]  # other work on the machine shares its cores
        print(f"{args.clients} clients for {args.duration:g} s on {url}", file=sys.stderr)
        load = run_load(url, questions, clients=args.clients, duration=args.duration,
                        probe_every=args.probe_every, timeout=args.timeout)  # fmt: skip
        after = proc_stats(pid)
    size = str(facts["articles"]) if not facts.get("full") else "full"
    suffix = "" if facts["embedder"] == DEFAULT_EMBEDDER else f"-{facts['embedder']}"
    suffix += "" if args.concurrency is None else f"-c{args.concurrency}"
    return {
        "benchmark": "load",
        "slice": size + suffix,
        "command": command_line("bench.load"),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average": load_average,
        "settings": {**facts, "questions": len(questions), "ui_concurrency": args.concurrency},
        "server": {
            "peak_rss_mb": after["peak_rss_mb"],
            "peak_rss_after_warmup_mb": before["peak_rss_mb"],
            "cpu_percent_of_one_core": 100 * (after["cpu_s"] - before["cpu_s"]) / load.load_s,
        },
        **summarize(load),
    }


def render_markdown(r: dict[str, Any]) -> str:
    """The result as a Markdown report."""
    s, server = r["settings"], r["server"]

    def spread(key: str) -> str:
        return f"{r[key]['p95']:.0f} / {r[key]['max']:.0f}"

    concurrency = s["ui_concurrency"] or "default"
    lines = [
        f"## Load: {r['clients']} gradio_client sessions, index {s['articles']} "
        f"(embedder {s['embedder']})",
        "",
        f"`{r['command']}` on {r['date']}, {r['machine']['cpu_count']} CPUs; "
        f"NEWSRAG_UI_CONCURRENCY {concurrency}; {s['questions']} questions in turn; load "
        f"average {r['load_average']:.1f} when the load started.",
        "",
        "| clients | load s | answers | cited | errors | p50 ms | p95 ms | p99 ms | max ms | q/s "
        "| answers per client | server peak RSS MiB | server CPU % |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {r['clients']} | {r['load_s']:.0f} | {r['requests']} | {r['cited_answers']} "
        f"| {r['errors']} "
        f"| {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['max_ms']:.0f} "
        f"| {r['throughput_qps']:.1f} | {r['answers_per_client_min']}-"
        f"{r['answers_per_client_max']} | {server['peak_rss_mb']:.0f} "
        f"| {server['cpu_percent_of_one_core']:.0f} |",
        "",
        "| new sessions (probes) | failed | connect p95 / max ms | page p95 / max ms "
        "| answer p95 / max ms |",
        "|---|---|---|---|---|",
        f"| {r['probes']} | {r['probes_failed']} | {spread('probe_connect_ms')} "
        f"| {spread('probe_page_ms')} | {spread('probe_answer_ms')} |",
        "",
        "- Each session is a thread with its own gradio_client Client; it asks the next "
        "question as soon as it has the last answer, until the deadline (--duration); a "
        "latency includes the wait in Gradio's queue. Load s runs until the last answer is "
        "back; q/s = answers / load s.",
        "- Probes: every --probe-every s a new Client connects (config and API info), GETs the "
        "page / and asks one question, while the load goes on.",
        "- The server is `newsrag serve` in its own process; peak RSS is its VmHWM, CPU % its "
        "CPU time during the load over the load's wall time (200% = both cores).",
        *[f"- error: {e}" for e in r["error_messages"]],
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data-dir", metavar="DIR", default=None, help="an existing data dir")
    parser.add_argument("--articles", type=int, default=None, metavar="N",
                        help="ingest an N-article OrangeSum slice first")  # fmt: skip
    parser.add_argument("--full", action="store_true", help="all 20,000 OrangeSum articles")
    parser.add_argument("--collection", default=None, help="its collection (default: newsrag)")
    parser.add_argument("--embedder", choices=list(EMBEDDERS), default=DEFAULT_EMBEDDER)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--queries", type=int, default=200, metavar="N")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, metavar="S")
    parser.add_argument("--probe-every", type=float, default=5.0, metavar="S")
    parser.add_argument("--timeout", type=float, default=300.0, metavar="S",
                        help="longest wait for one answer")  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=None, metavar="N",
                        help="the server's NEWSRAG_UI_CONCURRENCY (default: its own)")  # fmt: skip
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the load test and write the reports."""
    args = parse_args(argv)
    run_and_report("load", lambda scratch: run(args, scratch), render_markdown)


if __name__ == "__main__":
    main()
