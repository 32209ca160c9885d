"""Who may log in to the chat UI: `NEWSRAG_UI_AUTH=user:password` and/or a file of users."""

from __future__ import annotations

from rag.settings import Settings


class AuthConfigError(ValueError):
    """The UI's users cannot be read; the message names the variable or file line."""


def _pair(entry: str, where: str) -> tuple[str, str]:
    user, colon, password = entry.partition(":")
    if not colon or not user.strip() or not password:
        raise AuthConfigError(f"{where}: expected user:password, got {len(entry)} characters")
    return user.strip(), password


def credentials(settings: Settings) -> list[tuple[str, str]] | None:
    """The (user, password) pairs Gradio's login accepts; None when the UI is open to all."""
    pairs: list[tuple[str, str]] = []
    if settings.ui_auth is not None:
        pairs.append(_pair(settings.ui_auth.get_secret_value(), "NEWSRAG_UI_AUTH"))
    path = settings.ui_auth_file
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise AuthConfigError(f"NEWSRAG_UI_AUTH_FILE {path}: cannot be read ({exc})") from exc
        found = [
            _pair(line.strip(), f"{path}:{number}")
            for number, line in enumerate(lines, start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if not found:
            raise AuthConfigError(f"NEWSRAG_UI_AUTH_FILE {path}: no user:password line")
        pairs += found
    return pairs or None
