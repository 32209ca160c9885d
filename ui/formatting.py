"""Answers, passages and stats as the documented JSON contract and as terminal text."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rag.types import Answer, Citation, Passage

if TYPE_CHECKING:  # types only: `ask` must not import the ingest pipeline
    from ingest.report import IngestReport
    from ingest.watch import WatchBatch
    from rag.app import IndexStats

_CITATION_FIELDS = ("n", "article_id", "title", "date", "source", "quote", "start", "end", "score")
_BOLD = ("\033[1m", "\033[0m")


def citation_json(citation: Citation) -> dict[str, Any]:
    """A citation as in `ask --json`, with `answer` (the words of the quote that answer, or
    null) and their article offsets `answer_start`/`answer_end`."""
    fields = {name: getattr(citation, name) for name in _CITATION_FIELDS}
    return fields | {
        "answer": answer_words(citation),
        "answer_start": citation.answer_start,
        "answer_end": citation.answer_end,
    }


def answer_words(citation: Citation) -> str | None:
    """The words of the quote that answer the question, when they were found."""
    if citation.answer_start is None or citation.answer_end is None:
        return None
    return citation.quote[
        citation.answer_start - citation.start : citation.answer_end - citation.start
    ]


def marked_quote(citation: Citation, marks: tuple[str, str] = _BOLD) -> str:
    """The quote with the words that answer between `marks` (bold), if any were found."""
    if citation.answer_start is None or citation.answer_end is None:
        return citation.quote
    a, b = citation.answer_start - citation.start, citation.answer_end - citation.start
    quote = citation.quote
    return f"{quote[:a]}{marks[0]}{quote[a:b]}{marks[1]}{quote[b:]}"


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
        "note": answer.note,
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


def answer_text(answer: Answer, *, bold: bool = True) -> str:
    """An answer and its numbered sources, for a terminal: the words of each quote that
    answer in ANSI bold (click's `echo` drops the codes when the output is not a terminal)."""
    marks = _BOLD if bold else ("", "")
    lines = [answer.text]
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            lines.append(f"[{c.n}] {describe_source(c.title, c.date, c.source)}")
            lines.append(f"    « {marked_quote(c, marks)} »  ({c.article_id} {c.start}-{c.end})")
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
