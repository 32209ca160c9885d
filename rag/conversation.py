"""Follow-up questions made standalone before retrieval."""

from __future__ import annotations

from collections.abc import Sequence

from rag.analysis import detect_language, stopwords, words
from rag.types import Turn

# Words that point back at an earlier turn ("et ...", "il", "it", "sie"...).
_ANAPHORA = {
    "fr": {
        "et",
        "il",
        "elle",
        "ils",
        "elles",
        "cela",
        "ca",
        "celui",
        "celle",
        "ceux",
        "lui",
        "leur",
        "son",
        "sa",
        "ses",
        "y",
        "en",
        "la-bas",
        "alors",
    },
    "en": {
        "and",
        "he",
        "she",
        "it",
        "they",
        "them",
        "him",
        "her",
        "his",
        "its",
        "their",
        "that",
        "this",
        "there",
        "those",
    },
    "de": {"und", "er", "sie", "es", "ihm", "ihn", "ihr", "dort", "dies", "das", "dieser"},
}
_SHORT_QUESTION_WORDS = 6


def condense_without_llm(question: str, history: Sequence[Turn]) -> str:
    """Carry the previous questions' key terms into a short or anaphoric follow-up."""
    if not history:
        return question
    lang = detect_language(question)
    tokens = words(question)
    content = [t for t in tokens if t not in stopwords(lang)]
    anaphoric = bool(tokens) and (
        tokens[0] in _ANAPHORA[lang] or any(t in _ANAPHORA[lang] for t in tokens)
    )
    if (
        not anaphoric
        and len(content) >= _SHORT_QUESTION_WORDS // 2
        and len(tokens) > _SHORT_QUESTION_WORDS
    ):
        return question
    carried: list[str] = []
    for turn in reversed(history):
        previous_lang = detect_language(turn.question)
        for word in turn.question.rstrip(" ?!.").split():
            folded = " ".join(words(word))
            if (
                folded
                and folded not in stopwords(previous_lang)
                and folded not in tokens
                and word not in carried
            ):
                carried.append(word.strip(',;:«»"“”'))
        if carried:
            break
    return f"{question.rstrip(' ?')} ({' '.join(carried)}) ?" if carried else question
