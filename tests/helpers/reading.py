"""A passage about Chartres cathedral and a fake answer reader keyed by its sentences."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answering.reader import ReadAnswers

CHARTRES = (
    "La cathédrale de Chartres domine la plaine de la Beauce depuis le Moyen Âge. "
    "Les vitraux du chœur de la cathédrale attirent chaque année des milliers de visiteurs. "
    "La cathédrale fut consacrée en 1260 en présence du roi Louis IX."
)


def keyed_reader(probabilities: Sequence[float], seen: list[str] | None = None) -> ReadAnswers:
    """A reader giving each of CHARTRES's sentences, in order, its probability, whichever
    text holds it (the texts it reads are added to `seen`)."""
    by_sentence = dict(zip(CHARTRES.split(". "), probabilities, strict=False))

    def read(texts: Sequence[str]) -> list[float]:
        if seen is not None:
            seen.extend(texts)
        return [next(p for s, p in by_sentence.items() if s in t) for t in texts]

    return read
