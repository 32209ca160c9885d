"""A clean process environment for fixtures that must see default settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def default_environment(folder: Path) -> Iterator[None]:
    """Inside: no `NEWSRAG_*` variable and `folder` as the working directory (so no `.env`),
    for module-scoped fixtures that must see default settings whatever the developer's are."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("NEWSRAG_")]:
            patch.delenv(name)
        patch.chdir(folder)
        yield
