"""The load-test harness shared by `bench.load` and tests/test_load.py: client sessions that
ask a live chat server's `/ask` in a loop until a deadline, probe sessions opened meanwhile,
and the summary of what they saw."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import httpx
from gradio_client import Client

from bench.eval_retrieval import _percentile as percentile


@dataclass(frozen=True)
class Session:
    """What one client session saw: connect time, each answer's latency (cited answers and
    refusals alike), how many answers cited passages, its errors."""

    connect_ms: float
    latencies_ms: tuple[float, ...]
    cited: int
    errors: tuple[str, ...]


@dataclass(frozen=True)
class Probe:
    """A session opened during the load: its connect, page and answer times (ms each)."""

    started_s: float
    connect_ms: float | None
    page_ms: float | None
    answer_ms: float | None
    answered_s: float | None  # since the load started
    error: str = ""


@dataclass(frozen=True)
class LoadRun:
    """Every session and probe of one run; `load_s` ends when the last session's last answer
    (asked before the deadline) is back."""

    sessions: tuple[Session, ...]
    probes: tuple[Probe, ...]
    duration_s: float
    load_s: float


def answer_problem(result: object) -> str | None:
    """Why `result` is not a proper `/ask` answer (cited, or a refusal), or None."""
    if not isinstance(result, dict) or not isinstance(result.get("answer"), str):
        return f"not an answer object: {str(result)[:200]}"
    if result.get("found") is True and not result.get("citations"):
        return "found=True without citations"
    if result.get("found") not in (True, False):
        return f"no found field: {str(result)[:200]}"
    return None


def ask(client: Client, question: str, timeout: float) -> bool:
    """One `/ask` call: whether the answer cites passages; raises on an error, a timeout or
    a malformed answer."""
    job = client.submit(question=question, mode="extractive", api_name="/ask")
    result = job.result(timeout=timeout)
    problem = answer_problem(result)
    if problem:
        raise ValueError(problem)
    return bool(result["found"])


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def probe(url: str, question: str, start: float, timeout: float) -> Probe:
    """Open a new session, GET the page, ask one question: the time (ms) of each step."""
    t0 = time.perf_counter()
    connect = page = None
    try:
        client = Client(url, verbose=False, download_files=False)
        connect = (time.perf_counter() - t0) * 1000
        try:
            t1 = time.perf_counter()
            response = httpx.get(url, timeout=timeout)
            response.raise_for_status()
            page = (time.perf_counter() - t1) * 1000
            t2 = time.perf_counter()
            ask(client, question, timeout)
        finally:
            client.close()
    except Exception as exc:  # a failed probe is a result, not a crash of the run
        return Probe(t0 - start, connect, page, None, None, _error(exc))
    done = time.perf_counter()
    return Probe(t0 - start, connect, page, (done - t2) * 1000, done - start)


def run_load(
    url: str,
    questions: Sequence[str],
    *,
    clients: int = 50,
    duration: float = 60.0,
    probe_every: float = 5.0,
    timeout: float = 120.0,
) -> LoadRun:
    """`clients` sessions ask `questions` in turn until `duration` s have passed (an answer
    takes at most `timeout` s); a probe session starts every `probe_every` s meanwhile."""
    ready = threading.Barrier(clients + 1)
    stop = threading.Event()
    sessions: list[Session] = []
    lock = threading.Lock()

    def session(index: int) -> None:
        t0 = time.perf_counter()
        client: Client | None = None
        errors: list[str] = []
        try:
            client = Client(url, verbose=False, download_files=False)
        except Exception as exc:  # recorded; the thread still joins the start line
            errors.append(_error(exc))
        connect = (time.perf_counter() - t0) * 1000
        ready.wait()
        latencies: list[float] = []
        cited = 0
        n = index
        while client is not None and not stop.is_set():
            t1 = time.perf_counter()
            try:
                cited += ask(client, questions[n % len(questions)], timeout)
                latencies.append((time.perf_counter() - t1) * 1000)
            except Exception as exc:
                errors.append(_error(exc))
            n += clients
        if client is not None:
            client.close()
        with lock:
            sessions.append(Session(connect, tuple(latencies), cited, tuple(errors)))

    threads = [threading.Thread(target=session, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    probes: list[Probe] = []
    probe_threads: list[threading.Thread] = []
    tick = probe_every
    while tick < duration and not stop.wait(start + tick - time.perf_counter()):
        question = questions[len(probe_threads) % len(questions)]

        def one(q: str = question) -> None:
            found = probe(url, q, start, timeout)
            with lock:
                probes.append(found)

        probe_threads.append(threading.Thread(target=one, daemon=True))
        probe_threads[-1].start()
        tick += probe_every
    stop.wait(max(0.0, start + duration - time.perf_counter()))
    stop.set()
    for thread in threads:
        thread.join()
    load_s = time.perf_counter() - start
    for thread in probe_threads:
        thread.join()
    probes.sort(key=lambda p: p.started_s)
    return LoadRun(tuple(sessions), tuple(probes), duration, load_s)


def summarize(run: LoadRun) -> dict[str, Any]:
    """Counts, latency percentiles, throughput and probe times of a run."""
    latencies = [ms for s in run.sessions for ms in s.latencies_ms]
    errors = [e for s in run.sessions for e in s.errors]
    answers = [len(s.latencies_ms) for s in run.sessions]

    def spread(values: list[float]) -> dict[str, float]:
        return {"p95": percentile(values, 0.95), "max": max(values, default=0.0)}

    ok = [p for p in run.probes if not p.error]
    return {
        "clients": len(run.sessions),
        "duration_s": run.duration_s,
        "load_s": run.load_s,
        "requests": len(latencies),
        "errors": len(errors),
        "error_messages": sorted(set(errors))[:10],
        "cited_answers": sum(s.cited for s in run.sessions),
        "answers_per_client_min": min(answers, default=0),
        "answers_per_client_max": max(answers, default=0),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": max(latencies, default=0.0),
        "throughput_qps": len(latencies) / run.load_s if run.load_s else 0.0,
        "session_connect_ms": spread([s.connect_ms for s in run.sessions]),
        "probes": len(run.probes),
        "probes_failed": len(run.probes) - len(ok),
        "probe_connect_ms": spread([p.connect_ms for p in ok if p.connect_ms is not None]),
        "probe_page_ms": spread([p.page_ms for p in ok if p.page_ms is not None]),
        "probe_answer_ms": spread([p.answer_ms for p in ok if p.answer_ms is not None]),
        "probe_list": [asdict(p) for p in run.probes],
    }
