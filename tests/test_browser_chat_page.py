"""The chat page as three users meet it in a real Chromium: a French journalist at 1440x900, an
English-speaking analyst at 1280x800 and a phone at 390x844, in light and dark. Each scenario
saves a screenshot under test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from rag.app import Newsrag
from tests.helpers.browser import (
    ANSWER_TIMEOUT,
    AXE,
    ask,
    axe_violations,
    chromium,
    open_chat,
    screenshot,
)
from tests.helpers.data import PAYS

DESKTOP = {"width": 1440, "height": 900}
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Whether a message's top and the next message's top are inside the chat's scrolled view.
SHOWN_IN_CHAT = """(message) => {
  const box = message.closest("#chat").getBoundingClientRect();
  const row = message.closest(".message-row");
  const next = row.nextElementSibling || row;
  const inside = (r) => r.top >= box.top - 1 && r.top + 10 <= box.bottom;
  return inside(message.getBoundingClientRect()) && inside(next.getBoundingClientRect());
}"""


@pytest.fixture
def browse(
    driver: Playwright, tmp_path: Path
) -> Iterator[Any]:  # a context factory: browse(viewport, locale, scheme)
    """Open Chromium contexts with a viewport, a language and a colour scheme."""
    opened: list[Any] = []

    def open_context(viewport: dict[str, int], locale: str, scheme: str = "light") -> Any:
        manager = chromium(
            driver,
            tmp_path / f"profile-{len(opened)}",
            viewport=viewport,
            locale=locale,
            color_scheme=scheme,
            permissions=["clipboard-read", "clipboard-write"],
        )
        opened.append(manager)
        return manager.__enter__()

    yield open_context
    for manager in reversed(opened):
        manager.__exit__(None, None, None)


def no_error_toast(page: Page) -> None:
    """Nothing page-wide: no Gradio error toast."""
    expect(page.locator(".toast-body")).to_have_count(0)


def test_the_trash_starts_a_new_conversation_with_undo_and_the_header_hides_internals(
    browse: Any, chat_url: str, seeded_app: Newsrag
) -> None:
    context: BrowserContext = browse(DESKTOP, "fr-FR")
    page = open_chat(context, chat_url)
    page.locator("#question textarea").focus()  # at 1440x900 the header stays in view
    expect(page.locator("#header h1")).to_be_in_viewport(ratio=1)
    assert page.evaluate("window.scrollY") == 0
    header = page.locator("#header").inner_text()
    assert str(seeded_app.settings.data_dir) not in header
    assert seeded_app.stats().embedding_model not in header
    expect(page.locator("#chat")).to_contain_text("Posez une question sur les articles indexés")
    ask(page, PAYS)
    ask(page, "Qui dirige l’OTAN ?")
    page.locator("#chat").evaluate("chat => { chat.scrollTop = 0; }")  # back up
    ask(page, "Et la Russie ?")
    shown = page.locator("#chat .message.user").last.evaluate(SHOWN_IN_CHAT)
    assert shown, "the new question and its answer's start are in the chat's view"
    page.locator("#chat .top-panel button").first.click()  # Gradio's trash icon
    expect(page.locator("#chat .message")).to_have_count(0)
    undo = page.locator("#undo")
    expect(undo).to_be_visible()
    undo.click()
    expect(page.locator("#chat .message.bot")).to_have_count(3)
    expect(page.locator("#sources .newsrag-turn")).to_have_count(3)
    draft = page.locator("#question textarea")
    draft.fill("Et l’Ukraine ?")  # typed before the trash: kept, not wiped by the reset
    page.locator("#chat .top-panel button").first.click()
    expect(page.locator("#chat .message")).to_have_count(0)
    expect(undo).to_be_visible()  # the server's reset is done
    expect(draft).to_have_value("Et l’Ukraine ?")
    ask(page, PAYS)  # a new conversation: the first turn again, no history behind it
    expect(page.locator("#chat .message.bot")).to_have_count(1)
    expect(page.locator("#newsrag-card-0-1")).to_be_visible()
    expect(page.locator("#newsrag-card-3-1")).to_have_count(0)
    screenshot(page, "browser-page-new-conversation")
    page.close()


def test_copy_gives_plain_text_and_every_marker_previews_its_source(
    browse: Any, chat_url: str
) -> None:
    context: BrowserContext = browse(LAPTOP, "en-US")
    page = open_chat(context, chat_url)
    examples = page.locator("#examples .newsrag-example")
    assert examples.count() >= 1
    for example in examples.all():  # above the fold at 1280x800, whole
        expect(example).to_be_in_viewport(ratio=1)
    ask(page, PAYS)
    answer = page.locator("#chat .message.bot").last
    answer.get_by_role("button", name="Copy").click()
    expect(answer.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Paris – Les principaux représentants de 31 pays")
    assert "[1]" in copied
    assert "\n\nSources:\n[1] Une «coalition des volontiers»" in copied
    assert "<" not in copied
    label = page.locator('#chat [data-testid="bot"]').last.get_attribute("aria-label") or ""
    assert "<" not in label
    assert "31 pays" in label
    links = answer.locator("a.newsrag-cite")
    link = links.first
    expect(link).to_have_attribute("aria-label", re.compile(r"^Source 1: Une «coalition"))
    for n, other in enumerate(links.all(), start=1):
        expect(other).to_have_attribute("aria-label", re.compile(rf"^Source {n}: "))
    preview = answer.locator(f"#{link.get_attribute('aria-describedby')}")
    expect(preview).to_be_hidden()
    link.hover()
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("date unknown")
    page.mouse.move(0, 0)
    expect(preview).to_be_hidden()
    link.focus()
    expect(preview).to_be_visible()
    screenshot(page, "browser-page-preview")
    page.close()


def test_french_dates_show_as_chips_and_bad_ones_are_explained_beside_the_field(
    browse: Any, chat_url: str
) -> None:
    context: BrowserContext = browse(DESKTOP, "fr-FR")
    page = open_chat(context, chat_url)
    toggle = page.locator("#filters > button.label-wrap")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.get_by_text("Filtres", exact=True).click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    since, until = page.locator("#since input"), page.locator("#until input")
    since.fill("01/05/2016")
    since.press("Tab")
    chips = page.locator("#active-filters")
    expect(chips).to_contain_text("Du 01/05/2016")
    ask(page, PAYS)
    refusal = page.locator("#chat .message.bot .newsrag-refusal")
    expect(refusal).to_contain_text("Aucun des 0 articles dans les filtres (Du 01/05/2016)")
    since.fill("31/02/2016")
    since.press("Tab")
    error = page.locator("#date-error [role=alert]")
    expect(error).to_contain_text("Du : « 31/02/2016 » n’est pas une date")
    since.fill("01/06/2016")
    until.fill("01/05/2016")
    page.locator("#question textarea").fill(PAYS)
    page.locator("#ask").click()
    expect(error).to_contain_text("« Du » (01/06/2016) est après « Au » (01/05/2016).")
    no_error_toast(page)
    expect(page.locator("#chat .message.bot")).to_have_count(1)  # nothing was asked
    screenshot(page, "browser-page-date-error")
    until.fill("")
    until.press("Tab")
    expect(error).to_have_count(0)
    chips.get_by_role("button", name="Retirer le filtre Du 01/06/2016").click()
    expect(since).to_have_value("")
    expect(chips.locator(".newsrag-chip")).to_have_count(0)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_a_marker_opens_its_card_with_a_way_back_and_nothing_overflows(
    browse: Any, chat_url: str, scheme: str
) -> None:
    context: BrowserContext = browse(PHONE, "fr-FR", scheme)
    page = open_chat(context, chat_url)
    ask(page, PAYS)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    link = page.locator("#chat a.newsrag-cite").first
    link.click()
    card = page.locator("#newsrag-card-0-1")
    expect(card.locator("mark").first).to_be_in_viewport()
    back = card.locator(".newsrag-back")
    for target in (link, back, card.locator(".newsrag-open").first, page.locator(".newsrag-copy")):
        box = target.bounding_box()
        assert box is not None
        assert box["height"] >= 24, target
        assert box["width"] >= 24, target
    back.click()
    expect(link).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"browser-page-phone-{scheme}")
    page.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by `make browser` (npm ci)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_with_an_answer_and_its_card_open(
    browse: Any, chat_url: str, scheme: str
) -> None:
    context: BrowserContext = browse(LAPTOP, "en-US", scheme)
    page = open_chat(context, chat_url)
    ask(page, PAYS)
    page.locator("#chat a.newsrag-cite").first.click()
    page.locator("#newsrag-card-0-1").get_by_role("button", name="Open the article").first.click()
    expect(page.locator("#article mark.newsrag-cited")).to_be_visible(timeout=ANSWER_TIMEOUT)
    page.get_by_text("Filters", exact=True).click()
    screenshot(page, f"browser-page-axe-{scheme}")
    violations = axe_violations(page)
    assert violations == [], "\n".join(map(str, violations))
    page.close()
