"""What a question says to tell whom it is about: the apposition after one of its names.

In « Dans quelle ville est né Roy Horn, le magicien du duo Siegfried & Roy mort en mai
2020 ? » what is asked is where Roy Horn was born; « le magicien ... mort en mai 2020 » only
says which Roy Horn. An article's sentences that repeat the description are about him; the
one that answers need not repeat it (« Né en 1944 à Nordenham, Roy Horn ... »).
"""

from __future__ import annotations

import re

from rag.text.analysis import words as words_of
from rag.text.lexicon import QUESTION_OPENERS, fold
from rag.text.questionforms import is_role_word
from rag.text.questionnames import name_words

# The words a description opens with, by language: an article, a possessive or a relative
# pronoun, or a word saying what someone was; or a role (`is_role_word`), or in French a
# past participle (`_PARTICIPLE`).
_OPENERS = {
    "fr": "le la l les un une son sa ses leur qui dont auquel auxquels auxquelles lequel "
    "laquelle ancien ancienne ex actuel actuelle principal principale membre figure",
    "en": "the a an his her its their who whose which former",
    "de": "der die das den dem des ein eine einer eines einem sein seine ihr ihre dessen deren "
    "ehemalige ehemaliger ehemaligen",
}
_OPENING = {lang: frozenset(words.split()) for lang, words in _OPENERS.items()}
# French participles as written (« exclue de LREM », « accusée par L214 »). Not English ones:
# "Which German airline, like Air France, suspended flights ...?" goes on with its verb.
_PARTICIPLE = re.compile(r"(?:é|ée|és|ées)$|^(?:mort|morte|née?|élue?|exclue?|devenue?|sortie?)$")
# A verb turned round (« a-t-il », « a t il »): the question has asked.
_TURNED = r"\st\sil\b|-t-|-(?:il|elle|ils|elles|on)\b"
_TURNED_ROUND = re.compile(_TURNED, re.I)
# A clause that asks, or turns a verb round, is the question going on: the question words that
# may open a description as relative pronouns (qui, who, der ...) are not counted in it.
_CLAUSE_ASKS = re.compile(
    r"\b(?:quel(?:le)?s?|combien|comment|pourquoi|what|how|why|welche[mnrs]?|wie|warum|wann)\b"
    rf"|{_TURNED}",
    re.I,
)
# A phrase set off by commas that opens on a preposition (« , en France, », ", according to
# Inserm,"): a name in it is where or by whom, and what follows it goes on with the question.
_INSERTED = re.compile(
    r",\s*(?i:en|à|au|aux|dans|selon|sous|sur|par|pour|chez|outre|in|at|on|by|for|according"
    r"|like|im|am|bei|laut|nach)\b[^,]*$"
)
_AND = re.compile(r"\s(?:et|and|und)\s")
# German capitalises its nouns: « für Autofahrer, die Müll ... werfen » is no name's apposition
# (and the relative clause is what the question asks about).
_GERMAN_BEFORE_NOUN = re.compile(
    r"\b(?:für|in|mit|von|aus|bei|nach|zu|an|auf|über|unter|gegen|ohne|um|durch)\s+\S+$"
)
# from a comma after a word to the next comma (followed by a space: « 45,55 » is a number),
# or the question's end
_CLAUSE = re.compile(r",\s+(?P<clause>[^,?;:!]+?)\s*(?=,\s|[?;:!]|$)")


def _opens_description(clause: str, lang: str) -> bool:
    """Whether `clause` reads as a description of what precedes it, by its first word; not
    a list of names (« , la Juventus et la Lazio de Rome »)."""
    head = re.split(r"[\s'’]", clause, maxsplit=2)
    first = head[0]
    if not first or not first[0].islower():
        return False
    word = fold(first)
    if word in _OPENING.get(lang, frozenset()):
        return not (len(head) > 1 and head[1][:1].isupper() and _AND.search(clause))
    if word.startswith(("ex-", "co-", "cofond")) or is_role_word(word):
        return True
    return lang == "fr" and bool(_PARTICIPLE.search(first))


def _in_quotes(text: str) -> bool:
    """Whether `text` leaves a quotation open (« La maison de Kate, un lieu ... »)."""
    return text.count("«") > text.count("»") or (text.count('"') + text.count("“")) % 2 == 1


def apposition_spans(question: str, lang: str) -> list[tuple[int, int]]:
    """The `[start, end)` spans of the descriptions set off by a comma right after one of the
    question's names (`rag.text.questionnames.name_words`): « , le magicien du duo ... » after
    « Roy Horn », ", the Oculus co-founder" after "Palmer Luckey", „, die Moderatorin der ...“
    after „Keke Palmer“. Each runs from the comma to the next one or the question mark, and
    has three words or more („, der sagte, wer ...“ goes on with the question).

    Only once the question has asked (a question word or a verb turned round before it):
    in « Sous Hugues Capet, qui possède ... ? » what follows the comma is the question. Not a
    clause that asks, one in a list of names, nor one after a name inside a phrase set off by
    commas that opens on a preposition (« ..., selon Benoît XVI, une relation ... »).
    """
    names = set(name_words(question, lang))
    opening = QUESTION_OPENERS.get(lang, QUESTION_OPENERS["fr"])
    spans: list[tuple[int, int]] = []
    for match in _CLAUSE.finditer(question):
        before = question[: match.start()]
        words = before.split()
        clause = match.group("clause")
        if not words or words[-1] not in names or (spans and spans[-1][1] == match.start()):
            continue
        if lang == "de" and _GERMAN_BEFORE_NOUN.search(before):
            continue
        rest = question[match.end() :]
        listed = rest.startswith(",") and rest[1:].strip()[:1].isupper()
        asked = bool(_TURNED_ROUND.search(before)) or not opening.isdisjoint(words_of(before))
        described = _opens_description(clause, lang) and len(clause.split()) >= 3
        aside = _INSERTED.search(before) is not None or _in_quotes(before)
        if asked and described and not listed and not aside and not _CLAUSE_ASKS.search(clause):
            spans.append((match.start(), match.end("clause")))
    return spans


def without_appositions(question: str, lang: str) -> str:
    """`question` without its appositions (`apposition_spans`) nor the comma closing one:
    « Dans quelle ville est né Roy Horn ? »; the question itself when it has none."""
    spans = apposition_spans(question, lang)
    if not spans:
        return question
    parts, last = [], 0
    for start, end in spans:
        parts.append(question[last:start])
        last = end + 1 if question.startswith(",", end) else end  # the comma closing it
    parts.append(question[last:])
    return re.sub(r"\s+", " ", "".join(parts)).strip()
