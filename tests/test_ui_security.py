"""The chat server over real HTTP: security headers, a per-client login throttle, and Gradio's
cancel/reset/heartbeat routes closed without a login."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.environment import default_environment
from tests.helpers.network import free_port
from ui.settings import UISettings
from ui.web.app import start
from ui.web.auth import LoginThrottle

USER, PASSWORD = "editor", "s3cret:pass"


def serve(folder: Path, embedder: Embedder, **fields: Any) -> tuple[object, str]:
    """An empty newsrag behind a login, served on a free port: (blocks, url)."""
    with default_environment(folder):
        settings = Settings(data_dir=folder / "data")
        ui = UISettings(ui_auth=SecretStr(f"{USER}:{PASSWORD}"), **fields)
    return start(Newsrag(settings, embedder=embedder), ui, "127.0.0.1", free_port())


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory, fake_embedder: Embedder) -> Iterator[str]:
    """A chat behind a login, for the module."""
    blocks, url = serve(tmp_path_factory.mktemp("secure-app"), fake_embedder)
    try:
        yield url
    finally:
        blocks.close()  # type: ignore[attr-defined]


def log_in(client: httpx.Client, password: str) -> httpx.Response:
    """Send Gradio's login form."""
    return client.post("/login", data={"username": USER, "password": password})


def test_every_response_forbids_framing_and_carries_a_content_security_policy(
    chat_url: str,
) -> None:
    with httpx.Client(base_url=chat_url) as client:
        for path in ("/", "/gradio_api/info", "/login_check", "/does-not-exist"):
            response = client.get(path)
            assert response.headers["x-frame-options"] == "DENY", path
            policy = response.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in policy
            assert "img-src 'self' data: blob:" in policy  # no image from another site
            assert response.headers["referrer-policy"] == "no-referrer"


def test_cancel_reset_and_heartbeat_need_the_login(chat_url: str) -> None:
    with httpx.Client(base_url=chat_url) as client:
        assert client.post("/gradio_api/cancel", json={}).status_code == 401
        assert client.post("/gradio_api/reset", json={}).status_code == 401
        assert client.post("/gradio_api/reset/", json={}).status_code == 401
        assert client.get("/gradio_api/heartbeat/abc123").status_code == 401
        assert log_in(client, PASSWORD).status_code == 200
        assert client.post("/gradio_api/reset", json={}).status_code != 401  # Gradio answers
        assert client.post("/gradio_api/cancel", json={}).status_code != 401


def test_wrong_logins_beyond_the_allowance_make_the_client_wait(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    blocks, url = serve(tmp_path, fake_embedder, ui_login_attempts=3)
    try:
        with httpx.Client(base_url=url) as client:
            assert [log_in(client, "wrong").status_code for _ in range(3)] == [400] * 3
            throttled = log_in(client, PASSWORD)  # even the right password waits now
            assert throttled.status_code == 429
            assert throttled.headers["retry-after"] == "1"
            assert "Too many failed logins: try again in 1 s." in throttled.text
            assert throttled.headers["x-frame-options"] == "DENY"
            assert "access-token" not in throttled.headers.get("set-cookie", "")
    finally:
        blocks.close()  # type: ignore[attr-defined]


def test_the_throttle_doubles_the_wait_and_forgets_after_a_success() -> None:
    now = [1000.0]
    throttle = LoginThrottle(2, base_seconds=1.0, max_seconds=8.0, clock=lambda: now[0])
    throttle.failed("a")
    assert throttle.wait("a") == 0
    throttle.failed("a")
    assert throttle.wait("a") == 1.0
    assert throttle.wait("b") == 0, "clients are counted apart"
    waits = []
    for _ in range(5):
        now[0] += 100
        throttle.failed("a")
        waits.append(throttle.wait("a"))
    assert waits == [2.0, 4.0, 8.0, 8.0, 8.0]
    now[0] += 3
    assert throttle.wait("a") == 5.0
    throttle.succeeded("a")
    assert throttle.wait("a") == 0
    throttle.failed("a")
    assert throttle.wait("a") == 0
