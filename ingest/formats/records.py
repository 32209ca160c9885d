"""JSON (one object or a list of them) and JSON Lines: one article per record."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ingest.formats.common import LoadError, RawInput, Reject, record_article
from ingest.formats.decoding import decode, decode_utf8, guess_encoding, strip_bom
from rag.types import Article


def json_articles(raw: RawInput) -> Iterator[Article | LoadError]:
    """The object of a .json file, or each object of its list (`:[INDEX]` in ids and errors)."""
    data, base = strip_bom(raw.data)
    try:
        document = _parse(decode(data, base), one_line=False)
    except Reject as exc:
        yield LoadError(raw.name, str(exc))
        return
    if not isinstance(document, list):
        yield _article(document, raw.name, raw.ident)
        return
    if not document:
        yield LoadError(raw.name, "empty JSON list, no articles")
    for index, item in enumerate(document):
        yield _article(item, f"{raw.name}:[{index}]", f"{raw.ident}:[{index}]")


def jsonl_articles(raw: RawInput) -> Iterator[Article | LoadError]:
    """One article per line of a .jsonl file; a bad line is reported as `path:LINE` alone."""
    try:
        lines = list(_decoded_lines(raw.data))
    except Reject as exc:
        yield LoadError(raw.name, str(exc))
        return
    for number, line in enumerate(lines, start=1):
        where = f"{raw.name}:{number}"
        if isinstance(line, Reject):
            yield LoadError(where, str(line))
            continue
        if not line.strip():
            continue
        try:
            record = _parse(line, one_line=True)
        except Reject as exc:
            yield LoadError(where, str(exc))
            continue
        yield _article(record, where, f"{raw.ident}:{number}")


def _decoded_lines(data: bytes) -> Iterator[str | Reject]:
    """The file's lines. UTF-8 is decoded line by line, so a bad byte costs one line (a Reject
    naming its file offset); a legacy encoding is decoded all at once."""
    data, base = strip_bom(data)
    encoding = guess_encoding(data)
    if encoding != "utf-8":
        yield from data.decode(encoding, "replace").split("\n")
        return
    offset = base
    for line in data.split(b"\n"):
        start, offset = offset, offset + len(line) + 1
        try:
            yield decode_utf8(line, start)
        except Reject as exc:
            yield exc


def _article(record: object, where: str, fallback_id: str) -> Article | LoadError:
    try:
        return record_article(record, fallback_id)
    except Reject as exc:
        return LoadError(where, str(exc))


def _parse(text: str, *, one_line: bool) -> object:
    """Parse JSON, turning a syntax error into a readable reason."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}"
        if not one_line:
            where = f"line {exc.lineno} {where}"
        raise Reject(f"invalid JSON: {exc.msg} ({where})") from None
    except (ValueError, RecursionError) as exc:  # e.g. a huge integer, deep nesting
        raise Reject(f"invalid JSON: {exc}") from None
