"""The chat page in a real headless Chromium: ask, read the cited answer, see the quote."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from rag.app import Newsrag
from tests.support import free_port
from ui.web import start

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (installed by `make setup`); each launch gets a fresh temp profile."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def chat_url(seeded_app: Newsrag) -> Iterator[str]:
    """The chat served on a free port."""
    blocks, url = start(seeded_app, "127.0.0.1", free_port())
    yield url
    blocks.close()


def test_asking_in_the_browser_shows_a_cited_answer_and_its_quote(
    browser: Browser, chat_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(chat_url)
    expect(page.get_by_text("1 articles")).to_be_visible(timeout=30_000)
    page.get_by_label("Question").fill("Combien de pays sont représentés à Paris ?")
    page.get_by_role("button", name="Ask").click()
    answer = page.locator(".message.bot, [data-testid='bot']").last
    expect(answer).to_contain_text("31", timeout=60_000)
    expect(answer).to_contain_text("[1]")
    expect(page.locator("mark").first).to_contain_text("31 pays")
    expect(page.get_by_text("date unknown").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-answer.png"), full_page=True)
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator("mark")).to_have_count(0)
    page.close()
