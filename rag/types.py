"""Domain types shared by every layer: articles in, passages through, answers out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """A news article as loaded from a file or feed, before chunking."""

    id: str
    title: str
    text: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    # Kept for callers of the loaders; not part of the index (nor of the content hash).
    author: str | None = None


@dataclass(frozen=True, kw_only=True)
class Chunk:
    """A slice of an article's text; `text == article.text[start:end]`.

    The one definition of a chunk's fields: `rag.store.rows` derives the stored metadata from
    them and `ingest.hashing.chunk_key` hashes them in this order, so add new fields at the end.
    """

    article_id: str
    index: int
    start: int
    end: int
    text: str
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None

    @property
    def embedded_text(self) -> str:
        """The text given to the embedder and the keyword index: title, then passage."""
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its rank score; `start`/`end` locate `text` in the article."""

    chunk_id: str
    article_id: str
    title: str
    text: str
    start: int
    end: int
    score: float
    date: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    # The near-duplicate group (wire copies of one text share it; a lone article is its own).
    duplicate_group: str | None = None
    # (start, end, score) of each retrieved chunk folded into this passage (article offsets)
    chunk_scores: tuple[tuple[int, int, float], ...] = ()
    # How far the embedding similarity of its nearest chunk to the question stands above the
    # question's neighbourhood in the archive (`rag.retrieve.hybrid.standouts`); None when no
    # chunk of it was found by embedding or the archive is too small to tell.
    standout: float | None = None

    def chunk_score(self, offset: int) -> float:
        """The best rank score of the retrieved chunks holding article offset `offset`: which
        part of a long passage the search found closest to the question (the passage's own
        score when no chunk is known)."""
        held = [score for start, end, score in self.chunk_scores if start <= offset < end]
        return max(held) if held else self.score


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: `quote == article.text[start:end]`."""

    n: int
    article_id: str
    title: str
    date: str | None
    source: str | None
    quote: str
    start: int
    end: int
    score: float
    url: str | None = None
    passage: str = ""
    # The words of the quote that answer (a number, a date, a name...), in article offsets:
    # `start <= answer_start < answer_end <= end`; None when the question asks for no kind.
    answer_start: int | None = None
    answer_end: int | None = None


@dataclass(frozen=True)
class Answer:
    """What `rag.answer` returns: the text with `[n]` markers and the citations behind them."""

    question: str
    text: str
    # False for a refusal; a refusal may still cite what the articles say instead of the
    # answer asked for ("no number of deaths; they say: 17 injured [1]").
    found: bool
    citations: list[Citation] = field(default_factory=list)
    standalone_question: str = ""
    mode: str = "extractive"
    # The best sentence's relevance (0..1); an answer is refused below the threshold.
    relevance: float = 0.0
    # LLM sentences no passage backs (cited or not): marked `[?]` in `text`, or removed
    # from it with NEWSRAG_LLM_UNSUPPORTED=remove.
    flagged_sentences: tuple[str, ...] = ()
    # What newsrag says before the quotes, itself no quote: what the archive covers, what the
    # articles do not say. `text` starts with it.
    note: str = ""
    # The passages retrieved for the question, in rank order (cited or not): what a refusal
    # shows as "closest articles" without searching again.
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class AnswerDelta:
    """A piece of the LLM's draft answer, as it is written (markers not yet checked)."""

    text: str


@dataclass(frozen=True)
class AnswerDone:
    """The last event of a streamed answer: the verified `Answer` that replaces the draft."""

    answer: Answer


AnswerEvent = AnswerDelta | AnswerDone


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation, as passed in `history`.

    `standalone` is the question as it was searched (`Answer.standalone_question`); passing it
    lets a follow-up of a follow-up keep the original subject.
    """

    question: str
    answer: str
    standalone: str = ""
