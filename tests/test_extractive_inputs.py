"""What an extractive answer embeds of a long sentence, and answers across languages."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answering.extractive import extractive_answer
from rag.answering.extractive_config import ExtractiveConfig
from rag.types import Answer, Passage
from tests.helpers.fakes import HashEmbedder


def passage(article: str, title: str, text: str, score: float) -> Passage:
    """A retrieved French passage that starts 40 characters into its article."""
    return Passage(f"{article}-c0", article, title, text, 40, 40 + len(text), score, lang="fr")


class RecordingEmbedder(HashEmbedder):
    """The fake embedder, keeping every document text it was given."""

    def __init__(self) -> None:
        self.documents: list[str] = []

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Record, then embed."""
        self.documents.extend(texts)
        return super().embed_documents(texts)


def test_a_long_candidate_is_embedded_by_its_start_and_quoted_whole() -> None:
    long_sentence = (
        "Le maire de Lyon a présenté jeudi un plan pour les écoles de la ville, "
        + "qui prévoit de rénover les cantines, les cours et les gymnases, " * 6
        + "pour un coût total de 40 millions d'euros."
    )
    embedder = RecordingEmbedder()
    config = ExtractiveConfig(
        min_relevance=0.0, dense_share=0.6, max_sentences=1, sentence_chars=120
    )
    answer = extractive_answer(
        "Quel plan le maire de Lyon a-t-il présenté ?",
        [passage("lyon", "Lyon", long_sentence, 1.0)],
        config,
        lang="fr",
        idf=lambda _: 1.0,
        embedder=embedder,
        indexed_articles=1,
    )

    [embedded] = embedder.documents
    assert len(long_sentence) > 400
    assert len(embedded) <= 120
    assert long_sentence.startswith(embedded)
    assert long_sentence[len(embedded)] == " "  # cut between words
    assert answer.citations[0].quote == long_sentence


def test_across_languages_the_questions_names_carry_the_answer() -> None:
    article = (
        "Le climatologue Konrad Steffen, âgé de 68 ans, est mort au Groenland. "
        "Les recherches ont été interrompues dimanche."
    )
    config = ExtractiveConfig(
        min_relevance=0.38, dense_share=0.6, max_sentences=1, cross_lingual_min_relevance=0.34
    )

    def ask(question: str, text: str) -> Answer:
        return extractive_answer(
            question,
            [passage("ks", "Groenland", text, 1.0)],
            config,
            lang="en",
            idf=lambda _: 1.0,
            embedder=HashEmbedder(),  # no word in common across languages: only names match
            indexed_articles=1,
        )

    named = ask("How old was the climate scientist Konrad Steffen?", article)
    assert named.found
    assert named.citations[0].quote.startswith("Le climatologue Konrad Steffen")
    unnamed = ask("How old was the climate scientist?", article)
    assert not unnamed.found
    other = ask("How old was the climate scientist Konrad Steffen?", "La glace fond vite.")
    assert not other.found
