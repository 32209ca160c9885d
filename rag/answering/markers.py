"""Citation markers as LLMs write them, rewritten to newsrag's own `[n]`.

Recognised: `[1]`, `[1][2]`, `[1, 2]`, `[1; 2]`, `[1 et 2]`, `[1-3]` (a range of up to
MAX_RANGE), `[^1]`, `[Passage 1]` / `[source 1]` / `[doc 1]`, full-width `［１］` and `【1】`,
`(1)` and `(1, 2)` after a word when every number is a passage number, and superscripts
(`¹`, `²³`, `¹,²`) after a letter or a punctuation mark (not after `m`, as in km², m³).
Anything else in square brackets that holds a digit is not a marker newsrag can trust: it is
removed, and its sentence is checked as if it cited nothing.
"""

from __future__ import annotations

import re

MAX_RANGE = 10

_WIDE = str.maketrans("［］【】〔〕０１２３４５６７８９，", "[][][]0123456789,")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_LABEL = r"(?:\^|(?:passages?|sources?|docs?|documents?|articles?|réf\.?|ref\.?)\s*:?\s*)?"
_LIST = rf"{_LABEL}\d{{1,3}}(?:\s*(?:[,;]|et|and|und|&)\s*{_LABEL}\d{{1,3}})*"
_BRACKETED = re.compile(rf"\[\s*({_LIST})\s*\]", re.IGNORECASE)
_RANGE = re.compile(rf"\[\s*{_LABEL}(\d{{1,3}})\s*[-–—]\s*{_LABEL}(\d{{1,3}})\s*\]", re.IGNORECASE)
_PARENTHESISED = re.compile(rf"(?<=[\w.,;:!?»”\"')])(\s*)\(\s*({_LIST})\s*\)", re.IGNORECASE)
_SUPERSCRIPTS = re.compile(r"(?<=[^\Wm\d]|[.,;:!?»”\"')])([⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:,[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_LEFTOVER = re.compile(r"\s*\[[^\[\]\n]{0,24}\d[^\[\]\n]{0,24}\]")
_NUMBER = re.compile(r"\d+")


def normalize_markers(text: str, passages: int) -> str:
    """`text` with every recognised marker written `[n]` (one per cited passage, in order),
    and bracketed leftovers that hold a digit removed. `passages` is how many there are."""
    text = text.translate(_WIDE)
    text = _RANGE.sub(_expand_range, text)
    text = _BRACKETED.sub(lambda m: _markers(_NUMBER.findall(m.group(1))), text)

    def parenthesised(match: re.Match[str]) -> str:
        cited = _NUMBER.findall(match.group(2))
        if all(1 <= int(n) <= passages for n in cited):
            return " " + _markers(cited)
        return match.group(0)

    text = _PARENTHESISED.sub(parenthesised, text)

    def superscript(match: re.Match[str]) -> str:
        cited = match.group(1).translate(_SUPERSCRIPT).split(",")
        if len(cited) == 1 and int(cited[0]) > passages:  # ²³: passages 2 and 3
            cited = list(cited[0])
        return " " + _markers(cited)

    text = _SUPERSCRIPTS.sub(superscript, text)
    # remove what still looks like a marker but is not `[n]`
    return _LEFTOVER.sub(
        lambda m: m.group(0) if re.fullmatch(r"\s*\[\d+\]", m.group(0)) else "", text
    )


def _markers(numbers: list[str]) -> str:
    return "".join(f"[{int(n)}]" for n in numbers)


def _expand_range(match: re.Match[str]) -> str:
    first, last = int(match.group(1)), int(match.group(2))
    if first > last or last - first >= MAX_RANGE:
        return match.group(0)  # removed with the leftovers
    return _markers([str(n) for n in range(first, last + 1)])
