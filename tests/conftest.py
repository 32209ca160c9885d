"""Shared fixtures: temp data dirs everywhere, the real embedding model loaded once, a fake one.

Helpers that test modules import live in `tests/helpers/`, not here."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.models.embedders import SentenceTransformerEmbedder, build_embedder
from rag.settings import PACKAGED_MINILM, Settings
from tests.helpers.fakes import HashEmbedder
from tests.helpers.paths import SEEDS
from ui.cli.logs import OWN_LOGGERS

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Playwright


@pytest.fixture(autouse=True)
def _logging_as_found() -> Iterator[None]:
    """Logging as the test found it: the CLI, run in-process, sends records to the stderr that
    test captured, which is closed after it (later records would print "Logging error")."""
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", *OWN_LOGGERS)}
    yield
    for handler in list(root.handlers):
        if type(handler) is logging.StreamHandler:  # pytest's own capture handlers are kept
            root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every data path at a temp dir and ignore the developer's own settings."""
    for name in (
        "NEWSRAG_LLM",
        "NEWSRAG_CHROMA_URL",
        "NEWSRAG_COLLECTION",
        "NEWSRAG_EMBEDDING_MODEL",
        "NEWSRAG_EMBEDDING_RUNTIME",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default embedder (multilingual-e5-small, int8 ONNX), loaded once per test session."""
    model = build_embedder(Settings.model_construct())  # defaults only, no environment
    model.embed_query("warm up")
    return model


@pytest.fixture(scope="session")
def fake_embedder() -> Embedder:
    """A word-hashing fake embedder (instant, no model), for tests that do not measure what
    the real model retrieves: ingestion, crash and repair, watching, locks, UI plumbing."""
    return HashEmbedder()


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    """The packaged English MiniLM, the fallback sentence-transformers model."""
    model = SentenceTransformerEmbedder(PACKAGED_MINILM)
    model.embed_query("warm up")
    return model


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data dir."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def app(settings: Settings, embedder: Embedder) -> Newsrag:
    """An empty newsrag on a fresh store."""
    return Newsrag(settings, embedder=embedder)


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A writable copy of seeds/."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seeded_app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Newsrag:
    """A newsrag with seeds/ ingested, shared read-only by the tests of a session."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("seeded") / "data")
    app = Newsrag(settings, embedder=embedder)
    report = ingest_paths(app, [SEEDS])
    assert report.added == len(list(SEEDS.glob("*.txt")))
    return app


@pytest.fixture(scope="module")
def driver() -> Iterator[Playwright]:
    """Playwright, for the module (browser tests)."""
    from tests.helpers.browser import playwright_driver

    with playwright_driver() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(
    driver: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BrowserContext]:
    """An English-speaking Chromium (en-US) with a fresh profile, for the module."""
    from tests.helpers.browser import english_chromium

    with english_chromium(driver, tmp_path_factory) as context:
        yield context


@pytest.fixture(scope="module")
def chat_url(seeded_app: Newsrag) -> Iterator[str]:
    """The chat over the seed article, one server for the module (a module may override it)."""
    from tests.helpers.browser import served

    with served(seeded_app) as url:
        yield url
