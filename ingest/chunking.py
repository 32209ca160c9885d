"""Sentence-aware chunking that keeps each chunk's exact character span in its article."""

from __future__ import annotations

from collections.abc import Iterator

from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.text.segmenter import CLAUSE_MARKS, chunk_sentence_separator
from rag.types import Article, Chunk

# Paragraphs, then lines, then sentence ends, then clause marks, then words: never inside a word.
# (rag.text.segmenter's sentence end: never after "M.", "J. F." or "Dr.")
_SEPARATORS = [
    r"\n\s*\n",
    r"\n",
    chunk_sentence_separator(),
    *(rf"(?<=[{marks}])\s+" for marks in CLAUSE_MARKS),
    r"\s+",
]


class ArticleChunker:
    """Splits articles into ~chunk_size-character chunks with overlap, spans included."""

    def __init__(self, chunk_size: int = 1000, chunk_overlap: int = 200) -> None:
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self._splitter = RecursiveCharacterTextSplitter(
            separators=_SEPARATORS,
            is_separator_regex=True,
            keep_separator="end",
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            strip_whitespace=True,
        )

    def split(self, article: Article) -> list[Chunk]:
        """The article's chunks in order; `chunk.text == article.text[chunk.start:chunk.end]`.

        No chunk is longer than twice the chunk size, whatever the text: a "word" longer
        than the chunk size (a URL, a run of symbols, a 10 MB token) is cut into windows of
        the chunk size that overlap like chunks do.
        """
        text = article.text
        spans: list[tuple[int, int]] = []
        cursor = 0
        for piece in self._splitter.split_text(text):
            start = _locate(text, piece, cursor)
            spans.extend(self._windows(text, start, start + len(piece)))
            cursor = start + 1
        return [
            Chunk(
                article_id=article.id,
                index=index,
                text=text[start:end],
                start=start,
                end=end,
                title=article.title,
                date=article.date,
                source=article.source,
                url=article.url,
                lang=article.lang,
            )
            for index, (start, end) in enumerate(spans)
        ]

    def _windows(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The span of a piece, cut into overlapping windows when it is over the chunk size.

        Each span keeps the whitespace that follows it (up to the chunk size), so that
        consecutive chunks touch or overlap and retrieval can merge them into one exact span.
        """
        piece = text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())
        if start >= end:
            return
        size = self.chunk_size
        step = size - min(self.chunk_overlap, size // 2)
        while end - start > size:
            if not text[start : start + size].isspace():
                yield start, start + size
            start += step
        limit = min(len(text), end + size)
        while end < limit and text[end].isspace():
            end += 1
        yield start, end


def _locate(text: str, piece: str, cursor: int) -> int:
    """Where `piece` starts in `text`, searching forward from the previous chunk's start."""
    start = text.find(piece, cursor)
    if start < 0:
        start = text.find(piece)
    if start < 0:  # the splitter only strips and slices, so this means a bug upstream
        raise ValueError(f"chunk not found in article text: {piece[:60]!r}")
    return start
