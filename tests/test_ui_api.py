"""The chat UI's edges: the `/ask` API of a live server for `gradio_client`, logins, and the
page's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client
from pydantic import SecretStr
from typer.testing import CliRunner

from rag.app import Newsrag
from tests.helpers.data import PAYS, seed_article
from tests.helpers.network import free_port
from ui.cli import cli
from ui.settings import UISettings
from ui.web.app import start
from ui.web.auth import AuthConfigError, credentials
from ui.web.i18n import pick_language


@pytest.mark.parametrize(
    ("setting", "header", "expected"),
    [
        ("auto", "fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("auto", "de-DE,en-US;q=0.7,fr;q=0.3", "en"),
        ("auto", "de-DE,fr;q=0.5", "fr"),
        ("auto", "fr;q=0,en;q=0.1", "en"),
        ("auto", None, "en"),
        ("fr", "en-US", "fr"),
        ("en", "fr-FR", "en"),
    ],
)
def test_the_language_is_the_setting_else_the_browsers_preferred_one(
    setting: str, header: str | None, expected: str
) -> None:
    assert pick_language(setting, header) == expected


def test_logins_come_from_the_variable_and_the_users_file(tmp_path: Path) -> None:
    users = tmp_path / "users.txt"
    users.write_text("# editors\nalice:pa:ss\n\n  bob:secret  \n")
    settings = UISettings(ui_auth=SecretStr("admin:root"), ui_auth_file=users)
    assert credentials(settings) == [("admin", "root"), ("alice", "pa:ss"), ("bob", "secret")]
    assert credentials(UISettings()) is None
    with pytest.raises(AuthConfigError, match="NEWSRAG_UI_AUTH: expected user:password"):
        credentials(UISettings(ui_auth=SecretStr("admin")))
    users.write_text("alice:pw\nbob\n")
    with pytest.raises(AuthConfigError, match=f"{users}:2: expected user:password"):
        credentials(UISettings(ui_auth_file=users))
    with pytest.raises(AuthConfigError, match="cannot be read"):
        credentials(UISettings(ui_auth_file=tmp_path / "missing.txt"))
    users.write_text("# nobody\n")
    with pytest.raises(AuthConfigError, match="no user:password line"):
        credentials(UISettings(ui_auth_file=users))


def test_serve_refuses_to_start_with_an_unreadable_login_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSRAG_UI_AUTH", "no-colon-here")
    result = CliRunner().invoke(cli, ["serve", "--port", str(free_port())])
    assert result.exit_code == 1
    assert "error: NEWSRAG_UI_AUTH: expected user:password" in result.output
    assert "no-colon-here" not in result.output, "the secret is never echoed"


@pytest.fixture(scope="module")
def server_url(seeded_app: Newsrag) -> Iterator[str]:
    """The chat served on a free local port for this module."""
    blocks, url = start(seeded_app, UISettings.model_construct(), "127.0.0.1", free_port())
    yield url
    blocks.close()


def test_the_ask_api_answers_a_gradio_client_with_the_answer_json(server_url: str) -> None:
    client = Client(server_url, verbose=False)
    result = client.predict(PAYS, api_name="/ask")
    assert result["question"] == PAYS
    assert result["found"] is True
    assert "31" in result["answer"]
    first = result["citations"][0]
    fields = {"n", "article_id", "title", "date", "source", "quote", "start", "end", "score"}
    assert set(first) == fields | {"answer", "answer_start", "answer_end"}
    assert first["n"] == 1
    assert "31 pays" in first["quote"]
    assert first["quote"] == seed_article().text[first["start"] : first["end"]]


def test_the_ask_api_takes_the_filters_and_names_a_bad_one(server_url: str) -> None:
    client = Client(server_url, verbose=False)
    assert client.predict(question=PAYS, since="2024-01-01", api_name="/ask")["found"] is False
    assert client.predict(question=PAYS, sources=["afp"], api_name="/ask")["found"] is False
    kept = client.predict(question=PAYS, k=2, mode="extractive", api_name="/ask")
    assert kept["found"] is True
    assert kept["mode"] == "extractive"
    with pytest.raises(Exception, match="since: “hier” is not a date"):
        client.predict(question=PAYS, since="hier", api_name="/ask")
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert list(endpoints) == ["/ask"], "the page's own events stay private"
