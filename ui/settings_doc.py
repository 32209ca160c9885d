"""Generate docs/settings.md from `Settings` and the chat UI's `UISettings`, so the settings
tables cannot drift from the code.

`python -m ui.settings_doc` writes the page; `tests/test_docs.py` fails when it is stale. It
lives in `ui`, the one package that may see both classes (imports flow `ui -> rag`).
"""

from __future__ import annotations

import argparse
import types
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr

from rag.settings import Settings
from ui.settings import UISettings

REGENERATE = "python -m ui.settings_doc"
PAGE = Path(__file__).resolve().parent.parent / "docs" / "settings.md"

_HEADER = f"""# Settings

<!-- Generated from rag/settings.py and ui/settings.py by `{REGENERATE}`: edit the field
descriptions there. -->

newsrag reads `NEWSRAG_*` environment variables (or a `.env` file in the working directory)
once, into one typed `Settings` object (`rag/settings.py`); `newsrag serve` and `newsrag doctor`
also read the chat UI's own, `UISettings` (`ui/settings.py`), [below](#chat-ui). A bad value
stops newsrag at start-up with one line naming the variable, its value and what it must be
(exit code 1). In Python, pass your own: `Newsrag(Settings(data_dir=...))`.

"""

_UI_HEADER = """
## Chat UI

Read only by the chat UI (`newsrag serve`) and the login check of `newsrag doctor`, the same way.

"""

_FOOTER = """
Unset means the variable is absent (or empty); "the embedder's" defaults are measured per
embedding model (see [quality.md](quality.md)). Nothing is downloaded at run time: models load
from local paths with `HF_HUB_OFFLINE=1`.

**Changing the embedding model** changes the vector space. The collection records which
embedder built it, and newsrag refuses to query it with another one. Either re-index
(`NEWSRAG_EMBEDDING_MODEL=... newsrag reindex FOLDERS`) or use a new collection
(`NEWSRAG_COLLECTION=...`).
"""

_TYPE_NAMES = {str: "text", int: "integer", float: "number", bool: "boolean", Path: "path"}


def _type_name(annotation: Any) -> str:
    """A reader's name for a field's type: `integer`, `path`, or the choices of a Literal."""
    origin = get_origin(annotation)
    if origin is Literal:
        return " \\| ".join(f"`{value}`" for value in get_args(annotation))
    if origin in (Union, types.UnionType):
        names = [_type_name(arg) for arg in get_args(annotation) if arg is not type(None)]
        return " or ".join(names)
    if annotation is SecretStr:
        return "secret text"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " \\| ".join(f"`{member.value}`" for member in annotation)
    return _TYPE_NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default_text(value: Any) -> str:
    """A default as it would be written in the environment; the home folder as `~`."""
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Path):
        home = Path.home()
        if value == home or home in value.parents:
            return f"`~/{value.relative_to(home).as_posix()}`"
        return f"`{value.as_posix()}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    """Text fit for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def settings_table(model: type[BaseModel] = Settings) -> str:
    """The Markdown table of `model`'s fields: variable, type, default and description."""
    prefix = str(model.model_config.get("env_prefix", ""))
    lines = ["| variable | type | default | description |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        variable = f"`{prefix}{name.upper()}`"
        kind = _type_name(field.annotation)
        default = _default_text(field.get_default(call_default_factory=True))
        description = _cell(field.description or "")
        lines.append(f"| {variable} | {kind} | {default} | {description} |")
    return "\n".join(lines) + "\n"


def settings_page() -> str:
    """The whole of docs/settings.md: how settings are read, the core's table, what follows,
    then the chat UI's table."""
    return _HEADER + settings_table() + _FOOTER + _UI_HEADER + settings_table(UISettings)


def main(argv: list[str] | None = None) -> None:
    """Write docs/settings.md (or the path given as the only argument)."""
    parser = argparse.ArgumentParser(prog=REGENERATE, description=main.__doc__)
    parser.add_argument("target", nargs="?", type=Path, default=PAGE, help="the page to write")
    target: Path = parser.parse_args(argv).target
    target.write_text(settings_page(), encoding="utf-8")


if __name__ == "__main__":
    main()
