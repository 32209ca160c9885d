"""The date fields' calendar and Gradio's own words in the page's language, in a real
Chromium whose language differs from the page's (NEWSRAG_UI_LANGUAGE=fr, browser en-US)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.browser import AXE, ask, axe_violations, open_chat, screenshot, served
from tests.helpers.environment import default_environment
from ui.settings import UISettings

RECORDS = [
    {"id": "a", "title": "Grève à la SNCF", "date": "2016-04-12", "source": "afp",
     "text": "Les cheminots sont en grève mardi contre la réforme du code du travail."},
    {"id": "b", "title": "Crue de la Seine", "date": "2016-06-03", "source": "reuters",
     "text": "La Seine a atteint 6,10 mètres à Paris vendredi, un niveau inédit depuis 1982."},
]  # fmt: skip


@pytest.fixture(scope="module")
def french_url(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    """A French-only chat (NEWSRAG_UI_LANGUAGE=fr) over two dated articles."""
    folder = tmp_path_factory.mktemp("picker-app")
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS)
    (folder / "wire.jsonl").write_text(lines, encoding="utf-8")
    with default_environment(folder):
        app = Newsrag(Settings(data_dir=folder / "data"), embedder=embedder)
        ui = UISettings(ui_language="fr", ui_upload_max_bytes=2000)
    assert ingest_paths(app, [folder / "wire.jsonl"]).added == 2
    with served(app, ui) as url:
        yield url


def open_filters(page: Page) -> None:
    """Open the Filters section."""
    page.get_by_text("Filtres", exact=True).click()
    expect(page.locator("#since input")).to_be_visible()


def test_the_calendar_is_french_opens_on_the_last_article_and_works_by_keyboard(
    browser: BrowserContext, french_url: str
) -> None:
    page = open_chat(browser, french_url)
    open_filters(page)
    since = page.locator("#since input")
    expect(since).to_have_attribute("placeholder", "JJ/MM/AAAA")
    expect(page.locator("#since")).to_contain_text("JJ/MM/AAAA ou AAAA-MM-JJ")
    assert "YYYY" not in page.locator("#filters").inner_text()
    toggle = page.get_by_role("button", name="Choisir une date (Du)")
    toggle.click()
    calendar = page.get_by_role("dialog")
    expect(calendar).to_be_visible()
    expect(calendar.locator(".newsrag-picker-title")).to_have_text("juin 2016")  # last article
    expect(calendar.locator("th").first).to_have_text("lun.")
    expect(calendar.get_by_role("button", name="Mois précédent")).to_be_visible()
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("data-day", "2016-06-03")
    expect(focused).to_have_attribute("aria-label", "vendredi 3 juin 2016")
    page.keyboard.press("Escape")
    expect(calendar).to_have_count(0)
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")  # reopens it, from the keyboard
    expect(calendar).to_be_visible()
    page.keyboard.press("PageUp")  # mai 2016, same day
    expect(calendar.locator(".newsrag-picker-title")).to_have_text("mai 2016")
    page.keyboard.press("ArrowDown")  # 10 mai
    page.keyboard.press("ArrowLeft")  # 9 mai
    screenshot(page, "browser-date-picker")
    if AXE.exists():  # the open calendar passes WCAG AA too
        violations = axe_violations(page)
        assert violations == [], "\n".join(map(str, violations))
    page.keyboard.press("Enter")
    expect(calendar).to_have_count(0)
    expect(since).to_have_value("09/05/2016")
    chips = page.locator("#active-filters")
    expect(chips).to_contain_text("Du 09/05/2016")  # the field was checked, as when typed
    page.get_by_role("button", name="Choisir une date (Du)").click()
    expect(calendar.locator(".newsrag-picker-title")).to_have_text("mai 2016")  # its value
    expect(calendar.locator('[aria-selected="true"]')).to_have_text("9")
    page.locator("#header").click()  # a click elsewhere closes it
    expect(calendar).to_have_count(0)
    page.get_by_role("button", name="Choisir une date (Au)").click()
    expect(calendar).to_have_attribute("aria-label", "Calendrier : Au")
    calendar.get_by_role("button", name="Mois suivant").click()
    expect(calendar.locator(".newsrag-picker-title")).to_have_text("juillet 2016")
    expect(calendar.get_by_role("button", name="Mois suivant")).to_be_focused()
    page.keyboard.press("Shift+Tab")  # back to ‹, then Tab twice reaches the days
    for _ in range(4):  # Tab leaves the calendar (›, a day, then out): it closes
        page.keyboard.press("Tab")
    expect(calendar).to_have_count(0)
    page.close()


def test_a_bad_date_keeps_the_other_filters_chips(browser: BrowserContext, french_url: str) -> None:
    page = open_chat(browser, french_url)
    open_filters(page)
    since, until = page.locator("#since input"), page.locator("#until input")
    since.fill("01/05/2016")
    since.press("Tab")
    chips = page.locator("#active-filters")
    expect(chips).to_contain_text("Du 01/05/2016")
    until.fill("31/02/2016")
    until.press("Tab")
    expect(page.locator("#date-error [role=alert]")).to_contain_text("« 31/02/2016 »")
    expect(chips).to_contain_text("Du 01/05/2016")  # still shown while "Au" is wrong
    expect(chips.locator(".newsrag-chip")).to_have_count(1)
    until.fill("01/04/2016")  # before "Du": the range is wrong, "Du" alone is still valid
    until.press("Tab")
    expect(page.locator("#date-error [role=alert]")).to_contain_text("est après")
    expect(chips).to_contain_text("Du 01/05/2016")
    page.close()


def test_gradios_own_words_follow_the_page_not_the_browser(
    browser: BrowserContext, french_url: str, tmp_path: Path
) -> None:
    page = open_chat(browser, french_url)
    assert page.evaluate("navigator.language") == "en-US"
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.get_by_text("Ajouter des articles", exact=True).click()
    upload = page.locator("#files")
    expect(upload).to_contain_text("Déposez les fichiers ici")
    expect(upload).to_contain_text("Cliquez pour choisir des fichiers")
    assert "Drop File Here" not in upload.inner_text()
    expect(page.locator("footer")).to_contain_text("Utiliser via l’API")
    expect(page.locator("footer")).not_to_contain_text("Use via API")
    ask(page, "Quel niveau la Seine a-t-elle atteint à Paris ?")
    trash = page.locator("#chat .top-panel button").first
    expect(trash).to_have_attribute("aria-label", "Effacer la conversation")
    big = tmp_path / "gros.md"
    big.write_text("# Gros\n\n" + "mot " * 1000, encoding="utf-8")
    page.locator("#files input[type=file]").set_input_files([big])  # refused by Gradio itself
    toast = page.locator('[data-testid="toast-body"]')
    expect(toast).to_contain_text("Erreur")
    expect(toast).to_contain_text('Non envoyé, plus de 0,002 Mo par fichier : "gros.md"')
    expect(toast.locator('[data-testid="toast-close"]')).to_have_attribute("aria-label", "Fermer")
    assert "exceed" not in toast.inner_text()
    screenshot(page, "browser-gradio-words-fr")
    toast.locator('[data-testid="toast-close"]').click()
    page.close()
