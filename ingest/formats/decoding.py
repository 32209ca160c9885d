"""Bytes to text: UTF-8 first, then a declared or detected legacy encoding; never a crash."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ingest.formats.common import Reject

# cp1252 is what Windows and most "Latin-1" French text really is (WHATWG treats them alike).
_WESTERN = "cp1252"
_LATIN1_ALIASES = frozenset({"latin-1", "latin1", "iso-8859-1", "iso8859-1", "ascii", "us-ascii"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Short French text often scores a hair better as cp1250 or mac_latin2 ("ŗ" for "à"): cp1252
# wins unless the best guess reads the bytes clearly more cleanly.
_WESTERN_MARGIN = 0.05


def check_text(data: bytes) -> None:
    """Reject empty input and binary data (NUL bytes outside UTF-16)."""
    body = data.removeprefix(codecs.BOM_UTF8)
    if not body.strip():
        raise Reject("empty file")
    if b"\x00" in body and not body.startswith(_UTF16_BOMS):
        raise Reject("binary file, not text")


def strip_bom(data: bytes) -> tuple[bytes, int]:
    """`data` without a UTF-8 byte order mark, and the mark's length (to report file offsets)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], len(codecs.BOM_UTF8)
    return data, 0


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a `<meta>` tag of its first kilobytes."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def guess_encoding(data: bytes, declared: str | None = None) -> str:
    """The encoding to read `data` with (`utf-8` for valid or damaged UTF-8).

    Valid UTF-8 is UTF-8 (legacy text almost never is); then a declared charset, if it
    decodes the bytes. UTF-8 with a few invalid bytes stays UTF-8 (a legacy charset would
    garble every accent). Other bytes go to charset-normalizer, preferring cp1252 when it
    reads them about as cleanly as the best guess.
    """
    if data.startswith(_UTF16_BOMS):
        return "utf-16"
    for encoding in ("utf-8", _declared(declared)):
        if encoding and _decodes(data, encoding):
            return encoding
    mixed = data.decode("utf-8", "surrogateescape")
    invalid = sum(1 for char in mixed if "\udc80" <= char <= "\udcff")
    valid = sum(1 for char in mixed if char > "\x7f") - invalid
    if valid >= invalid:
        return "utf-8"
    best = from_bytes(data).best()
    if best is None:
        raise Reject("binary file, not text (no character encoding fits)")
    western = from_bytes(data, cp_isolation=[_WESTERN]).best()
    if western is not None and western.chaos <= best.chaos + _WESTERN_MARGIN:
        return _WESTERN
    return best.encoding


def decode(data: bytes, base: int = 0, declared: str | None = None) -> str:
    """The text of `data` (see `guess_encoding`); `base` is its offset in the file, for errors."""
    encoding = guess_encoding(data, declared)
    if encoding == "utf-8":
        return decode_utf8(data, base)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:  # charset-normalizer's pick failed on a later byte
        raise Reject(f"not valid {encoding} text (byte at offset {base + exc.start})") from None


def decode_utf8(data: bytes, base: int = 0) -> str:
    """Strict UTF-8; on failure name the byte and its offset (`base` + position) in the file."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte, offset = data[exc.start], base + exc.start
        raise Reject(f"not valid UTF-8 (byte 0x{byte:02x} at offset {offset})") from None


def _declared(charset: str | None) -> str | None:
    """A declared charset as a Python codec name, None if unknown."""
    if not charset:
        return None
    name = charset.strip().lower()
    if name in _LATIN1_ALIASES:
        return _WESTERN
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
