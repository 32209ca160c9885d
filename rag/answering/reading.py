"""Reading: the answer reader's verdict on the most relevant sentences, blended into their
relevance in the question's language; across languages it orders them and refuses below its
floor (`rag.answering.reader` holds the reader and its calibration)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from rag.answering.reader import ReadAnswers, nothing_answers, reader_text
from rag.answering.scoring import ScoredSentence, across_languages
from rag.answering.unheld import UNHELD_NAMES_PENALTY


def add_reading(
    question: str, ranked: list[ScoredSentence], read: ReadAnswers, share: float, sentences: int
) -> list[ScoredSentence]:
    """Blend the reader's probability that a sentence answers the question into its
    relevance (`share` of it) for the `sentences` most relevant; the others, unread, count as
    not answering. The caller ranks them again.

    Relevance says a sentence is about the question's subject; the reader, which reads both
    together, says whether it answers it. Each read costs about one sentence embedding; the
    news-trained reader reads 12 (the sentence that answers often ranks below the sixth).
    """
    to_read, unread = ranked[:sentences], ranked[sentences:]
    texts = _texts(question, to_read)
    probabilities = [*(read(texts) if texts else []), *[0.0] * len(unread)]
    readings = [*probabilities[: len(to_read)], *[None] * len(unread)]
    return [
        replace(s, relevance=(1 - share) * s.relevance + share * p * _held(s), reading=r)
        for s, p, r in zip([*to_read, *unread], probabilities, readings, strict=True)
    ]


def _texts(question: str, sentences: Sequence[ScoredSentence]) -> list[str]:
    """What the reader reads of each sentence with the question."""
    return [
        reader_text(
            question,
            s.sentence.passage.title,
            s.sentence.text,
            s.previous.text if s.leans and s.previous else "",
        )
        for s in sentences
    ]


def _held(scored: ScoredSentence) -> float:
    """What names of the question no passage holds leave of the reader's verdict, as of
    relevance (it takes « la Corée du Nord a envoyé 3 000 soldats » to answer for Nunavut)."""
    return 1 - UNHELD_NAMES_PENALTY * scored.unheld


def read_ranked(
    question: str,
    ranked: list[ScoredSentence],
    lang: str,
    read: ReadAnswers,
    share: float,
    n: int,
    across: bool = False,
    order_weight: float = 0.0,
) -> list[ScoredSentence]:
    """`add_reading` for the sentences in the question's language (the reader was calibrated
    on those), all ranked again; with an `order_weight`, those read are ordered by
    `order_by_log_odds`. With `across`, the `n` best sentences in other languages
    (English or German questions over French news) are read too and ordered by the reader
    (`reader_order`); its verdict on them also refuses below a floor of their own
    (`nothing_read_answers`)."""
    same = [s for s in ranked if not across_languages(s, lang)]
    others = [s for s in ranked if across_languages(s, lang)]
    rescored = add_reading(question, same, read, share, n)
    if order_weight > 0:
        rescored = order_by_log_odds(rescored, order_weight)
    if across and others:
        to_read = others[:n]
        others = reader_order(to_read, read(_texts(question, to_read))) + others[n:]
    return sorted(rescored + others, key=lambda s: (-s.relevance, s.rank, s.sentence.start))


def order_by_log_odds(rescored: list[ScoredSentence], weight: float) -> list[ScoredSentence]:
    """The sentences read (`add_reading`), ordered by their relevance before the reader plus
    `weight` times the reader's log-odds (less what unheld names leave of it), each taking the
    blended relevance of the rank it takes; the unread follow as they were.

    The reader's probabilities are mostly low, so blended in at its share a tenfold
    difference moves little: a sentence read 0.26 lost to one read 0.03 a little more
    relevant. Log-odds weigh such ratios alike at any level. The best relevance stays the
    best blended one, so the threshold decides as before (docs/answers.md).
    """
    read = [s for s in rescored if s.reading is not None]
    unread = [s for s in rescored if s.reading is None]
    order = sorted(
        read, key=lambda s: -(s.plain_relevance + weight * _log_odds(s.reading or 0.0) * _held(s))
    )
    slots = sorted((s.relevance for s in read), reverse=True)
    return [replace(s, relevance=r) for s, r in zip(order, slots, strict=True)] + unread


# Readers started ahead, one per question being answered at once (a serving process answers
# a few users' questions together).
_AHEAD = ThreadPoolExecutor(max_workers=4, thread_name_prefix="read-ahead")


class ReadAhead:
    """The reader set going on the candidate sentences while they are embedded (`start`), then
    called as the reader (`ReadAnswers`): it gives what it read ahead and reads any other
    text. The readings are the reader's own; only when they are made changes. The two models
    take an answer's time about equally, and each uses the cores less than fully on ten
    sentences, so together they finish sooner than one after the other (docs/benchmarks.md).
    Only when every candidate will be read (no more than `n` in each language group): past
    that, which are read depends on the order embedding gives them."""

    def __init__(self, read: ReadAnswers, question: str, lang: str, n: int, across: bool) -> None:
        self._read, self._question, self._lang = read, question, lang
        self._n, self._across = n, across
        self._texts: list[str] = []
        self._ahead: Future[Sequence[float]] | None = None

    def start(self, candidates: Sequence[ScoredSentence]) -> None:
        """Read `candidates` in the background: those in the question's language, and with
        `across` those in another."""
        same = [s for s in candidates if not across_languages(s, self._lang)]
        others = [s for s in candidates if across_languages(s, self._lang)]
        if len(same) > self._n or len(others) > self._n:
            return
        self._texts = _texts(self._question, same + (others if self._across else []))
        if self._texts:
            self._ahead = _AHEAD.submit(self._read, self._texts)

    def __call__(self, texts: Sequence[str]) -> Sequence[float]:
        """The reader's probabilities for `texts`, those read ahead as they were read."""
        known = dict(zip(self._texts, self._ahead.result(), strict=True)) if self._ahead else {}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            known.update(zip(missing, self._read(missing), strict=True))
        return [known[t] for t in texts]


def _log_odds(probability: float) -> float:
    """The log-odds of a probability kept within [1e-4, 1 - 1e-4] (the reader's 0 or 1)."""
    p = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def reader_order(
    sentences: Sequence[ScoredSentence], probabilities: Sequence[float]
) -> list[ScoredSentence]:
    """Sentences in another language than the question, ordered by the reader's probability
    (less what names of the question no passage holds leave of it, and times the fit of the
    kind of answer asked, as relevance has it), each taking the relevance of the rank it
    takes. Across languages no key term matches, so relevance is the embedding similarity
    alone, which tells whether the passages are about the question but not which sentence
    answers it; the reader, though it reads these worse than French questions over French
    sentences, picks that sentence better (docs/answers.md). The best relevance stays the most
    similar sentence's: the threshold decides as before."""
    read = [replace(s, reading=p) for s, p in zip(sentences, probabilities, strict=True)]
    order = sorted(read, key=lambda s: -(s.reading or 0.0) * _held(s) * s.kind_fit)
    slots = sorted((s.relevance for s in sentences), reverse=True)
    return [replace(s, relevance=r) for s, r in zip(order, slots, strict=True)]


def nothing_read_answers(
    ranked: Sequence[ScoredSentence], lang: str, floor: float, across_floor: float | None
) -> bool:
    """Whether the reader read sentences and gave each less than its floor: `floor` in the
    question's language, `across_floor` in another (None: those were not read)."""
    return nothing_answers(
        [(s.reading, (across_floor or 0.0) if across_languages(s, lang) else floor) for s in ranked]
    )
