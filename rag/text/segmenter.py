"""Sentence boundaries in French, English and German news text, as exact character spans.

A boundary is a sentence mark (. ! ? …, with the quotes and brackets that close it) before a
space and something that can open a sentence, a line break, or a full stop glued to the next
sentence by scraping ("l'AFP.Aucune"). A full stop is no boundary after a title or other
abbreviation (M., MM., Dr., z. B., u. a., av. J.-C.), an initial (J. F. Kennedy, J.-M.), an
ordinal before a month ("am 3. Oktober"), in an elided quotation « (...) », or inside
guillemets (« ... ») that are still open: a quotation that spans sentences stays one sentence.
A few marks end a sentence only when a sentence-opening word follows ("etc. Le", "J.-C. Il",
"the U.S. It"). A heading glued by scraping to its paragraph (« déposéesAu moment ») ends too.
"""

from __future__ import annotations

import re

from rag.text.lexicon import (
    ABBREVIATIONS,
    MAY_END_ABBREVIATIONS,
    MONTHS,
    NUMBER_ABBREVIATIONS,
    SENTENCE_OPENERS,
    TITLE_ABBREVIATIONS,
    all_languages,
)

# Month names after an ordinal's full stop ("am 3. Oktober"): no sentence ends there.
_MONTHS = frozenset(all_languages(MONTHS))
# A heading or a caption glued by scraping to the paragraph that follows, with no mark nor
# space between: a lower-case letter, then a capitalised word that opens French sentences
# (« Deux plaintes seront déposéesAu moment de l'agression », « ?par franceinfoLes foyers »);
# not names written in camel case ("YouTube", "LinkedIn", "BlackRock").
_GLUED_OPENERS = (
    "Le|La|Les|Un|Une|Des|Du|De|Il|Ils|Elle|Elles|On|Ce|Cet|Cette|Ces|Mais|Dans|Pour|Par|Sur"
    "|Selon|Depuis|Après|Avant|Lors|Si|Je|Nous|Vous|Au|Aux|En|Et|Plus|Malgré|Avec|Son|Sa|Ses"
    "|Leur|Leurs|À"
)
_GLUED = rf"(?<=[a-zà-öø-ÿ])(?=(?:{_GLUED_OPENERS})\b(?!['’-])|(?:L|D|C|S|J|Qu)['’][a-zà-öø-ÿ])"
# Sentence marks, the quotes and brackets that close them, then whitespace, or nothing before
# a capitalised word (a scraped join); a bare line break; or a glued heading (`_GLUED`).
_CANDIDATE = re.compile(
    r"[.!?…]+(?:[\s\u00a0\u202f]?[»”“]|[\"')\]’])*(?:\s+|(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]))|\n|" + _GLUED
)
_OPENING = re.compile(r"[«“„\"'(\[–—-]?\s*[A-ZÀ-ÖØ-Þ0-9«“„\"]")
_INITIALS = re.compile(r"(?:[A-Z]\.-?)+[A-Z]")  # J.-M, G.W (not U.S: see MAY_END_ABBREVIATIONS)
_WORD_AFTER = re.compile(r"[«“„\"'(\[–—-]?\s*([\w’'-]+)")
# Guillemets left open longer than this no longer hold sentences together (a missing »).
_MAX_QUOTE_CHARS = 500


def sentence_spans(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """The `[start, end)` spans of the sentences of `text`, whitespace trimmed, in order."""
    german = (lang or "")[:2] == "de"
    opens, closes = ("«„", "»“") if german else ("«“", "»”")
    spans: list[tuple[int, int]] = []
    cursor = scan = 0
    quote_open = -1  # where the open guillemet is, -1 if none
    for match in _CANDIDATE.finditer(text):
        quote_open = _quotes(text, scan, match.start(), quote_open, opens, closes)
        scan = match.start()
        found = match.group(0)
        marks = found.rstrip()
        end = match.start() + len(marks)
        if not found or "\n" in found:  # a line, or a heading glued to its paragraph, ends
            quote_open = -1
        elif not _is_boundary(text, match.start(), match.end(), marks, quote_open, german):
            continue
        elif _opens_next(marks, end == match.end(), quote_open, text):
            end -= 1  # « tribunal."Libérez Radi ... » : the quote is the next sentence's
            quote_open, scan = end, match.end()
        else:
            quote_open = -1 if marks[-1] in closes + '"' else quote_open
        _add(spans, text, cursor, end)
        cursor = end if quote_open == end else match.end()
    _add(spans, text, cursor, len(text))
    return spans


def _opens_next(marks: str, glued: bool, quote_open: int, text: str) -> bool:
    """Whether the straight quote ending `marks`, glued to the next word by scraping
    (« tribunal."Libérez Radi », « en Suisse."Il était »), opens the next sentence: it does
    when no straight quote is open before it to close."""
    return glued and marks.endswith('"') and not (quote_open >= 0 and text[quote_open] == '"')


def _quotes(text: str, start: int, end: int, quote_open: int, opens: str, closes: str) -> int:
    """Where the open quotation is after reading `text[start:end]` (-1: none). A straight
    double quote opens after a space or an opening bracket and closes an open one."""
    for i in range(start, end):
        char = text[i]
        if char in opens:
            quote_open = i
        elif char in closes:
            quote_open = -1
        elif char == '"':
            if quote_open >= 0 and text[quote_open] == '"':
                quote_open = -1
            elif i == 0 or text[i - 1] in " \t\n\u00a0([:–—-'":
                quote_open = i
    return quote_open


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        begin = start + len(piece) - len(piece.lstrip())
        spans.append((begin, begin + len(stripped)))


def _is_boundary(
    text: str, at: int, after_at: int, marks: str, quote_open: int, german: bool
) -> bool:
    """Whether `marks`, found at `at` and followed by `text[after_at:]`, end a sentence."""
    after = text[after_at : after_at + 60]
    if not _OPENING.match(after):
        return False
    if after_at == at + len(marks) and not _glued_join(text, at):
        return False
    if quote_open >= 0 and at - quote_open < _MAX_QUOTE_CHARS and marks[-1] not in '»”“"':
        return False
    if marks[0] == "…" or marks.startswith(".."):
        # « (...) » and [...] mark an elided passage, not a sentence end
        return not (at > 0 and text[at - 1] in "([")
    if marks[0] != ".":
        return True
    window = text[max(0, at - 60) : at]
    words = window.split()
    word = words[-1] if words and not window[-1:].isspace() else ""
    word = word.lstrip("«“„\"'([–—-")
    previous = words[-2] if len(words) > 1 else ""
    found = _WORD_AFTER.match(after)
    return _full_stop_ends(word, previous, found.group(1) if found else "", german)


def _glued_join(text: str, at: int) -> bool:
    """A full stop with no space before a capitalised word ends a sentence when two letters
    of a word (not a URL or an abbreviation) precede it: "l'AFP.Aucune", not "M.Dupont"."""
    words = text[max(0, at - 40) : at].split()
    word = words[-1] if words else ""
    if len(word) < 2 or not word[-2:].isalnum():
        return False
    return "/" not in word and "@" not in word and "www" not in word.lower()


def _full_stop_ends(word: str, previous: str, next_word: str, german: bool) -> bool:
    """Whether a full stop after `word` (itself after `previous`), followed by `next_word`,
    ends a sentence."""
    lower = word.lower()
    opener = next_word.lower().replace("’", "'").split("'")[0] in SENTENCE_OPENERS
    if lower in MAY_END_ABBREVIATIONS:
        return opener
    if word in TITLE_ABBREVIATIONS or lower in ABBREVIATIONS or _INITIALS.fullmatch(word):
        return False
    if lower in NUMBER_ABBREVIATIONS and next_word[:1].isdigit():
        return False
    if len(word) == 1 and word.isalpha():
        # an initial (J. F. Kennedy) or a short form (z. B., u. a.); a capital letter ends a
        # sentence only after a common word and before an opening one ("le plan B. Il ...")
        common = previous.isalpha() and previous.islower() and len(previous) > 1
        return word.isupper() and common and opener
    if word.isdigit() and len(word) <= 2:  # an ordinal: "am 3. Oktober", "der 2. Weltkrieg"
        if next_word.lower() in _MONTHS:
            return False
        if german:
            return opener
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S, O.N.U
        return opener
    return True


# The clause marks a chunk is cut after when no sentence end fits, strongest first
# (ingest/chunking.py): a passage ending with one ends inside a sentence (rag.text.sentences).
CLAUSE_MARKS = (";:", ",")


def chunk_sentence_separator() -> str:
    """A regular expression for the whitespace after a sentence end, for chunkers that split
    on a pattern: it never matches after an initial or a title ("M. ", "J. F. ", "Dr. ")."""
    guards = "".join(
        rf"(?<!\b{re.escape(abbreviation)}\.)"
        for abbreviation in sorted(TITLE_ABBREVIATIONS | ABBREVIATIONS)
        if abbreviation.isascii() and len(abbreviation) > 1
    )
    return rf"(?<=[.!?…»])(?<!\b\w\.){guards}\s+"
