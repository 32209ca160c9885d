"""A passage merged from several retrieved chunks remembers how each chunk ranked, and when the
sentences worth embedding tie (an English question whose only match is a name every sentence
holds), those of the chunk the search found closest go first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rag.embeddings import Embedder
from rag.types import Passage
from tests.helpers.indexing import one_article_in_overlapping_chunks
from tests.helpers.reading import answer_from, read_config

SENTENCES = (
    "Chartres accueille chaque printemps une foire aux chevaux très ancienne.",
    "Le maire de Chartres a inauguré une nouvelle piscine en juin dernier.",
    "Le conseil municipal de Chartres discute du budget des écoles primaires.",
    "Le musée des beaux-arts de Chartres expose une collection de vitraux anciens.",
)
TEXT = " ".join(SENTENCES)


def test_a_merged_passage_keeps_each_chunks_score(tmp_path: Path, embedder: Embedder) -> None:
    app, article = one_article_in_overlapping_chunks(tmp_path, embedder)
    merged = max(app.search(article["text"][:400], k=5), key=lambda p: p.end - p.start)
    assert len(merged.chunk_scores) > 1
    for start, end, score in merged.chunk_scores:
        assert merged.start <= start < end <= merged.end
        assert merged.chunk_score(start) >= score
    assert max(score for _, _, score in merged.chunk_scores) == merged.score
    best = max(merged.chunk_scores, key=lambda chunk: chunk[2])
    assert merged.chunk_score(best[0]) == merged.score


def test_a_passage_without_chunk_scores_scores_as_a_whole() -> None:
    passage = Passage("c-0", "c", "Chartres", TEXT, 0, len(TEXT), 1.5, lang="fr")
    assert passage.chunk_score(0) == passage.chunk_score(len(TEXT) - 1) == 1.5
    split = TEXT.index(SENTENCES[2])
    scored = Passage(
        "c-0", "c", "Chartres", TEXT, 0, len(TEXT), 1.5, lang="fr",
        chunk_scores=((0, split + 10, 0.2), (split, len(TEXT), 1.5)),
    )  # fmt: skip
    assert scored.chunk_score(0) == 0.2
    assert scored.chunk_score(split + 5) == 1.5  # in both chunks: the better one
    assert scored.chunk_score(len(TEXT) - 1) == 1.5


def sentences_read(passage: Passage, embedder: Embedder) -> list[str]:
    """The sentences the reader is given for an English question over `passage` when only two
    are embedded."""
    seen: list[str] = []

    def read(texts: Sequence[str]) -> list[float]:
        seen.extend(texts)
        return [0.5] * len(texts)

    config = replace(read_config(read), candidate_sentences=2, across_min_probability=0.01)
    answer_from([passage], "What does the Chartres museum show?", config, "en", embedder)
    return [s for s in SENTENCES if any(s in text for text in seen)]


def test_sentences_tied_on_the_questions_names_are_embedded_from_the_best_ranked_chunk(
    embedder: Embedder,
) -> None:
    whole = Passage("c-0", "c", "Chartres", TEXT, 0, len(TEXT), 1.5, lang="fr")
    assert sentences_read(whole, embedder) == list(SENTENCES[:2])  # the passage's first two
    split = TEXT.index(SENTENCES[2])
    merged = Passage(
        "c-0", "c", "Chartres", TEXT, 0, len(TEXT), 1.5, lang="fr",
        chunk_scores=((0, split, 0.2), (split, len(TEXT), 1.5)),
    )  # fmt: skip
    assert sentences_read(merged, embedder) == list(SENTENCES[2:])
