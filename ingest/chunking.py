"""Sentence-aware chunking that keeps each chunk's exact character span in its article."""

from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.types import Article, Chunk

# Paragraphs, then lines, then sentence ends, then clause marks, then words: never inside a word.
_SEPARATORS = [r"\n\s*\n", r"\n", r"(?<=[.!?…»])\s+", r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+"]


class ArticleChunker:
    """Splits articles into ~chunk_size-character chunks with overlap, spans included."""

    def __init__(self, chunk_size: int = 1000, chunk_overlap: int = 200) -> None:
        self._splitter = RecursiveCharacterTextSplitter(
            separators=_SEPARATORS,
            is_separator_regex=True,
            keep_separator="end",
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            strip_whitespace=True,
        )

    def split(self, article: Article) -> list[Chunk]:
        """The article's chunks in order; `chunk.text == article.text[chunk.start:chunk.end]`."""
        chunks: list[Chunk] = []
        cursor = 0
        for index, piece in enumerate(self._splitter.split_text(article.text)):
            start = _locate(article.text, piece, cursor)
            # Keep the whitespace that follows, so that consecutive chunks always touch or
            # overlap and retrieval can merge them into one exact span of the article.
            end = start + len(piece)
            while end < len(article.text) and article.text[end].isspace():
                end += 1
            chunks.append(
                Chunk(
                    article_id=article.id,
                    index=index,
                    text=article.text[start:end],
                    start=start,
                    end=end,
                    title=article.title,
                    date=article.date,
                    source=article.source,
                    url=article.url,
                    lang=article.lang,
                )
            )
            cursor = start + 1
        return chunks


def _locate(text: str, piece: str, cursor: int) -> int:
    """Where `piece` starts in `text`, searching forward from the previous chunk's start."""
    start = text.find(piece, cursor)
    if start < 0:
        start = text.find(piece)
    if start < 0:  # the splitter only strips and slices, so this means a bug upstream
        raise ValueError(f"chunk not found in article text: {piece[:60]!r}")
    return start
