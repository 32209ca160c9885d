"""Markdown in articles, titles and LLM replies is shown as text in a real Chromium: no image
is fetched, no foreign link appears; the only links are newsrag's own."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import BrowserContext, expect

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.browser import ANSWER_TIMEOUT, ask, open_chat, screenshot, served
from tests.helpers.environment import default_environment
from tests.helpers.fakes import RecordingChatModel

PHISH = "[le site officiel](https://evil.example/phish)"
OWN_URL = "https://www.example.org/sommet-paris"
QUESTION = "Combien de pays sont représentés au sommet de Paris ?"


class PixelServer:
    """A local HTTP server that counts every request it gets (a tracking pixel)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/pixel.png"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PixelServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def pixel() -> Iterator[PixelServer]:
    """The tracking pixel's server, for the module."""
    with PixelServer() as server:
        yield server


@pytest.fixture(scope="module")
def chat_url(
    pixel: PixelServer, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[str]:
    """A newsrag whose one article, its title and the LLM's reply all hold markdown."""
    folder = tmp_path_factory.mktemp("markdown-app")
    image = f"![p]({pixel.url})"
    record = {
        "id": "sommet",
        "title": f"Sommet de Paris {image} {PHISH}",
        "text": (
            "Les représentants de 31 pays se réunissent à Paris pour le sommet sur l'Ukraine. "
            f"{image} Le programme est publié sur {PHISH} dès lundi."
        ),
        "date": "2025-03-27",
        "source": "agence",
        "url": OWN_URL,
    }
    (folder / "news.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n")
    reply = (
        "Les représentants de 31 pays se réunissent à Paris pour le sommet sur l'Ukraine [1]. "
        f"{image} Voir {PHISH} [1]."
    )
    fake = RecordingChatModel(replies=[reply] * 4)
    with default_environment(folder):
        app = Newsrag(Settings(data_dir=folder / "data"), embedder=embedder, llm=fake)
    assert ingest_paths(app, [folder / "news.jsonl"]).added == 1
    with served(app) as url:
        yield url


def foreign_links(page_url: str, hrefs: list[str]) -> list[str]:
    """The links that leave newsrag: neither the page itself nor an article's own URL."""
    origin = page_url.rstrip("/")
    return [
        h
        for h in hrefs
        if not (h.startswith(("#", origin, "/", "?")) or h == OWN_URL or not h.strip())
    ]


def test_markdown_from_articles_titles_and_the_llm_stays_text(
    browser: BrowserContext, chat_url: str, pixel: PixelServer
) -> None:
    blocked: list[str] = []  # what the Content-Security-Policy stopped: Gradio needs none of it
    browser.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page = open_chat(browser, chat_url)
    expect(page.locator("#examples")).to_contain_text("![p](")  # a title, as written
    ask(page, QUESTION)
    answer = page.locator("#chat .message.bot").last
    expect(answer).to_contain_text(PHISH)  # the LLM's markdown, shown as written
    expect(answer).to_contain_text(f"![p]({pixel.url})")
    page.locator("#chat a.newsrag-cite").first.click()
    card = page.locator("#newsrag-card-0-1")
    expect(card).to_contain_text(PHISH)
    expect(card.locator("a")).to_have_text(OWN_URL)  # the article's own link, shown as such
    card.get_by_role("button", name="Open the article").click()
    expect(page.locator("#article .newsrag-article")).to_contain_text(PHISH, timeout=ANSWER_TIMEOUT)
    page.get_by_text("Filters").click()
    page.get_by_label("Extractive: the articles' own sentences").check()
    ask(page, "Quelle est la recette de la tarte tatin ?")
    expect(page.locator("#sources .newsrag-refusal")).to_contain_text("Sommet de Paris ![p](")
    screenshot(page, "browser-markdown-as-text")
    assert page.locator(f'img[src*="{pixel.url}"]').count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert not [h for h in hrefs if "evil.example" in h]
    assert foreign_links(page.url, hrefs) == []
    page.reload()  # anything fetched on the way would have arrived by now
    expect(page.get_by_text(" articles · ")).to_be_visible()
    assert pixel.hits == []
    assert blocked == []
    page.close()
