"""An app over a few dated articles, with a fast fake embedder: the dates and key terms decide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.settings import Settings
from tests.helpers.data import write_jsonl
from tests.helpers.fakes import HashEmbedder, RecordingChatModel


def news_app(
    tmp_path: Path,
    records: Sequence[dict[str, str]],
    *,
    today: date | None = None,
    llm: RecordingChatModel | None = None,
) -> Newsrag:
    """An app over `records` (id, title, date, text), ingested from a JSON-lines file;
    `today` fixes the day relative dates count from."""
    source = write_jsonl(tmp_path / "news.jsonl", records)
    clock = (lambda: today) if today else date.today
    app = Newsrag(
        Settings(data_dir=tmp_path / "data"), embedder=HashEmbedder(), llm=llm, today=clock
    )
    ingest_paths(app, [source])
    return app
