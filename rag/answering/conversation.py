"""Follow-up questions made standalone before retrieval."""

from __future__ import annotations

from collections.abc import Sequence

from rag.text.analysis import detect_language, stopwords, words
from rag.text.lexicon import ANAPHORA, QUESTION_OPENERS
from rag.types import Turn

_SHORT_QUESTION_WORDS = 6


def is_question(text: str) -> bool:
    """Whether `text` asks something (a question mark or a leading question word)."""
    tokens = words(text)
    if not tokens:
        return False
    lang = detect_language(text)
    return text.rstrip().endswith("?") or tokens[0] in QUESTION_OPENERS.get(lang, frozenset())


def condense_without_llm(question: str, history: Sequence[Turn]) -> str:
    """Carry the previous question's key terms into a short or anaphoric follow-up.

    Only questions are rewritten ("hello" stays "hello"); the subject comes from the latest
    earlier question, in its standalone form when the history has it.
    """
    if not history or not is_question(question):
        return question
    lang = detect_language(question)
    tokens = words(question)
    content = [t for t in tokens if t not in stopwords(lang)]
    anaphoric = any(t in ANAPHORA[lang] for t in tokens)
    if (
        not anaphoric
        and len(content) >= _SHORT_QUESTION_WORDS // 2
        and len(tokens) > _SHORT_QUESTION_WORDS
    ):
        return question
    carried: list[str] = []
    for turn in reversed(history):
        previous = turn.standalone or turn.question
        if not is_question(previous):
            continue
        previous_lang = detect_language(previous)
        for word in previous.replace("(", " ").replace(")", " ").rstrip(" ?!.").split():
            word = word.strip(',;:«»"“”')
            folded = " ".join(words(word))
            if (
                folded
                and folded not in stopwords(previous_lang)
                and folded not in tokens
                and word not in carried
            ):
                carried.append(word)
        if carried:
            break
    return f"{question.rstrip(' ?')} ({' '.join(carried)}) ?" if carried else question
