"""The errors a user can cause and fix: each says what went wrong, where, and what to do.

Everything here is a `NewsragError`. The command line prints `str(error)` on one line and exits
with the error's `exit_code` (no traceback unless `--verbose`); the chat page shows the same
sentence. Anything else that escapes is a bug, and keeps its traceback.
"""

from __future__ import annotations

# Exit codes of the command line, documented in the README.
EXIT_USER_ERROR = 1  # a setting, a path, a server: the message says which and how to fix it
EXIT_PARTIAL = 2  # some inputs could not be read; everything else was indexed
EXIT_LOCKED = 3  # another process holds the data dir's writer lock


class NewsragError(Exception):
    """A problem the user can fix: the message names the setting or path and the fix."""

    exit_code: int = EXIT_USER_ERROR


class SettingsError(NewsragError):
    """A `NEWSRAG_*` setting (or `.env` line) has a value newsrag cannot use."""


class DataDirError(NewsragError):
    """The data dir cannot be created, read or written."""


class ChromaUnreachableError(NewsragError):
    """The Chroma server named by `NEWSRAG_CHROMA_URL` does not answer."""


class EmbedderMismatchError(NewsragError):
    """The index was built by another embedding model than the one configured."""


class LLMProviderError(NewsragError):
    """The configured LLM cannot be used: its package is missing or its server is unreachable."""


class IndexLockedError(NewsragError):
    """Another process holds the data dir's writer lock."""

    exit_code = EXIT_LOCKED
