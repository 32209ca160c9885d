"""Whether a quote is made of whole sentences, judged by punctuation alone, not by newsrag's
splitter (which cut the quotes and so cannot judge its own cuts): issue 18 asks that no quote
start or end inside a sentence. A quote starts a sentence at the start of the text or of a
line, or after a sentence's final mark (., !, ?, … and any closing quote or bracket) that does
not close a title (« M. », « Mme. ») nor, unless the next word opens a sentence (a capitalised
pronoun, article or preposition: « etc. Au sommet », « av. J.-C. Les invasions », « en coupe
du monde B. Il obtient »; not « J. Kennedy »), an abbreviation or an initial; it ends one at
such a mark, or at the end of a line; a heading glued by scraping to its paragraph, with no
mark (« seront déposéesAu moment »), ends where the opening word begins. pysbd was tried as the
judge and dropped: it attaches a closing guillemet to the next sentence and misses scraped joins
(« Suisse."Il était »), so most of what it flagged was its own error."""

from __future__ import annotations

import re

# a sentence's final mark, then closing quotes or brackets
_FINAL = re.compile(r"[.!?…](?:\s*[»\"”’)\]])*$")
# what may close with a full stop without ending a sentence: titles (never an end) ...
_TITLE = re.compile(r"\b(?:M|MM|Mme|Mlle|Mgr|Dr|Pr|Me|St|Ste|Mr|Mrs|Ms|Prof)\.$")
# ... and abbreviations and initials (an end before a word that opens a sentence)
_ABBREVIATION = re.compile(
    r"(?:\b(?:av|apr|etc|cf|env|art|No|n°|p|z|u|bzw|ca|vgl|Nr)|(?<![^\s\-(.])[A-ZÀ-Þ])\.$"
)

# capitalised words that open a sentence, not a name: after « etc. » or an initial they say
# the sentence ended there
_OPENER_WORDS = (
    "le la les l un une des du de ce cet cette ces c il ils elle elles on je j nous vous au aux "
    "en dans pour par sur sous avec selon depuis après avant mais et puis son sa ses leur leurs "
    "the a an it he she they we i in on at by for with but and this that these those his her "
    "their its der die das ein eine er sie es wir ich im am auf mit aber und dies diese"
)
_OPENERS = frozenset(_OPENER_WORDS.split())
# glued joins are a French scraper's: English words glued to a name are camel case ("LinkedIn")
_GLUED_OPENER_WORDS = (
    "le la les l un une des du de ce cet cette ces c il ils elle elles on je j nous vous au aux "
    "en dans pour par sur sous avec selon depuis après avant mais et puis son sa ses leur leurs "
    "d s qu plus malgré lors si à"
)
_GLUED_OPENERS = frozenset(_GLUED_OPENER_WORDS.split())
# no space at all in a scraped paragraph join (« Mia Farrow, etc.Au sommet »)
_NEXT_WORD = re.compile(r"\s*[«“„\"(]?\s*([A-ZÀ-Þ][a-zß-ÿ]*)\b")
# a heading or a caption glued to its paragraph by scraping, with no mark at all: a lower-case
# letter, then a capitalised word that opens sentences (« déposéesAu moment de l'agression »)
_GLUED_WORD = re.compile(r"([A-ZÀ-Þ][a-zß-ÿ]*)(?:['’][a-zß-ÿ]|\b(?!['’-]))")


def _glued_join(text: str, at: int) -> bool:
    """Whether `at` is between a lower-case letter and a glued word that opens a sentence."""
    if at == 0 or not (text[at - 1].isalpha() and text[at - 1].islower()):
        return False
    opening = _GLUED_WORD.match(text, at)
    return opening is not None and opening.group(1).lower() in _GLUED_OPENERS


def _ends_sentence(text: str, after: str) -> bool:
    """Whether `text`, stripped, ends like a sentence, not like an abbreviation unless the
    next words (`after`) open a sentence."""
    stripped = text.rstrip()
    bare = stripped.rstrip('»"”’)] \u00a0\u202f')
    if not _FINAL.search(stripped):
        return False
    if _TITLE.search(bare):
        return False
    if not _ABBREVIATION.search(bare):
        return True
    opening = _NEXT_WORD.match(after)
    return opening is not None and opening.group(1).lower() in _OPENERS


def starts_whole(text: str, start: int) -> bool:
    """Whether a quote starting at `start` starts a sentence of `text`."""
    before = text[:start]
    if not before.strip() or "\n" in before[len(before.rstrip(" \t")) - 1 :]:
        return True
    if _glued_join(text, start):
        return True
    return _ends_sentence(before, " " + text[start:])


def ends_whole(text: str, end: int) -> bool:
    """Whether a quote ending at `end` ends a sentence of `text`."""
    after = text[end:]
    if not after.strip() or after.lstrip(" \t").startswith("\n"):
        return True
    if _glued_join(text, end):
        return True
    return _ends_sentence(text[:end], after)


def is_whole(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` starts and ends where sentences do."""
    return starts_whole(text, start) and ends_whole(text, end)
