"""Benchmark datasets as articles to index plus queries with a gold article.

- PIAF (French SQuAD): each paragraph is one article; each question's gold is its paragraph.
- OrangeSum: the query is the article's title (generic suffix removed); the article is indexed
  WITHOUT its title, so the query is not trivially present in the indexed text.
- Cross-lingual checks: English and German questions about the French seed article, judged by
  whether an expected French substring appears in a retrieved passage.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
PIAF_FILE = DATA_DIR / "piaf-v1.0.json"
ORANGESUM_FILE = DATA_DIR / "news_fr_orangesum_20k.jsonl"
SEED_FILE = PROJECT_ROOT / "seeds" / "000_d7b9470bd8019595.txt"
SEED_ARTICLE_ID = "seed-000"

# " : actualité automobile, infos, scoop" and the like, at the end of a title.
_GENERIC_SUFFIX = re.compile(r"\s*[:\-–]\s*actualit[ée]s?\b.*$", re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    """A search query and the id of the one article that answers it."""

    text: str
    gold_article_id: str


@dataclass(frozen=True)
class BenchArticle:
    """An article as written to the JSONL file that `ingest_paths` reads."""

    id: str
    title: str
    text: str
    date: str | None = None
    source: str | None = None
    lang: str = "fr"


@dataclass(frozen=True)
class PassageCheck:
    """A question whose answer is known to contain `expected` (a French substring)."""

    question: str
    lang: str
    expected: str


@dataclass
class Dataset:
    """Articles to index, queries to evaluate and notes for the report."""

    name: str
    articles: list[BenchArticle]
    queries: list[Query]
    notes: list[str] = field(default_factory=list)


def load_piaf(
    path: Path = PIAF_FILE,
    *,
    titles: int | None = None,
    max_queries: int | None = None,
    seed: int = 13,
) -> Dataset:
    """PIAF paragraphs as articles (`piaf-{article}-{paragraph}`), questions as queries.

    `titles` keeps all paragraphs of that many Wikipedia articles drawn with `seed` (their
    neighbours stay in the index as hard negatives); `max_queries` samples the questions.
    """
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    chosen: Sequence[int] = range(len(data))
    if titles is not None and titles < len(data):
        chosen = sorted(random.Random(seed).sample(range(len(data)), titles))
    articles: list[BenchArticle] = []
    queries: list[Query] = []
    for a in chosen:
        entry = data[a]
        for p, paragraph in enumerate(entry["paragraphs"]):
            article_id = f"piaf-{a}-{p}"
            articles.append(BenchArticle(article_id, entry["title"], paragraph["context"]))
            queries.extend(
                Query(qa["question"].strip(), article_id)
                for qa in paragraph["qas"]
                if qa["question"].strip()
            )
    queries = sample_queries(queries, max_queries, seed)
    notes = [
        "Each PIAF paragraph is one article (title = its Wikipedia title); gold = the "
        "question's own paragraph; sibling paragraphs are hard negatives."
    ]
    return Dataset("piaf", articles, queries, notes)


def orangesum_query(title: str) -> str:
    """The title without a trailing generic suffix such as ` : actualité automobile, ...`."""
    return _GENERIC_SUFFIX.sub("", title).strip()


def load_orangesum(
    path: Path = ORANGESUM_FILE, *, sample: int | None = 2000, seed: int = 13
) -> Dataset:
    """A fixed-seed sample of OrangeSum articles (all with `sample=None`), indexed untitled.

    Each article's cleaned title is its query; articles whose text contains that title
    verbatim stay in the index but give no query.
    """
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    if sample is not None and sample < len(records):
        records = random.Random(seed).sample(records, sample)
    articles: list[BenchArticle] = []
    queries: list[Query] = []
    verbatim = 0
    for r in records:
        articles.append(BenchArticle(r["id"], "", r["text"], r.get("date"), r.get("source")))
        query = orangesum_query(r["title"])
        if not query:
            continue
        if query.lower() in r["text"].lower():
            verbatim += 1
            continue
        queries.append(Query(query, r["id"]))
    notes = [
        "Articles are indexed WITHOUT their title (title field empty; newsrag's loader then "
        "uses the first ~80 characters of the text as the title); the query is the original "
        "title with any trailing ' : actualité ...' suffix removed.",
        f"{verbatim} sampled articles whose text contains their title verbatim give no query.",
    ]
    return Dataset("orangesum", articles, queries, notes)


def sample_queries(queries: Sequence[Query], limit: int | None, seed: int) -> list[Query]:
    """At most `limit` queries, drawn with a fixed seed (all of them, in order, without one)."""
    if limit is None or limit >= len(queries):
        return list(queries)
    return random.Random(seed).sample(list(queries), limit)


def seed_article(path: Path = SEED_FILE) -> BenchArticle:
    """The French seed article: first line as title, the rest as text."""
    title, _, text = path.read_text(encoding="utf-8").strip().partition("\n")
    return BenchArticle(SEED_ARTICLE_ID, title.strip(), text.strip())


# Questions about the seed article in other languages than the article's.
CROSS_LINGUAL_CHECKS: tuple[PassageCheck, ...] = (
    PassageCheck("How many countries are represented at the Paris meeting?", "en", "31 pays"),
    PassageCheck("Wer ist der NATO-Generalsekretär?", "de", "Mark Rutte"),
    PassageCheck("How much is the new French weapons package worth?", "en", "deux milliards"),
    PassageCheck(
        "Wie viele zusätzliche Soldaten hat Nordkorea nach Russland geschickt?", "de", "3 000"
    ),
    PassageCheck(
        "How many people were injured by Russian drone attacks in the Kharkiv region?",
        "en",
        "17 personnes",
    ),
    PassageCheck("Welchen US-Sondergesandten hat Selenskyj kritisiert?", "de", "Witkoff"),
    PassageCheck(
        "Which two countries lead the plan for security guarantees for Ukraine?",
        "en",
        "Grande-Bretagne",
    ),
    PassageCheck("Wie lange dauert der russische Angriffskrieg schon?", "de", "trois ans"),
    PassageCheck("Who is the military governor of the Kharkiv region?", "en", "Synjehubow"),
    PassageCheck("Wer reist für Deutschland nach Paris?", "de", "Olaf Scholz"),
)


def write_jsonl(articles: Iterable[BenchArticle], path: Path) -> Path:
    """Write articles as JSONL lines `{"id","title","text","date","source","lang"}`."""
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            record = {k: v for k, v in asdict(article).items() if v is not None}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
