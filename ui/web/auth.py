"""Who may log in to the chat UI (`NEWSRAG_UI_AUTH=user:password` and/or a file of users), and
how often a client may guess."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.errors import SettingsError
from ui.settings import UISettings


class AuthConfigError(SettingsError):
    """The UI's users cannot be read; the message names the variable or file line."""


def _pair(entry: str, where: str) -> tuple[str, str]:
    user, colon, password = entry.partition(":")
    if not colon or not user.strip() or not password:
        raise AuthConfigError(f"{where}: expected user:password, got {len(entry)} characters")
    return user.strip(), password


def credentials(settings: UISettings) -> list[tuple[str, str]] | None:
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


_CLIENTS_KEPT = 10_000


class LoginThrottle:
    """Wrong logins per client: after `allowed` failures in a row, each further attempt must
    wait `base_seconds * 2**(extra failures)`, at most `max_seconds`; a success forgets."""

    def __init__(
        self,
        allowed: int = 5,
        *,
        base_seconds: float = 1.0,
        max_seconds: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.allowed = allowed
        self.base_seconds = base_seconds
        self.max_seconds = max_seconds
        self.clock = clock
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}

    def wait(self, client: str) -> float:
        """Seconds `client` must still wait before its next attempt (0: it may try now)."""
        return max(0.0, self._until.get(client, 0.0) - self.clock())

    def failed(self, client: str) -> None:
        """Count a wrong login; past the allowance, the client waits twice as long as before."""
        if len(self._failures) > _CLIENTS_KEPT:  # forget clients that may try again
            for known in [c for c in self._failures if self.wait(c) == 0]:
                self.succeeded(known)
        failures = self._failures.get(client, 0) + 1
        self._failures[client] = failures
        extra = failures - self.allowed
        if extra >= 0:
            delay = min(self.max_seconds, self.base_seconds * 2 ** min(extra, 30))
            self._until[client] = self.clock() + delay

    def succeeded(self, client: str) -> None:
        """A right login: the client starts afresh."""
        self._failures.pop(client, None)
        self._until.pop(client, None)


# Gradio's page runs inline scripts and styles, `new Function` and blob workers; everything
# it loads comes from this server. No other site may frame the page or receive its address.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
_LOGIN = re.compile(r"^/login/?$")
# Gradio answers these without its login; they only make sense for a logged-in page.
_NEEDS_LOGIN = re.compile(r"^/gradio_api/(cancel/?|reset/?|heartbeat/.*)$")


def _logged_in(scope: Scope) -> bool:
    """Whether the request carries a login cookie Gradio issued (or the app has no login)."""
    gradio_app = scope.get("app")
    if getattr(gradio_app, "auth", None) is None:
        return True
    cookies = Request(scope).cookies
    cookie_id = getattr(gradio_app, "cookie_id", "")
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(
        f"access-token-unsecure-{cookie_id}"
    )
    return token is not None and token in getattr(gradio_app, "tokens", {})


class GuardMiddleware:
    """ASGI middleware on the app Gradio serves: security headers on every response, a
    per-client login throttle, and Gradio's cancel/reset/heartbeat routes closed without a
    login."""

    def __init__(self, app: ASGIApp, throttle: LoginThrottle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request through the guard."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        client = scope["client"][0] if scope.get("client") else "?"
        status: list[int] = []

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                headers = [h for h in message.get("headers", []) if h[0] not in _GUARD_NAMES]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            await send(message)

        if _LOGIN.match(path) and scope["method"] == "POST":
            wait = self.throttle.wait(client)
            if wait > 0:
                seconds = math.ceil(wait)
                detail = f"Too many failed logins: try again in {seconds} s."
                response = JSONResponse(
                    {"detail": detail}, status_code=429, headers={"Retry-After": str(seconds)}
                )
                await response(scope, receive, send_guarded)
                return
            await self.app(scope, receive, send_guarded)
            if status and status[0] == 200:
                self.throttle.succeeded(client)
            elif status and status[0] in (400, 401):
                self.throttle.failed(client)
            return
        if _NEEDS_LOGIN.match(path) and not _logged_in(scope):
            response = JSONResponse({"detail": "Not authenticated"}, status_code=401)
            await response(scope, receive, send_guarded)
            return
        await self.app(scope, receive, send_guarded)


_GUARD_NAMES = {name for name, _ in SECURITY_HEADERS}


def guard_middleware(settings: UISettings) -> Middleware:
    """The guard, configured from `settings`, as FastAPI's `middleware=[...]` takes it."""
    return Middleware(GuardMiddleware, throttle=LoginThrottle(settings.ui_login_attempts))
