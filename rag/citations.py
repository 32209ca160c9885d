"""Checks an LLM answer's `[n]` markers: each must point at a passage that supports its sentence.

A sentence is supported by passage n when every number it states appears in the passage, and

    support = TERM_WEIGHT * key-term share + (1 - TERM_WEIGHT) * similarity  >= MIN_SUPPORT

where the key-term share is the part of the sentence's content terms (`rag.analysis.analyze`:
stopwords dropped, stemmed) found in the passage's title and text, counted only when at least
MIN_SHARED_TERMS are shared (one common word, such as a name an injected instruction repeats,
proves nothing), and the similarity is the embedding similarity of the sentence to the passage's
closest sentence, rescaled from `Embedder.unrelated_similarity` as in `rag.extractive`. Across
languages key terms cannot match, so there the similarity alone must reach MIN_SUPPORT.

The constants were set on the seed article with multilingual-e5-small: supported paraphrases
scored 0.6-0.95 (English or German sentences about a French passage: 0.57-0.71), sentences on
the same topic that the passage does not back 0.25-0.55, unrelated ones below 0.3.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from rag.analysis import analyze, as_language, detect_language
from rag.embeddings import Embedder
from rag.sentences import Sentence, cite_sentence, split_sentences
from rag.types import Citation, Passage

MARKER = re.compile(r"\s*\[(\d+)\]")
# Replaces the markers of a sentence none of whose citations held: visible in every front end.
UNSUPPORTED_MARK = "[?]"
TERM_WEIGHT = 0.6
MIN_SUPPORT = 0.55
MIN_SHARED_TERMS = 2

# A sentence ends at . ! ? … (with a closing quote and the markers that follow it) before a
# space or the end, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"')]*(?:\s*\[\d+\])*(?=\s|$)|\n+")
# 3 000 / 3,000 / 3.000 (thousands), 2,5 / 2.5 (decimals), 31 (integers).
_NUMBER = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Claim:
    """A sentence of the answer: its span in the answer text, its words, the passages it cites."""

    start: int
    end: int
    text: str
    cited: tuple[int, ...]


@dataclass(frozen=True)
class Support:
    """How well one passage backs one claim, and the passage sentence that backs it best."""

    score: float
    shared_terms: frozenset[str]
    similarity: float
    sentence: Sentence


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


def numbers(text: str) -> set[str]:
    """The numbers written in `text`, normalised (3 000 == 3,000 == 3000; 2,5 == 2.5)."""
    found: set[str] = set()
    for raw in _NUMBER.findall(text):
        if re.fullmatch(r"\d+[.,]\d{1,2}|\d+[.,]\d{4,}", raw):
            whole, frac = re.split(r"[.,]", raw)
            found.add(f"{int(whole)}.{frac}")
        else:
            found.add(str(int(re.sub(r"\D", "", raw))))
    return found


class SupportChecker:
    """Scores claims against passages; embeds each claim and passage sentence once."""

    def __init__(
        self,
        claims: Sequence[str],
        passages: Sequence[Passage],
        cited: Collection[int],
        embedder: Embedder,
        lang: str,
    ) -> None:
        self.lang = as_language(lang)
        self.passages = passages
        # only the cited passages (1-based numbers) are split and embedded
        self.sentences = [_sentences(p) if n in cited else [] for n, p in enumerate(passages, 1)]
        texts = [*claims, *(s.text for group in self.sentences for s in group)]
        vectors = np.asarray(embedder.embed_documents(texts))
        floor = embedder.unrelated_similarity
        claim_vectors, sentence_vectors = vectors[: len(claims)], vectors[len(claims) :]
        similarities = np.clip((claim_vectors @ sentence_vectors.T - floor) / (1 - floor), 0, 1)
        self._row = {claim: i for i, claim in enumerate(claims)}
        self._similarities = similarities
        self._offsets = np.cumsum([0, *(len(group) for group in self.sentences)])
        self._words: dict[int, frozenset[str]] = {}  # passage n's key terms (title and text)
        self._numbers: dict[int, set[str]] = {}
        for n in cited:
            p = passages[n - 1]
            # a passage in another language than the answer shares no key terms with it
            same = as_language(p.lang or self.lang) == self.lang
            self._words[n] = frozenset(analyze(f"{p.title}\n{p.text}", self.lang) if same else ())
            self._numbers[n] = numbers(f"{p.title}\n{p.text}\n{p.date or ''}")

    def check(self, claim: str, cited: Sequence[int]) -> dict[int, Sentence]:
        """The passages among `cited` (1-based) that support `claim`, one of the claims given,
        each with its sentence that backs the claim best."""
        cited = [n for n in cited if 1 <= n <= len(self.passages)]
        claimed = numbers(claim)
        verdicts = {n: self.support(claim, n) for n in cited}
        held = {
            n: v.sentence
            for n, v in verdicts.items()
            if v.score >= MIN_SUPPORT and claimed <= self._numbers[n]
        }
        if held or len(cited) < 2:
            return held
        # A sentence may join what several passages say: judge them together, and keep those
        # that give it some of its key terms (or, across languages, its meaning).
        terms = self._terms(claim)
        known = frozenset().union(*(self._words[n] for n in cited))
        similarity = max(v.similarity for v in verdicts.values())
        joint = (
            TERM_WEIGHT * _term_share(terms, known) + (1 - TERM_WEIGHT) * similarity
            if terms and known
            else similarity
        )
        if joint < MIN_SUPPORT or not claimed <= set().union(*(self._numbers[n] for n in cited)):
            return {}
        return {
            n: v.sentence
            for n, v in verdicts.items()
            if len(v.shared_terms) >= MIN_SHARED_TERMS or v.similarity >= MIN_SUPPORT
        }

    def support(self, claim: str, n: int) -> Support:
        """How well passage `n` (1-based) supports `claim` on its own, numbers aside."""
        sentences = self.sentences[n - 1]
        sims = self._similarities[self._row[claim], self._offsets[n - 1] : self._offsets[n]]
        similarity = float(sims.max())
        terms = self._terms(claim)
        words = self._words[n]
        if not terms or not words:  # no key terms to compare (or another language): meaning
            return Support(similarity, frozenset(), similarity, sentences[int(np.argmax(sims))])
        score = TERM_WEIGHT * _term_share(terms, words) + (1 - TERM_WEIGHT) * similarity
        # the quote: the sentence that backs the claim best by the same blend
        best = np.argmax(
            [
                TERM_WEIGHT * _term_share(terms, frozenset(analyze(s.text, self.lang)), 1)
                + (1 - TERM_WEIGHT) * float(sim)
                for s, sim in zip(sentences, sims, strict=True)
            ]
        )
        return Support(score, terms & words, similarity, sentences[int(best)])

    def _terms(self, claim: str) -> frozenset[str]:
        return frozenset(analyze(claim, self.lang))


def _sentences(passage: Passage) -> list[Sentence]:
    """The passage's sentences, or the passage as one when none is long enough."""
    return split_sentences(passage) or [Sentence(passage.text, passage.start, passage.end, passage)]


def _term_share(
    terms: frozenset[str], found_in: frozenset[str], minimum: int = MIN_SHARED_TERMS
) -> float:
    shared = len(terms & found_in)
    return shared / len(terms) if shared >= minimum else 0.0


def verify_citations(text: str, passages: Sequence[Passage], embedder: Embedder) -> CheckedAnswer:
    """Keep the markers whose passage supports their sentence, renumber them 1..m in order of
    use, quote the passage sentence that backs each; mark `[?]` a sentence left with none."""
    claims = split_claims(text)
    cited = {n for c in claims for n in c.cited if 1 <= n <= len(passages)}
    checker = (
        SupportChecker(
            list(dict.fromkeys(c.text for c in claims if set(c.cited) & cited)),
            passages,
            cited,
            embedder,
            detect_language(MARKER.sub("", text)),
        )
        if cited
        else None
    )
    renumber: dict[int, int] = {}
    citations: list[Citation] = []
    flagged: list[str] = []
    parts: list[str] = []
    for claim in claims:
        backing = checker.check(claim.text, claim.cited) if checker and claim.cited else {}
        supported = set(backing)
        for n in claim.cited:
            if n in backing and n not in renumber:
                renumber[n] = len(renumber) + 1
                citations.append(cite_sentence(renumber[n], backing[n], passages[n - 1].score))
        if claim.cited and not supported:
            flagged.append(claim.text)
        parts.append(_rewrite(text[claim.start : claim.end], supported, renumber))
    return CheckedAnswer("".join(parts).strip(), citations, tuple(flagged))


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
