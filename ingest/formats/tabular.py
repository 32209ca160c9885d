"""CSV with a header row naming the article fields: one article per row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ingest.formats.common import RECORD_FIELDS, LoadError, RawInput, Reject, record_article
from ingest.formats.decoding import decode, strip_bom
from rag.types import Article

_DELIMITERS = ",;\t"


def csv_articles(raw: RawInput) -> Iterator[Article | LoadError]:
    """One article per row, `path:LINE` in ids and errors (the line where the row starts).

    The header must name known fields only (case and spaces ignored) and include `text`;
    the delimiter (`,`, `;` or tab) is taken from the header line.
    """
    data, base = strip_bom(raw.data)
    try:
        text = decode(data, base)
        header_line = text.lstrip("\r\n").partition("\n")[0]
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                header_line, delimiters=_DELIMITERS
            )
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        columns = _header(next((row for row in reader if any(c.strip() for c in row)), []))
    except Reject as exc:
        yield LoadError(raw.name, str(exc))
        return
    except csv.Error as exc:
        yield LoadError(f"{raw.name}:{reader.line_num}", f"invalid CSV: {exc}")
        return
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:  # the reader cannot resync after this: stop the file
            yield LoadError(f"{raw.name}:{line}", f"invalid CSV: {exc}")
            return
        if row is None:
            return
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        where = f"{raw.name}:{start}"
        if len(row) != len(columns):
            yield LoadError(where, f"row has {len(row)} fields, the header names {len(columns)}")
            continue
        try:
            yield record_article(dict(zip(columns, row, strict=True)), f"{raw.ident}:{start}")
        except Reject as exc:
            yield LoadError(where, str(exc))


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
