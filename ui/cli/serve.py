"""`newsrag serve`: the chat UI, with its settings read and its login checked before any model
loads."""

from __future__ import annotations

from typing import Annotated

import typer

from ui.cli.common import open_app, settings, ui_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Open the chat UI (http://127.0.0.1:7860 by default; NEWSRAG_UI_AUTH asks for a login)."""
    from ui.web.app import launch
    from ui.web.auth import credentials

    config, ui = settings(), ui_settings()
    credentials(ui)  # a bad login setting stops here, before any model loads
    launch(open_app(config), ui, host=host or ui.host, port=port or ui.port)
