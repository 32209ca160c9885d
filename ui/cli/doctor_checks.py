"""The checks of `newsrag doctor` that need the store, the index, the LLM or the UI settings.

Each returns the line to show when it passes and raises `Problem` (what is wrong, the fix)
when it does not.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rag.errors import IndexLockedError, NewsragError

if TYPE_CHECKING:
    from rag.app import Newsrag
    from rag.settings import Settings
    from ui.settings import UISettings


class Problem(Exception):
    """A failed check: what is wrong and how to fix it."""

    def __init__(self, detail: str, fix: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fix = fix


def chroma(config: Settings) -> str:
    """The Chroma server (or the local store) answers a heartbeat."""
    from rag.store.chroma import open_client

    try:
        client = open_client(config)
        client.heartbeat()
    except NewsragError as exc:
        raise Problem(str(exc), "see the message") from exc
    except Exception as exc:  # chromadb's own errors, by version
        where = config.chroma_url or str(config.data_dir / "chroma")
        raise Problem(
            f"Chroma at {where} does not answer ({type(exc).__name__}: {exc})",
            "start the server, or unset NEWSRAG_CHROMA_URL for the local store",
        ) from exc
    return f"server {config.chroma_url}" if config.chroma_url else "local store, readable"


def consistency(app: Newsrag) -> str:
    """Chroma, the records, the ledger and the keyword index agree (`newsrag verify`)."""
    from ingest.consistency import check_consistency
    from ingest.lock import IndexLock
    from ingest.pipeline import Ingestor

    try:
        with IndexLock(app.settings.data_dir, command="newsrag doctor"):
            found = check_consistency(Ingestor(app).guard.parts)
    except IndexLockedError as exc:
        return f"not checked: {exc}"
    if not found.ok:
        problems = found.problems()
        raise Problem(
            f"{len(problems)} problem(s), e.g. {problems[0]}",
            "newsrag verify --repair (or newsrag reindex FOLDERS)",
        )
    if found.articles == 0:
        return "empty: no article indexed yet (newsrag ingest FOLDERS)"
    return f"consistent: {found.articles} articles, {found.chunks} chunks"


def keyword_index(app: Newsrag) -> str:
    """The keyword index saved on disk is the one for the store's current revision."""
    from rag.store.keyword import KeywordIndex

    folder = app.keywords.folder
    saved = KeywordIndex.load(folder)
    if saved is None:
        if app.store.collection.count() == 0:
            return "none yet (nothing indexed)"
        raise Problem(f"missing or unreadable at {folder}", "newsrag verify --repair")
    if saved.revision != app.store.revision:
        return f"behind the store at {folder}: brought up to date on the next question"
    return f"fresh: {len(saved.ids)} chunks at {folder}"


def llm(app: Newsrag) -> str:
    """The configured LLM answers one tiny request (or extractive answers are used)."""
    if app.llm is None:
        return "none configured: extractive answers (set NEWSRAG_LLM=provider:model for one)"
    started = time.perf_counter()
    try:
        app.llm.invoke("Reply with: ok")
    except Exception as exc:  # each provider raises its own errors
        raise Problem(
            f"NEWSRAG_LLM={app.settings.llm} does not answer ({type(exc).__name__}: {exc})",
            "start the model server, or check NEWSRAG_LLM and the provider's key/URL variables",
        ) from exc
    return f"{app.settings.llm} answered in {time.perf_counter() - started:.1f} s"


def ui_login(ui: UISettings) -> tuple[str, str]:
    """(status, detail) of the UI's login: `warn` when the chat page is open to anyone."""
    from ui.web.auth import credentials

    try:
        users = credentials(ui)
    except NewsragError as exc:
        raise Problem(str(exc), "fix NEWSRAG_UI_AUTH / NEWSRAG_UI_AUTH_FILE") from exc
    if not users:
        return "warn", (
            f"no login: anyone who reaches {ui.host}:{ui.port} can use the chat "
            "(set NEWSRAG_UI_AUTH=user:password before exposing it)"
        )
    return "ok", f"login required ({len(users)} user(s))"
