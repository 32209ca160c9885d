"""The answer function as Gradio's `/ask` API endpoint, for `gradio_client` scripts.

No `from __future__ import annotations` here: Gradio reads these annotations at run time to
describe the endpoint's parameters.
"""

import logging
from collections.abc import Callable
from typing import Any

import gradio as gr

from rag.app import Newsrag
from rag.errors import NewsragError
from ui.formatting import answer_json
from ui.web.chat import ask_options
from ui.web.filters import OptionError

logger = logging.getLogger(__name__)

ASK_API_NAME = "ask"


def ask_endpoint(app: Newsrag) -> Callable[..., dict[str, Any]]:
    """The answer function bound to `app`, typed for `gr.api` (its docstring is the endpoint's
    description): one question, no history, the `ask --json` object; a bad input raises
    `gr.Error`."""

    def answer(
        question: str,
        since: str = "",
        until: str = "",
        sources: list[str] | None = None,
        k: int = 0,
        mode: str = "",
    ) -> dict[str, Any]:
        """Answer a question from the indexed articles, with numbered, quoted citations.

        since/until: YYYY-MM-DD bounds (inclusive) on the article date; sources: only these
        sources; k: passages to use (0: the configured number); mode: "extractive" to answer
        without the LLM even when one is configured. Returns the `newsrag ask --json` object.
        """
        if not question.strip():
            raise gr.Error("question: it is empty.")
        try:
            options = ask_options(since, until, sources, k, mode, "en", ("since", "until"))
        except OptionError as exc:
            raise gr.Error(str(exc)) from exc
        try:
            result = app.answer(
                question,
                k=options.k,
                since=options.since,
                until=options.until,
                sources=options.sources,
                use_llm=options.use_llm,
            )
        except NewsragError as exc:  # the user can fix it: the message says how
            raise gr.Error(str(exc)) from exc
        except Exception as exc:
            logger.exception("answering %r failed", question)
            raise gr.Error(f"The answer failed: {exc}") from exc
        return answer_json(result)

    return answer
