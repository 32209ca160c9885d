"""Whether the articles an answer quotes name what the question names: a name the retrieved
passages hold, missing from every article quoted, says the quotes are about something else
(`rag.answering.extractive` refuses then, unless the reader vouches for the best sentence)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rag.answering.scoring import ScoredSentence, across_languages
from rag.answering.subject import READ_ACROSS_AS_ANSWERING, READ_AS_ANSWERING
from rag.answering.unheld import calendar_stems
from rag.text.analysis import analyze, as_language, skeleton
from rag.text.lexicon import fold
from rag.text.nameruns import one_edit
from rag.text.roles import role_groups
from rag.text.terms import TermWeights


def name_outside_article(
    best: ScoredSentence,
    quoted: Sequence[str],
    weights: TermWeights,
    lang: str,
    article_terms: Callable[[str], frozenset[str]] | None,
    acronyms: Sequence[str] = (),
) -> bool:
    """Whether no article quoted (`quoted`: their ids, the best sentence's first), each all of
    it, holds every one of the question's names that a retrieved passage holds
    (`TermWeights.rare`), while the reader does not read the best sentence as likely to
    answer: the archive speaks of those names together elsewhere, so these articles are about
    something else, however close. Asked without its article, « Comment s'appelaient les deux
    soldats du 1er régiment de spahis de Valence tués au Mali ? » quoted soldiers of another
    regiment, whose article never names Valence. A role is no name (« le PDG » may be « le
    directeur général »), nor a month, and an acronym may be spelled out (`acronyms`: the
    question's); a name one letter away is the same (Kippur, « Kippour »), and so is one
    another language transliterates (Lukaschenko, « Loukachenko »). Across languages a name is
    looked for as the article's language writes it (a country by its name there), and the
    reader must give `READ_ACROSS_AS_ANSWERING`. `article_terms`: an article's terms."""
    if article_terms is None or best.reading is None:
        return False
    across = across_languages(best, lang)
    if best.reading >= (READ_ACROSS_AS_ANSWERING if across else READ_AS_ANSWERING):
        return False
    there = as_language(best.sentence.passage.lang or lang)
    rare = weights.rare - calendar_stems(as_language(weights.lang))
    spelled = {fold(a) for a in acronyms}
    asked = [
        (w, t)
        for w, t in weights.name_terms.items()
        if t in rare and not role_groups(w) and w not in spelled
    ]
    held = [article_terms(article) for article in dict.fromkeys(quoted)] if asked else []
    return any(held) and not any(
        all(
            _holds_word(word, there, terms)
            or any(name <= terms for name in weights.elsewhere.get(term, ()))
            for word, term in asked
        )
        for terms in held
        if terms
    )


def _holds_word(word: str, lang: str, terms: frozenset[str]) -> bool:
    """Whether `terms` hold every stem of `word` analysed in `lang`, or one a letter away."""
    return all(stem in terms or _near(stem, terms) for stem in analyze(word, lang))


def _near(stem: str, terms: frozenset[str]) -> bool:
    """Whether `terms` hold `stem` (five letters or more) misspelt by a letter, or spelled as
    another language transliterates it (`skeleton`: Lukaschenko, « Loukachenko »)."""
    if len(stem) < 5:
        return False
    key = skeleton(stem)
    return any(
        abs(len(t) - len(stem)) <= 2 and (one_edit(stem, t) or skeleton(t) == key) for t in terms
    )
