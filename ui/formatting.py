"""Answers, passages and stats as the documented JSON contract and as terminal text."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from ingest.report import IngestReport
from ingest.watch import WatchBatch
from rag.app import IndexStats
from rag.types import Answer, Citation, Passage

_CITATION_FIELDS = ("n", "article_id", "title", "date", "source", "quote", "start", "end", "score")


def citation_json(citation: Citation) -> dict[str, Any]:
    """A citation as in `ask --json`."""
    return {name: getattr(citation, name) for name in _CITATION_FIELDS}


def answer_json(answer: Answer) -> dict[str, Any]:
    """`{"question", "answer", "found", "citations": [...], "standalone_question", ...}`."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "found": answer.found,
        "citations": [citation_json(c) for c in answer.citations],
        "standalone_question": answer.standalone_question,
        "relevance": answer.relevance,
        "mode": answer.mode,
        "flagged_sentences": list(answer.flagged_sentences),
    }


def search_json(query: str, passages: list[Passage]) -> dict[str, Any]:
    """`{"query", "results": [{"rank", "article_id", "title", "date", "source", "text", ...}]}`."""
    return {
        "query": query,
        "results": [
            {
                "rank": rank,
                "article_id": p.article_id,
                "title": p.title,
                "date": p.date,
                "source": p.source,
                "text": p.text,
                "start": p.start,
                "end": p.end,
                "score": round(p.score, 6),
            }
            for rank, p in enumerate(passages, start=1)
        ],
    }


def stats_json(stats: IndexStats) -> dict[str, Any]:
    """`{"articles", "chunks", "embedding_model", "store", ..., "largest_groups": [...]}`."""
    return asdict(stats)


def stats_text(stats: IndexStats) -> str:
    """Index stats, one `key: value` a line, then the largest near-duplicate groups."""
    payload = stats_json(stats)
    groups = payload.pop("largest_groups")
    lines = [f"{key}: {value}" for key, value in payload.items()]
    if groups:
        lines.append("largest duplicate groups:")
        for group in groups:
            copies = ", ".join(group["articles"])
            lines.append(f"  {len(group['articles'])}x {group['title']}  ({copies})")
    return "\n".join(lines)


def ingest_json(report: IngestReport) -> dict[str, Any]:
    """`{"added", "updated", "skipped", "deleted", "errors": [{"path", "error"}]}`."""
    return report.as_json()


def describe_source(title: str, date: str | None, source: str | None) -> str:
    """`Title — 2025-03-27 — source`, leaving out what is unknown."""
    return " — ".join(part for part in (title, date, source) if part)


def answer_text(answer: Answer) -> str:
    """An answer and its numbered sources, for a terminal."""
    lines = [answer.text]
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            lines.append(f"[{c.n}] {describe_source(c.title, c.date, c.source)}")
            lines.append(f"    « {c.quote} »  ({c.article_id} {c.start}-{c.end})")
    return "\n".join(lines)


def search_text(passages: list[Passage]) -> str:
    """Ranked passages, for a terminal."""
    lines = []
    for rank, p in enumerate(passages, start=1):
        where = f"[{p.article_id} {p.start}-{p.end}]"
        lines.append(f"{rank}. {describe_source(p.title, p.date, p.source)}  {where}")
        snippet = " ".join(p.text.split())
        lines.append(f"    {snippet[:300]}{'…' if len(snippet) > 300 else ''}")
    return "\n".join(lines) or "No passage found."


def watch_text(batch: WatchBatch) -> str:
    """One watch batch, for a terminal: when, what it read and removed, then its counts."""
    what = "initial pass" if batch.initial else f"{batch.files} changed, {batch.removed} removed"
    stamp = datetime.now().strftime("%H:%M:%S")
    return f"[{stamp}] {what} in {batch.seconds:.1f} s: {ingest_text(batch.report)}"


def ingest_text(report: IngestReport) -> str:
    """Ingest counts and errors, for a terminal."""
    lines = [
        f"added {report.added}, updated {report.updated}, skipped {report.skipped}, "
        f"deleted {report.deleted} articles ({report.chunks_embedded} chunks embedded)"
    ]
    lines += [f"error: {e.path}: {e.error}" for e in report.errors]
    return "\n".join(lines)
