"""Debian's Chromium driven by Playwright, and the chat served for it, for the browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect, sync_playwright

from rag.app import Newsrag
from tests.helpers.network import free_port
from tests.helpers.paths import ROOT
from ui.settings import UISettings
from ui.web.app import start

CHROMIUM = Path("/usr/bin/chromium")
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
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ANSWER_TIMEOUT = 60_000  # ms: the first answer may wait for a busy CPU


def ensure_chromium() -> Path:
    """Debian's Chromium, installed with apt-get when missing (never a browser download)."""
    if not CHROMIUM.exists():
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in ("update -qq", "install -y -qq chromium"):
            subprocess.run([*sudo, "apt-get", *command.split()], check=True, env=env, timeout=1800)
    return CHROMIUM


@contextmanager
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's driver (one per test module: its sync API cannot be nested)."""
    with sync_playwright() as playwright:
        yield playwright


@contextmanager
def chromium(playwright: Playwright, profile: Path, **options: Any) -> Iterator[BrowserContext]:
    """A headless Chromium with a fresh user-data dir at `profile` (removed afterwards)."""
    shutil.rmtree(profile, ignore_errors=True)
    options.setdefault("viewport", {"width": 1400, "height": 1000})
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(ensure_chromium()), args=CHROMIUM_FLAGS, **options
    )
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def english_chromium(
    playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BrowserContext]:
    """An English-speaking Chromium with a fresh profile in a new temp dir."""
    profile = tmp_path_factory.mktemp("chromium") / "profile"
    with chromium(playwright, profile, locale="en-US") as context:
        yield context


@contextmanager
def served(app: Newsrag, ui: UISettings | None = None) -> Iterator[str]:
    """The chat page of `app` (with `ui`, else the default UI settings) on a free local port,
    closed afterwards."""
    blocks, url = start(app, ui or UISettings.model_construct(), "127.0.0.1", free_port())
    try:
        yield url
    finally:
        blocks.close()


def open_chat(context: BrowserContext, url: str) -> Page:
    """A new tab on the chat, once the page has loaded its index line."""
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_text(" articles · ")).to_be_visible(timeout=30_000)
    return page


def ask(page: Page, question: str) -> None:
    """Type `question`, send it, and wait until the answer (or refusal) is written."""
    before = page.locator("#chat .message.bot").count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    expect(page.locator("#chat .message.bot")).to_have_count(before + 1, timeout=ANSWER_TIMEOUT)
    expect(page.locator("#sources .newsrag-turn")).to_have_count(before + 1, timeout=ANSWER_TIMEOUT)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as `test-artifacts/<name>.png`."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2 A/AA violations on the page, serious and critical ones."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {
             runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] },
           })).violations
             .filter((v) => ["serious", "critical"].includes(v.impact))
             .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 6).map((n) =>
                 `${n.target.join(" ")}: ${n.html.slice(0, 90)} (${(n.any[0] || {}).message})`),
             }))"""
    )
    return found
