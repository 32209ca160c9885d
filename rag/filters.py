"""Which articles a search may return: a date range and a set of sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


def stored_day(value: str | None) -> date | None:
    """The day of a stored ISO date or timestamp (`Passage.date`), None when absent or bad."""
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def date_number(day: date) -> int:
    """A date as the YYYYMMDD integer stored in chunk metadata (0 means no date)."""
    return day.year * 10_000 + day.month * 100 + day.day


def number_date(number: int) -> date:
    """The day a `date_number` stands for (ValueError for a number no calendar has)."""
    return date(number // 10_000, number // 100 % 100, number % 100)


@dataclass(frozen=True)
class SearchFilter:
    """Inclusive date bounds and allowed sources; empty means no restriction."""

    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        """Whether the filter restricts anything."""
        return bool(self.since or self.until or self.sources)

    def where(self) -> dict[str, Any] | None:
        """The Chroma `where` clause (undated articles never pass a date bound)."""
        clauses: list[dict[str, Any]] = []
        if self.since:
            clauses.append({"date_int": {"$gte": date_number(self.since)}})
        if self.until:
            clauses.append({"date_int": {"$lte": date_number(self.until)}})
            if not self.since:
                clauses.append({"date_int": {"$gt": 0}})
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, date_int: int, source: str | None) -> bool:
        """Whether a chunk with this metadata passes (mirrors `where`)."""
        if self.since and date_int < date_number(self.since):
            return False
        if self.until and not 0 < date_int <= date_number(self.until):
            return False
        return not self.sources or source in self.sources
