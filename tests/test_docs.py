"""The documentation stays true: the settings page is generated, and every link leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.settings import Settings
from ui.settings import UISettings
from ui.settings_doc import PAGE, REGENERATE, settings_page, settings_table

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _prose(markdown: str) -> str:
    """The text outside fenced blocks and inline code, where links are links."""
    return _CODE.sub("", _FENCE.sub("", markdown))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its words
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Every heading anchor of a page, with GitHub's -1, -2 suffixes for repeated ones."""
    seen: dict[str, int] = {}
    found = set()
    for heading in _HEADING.findall(_FENCE.sub("", markdown)):
        base = slug(heading)
        count = seen.get(base, 0)
        found.add(base if count == 0 else f"{base}-{count}")
        seen[base] = count + 1
    return found


def relative_links(page: Path) -> list[str]:
    """The links of a page that point inside the repository (no scheme, no mailto)."""
    targets = _LINK.findall(_prose(page.read_text(encoding="utf-8")))
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t, re.IGNORECASE)]


def broken_links(page: Path) -> list[str]:
    """Each relative link of `page` whose file is missing or whose #anchor its target lacks."""
    broken = []
    for target in relative_links(page):
        path_part, _, anchor = target.partition("#")
        file = (page.parent / path_part).resolve() if path_part else page
        if not file.exists():
            broken.append(f"{target} (no such file)")
        elif (
            anchor
            and file.suffix == ".md"
            and anchor not in anchors(file.read_text(encoding="utf-8"))
        ):
            broken.append(f"{target} (no heading #{anchor} in {file.name})")
    return broken


def test_settings_page_is_generated_from_the_settings() -> None:
    assert PAGE.exists(), f"docs/settings.md is missing: run `{REGENERATE}`"
    assert PAGE.read_text(encoding="utf-8") == settings_page(), (
        f"docs/settings.md is out of step with rag/settings.py: run `{REGENERATE}`"
    )


def test_settings_table_has_one_row_per_field_with_its_variable_and_default() -> None:
    rows = settings_table().splitlines()[2:]
    assert len(rows) == len(Settings.model_fields)
    top_k = next(row for row in rows if row.startswith("| `NEWSRAG_TOP_K` |"))
    assert top_k.startswith("| `NEWSRAG_TOP_K` | integer | `5` | Passages retrieved")
    fusion = next(row for row in rows if row.startswith("| `NEWSRAG_FUSION` |"))
    assert "`zscore` \\| `rrf`" in fusion
    assert "| `NEWSRAG_LLM` | text | unset |" in settings_table()


def test_the_chat_uis_settings_have_their_own_table_with_the_same_variables() -> None:
    ui_rows = settings_table(UISettings).splitlines()[2:]
    assert len(ui_rows) == len(UISettings.model_fields)
    assert "| `NEWSRAG_PORT` | integer | `7860` |" in settings_table(UISettings)
    assert "| `NEWSRAG_UI_AUTH` | secret text | unset |" in settings_table(UISettings)
    assert not set(UISettings.model_fields) & set(Settings.model_fields)
    page = settings_page()
    assert page.index("## Chat UI") < page.index("| `NEWSRAG_UI_AUTH` |")


def test_settings_table_hides_the_home_folder_and_keeps_each_row_on_one_line() -> None:
    table = settings_table()
    assert str(Path.home()) not in table
    assert "`~/.cache/newsrag`" in table
    for row in table.splitlines()[2:]:
        assert row.startswith("| ")
        assert row.endswith(" |")
        assert len(re.split(r"(?<!\\)\|", row)) == 6, row


def test_slugs_follow_githubs_rules() -> None:
    assert slug("JSON contract (`--json`)") == "json-contract---json"
    assert slug("Deployment: a large archive") == "deployment-a-large-archive"
    assert slug("Safe re-indexing") == "safe-re-indexing"
    assert anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}


def test_the_link_check_finds_a_missing_file_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Present\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n[ok](other.md#present) [a](#top) [web](https://example.org/x)\n"
        "[gone](missing.md) [bad](other.md#absent) `[code](nowhere.md)`\n"
        "```\n[fenced](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "missing.md (no such file)",
        "other.md#absent (no heading #absent in other.md)",
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_an_existing_file_and_anchor(page: Path) -> None:
    assert broken_links(page) == []


def test_the_readme_links_every_docs_page() -> None:
    readme = set(relative_links(ROOT / "README.md"))
    linked = {target.partition("#")[0] for target in readme}
    missing = [f"docs/{page.name}" for page in PAGES[1:] if f"docs/{page.name}" not in linked]
    assert missing == []
