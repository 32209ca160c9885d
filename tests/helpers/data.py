"""Test data: JSON-lines writers, OrangeSum articles, and the seed article with a question."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ingest.loaders import LoadedArticle, load_file
from rag.types import Article
from tests.helpers.paths import SEED_FILE, SEEDS, SHARED_DATA

ORANGESUM = SHARED_DATA / "news_fr_orangesum_20k.jsonl"
PAYS = "Combien de pays sont représentés à Paris ?"  # answered by the seed article


def write_jsonl(path: Path, records: Iterable[object]) -> Path:
    """Write one JSON value per line."""
    path.write_text(
        "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records),
        encoding="utf-8",
    )
    return path


def orangesum_lines(n: int, start: int = 0) -> list[dict[str, str]]:
    """OrangeSum articles start..start+n-1."""
    with ORANGESUM.open(encoding="utf-8") as f:
        return [json.loads(next(f)) for _ in range(start + n)][start:]


def short_articles(n: int, chars: int = 260, start: int = 0) -> list[dict[str, str]]:
    """OrangeSum articles cut to about `chars` characters (at a word), cheap to embed."""
    articles = orangesum_lines(n, start)
    return [{**a, "text": a["text"][:chars].rsplit(" ", 1)[0] + "."} for a in articles]


def seed_article() -> Article:
    """The seed article, as the loader reads it."""
    [loaded] = list(load_file(SEED_FILE, SEEDS, max_file_bytes=10_000_000))
    assert isinstance(loaded, LoadedArticle)
    return loaded.article
