"""Does a passage support a claim? The score of shared key terms and meaning, then the rules.

Passage n supports a sentence when

    support = TERM_WEIGHT * key-term share + (1 - TERM_WEIGHT) * similarity  >= MIN_SUPPORT

where the key-term share is the part of the sentence's content terms (`rag.text.analysis.analyze`:
stopwords dropped, stemmed) found in the passage's title and text, counted only when at least
MIN_SHARED_TERMS are shared (one common word, such as a name an injected instruction repeats,
proves nothing), and the similarity is the embedding similarity of the sentence to the passage's
closest sentence, rescaled from `EmbedderProfile.unrelated_similarity` as in
`rag.answering.extractive`. Across languages key terms cannot match, so there the similarity
alone must reach MIN_SUPPORT. On top of that score, `rag.answering.support_rules` must agree:
the polarity of the sentences it restates, its numbers and names found together there, few
words the passage lacks.

The constants were set on the seed article with multilingual-e5-small: supported paraphrases
scored 0.6-0.95 (English or German sentences about a French passage: 0.57-0.71), sentences on
the same topic that the passage does not back 0.25-0.55, unrelated ones below 0.3. The rules'
limits were set on bench/support_pairs.jsonl (bench/eval_support.py).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from rag.answering.support_rules import (
    PassageFacts,
    claim_facts,
    negated,
    numbers,
    polarity_agrees,
    too_many_new_terms,
)
from rag.embeddings import Embedder
from rag.text.analysis import Language, analyze, as_language
from rag.text.sentences import Sentence, split_sentences
from rag.types import Passage

TERM_WEIGHT = 0.6
MIN_SUPPORT = 0.55
MIN_SHARED_TERMS = 2


@dataclass(frozen=True)
class Support:
    """How well one passage backs one claim, and the passage sentence that backs it best."""

    score: float
    shared_terms: frozenset[str]
    similarity: float
    sentence: Sentence


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
        # only the passages numbered in `cited` (1-based) are split and embedded
        self.sentences = [_sentences(p) if n in cited else [] for n, p in enumerate(passages, 1)]
        texts = [*claims, *(s.text for group in self.sentences for s in group)]
        vectors = np.asarray(embedder.embed_documents(texts))
        floor = embedder.profile.unrelated_similarity
        claim_vectors, sentence_vectors = vectors[: len(claims)], vectors[len(claims) :]
        similarities = np.clip((claim_vectors @ sentence_vectors.T - floor) / (1 - floor), 0, 1)
        self._row = {claim: i for i, claim in enumerate(claims)}
        self._similarities = similarities
        self._offsets = np.cumsum([0, *(len(group) for group in self.sentences)])
        self._words: dict[int, frozenset[str]] = {}  # passage n's key terms (title and text)
        self._numbers: dict[int, set[str]] = {}
        self._facts: dict[int, PassageFacts] = {}
        self._langs: dict[int, Language] = {}
        for n in cited:
            p = passages[n - 1]
            # a passage in another language than the answer shares no key terms with it
            self._langs[n] = as_language(p.lang or self.lang)
            same = self._langs[n] == self.lang
            self._words[n] = frozenset(analyze(f"{p.title}\n{p.text}", self.lang) if same else ())
            context = f"{p.title}\n{p.date or ''}"
            self._numbers[n] = numbers(f"{p.text}\n{context}")
            self._facts[n] = PassageFacts(p.text, context, self.lang if same else self._langs[n])

    def check(self, claim: str, cited: Sequence[int]) -> dict[int, Sentence]:
        """The passages among `cited` (1-based) that support `claim`, one of the claims given,
        each with its sentence that backs the claim best."""
        cited = [n for n in cited if 1 <= n <= len(self.passages)]
        claimed = numbers(claim)
        verdicts = {n: self.support(claim, n) for n in cited}
        held = {
            n: v.sentence
            for n, v in verdicts.items()
            if v.score >= MIN_SUPPORT
            and claimed <= self._numbers[n]
            and self.faithful(claim, [n], verdicts)
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
        joined = [
            n
            for n, v in verdicts.items()
            if len(v.shared_terms) >= MIN_SHARED_TERMS or v.similarity >= MIN_SUPPORT
        ]
        if not joined or not self.faithful(claim, joined, verdicts):
            return {}
        return {n: verdicts[n].sentence for n in joined}

    def best(self, claim: str) -> dict[int, Sentence]:
        """The one passage that backs `claim` best on its own (none if none does)."""
        held = {n: s for m in self._facts for n, s in self.check(claim, [m]).items()}
        if not held:
            return {}
        n = max(held, key=lambda n: self.support(claim, n).score)
        return {n: held[n]}

    def faithful(self, claim: str, cited: Sequence[int], verdicts: dict[int, Support]) -> bool:
        """Whether `rag.answering.support_rules` let passages `cited` back `claim`: polarity of a
        backing sentence, numbers and names together, few new words."""
        terms = self._terms(claim)
        same = [n for n in cited if self._langs[n] == self.lang]
        facts = claim_facts(claim, self.lang if same else "de")  # names only in one language
        if len(cited) == 1:
            n = cited[0]
            drawn = self._facts[n].drawn_on(terms) if same else []
            backing = verdicts[n].sentence.text
            if not polarity_agrees(claim, self.lang, drawn, backing):
                return False
            if not self._facts[n].together(facts, drawn):
                return False
        else:  # joined from several passages: one backing sentence agrees, each fact somewhere
            polarity = negated(claim, self.lang)
            if all(negated(verdicts[n].sentence.text, self._langs[n]) != polarity for n in cited):
                return False
            gaps = [self._facts[n].missing(facts) for n in cited]
            if frozenset.intersection(*(g.numbers for g in gaps)) or frozenset.intersection(
                *(g.names for g in gaps)
            ):
                return False
        known = frozenset().union(*(self._words[n] for n in same))
        return not (terms and known and too_many_new_terms(analyze(claim, self.lang), known))

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
