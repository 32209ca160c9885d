"""The chat UI's own settings (address, language, login, uploads, queue), read like the core's
`rag.settings.Settings`: `NEWSRAG_*` variables and an optional `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from rag.settings import SETTINGS_CONFIG, read_settings


class UISettings(BaseSettings):
    """What only `newsrag serve` (and `doctor`'s login check) reads; built once at start-up
    and passed to the page, the upload handler and the login guard."""

    model_config = SETTINGS_CONFIG

    host: str = Field("127.0.0.1", description="Address the chat UI listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port the chat UI listens on.")
    ui_language: Literal["auto", "fr", "en"] = Field(
        "auto", description="Language of the chat UI; auto follows the browser's language."
    )
    ui_auth: SecretStr | None = Field(
        None, description="user:password that the chat UI asks for; unset means no login."
    )
    ui_auth_file: Path | None = Field(
        None, description="A file of user:password lines that may log in to the chat UI."
    )
    ui_upload_max_bytes: int = Field(
        10_000_000, ge=1, description="Largest file the chat UI accepts as an upload."
    )
    ui_upload_max_files: int = Field(20, ge=1, description="Most files in one UI upload.")
    ui_upload_can_replace: bool = Field(
        False,
        description="Let UI uploads keep their own article ids, so an upload can replace "
        "(correct) any indexed article; off: uploads get ids of their own, `upload:...`.",
    )
    ui_login_attempts: int = Field(
        5, ge=1, description="Wrong UI logins a client may make before it has to wait."
    )
    ui_concurrency: int = Field(
        1,
        ge=1,
        description="Answers the chat UI and its /ask API compute at once; further questions "
        "wait in Gradio's queue, first come first served. Extractive answers are CPU-bound: "
        "2 measured no faster than 1 on 2 cores (bench/load.py); raise it for a remote LLM.",
    )
    ui_queue_size: int | None = Field(
        None,
        ge=1,
        description="Most events waiting in the chat UI's queue; beyond it a question is "
        "refused with 'Queue is full'; unset means no limit.",
    )


def load_ui_settings() -> UISettings:
    """The UI settings of the environment (and `.env`); a bad value raises `SettingsError`."""
    return read_settings(UISettings)
