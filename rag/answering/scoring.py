"""Sentence scoring for extractive answers: how well each sentence of the retrieved passages
covers the question, by key terms, by embedding similarity and (optionally) by the reader."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from rag.answering.sentence_vectors import SentenceVectors
from rag.answering.unheld import UNHELD_NAMES_PENALTY, unheld_share
from rag.embeddings import Embedder
from rag.text.acronyms import spelled_out
from rag.text.analysis import analyze, as_language
from rag.text.cognates import cognate_keys, cognate_share
from rag.text.nameruns import NAME_MARK, sentence_tokens
from rag.text.sentences import Sentence, leans_on_previous, section_starts, split_sentences
from rag.text.terms import TermWeights
from rag.types import Passage

# How much the surrounding passage (title included) counts next to the sentence itself.
_CONTEXT_SHARE = 0.3
# Sentences embedded per question when the caller does not say (the best by term coverage).
DEFAULT_CANDIDATE_SENTENCES = 10
# Characters of a candidate embedded: a sentence says what it is about first, and its cost
# grows with its length (measured: 240 costs 0.005 answer recall on PIAF, none on OrangeSum).
DEFAULT_SENTENCE_CHARS = 240
# A sentence whose context (itself, the sentence before, the title) misses the question's rare
# terms (`rag.text.terms.TermWeights.rare`: its subject) keeps only part of its relevance,
# RARE_FLOOR when it misses them all (half credit when only its passage has them).
RARE_FLOOR = 0.6
# What the terms of the question's appositions weigh in a sentence's own coverage (not in its
# passage's): « le magicien du duo ... » tells which Roy Horn; the sentence that says where he
# was born need not repeat it (`rag.text.appositions`; one value tried, not tuned).
DESCRIBED_WEIGHT = 0.5
# Candidate sentences' vectors, shared by the process's questions (about 6 MiB when full).
SENTENCE_VECTORS = SentenceVectors(4096)


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence: term coverage of the question, similarity, and their blend."""

    sentence: Sentence
    coverage: float
    sentence_coverage: float
    rank: int
    similarity: float = 0.0
    relevance: float = 0.0
    plain_relevance: float = 0.0  # the relevance before the reader's verdict was blended in
    # the reader's probability that it answers the question (None: not read)
    reading: float | None = None
    # the passage's sentences around this one, and whether this one leans on the previous
    previous: Sentence | None = None
    following: Sentence | None = None
    leans: bool = False
    # share of the question's rare terms in the sentence's context, and how well it (with the
    # sentence it leans on) fits the kind of answer asked for (`TermWeights.kind_fit`)
    anchored: float = 1.0
    # share of them in the sentence, the one before it and the title (not the rest of the passage)
    named_near: float = 1.0
    kind_fit: float = 1.0
    # share of them in the sentence's section (`SectionNames`), 1 outside any known section
    section_named: float = 1.0
    # share of the question's names that no retrieved passage holds (`unheld_share`)
    unheld: float = 0.0
    # whether its passage names all the question is about (`TermWeights.subject`)
    subject_held: bool = True


def score_sentences(
    passages: Sequence[Passage],
    weights: TermWeights,
    lang: str,
    known: Callable[[str], bool] | None = None,
    acronyms: tuple[str, ...] = (),
) -> list[ScoredSentence]:
    """Every sentence of the passages with its term coverage, in passage order, deduplicated.

    A sentence that leans on the previous one ("Il l'a fondée en 1842.") is scored with that
    sentence's terms too: they name what its pronoun stands for. `known` says whether the
    archive holds a term (`rag.answering.unheld`). A text that spells out one of the
    question's `acronyms` (`rag.text.acronyms.question_acronyms`) holds it.
    """
    scored: list[ScoredSentence] = []
    seen: set[tuple[str, int]] = set()
    split = [split_sentences(p) for p in passages]

    def tokens_of(text: str, text_lang: str) -> set[str]:
        tokens = sentence_tokens(text, text_lang)
        if as_language(text_lang) != as_language(lang):
            return tokens  # across languages an acronym is written as it is (LREM)
        for acronym in spelled_out(text, acronyms):
            tokens |= {f"{m}{t}" for t in analyze(acronym, lang) for m in ("", NAME_MARK)}
        return tokens

    all_tokens = [
        [tokens_of(s.text, p.lang or lang) for s in sentences]
        for p, sentences in zip(passages, split, strict=True)
    ]
    titles = [tokens_of(p.title, p.lang or lang) for p in passages]
    contexts = [t.union(*tokens) for t, tokens in zip(titles, all_tokens, strict=True)]
    weights.find_rare(set().union(*contexts))
    unheld = unheld_share(weights, set().union(*contexts), known)
    for rank, passage in enumerate(passages):
        passage_lang = passage.lang or lang
        title, context = titles[rank], contexts[rank]
        context_coverage = weights.coverage(context)
        subject_held = weights.rare_coverage(context, subject=True) >= 1.0
        sentences, tokens = split[rank], all_tokens[rank]
        sections = SectionNames.of(passage, weights, passage_lang)
        for i, sentence in enumerate(sentences):
            key = (passage.article_id, sentence.start)
            if key in seen:  # overlapping chunks repeat sentences
                continue
            seen.add(key)
            previous = sentences[i - 1] if i else None
            following = sentences[i + 1] if i + 1 < len(sentences) else None
            leans = previous is not None and leans_on_previous(sentence.text, passage_lang)
            own = weights.coverage(tokens[i], DESCRIBED_WEIGHT)
            before = tokens[i - 1] if i else set()
            if leans:
                own_in_context = weights.coverage(tokens[i] | before, DESCRIBED_WEIGHT)
            else:
                own_in_context = own
            combined = (1 - _CONTEXT_SHARE) * own_in_context + _CONTEXT_SHARE * context_coverage
            near = weights.rare_coverage(tokens[i] | before | title)
            anchored = near + 0.5 * (weights.rare_coverage(context) - near)
            quoted = f"{previous.text} {sentence.text}" if leans and previous else sentence.text
            around = previous.text if previous else ""
            kind_fit = weights.kind_fit(quoted, passage_lang, around, passage.title)
            section_named = sections.named(sentence.start) if sections else 1.0
            scored.append(
                ScoredSentence(
                    sentence,
                    combined,
                    own,
                    rank,
                    previous=previous,
                    following=following,
                    leans=leans,
                    anchored=anchored,
                    named_near=near,
                    kind_fit=kind_fit,
                    section_named=section_named,
                    unheld=unheld,
                    subject_held=subject_held,
                )
            )
    return scored


@dataclass(frozen=True)
class SectionNames:
    """How much of the question's subject each section of a passage names: a section runs from
    a heading line to the next (`rag.text.sentences.section_starts`), heading included."""

    starts: tuple[int, ...]
    coverage: tuple[float, ...]

    @classmethod
    def of(cls, passage: Passage, weights: TermWeights, lang: str) -> SectionNames | None:
        """The passage's sections, or None when it has no heading (most articles)."""
        starts = section_starts(passage)
        if not starts:
            return None
        ends = [*starts[1:], passage.end]
        coverage = tuple(
            weights.rare_coverage(
                sentence_tokens(passage.text[a - passage.start : b - passage.start], lang)
            )
            for a, b in zip(starts, ends, strict=True)
        )
        return cls(tuple(starts), coverage)

    def named(self, start: int) -> float:
        """Coverage of the section holding article offset `start`; 1 before the first heading
        (that section may begin before the passage)."""
        section = bisect_right(self.starts, start) - 1
        return self.coverage[section] if section >= 0 else 1.0


def add_similarity(
    question: str,
    scored: list[ScoredSentence],
    embedder: Embedder,
    dense_share: float,
    lang: str = "fr",
    focus: str = "",
    candidates: int = DEFAULT_CANDIDATE_SENTENCES,
    max_chars: int = DEFAULT_SENTENCE_CHARS,
    named: bool = False,
    on_candidates: Callable[[list[ScoredSentence]], None] | None = None,
) -> list[ScoredSentence]:
    """Blend each sentence's embedding similarity to the question with its term coverage.

    Across languages key terms cannot match, so there the similarity alone decides. With a
    `focus` (the follow-up as typed), similarity is averaged over it and the standalone question,
    so the carried-over context does not drown what was asked. Only the `candidates` best
    sentences by coverage are embedded, each by its first `max_chars` characters: that bounds
    a question's cost. `named`: the question names things the passages hold (its rare terms),
    which match across languages where its other words do not. `on_candidates` is told which
    sentences will be embedded before they are (the reader reads them meanwhile).
    """
    keys = cognate_keys(question, lang)
    best_covered = sorted(
        scored,
        key=lambda s: (
            -_prior(s, keys, lang, named),
            s.rank,
            -s.sentence.passage.chunk_score(s.sentence.start),
        ),
    )[:candidates]
    if not best_covered:
        return []
    if on_candidates is not None:
        on_candidates(best_covered)
    queries = [question, focus] if focus else [question]
    query = np.mean([np.asarray(embedder.embed_query(q)) for q in queries], axis=0)
    vectors = SENTENCE_VECTORS.embed(
        embedder, [_start(s.sentence.text, max_chars) for s in best_covered]
    )
    floor = embedder.profile.unrelated_similarity
    similarities = np.clip((vectors @ query - floor) / (1 - floor), 0.0, 1.0)
    blended = [
        replace(
            s,
            similarity=float(sim),
            relevance=(relevance := _relevance(s, float(sim), dense_share, lang, named)),
            plain_relevance=relevance,
        )
        for s, sim in zip(best_covered, similarities, strict=True)
    ]
    blended.sort(key=lambda s: (-s.relevance, s.rank, s.sentence.start))
    return blended


def _prior(scored: ScoredSentence, keys: frozenset[str], lang: str, named: bool) -> float:
    """What says, before any embedding, that a sentence is worth embedding: its relevance
    without similarity. Across languages key terms cannot match, so there a sentence with a
    span of the asked kind and words that look like the question's (`rag.text.cognates`) goes
    first, when the question names nothing the passages hold: without it, the first sentences
    of the first passage were embedded whatever they said (« 3 000 soldats supplémentaires »
    was never read for "How many extra soldiers did North Korea send?")."""
    if named or not across_languages(scored, lang):
        return _relevance(scored, 0.0, 0.0, lang, named)
    shared = cognate_share(keys, scored.sentence.text, scored.sentence.passage.lang)
    return scored.kind_fit * (1 + shared)


def _start(text: str, max_chars: int) -> str:
    """`text` cut to at most `max_chars`, at the last space before the cut when there is one."""
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars + 1)
    return text[: cut if cut > 0 else max_chars]


def across_languages(scored: ScoredSentence, lang: str) -> bool:
    """Whether the sentence's passage is in another language than the question."""
    passage_lang = scored.sentence.passage.lang
    return bool(passage_lang) and as_language(passage_lang) != as_language(lang)


def _relevance(
    scored: ScoredSentence, similarity: float, dense_share: float, lang: str, named: bool = False
) -> float:
    """Similarity and coverage blended, less for a sentence off the question's subject (its
    rare terms missing) or without a span of the asked kind of answer. Across languages only
    the question's names can match: they stand for its key terms when it has some. (Letting
    them cover only their share of the terms, similarity the rest, was measured: English and
    German answer recall on OrangeSum 0.759 -> 0.586, false refusals 0 -> 0.172.)"""
    kind_factor = scored.kind_fit
    if across_languages(scored, lang):
        if named:
            return (dense_share * similarity + (1 - dense_share) * scored.anchored) * kind_factor
        return similarity * kind_factor
    base = dense_share * similarity + (1 - dense_share) * scored.coverage
    base *= 1 - UNHELD_NAMES_PENALTY * scored.unheld
    return base * (RARE_FLOOR + (1 - RARE_FLOOR) * scored.anchored) * kind_factor
