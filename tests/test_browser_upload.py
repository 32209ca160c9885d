"""Uploading an article in a real headless Chromium, then asking about it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.browser import ANSWER_TIMEOUT, ask, open_chat, screenshot, served
from tests.helpers.environment import default_environment

FIRST = "# Marché de Noël à Strasbourg\n\nLe marché de Noël de Strasbourg ouvre vendredi.\n"
ARTICLE = (
    "# Orages violents à Lyon\n\nDes orages violents ont frappé Lyon mardi soir : la grêle a "
    "endommagé 240 voitures dans le quartier de la Part-Dieu, selon les pompiers du Rhône.\n"
)


@pytest.fixture(scope="module")
def writable_app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Newsrag:
    """A newsrag of its own (uploads change it) holding one short article."""
    folder = tmp_path_factory.mktemp("upload-app")
    (folder / "noel.md").write_text(FIRST, encoding="utf-8")
    with default_environment(folder):
        app = Newsrag(Settings(data_dir=folder / "data"), embedder=embedder)
    assert ingest_paths(app, [folder / "noel.md"]).added == 1
    return app


@pytest.fixture(scope="module")
def chat_url(writable_app: Newsrag) -> Iterator[str]:
    """The chat over that store, one server for the module."""
    with served(writable_app) as url:
        yield url


def test_an_uploaded_article_is_indexed_with_a_summary_and_then_answers(
    browser: BrowserContext, chat_url: str, writable_app: Newsrag, tmp_path: Path
) -> None:
    lyon = tmp_path / "Orages à Lyon.md"
    lyon.write_text(ARTICLE, encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    report = tmp_path / "rapport.pdf"
    report.write_bytes(b"%PDF-1.4 not an article")
    page = open_chat(browser, chat_url)
    expect(page.get_by_text("1 articles · ")).to_be_visible()
    page.get_by_text("Add articles").click()
    page.locator("#files input[type=file]").set_input_files([lyon, broken, report])
    summary = page.locator("#upload-summary")
    expect(summary).to_contain_text(
        "Added 1, updated 0, unchanged 0, errors 2.", timeout=ANSWER_TIMEOUT
    )
    expect(summary).to_contain_text("broken.json: invalid JSON")
    expect(summary).to_contain_text("rapport.pdf: .pdf files are not accepted")
    expect(page.get_by_text("2 articles · ")).to_be_visible()
    assert (writable_app.settings.data_dir / "uploads" / "Orages_à_Lyon.md").is_file()
    assert writable_app.article("upload:Orages_à_Lyon.md") is not None  # its own id namespace
    page.get_by_text("Index", exact=True).click()
    expect(page.locator("#index tr[data-field=index_articles] td")).to_have_text("2")
    screenshot(page, "browser-upload")
    ask(page, "Combien de voitures la grêle a-t-elle endommagées à Lyon ?")
    expect(page.locator("#chat .message.bot").last).to_contain_text("240 voitures")
    card = page.locator("#newsrag-card-0-1")
    expect(card).to_contain_text("Orages violents à Lyon")
    expect(card).to_contain_text("Orages_à_Lyon.md")
    screenshot(page, "browser-upload-answer")
    page.close()
