"""Handwritten questions on OrangeSum news (bench/questions_orangesum.jsonl) over an archive of
OrangeSum articles, for bench/eval_answers.py.

Each line: `{"id", "question", "lang", "article_id", "answer", "answerable"}` (and
`translates`: the French question an English or German one is a translation of). Answerable
questions name their article and a span of its text that answers; the others are near-topic
questions whose article does not give the detail asked (or, with `article_id` null, questions
about things the archive does not hold at all). The articles are the fixed-seed sample of
`bench.datasets.load_orangesum`, indexed with their titles, dates and sources (as a newsroom
would index them), so every question's article is in the archive.

Questions with an odd number are the tuning half, the even ones the test half: anything set by
looking at this set's results may only look at the tuning half. Scores are also reported for
the French questions and for the English and German ones apart (cross-lingual: French news).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from bench.answer_metrics import AnswerDataset, GoldQuestion
from bench.datasets import ORANGESUM_FILE, BenchArticle

QUESTIONS_FILE = Path(__file__).resolve().parent / "questions_orangesum.jsonl"


def read_questions(path: Path = QUESTIONS_FILE) -> list[dict[str, object]]:
    """The question records, in file order."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def tuning_half(question_id: str) -> bool:
    """Whether a question (`os-NNN`) belongs to the half that tuning may look at."""
    return int(question_id.rsplit("-", 1)[1]) % 2 == 1


def load_orangesum_answers(
    *, sample: int = 2000, seed: int = 13, path: Path = QUESTIONS_FILE
) -> tuple[AnswerDataset, set[str], set[str]]:
    """The archive (`sample` articles drawn with `seed`, every question's article included) and
    the questions; with the texts of the tuning half's questions, and of those not in French."""
    with ORANGESUM_FILE.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    chosen = random.Random(seed).sample(records, sample) if sample < len(records) else records
    wanted = {str(q["article_id"]) for q in read_questions(path) if q["article_id"]}
    have = {r["id"] for r in chosen}
    chosen += [r for r in records if r["id"] in wanted - have]
    articles = [
        BenchArticle(r["id"], r["title"], r["text"], r.get("date"), r.get("source")) for r in chosen
    ]
    questions: list[GoldQuestion] = []
    tuning: set[str] = set()
    foreign: set[str] = set()
    for q in read_questions(path):
        text = str(q["question"])
        answer = str(q["answer"] or "")
        questions.append(
            GoldQuestion(text, str(q["article_id"] or ""), answer, bool(q["answerable"]))
        )
        if tuning_half(str(q["id"])):
            tuning.add(text)
        if q.get("lang", "fr") != "fr":
            foreign.add(text)
    return AnswerDataset(articles, [], questions), tuning, foreign
