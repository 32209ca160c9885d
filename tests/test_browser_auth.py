"""With `NEWSRAG_UI_AUTH`, the chat sits behind Gradio's login, in the browser and the API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError
from playwright.sync_api import Page, Playwright, expect
from pydantic import SecretStr

from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.browser import chromium, screenshot, served
from tests.helpers.environment import default_environment
from ui.settings import UISettings

USER, PASSWORD = "editor", "s3cret:pass"


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    """An (empty) newsrag whose chat asks for a login."""
    folder = tmp_path_factory.mktemp("auth-app")
    with default_environment(folder):
        settings = Settings(data_dir=folder / "data")
        ui = UISettings(ui_auth=SecretStr(f"{USER}:{PASSWORD}"))
    with served(Newsrag(settings, embedder=embedder), ui) as url:
        yield url


def log_in(page: Page, url: str, password: str) -> None:
    """Fill Gradio's login form and send it."""
    page.goto(url)
    page.get_by_label("username").fill(USER)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_chat(
    driver: Playwright, chat_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    profile = tmp_path_factory.mktemp("chromium") / "profile"
    with chromium(driver, profile, locale="en-US") as context:
        page = context.new_page()
        log_in(page, chat_url, "wrong")
        expect(page.get_by_text("Incorrect Credentials")).to_be_visible(timeout=30_000)
        expect(page.locator("#question")).to_have_count(0)
        screenshot(page, "browser-login-refused")
        log_in(page, chat_url, PASSWORD)
        expect(page.get_by_text("0 articles · ")).to_be_visible(timeout=30_000)
        expect(page.locator("#question textarea")).to_be_visible()
        screenshot(page, "browser-login")


def test_the_api_needs_the_same_login(chat_url: str) -> None:
    with pytest.raises(AuthenticationError, match="credentials were not provided"):
        Client(chat_url, verbose=False)
    client = Client(chat_url, auth=(USER, PASSWORD), verbose=False)
    result = client.predict("Qui est le secrétaire général de l'OTAN ?", api_name="/ask")
    assert result["found"] is False  # nothing is indexed here
