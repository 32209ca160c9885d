"""A name of several words in a question, matched across languages: "Health Authority" is not
the « Health » of « Bayer Health Care »; « M. Macron », « Macron » and « Brigitte Macron » may
all be "Emmanuel Macron" (a part of it, or its family name)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.text.acronyms import question_acronyms
from rag.text.analysis import analyze, as_language, skeleton, skeleton_keys, words
from rag.text.lexicon import NOT_NAMES, TITLE_ABBREVIATIONS, fold

# Marks a text's token that holds one of its names as a run of words (`run_tokens`).
RUN_MARK = "§"
_CAPITAL = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
_PARTICLE = r"(?:de|du|des|de la|d['’]|von|van|der|den|al|el|di|da|dos|bin|ben)"
_RUN = re.compile(rf"{_CAPITAL}(?:\s+(?:{_PARTICLE}\s*)?{_CAPITAL})*")
_NOT_NAME_WORDS = frozenset(fold(w) for w in NOT_NAMES) | frozenset(
    fold(w) for w in TITLE_ABBREVIATIONS
)
_WORD_SEP, _KEY_SEP = "|", ","

Run = tuple[frozenset[str], ...]

# Marks the tokens of a text's capitalised words: a question's name matches only those.
NAME_MARK = "^"
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w-]*")
# Before a name, an article or a possessive makes it a thing's ("from the Interior Ministry",
# "France's Health Authority"), which another language translates word for word.
_THING_BEFORE = re.compile(
    r"(?:\b(?i:the|an?|der|die|das|den|dem|des|eine?[mnrs]?|le|la|les|une?)\s+|\b[lL]['’]|['’]s\s+)$"
)


def _keys(word: str, lang: str) -> frozenset[str]:
    """What matches one word of a name: its stem, and its skeleton when long enough (Kharkiv,
    Charkiw), as `sentence_tokens` writes them."""
    keys = set(analyze(word, lang))
    if keys and len(fold(word)) > 3:
        keys |= {key for w in words(word) if len(w) > 3 for key in skeleton_keys(w, lang)}
    return frozenset(keys)


def name_runs(text: str, lang: str) -> list[Run]:
    """The names of `text` written in runs of capitalised words (« Haute Autorité de Santé »),
    each as its words' keys, less titles and the words that open sentences (« M. », « Le »)."""
    runs: list[Run] = []
    for match in _RUN.finditer(text):
        run: list[frozenset[str]] = []
        for word in match.group(0).split():
            if fold(word.rstrip(".,")) not in _NOT_NAME_WORDS and word[:1].isupper():
                run.append(_keys(word, lang))
            if word.endswith(("'s", "’s")):  # "France's Health Authority": two names
                runs.append(tuple(k for k in run if k))
                run = []
        runs.append(tuple(k for k in run if k))
    return [run for run in runs if run]


def run_tokens(text: str, lang: str) -> set[str]:
    """`text`'s names in runs as tokens (`RUN_MARK`, its language, the run), to sit beside its
    other tokens."""
    language = as_language(lang)
    return {
        f"{RUN_MARK}{language}{RUN_MARK}" + _WORD_SEP.join(_KEY_SEP.join(sorted(w)) for w in run)
        for run in name_runs(text, lang)
    }


def _decoded(token: str) -> tuple[str, Run]:
    """A run token's language and run."""
    lang, run = token[1:].split(RUN_MARK, 1)
    return lang, tuple(frozenset(w.split(_KEY_SEP)) for w in run.split(_WORD_SEP))


def one_edit(a: str, b: str) -> bool:
    """Whether `b` is `a` with one letter changed, added or removed."""
    if len(a) > len(b):
        a, b = b, a
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _same(word: frozenset[str], other: frozenset[str]) -> bool:
    """One word of a name, or the same misspelt by a letter (« Chaitron », Chaintron)."""
    if word & other:
        return True
    return any(
        one_edit(a, b)
        for a in word
        for b in other
        if a[:1] == b[:1] == "~" and len(a) > 5 and abs(len(a) - len(b)) <= 1
    )


def _within(inner: Run, outer: Run) -> bool:
    return all(any(_same(word, other) for other in outer) for word in inner)


def _compatible(found: Run, asked: Run) -> bool:
    """Whether a text's name may be the question's: one holds the other, or they end alike
    (a family name: « Robert Bruce » for the brother of « Édouard Bruce »)."""
    return _within(found, asked) or _within(asked, found) or _same(found[-1], asked[-1])


def _people(question: str, lang: str, names: set[str]) -> list[tuple[frozenset[str], ...]]:
    """The question's names of several words that may be a person's ("Palmer Luckey"), each as
    its words' terms among `names`, an acronym's left out ("MP", "NSX"): not after an article
    or a possessive."""
    acronyms = {t for word in question_acronyms(question) for t in analyze(word, lang)}
    people: list[tuple[frozenset[str], ...]] = []
    for match in _RUN.finditer(question):
        if _THING_BEFORE.search(question, 0, match.start()):
            continue
        for run in name_runs(match.group(), lang)[:1]:  # after its "'s", a thing's
            named = [terms for word in run if (terms := word & (names - acronyms))]
            if len(named) >= 2:
                people.append(tuple(named))
    return people


class QuestionRuns:
    """The question's names of several words, and whether a text's tokens hold one of them
    whole or in part (« Macron » for « Emmanuel Macron »), not inside another name.

    Only across languages: a question names things as the articles of its language write them,
    where a part shared with another name is mostly the same person or family (« Robert Bruce »
    for the brother of « Édouard Bruce »); a name translated word by word ("Health Authority"
    for « Haute Autorité de Santé ») shares its words with any other name of that language."""

    def __init__(self, question: str, lang: str, names: Iterable[str]) -> None:
        self._lang = as_language(lang)
        wanted = set(names)
        self._run_of: dict[str, Run] = {}
        self.people = _people(question, lang, wanted)
        for run in name_runs(question, lang):
            named = tuple(word for word in run if word & wanted)
            if len(named) < 2:
                continue
            for word in named:
                for term in word & wanted:
                    self._run_of[term] = named

    def held(self, term: str, tokens: set[str]) -> bool:
        """Whether `tokens` hold `term` in a name that is its question's name or a part of it
        (or holds it whole); True for a term that is no part of a name of several words."""
        run = self._run_of.get(term)
        if run is None:
            return True
        keys = next(word for word in run if term in word)
        for token in tokens:
            if not token.startswith(RUN_MARK):
                continue
            lang, found = _decoded(token)
            if not any(_same(word, keys) for word in found):
                continue
            if lang == self._lang or _compatible(found, run):
                return True
        return False


def sentence_tokens(text: str, lang: str) -> set[str]:
    """What a text offers to match question terms: stems, and skeletons of its longer words
    (`~charkiv`), so that transliterated names meet; those of its capitalised words again,
    marked (`^charkiv`), for the question's names."""
    tokens = set(analyze(text, lang)) | {f"~{skeleton(w)}" for w in words(text) if len(w) > 3}
    capitalised = " ".join(_CAPITALISED.findall(text))
    tokens |= {NAME_MARK + t for t in analyze(capitalised, lang)}
    tokens |= {f"{NAME_MARK}~{skeleton(w)}" for w in words(capitalised) if len(w) > 3}
    return tokens | run_tokens(text, lang)
