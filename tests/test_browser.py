"""The chat page in a real headless Chromium: a cited answer, its source card, the article
view, a refusal under a date filter, one that quotes what the article says instead, and French
labels. Each scenario saves a screenshot."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, Playwright, expect

from rag.app import Newsrag
from tests.helpers.browser import ANSWER_TIMEOUT, ask, chromium, open_chat, screenshot
from tests.helpers.data import PAYS
from tests.helpers.paths import SEED_FILE
from ui.web.chat import example_questions


def test_a_seed_question_shows_the_answer_with_its_marker_and_source_card(
    browser: BrowserContext, chat_url: str
) -> None:
    page = open_chat(browser, chat_url)
    ask(page, PAYS)
    answer = page.locator("#chat .message.bot").last
    expect(answer).to_contain_text("31 pays")
    expect(answer.locator("a.newsrag-cite").first).to_have_text("[1]")
    card = page.locator("#newsrag-card-0-1")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Une «coalition des volontiers» conseille à Paris")
    expect(card).to_contain_text(f"date unknown · {SEED_FILE.name}")
    expect(card.locator("mark").first).to_be_hidden()  # the quote shows once the card is opened
    screenshot(page, "browser-answer")
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator("#chat .message")).to_have_count(0)
    expect(page.locator("#sources")).to_contain_text("Ask a question")
    page.close()


def test_clicking_a_marker_opens_its_card_with_the_quote_highlighted(
    browser: BrowserContext, chat_url: str
) -> None:
    page = open_chat(browser, chat_url)
    ask(page, PAYS)
    page.locator("#chat a.newsrag-cite").first.click()
    card = page.locator("#newsrag-card-0-1")
    expect(card).to_have_attribute("open", "")
    expect(card).to_have_class("newsrag-card newsrag-active")
    quote = card.locator("mark").first
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("Les principaux représentants de 31 pays")
    expect(quote).to_be_in_viewport()
    screenshot(page, "browser-source-card")
    page.close()


def test_a_source_card_opens_the_whole_article_with_the_cited_span_in_view(
    browser: BrowserContext, chat_url: str
) -> None:
    page = open_chat(browser, chat_url)
    ask(page, PAYS)
    page.locator("#chat a.newsrag-cite").first.click()
    page.locator("#newsrag-card-0-1").get_by_role("button", name="Open the article").first.click()
    article = page.locator("#article .newsrag-article")
    expect(article).to_be_visible(timeout=ANSWER_TIMEOUT)
    expect(article).to_contain_text(SEED_FILE.read_text(encoding="utf-8").splitlines()[-1][:60])
    cited = article.locator("mark.newsrag-cited")
    expect(cited).to_have_count(1)
    expect(cited).to_contain_text("Les principaux représentants de 31 pays")
    expect(cited).to_be_in_viewport()
    screenshot(page, "browser-article")
    page.close()


def test_a_date_filter_that_excludes_the_article_gives_a_refusal_styled_apart(
    browser: BrowserContext, chat_url: str
) -> None:
    page = open_chat(browser, chat_url)
    page.get_by_text("Filters").click()
    since = page.locator("#since input")
    since.fill("2024-01-01")
    since.press("Enter")
    ask(page, PAYS)
    refusal = page.locator("#chat .message.bot .newsrag-refusal")
    expect(refusal).to_contain_text(
        "None of the 0 articles within the filters (From 2024-01-01) answers this question."
    )
    expect(page.locator("#chat a.newsrag-cite")).to_have_count(0)
    style = refusal.evaluate("e => getComputedStyle(e).borderLeftStyle")
    assert style == "solid", "a refusal has its own look"
    expect(page.locator("#sources .newsrag-refusal")).to_contain_text(
        "No article matches the question and its filters."
    )
    screenshot(page, "browser-refusal")
    page.close()


def test_a_refusal_that_quotes_what_the_article_says_keeps_its_links_and_cards(
    browser: BrowserContext, chat_url: str
) -> None:
    page = open_chat(browser, chat_url)
    ask(page, "How many deaths in Kharkiv?")  # the seed counts 17 injured there, no deaths
    refusal = page.locator("#chat .message.bot .newsrag-refusal").last
    expect(refusal).to_contain_text("The articles give no number of “deaths”; they say:")
    style = refusal.evaluate("e => getComputedStyle(e).borderLeftStyle")
    assert style == "solid", "styled as a refusal"
    refusal.locator("a.newsrag-cite").first.click()
    card = page.locator("#newsrag-card-0-1")
    expect(card).to_be_visible()
    expect(card.locator("mark").first).to_be_visible()
    expect(card).to_contain_text("17 personnes")
    screenshot(page, "browser-refusal-quoting")
    page.close()


def test_a_french_browser_gets_french_labels_and_examples_from_the_index(
    seeded_app: Newsrag, driver: Playwright, chat_url: str, tmp_path: Path
) -> None:
    [example] = example_questions(seeded_app.catalog(), "fr")
    assert example.startswith("Que disent les articles sur « Une «coalition des volontiers»")
    with chromium(driver, tmp_path / "profile-fr", locale="fr-FR") as context:
        page = open_chat(context, chat_url)
        expect(page.get_by_role("button", name="Demander")).to_be_visible()
        expect(page.get_by_role("button", name="Nouvelle conversation")).to_be_visible()
        page.locator("#examples").get_by_text(example[:40]).click()  # asked at once
        expect(page.locator("#chat .message.user")).to_contain_text(example)
        expect(page.locator("#sources .newsrag-turn")).to_have_count(1, timeout=ANSWER_TIMEOUT)
        ask(page, PAYS)
        expect(page.locator("#newsrag-card-1-1")).to_contain_text("date inconnue")
        screenshot(page, "browser-french")
