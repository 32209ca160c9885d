"""Checks an LLM answer sentence by sentence: each must be backed by a passage, cited or not.

Markers in other shapes (`[1, 2]`, `[^1]`, `(1)`, `［1］`, `[1-2]`, superscripts) are first
rewritten `[n]` (`rag.answering.markers`). A sentence with markers is checked against the
passages it cites; one without is checked against every passage and gets the marker of the one
that backs it best (`rag.answering.support.SupportChecker`). A sentence nothing backs is flagged
`[?]` (or removed:
`Settings.llm_unsupported`) and counted in `flagged`. Lines that state nothing (no key term, no
number) pass as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rag.answering.markers import normalize_markers
from rag.answering.support import SupportChecker
from rag.answering.support_rules import claim_facts, numbers
from rag.embeddings import Embedder
from rag.text.analysis import Language, analyze, detect_language
from rag.text.sentences import Sentence, cite_sentence
from rag.types import Citation, Passage

__all__ = ["CheckedAnswer", "Claim", "numbers", "split_claims", "verify_citations"]

MARKER = re.compile(r"\s*\[(\d+)\]")
# Replaces the markers of a sentence none of whose citations held: visible in every front end.
UNSUPPORTED_MARK = "[?]"

Unsupported = Literal["flag", "remove"]

# A sentence ends at . ! ? … (with a closing quote, the markers that follow it and a period
# after them: `« ... ! » [1].`) before a space or the end, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s?[»”\"')])*(?:\s*\[\d+\])*[.!?…]*(?=\s|$)|\n+")
# the end of a sentence, where a marker goes: closing punctuation, quotes, spaces
_TAIL = re.compile(r"[.!?…:;]*[»”\"')]*[.!?…]*\s*$")


@dataclass(frozen=True)
class Claim:
    """A sentence of the answer: its span in the answer text, its words, the passages it cites."""

    start: int
    end: int
    text: str
    cited: tuple[int, ...]


@dataclass(frozen=True)
class CheckedAnswer:
    """The answer with only supported markers, renumbered 1..m, and what they cite."""

    text: str
    citations: list[Citation]
    flagged: tuple[str, ...]


def split_claims(text: str) -> list[Claim]:
    """The sentences of `text` with their markers; the spans cover `text` end to end."""
    claims: list[Claim] = []
    cursor = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        if end <= cursor:
            continue
        segment = text[cursor:end]
        cited = tuple(dict.fromkeys(int(n) for n in MARKER.findall(segment)))
        claims.append(Claim(cursor, end, MARKER.sub("", segment).strip(), cited))
        cursor = end
    return claims


def verify_citations(
    text: str,
    passages: Sequence[Passage],
    embedder: Embedder,
    *,
    unsupported: Unsupported = "flag",
) -> CheckedAnswer:
    """Check every sentence of `text`: keep the markers whose passage supports their sentence,
    give an uncited sentence the marker of the passage that backs it, renumber the markers 1..m
    in order of use, quote the passage sentence that backs each. A sentence left with none is
    flagged `[?]` or, with `unsupported="remove"`, removed; either way it is in `flagged`."""
    text = normalize_markers(text, len(passages))
    claims = split_claims(text)
    lang = detect_language(MARKER.sub("", text))
    cited = {n for c in claims for n in c.cited if 1 <= n <= len(passages)}
    checked = [c for c in claims if (set(c.cited) & cited) or (not c.cited and _states(c, lang))]
    splits = set(range(1, len(passages) + 1)) if any(not c.cited for c in checked) else cited
    checker = (
        SupportChecker(
            list(dict.fromkeys(c.text for c in checked)),
            passages,
            splits,
            embedder,
            lang,
        )
        if checked
        else None
    )
    renumber: dict[int, int] = {}
    citations: list[Citation] = []
    flagged: list[str] = []
    parts: list[str] = []
    for claim in claims:
        segment = text[claim.start : claim.end]
        if not claim.cited and not _states(claim, lang):
            parts.append(segment)  # a line that states nothing: nothing to check
            continue
        backing: dict[int, Sentence] = {}
        if checker:
            backing = (
                checker.check(claim.text, claim.cited) if claim.cited else checker.best(claim.text)
            )
        for n in claim.cited or tuple(backing):
            if n in backing and n not in renumber:
                renumber[n] = len(renumber) + 1
                citations.append(cite_sentence(renumber[n], backing[n], passages[n - 1].score))
        if not backing:
            flagged.append(claim.text)
            if unsupported == "remove":
                parts.append("\n" * segment.count("\n"))
                continue
        if not claim.cited:
            mark = f"[{next(iter(backing))}]" if backing else UNSUPPORTED_MARK
            tail = _TAIL.search(segment)
            at = tail.start() if tail else len(segment)
            segment = f"{segment[:at].rstrip()} {mark}{segment[at:]}"
        parts.append(_rewrite(segment, set(backing), renumber))
    return CheckedAnswer(
        re.sub(r"[ \t]{2,}", " ", "".join(parts)).strip(), citations, tuple(flagged)
    )


def _states(claim: Claim, lang: Language) -> bool:
    """Whether an uncited sentence states anything to check: a key term or a number, outside
    a lead-in (`Voici ce que disent les articles :`) without names or numbers."""
    if not analyze(claim.text, lang) and not numbers(claim.text):
        return False
    lead_in = claim.text.rstrip().endswith(":")
    return not lead_in or bool(numbers(claim.text) or claim_facts(claim.text, lang).names)


def _rewrite(segment: str, supported: set[int], renumber: dict[int, int]) -> str:
    """The segment with its supported markers renumbered, the others dropped (or one `[?]`)."""
    written: set[int] = set()
    marked = False

    def replace(match: re.Match[str]) -> str:
        nonlocal marked
        n = int(match.group(1))
        if n in supported:
            if n in written:
                return ""
            written.add(n)
            return f" [{renumber[n]}]"
        if supported or marked:
            return ""
        marked = True
        return f" {UNSUPPORTED_MARK}"

    return MARKER.sub(replace, segment)
