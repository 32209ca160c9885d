"""CSV with a header row naming the article fields: one article per row.

Every row is indexed or reported. Rows are read in strict mode, so a stray or unterminated
quote is an error on its row, and reading resumes on the next line. A quoted field may hold
any number of characters (the file is within the size limit). A row that parsed but holds,
inside a quoted field, a line that reads as a row of the file on its own is reported as
merged (an unterminated quote swallowing the rows after it), and those rows are read again.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ingest.formats.common import (
    RECORD_FIELDS,
    LoadError,
    RawInput,
    Reject,
    is_web_url,
    normalise_lang,
    record_article,
)
from ingest.formats.dates import normalise_date
from ingest.formats.decoding import decode, strip_bom
from rag.types import Article

_DELIMITERS = ",;\t"
_Dialect = type[csv.Dialect] | csv.Dialect
# What a line must hold, where its header names these columns, to read as a row on its own.
_PLAUSIBLE: dict[str, Callable[[str], bool]] = {
    "id": lambda value: not any(char.isspace() for char in value),
    "url": is_web_url,
    "date": lambda value: normalise_date(value) is not None,
    "lang": lambda value: normalise_lang(value) is not None,
}
# csv.field_size_limit is process-wide: raised while a file is read, then put back.
_LIMIT_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Row:
    """A parsed row (or the csv error on it) and its physical lines, `first` to `last`."""

    first: int  # 0-based index of its first line
    last: int  # 0-based index of its last line
    fields: list[str] | None
    error: str | None = None


def csv_articles(raw: RawInput) -> Iterator[Article | LoadError]:
    """One article per row, `path:LINE` in ids and errors (the line where the row starts).

    The header must name known fields only (case and spaces ignored) and include `text`;
    the delimiter (`,`, `;` or tab) is taken from the header line.
    """
    data, base = strip_bom(raw.data)
    try:
        text = decode(data, base)
    except Reject as exc:
        yield LoadError(raw.name, str(exc))
        return
    dialect = _dialect(text.lstrip("\r\n").partition("\n")[0])
    try:
        with _field_limit(len(text) + 1):  # never yields while holding the limit
            columns, body = _table(list(io.StringIO(text, newline="")), dialect)
    except Reject as exc:
        yield LoadError(raw.name, str(exc))
        return
    except _HeaderError as exc:
        yield LoadError(f"{raw.name}:{exc.line}", exc.reason)
        return
    rows = [r for r in body if r.error is not None or any(c.strip() for c in r.fields or [])]
    if not rows:
        yield LoadError(raw.name, "no rows after the header, no articles")
    for row in rows:
        where = f"{raw.name}:{row.first + 1}"
        if row.error is not None:
            yield LoadError(where, row.error)
            continue
        cells = row.fields or []
        if len(cells) != len(columns):
            yield LoadError(where, f"row has {len(cells)} fields, the header names {len(columns)}")
            continue
        record = dict(zip(columns, cells, strict=True))
        try:
            yield record_article(record, f"{raw.ident}:{row.first + 1}")
        except Reject as exc:
            yield LoadError(where, str(exc))


class _HeaderError(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


def _table(lines: list[str], dialect: _Dialect) -> tuple[list[str], list[_Row]]:
    """The header's columns and the rows after it; Reject for a bad or missing header."""
    rows = _rows(lines, dialect)
    header = next((r for r in rows if r.error or any(c.strip() for c in r.fields or [])), None)
    if header is None:
        raise Reject("no header row naming the columns")
    if header.error is not None:
        raise _HeaderError(header.first + 1, header.error)
    columns = _header(header.fields or [])
    return columns, list(_unmerged(lines, header.last + 1, dialect, columns))


def _rows(lines: list[str], dialect: _Dialect, start: int = 0) -> Iterator[_Row]:
    """Every row of `lines` from line index `start`; after an error, reading resumes on the
    line after the one where the bad row started."""
    position = start

    def feed() -> Iterator[str]:
        nonlocal position
        while position < len(lines):
            position += 1
            yield lines[position - 1]

    source = feed()
    reader = csv.reader(source, dialect, strict=True)
    while position < len(lines):
        first = position
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last = max(first, position - 1)
            span = f" (lines {first + 1}-{last + 1})" if last > first else ""
            hint = " (an unterminated quote?)" if position >= len(lines) and last > first else ""
            yield _Row(first, last, None, f"invalid CSV: {exc}{hint}{span}")
            position = first + 1
            source = feed()  # the old one may have run out
            reader = csv.reader(source, dialect, strict=True)
            continue
        yield _Row(first, max(first, position - 1), fields)


def _unmerged(
    lines: list[str], start: int, dialect: _Dialect, columns: list[str]
) -> Iterator[_Row]:
    """The rows from line index `start`, a merged row reported and the rows it swallowed
    read again."""
    while start < len(lines):
        for row in _rows(lines, dialect, start):
            swallowed = _swallowed_line(row, lines, dialect, columns)
            if swallowed is None:
                yield row
                continue
            reason = (
                f"row swallows line {swallowed + 1}, which reads as a row of its own: an "
                f"unterminated quote? (lines {row.first + 1}-{swallowed} not indexed)"
            )
            yield _Row(row.first, swallowed - 1, None, reason)
            start = swallowed
            break
        else:
            return


def _swallowed_line(
    row: _Row, lines: list[str], dialect: _Dialect, columns: list[str]
) -> int | None:
    """The first line inside a multi-line row that reads as a row of the file on its own."""
    if row.fields is None or row.last == row.first:
        return None
    for number in range(row.first + 1, row.last + 1):
        if _reads_as_row(lines[number], dialect, columns):
            return number
    return None


def _reads_as_row(line: str, dialect: _Dialect, columns: list[str]) -> bool:
    """Whether one line parses into the header's fields with a text, and a plausible id,
    url, date and lang where the header names them (prose with commas rarely does)."""
    try:
        parsed = list(csv.reader([line], dialect, strict=True))
    except csv.Error:
        return False
    if len(parsed) != 1 or len(parsed[0]) != len(columns):
        return False
    record = {column: cell.strip() for column, cell in zip(columns, parsed[0], strict=True)}
    plausible = all(check(record[k]) for k, check in _PLAUSIBLE.items() if record.get(k))
    return bool(record["text"]) and plausible


def _dialect(header_line: str) -> _Dialect:
    """Excel's CSV (quotes doubled inside quoted fields) with the header line's delimiter."""
    try:
        delimiter = csv.Sniffer().sniff(header_line, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return csv.excel

    class Sniffed(csv.excel):
        pass

    Sniffed.delimiter = delimiter
    return Sniffed


@contextmanager
def _field_limit(chars: int) -> Iterator[None]:
    """Let a field be `chars` long while inside (the csv module's default stops at 131,072)."""
    with _LIMIT_LOCK:
        previous = csv.field_size_limit()
        csv.field_size_limit(max(previous, chars))
        try:
            yield
        finally:
            csv.field_size_limit(previous)


def _header(row: list[str]) -> list[str]:
    """The header's field names; Reject naming an unknown, repeated or missing column."""
    columns = [cell.strip().lower() for cell in row]
    known = ", ".join(RECORD_FIELDS)
    for column in columns:
        if column not in RECORD_FIELDS:
            raise Reject(f"unknown column {column!r} in the header (expected some of: {known})")
        if columns.count(column) > 1:
            raise Reject(f"column {column!r} appears twice in the header")
    if "text" not in columns:
        raise Reject(f"missing column 'text' in the header {','.join(columns)!r}")
    return columns
