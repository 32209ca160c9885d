"""Sentence spans inside passages, in article coordinates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.analysis import as_language
from rag.text.lexicon import LEANING, any_of
from rag.text.segmenter import CLAUSE_MARKS, sentence_spans
from rag.types import Citation, Passage

MIN_SENTENCE_CHARS = 25
# A sentence opening with one of LEANING (a pronoun, a connective) is never quoted alone.
_LEANING_START = {
    lang: re.compile(rf"^(?:{any_of(words)})\b", re.IGNORECASE) for lang, words in LEANING.items()
}


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage; `text == article.text[start:end]`."""

    text: str
    start: int
    end: int
    passage: Passage


def split_sentences(passage: Passage) -> list[Sentence]:
    """The passage's sentences that are long enough to stand alone (`rag.text.segmenter` finds
    them: abbreviations, initials, guillemets and scraped joins are handled)."""
    sentences: list[Sentence] = []
    spans = sentence_spans(passage.text, passage.lang)
    if spans and passage.text[: spans[-1][1]].rstrip().endswith(_CUT):
        spans = spans[:-1]  # the chunk ends inside it: quoted, it would stop mid-sentence
    for start, end in spans:
        _append(sentences, passage, start, end)
    return sentences


# How a chunk cut inside a sentence ends (`CLAUSE_MARKS`, never an article's end): « ... pour
# le moment, » and the sentence goes on in the next chunk
_CUT = tuple("".join(CLAUSE_MARKS))


# A line that is a heading: short, and ends without the punctuation that closes a sentence.
_HEADING_CHARS = 120
_SENTENCE_END = tuple(".!?…:;,»”\"')]")


def section_starts(passage: Passage) -> list[int]:
    """Article offsets where a heading line of the passage opens a section: a line of at most
    120 characters that does not end like a sentence, with a line after it (a live blog's
    « Séoul: Pyongyang envoie plus de soldats en Russie »). The last line is never one: the
    passage may cut a sentence there."""
    starts: list[int] = []
    offset = 0
    lines = passage.text.split("\n")
    for n, line in enumerate(lines):
        text = line.strip()
        opens_line = n > 0 or passage.start == 0
        heading = 0 < len(text) <= _HEADING_CHARS and not text.endswith(_SENTENCE_END)
        if opens_line and heading and n + 1 < len(lines):
            starts.append(passage.start + offset)
        offset += len(line) + 1
    return starts


def split_text(text: str, lang: str | None = None) -> list[str]:
    """The sentences of a plain text, as the splitter sees them (none dropped)."""
    return [text[start:end] for start, end in sentence_spans(text, lang)]


def _append(out: list[Sentence], passage: Passage, start: int, end: int) -> None:
    raw = passage.text[start:end]
    stripped = raw.strip()
    if len(stripped) < MIN_SENTENCE_CHARS:
        return
    lead = len(raw) - len(raw.lstrip())
    begin = passage.start + start + lead
    out.append(Sentence(stripped, begin, begin + len(stripped), passage))


def leans_on_previous(text: str, lang: str | None) -> bool:
    """Whether a sentence opens with a pronoun or connective that needs the one before it."""
    return bool(_LEANING_START[as_language(lang)].match(text))


def cite_sentence(
    n: int, sentence: Sentence, score: float, answer: tuple[int, int] | None = None
) -> Citation:
    """Citation `[n]` quoting `sentence` exactly, with its passage as context; `answer` is the
    article span of the words that answer, inside the quote."""
    passage = sentence.passage
    return Citation(
        n=n,
        article_id=passage.article_id,
        title=passage.title,
        date=passage.date,
        source=passage.source,
        quote=sentence.text,
        start=sentence.start,
        end=sentence.end,
        score=round(score, 4),
        url=passage.url,
        passage=passage.text,
        answer_start=answer[0] if answer else None,
        answer_end=answer[1] if answer else None,
    )
