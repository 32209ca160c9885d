"""The chat's filters: dates typed as JJ/MM/AAAA or AAAA-MM-JJ, the chips that show the active
filters above the chat, and how many indexed articles they let through."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date, datetime

from rag.errors import NewsragError
from rag.filters import stored_day
from rag.store.rows import ArticleInfo
from ui.web.i18n import Lang, label
from ui.web.state import AskOptions

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")


class OptionError(NewsragError):
    """A filter the user typed cannot be used; `field` says which (`since`, `until`)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def parse_day(value: object, field: str, lang: Lang, shown: str | None = None) -> date | None:
    """A date filter as typed or picked: `JJ/MM/AAAA` (also `.` or `-`), `AAAA-MM-JJ`, a
    datetime or a timestamp; empty is None. A bad one raises `OptionError` for `field`,
    named `shown` (else the field's label) in the message."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value).date()
    text = str(value).strip()
    if not text:
        return None
    try:
        if match := _DAY_FIRST.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    name = shown or label(lang, field)
    raise OptionError(label(lang, "bad_date", field=name, value=text), field)


def show_day(day: date | str | None, lang: Lang) -> str:
    """A day as the page's language writes it: 01/05/2016 in French, 2016-05-01 in English;
    an ISO string keeps only its day; None is ''."""
    if day is None:
        return ""
    if isinstance(day, str):
        try:
            parsed = date.fromisoformat(day[:10])
        except ValueError:
            return day
    else:
        parsed = day
    return parsed.strftime("%d/%m/%Y") if lang == "fr" else parsed.isoformat()


def describe(options: AskOptions, lang: Lang) -> list[tuple[str, str]]:
    """The active filters as (widget, text) pairs: `since`, `until`, `sources`."""
    chips: list[tuple[str, str]] = []
    if options.since:
        chips.append(("since", f"{label(lang, 'since')} {show_day(options.since, lang)}"))
    if options.until:
        chips.append(("until", f"{label(lang, 'until')} {show_day(options.until, lang)}"))
    if options.sources:
        chips.append(("sources", label(lang, "chip_sources", sources=", ".join(options.sources))))
    return chips


def chips_html(options: AskOptions | None, lang: Lang) -> str:
    """The active filters as chips above the chat, each with a button that removes it."""
    chips = describe(options, lang) if options else []
    if not chips:
        return ""
    items = "".join(
        f'<li class="newsrag-chip">{html.escape(text)}'
        f'<button type="button" class="newsrag-chip-remove" data-filter="{field}" '
        f'aria-label="{html.escape(label(lang, "chip_remove", filter=text))}">×</button></li>'
        for field, text in chips
    )
    heading = html.escape(label(lang, "active_filters"))
    return (
        f'<div class="newsrag-chips" role="group" aria-label="{heading}">'
        f'<span class="newsrag-chips-title">{heading}</span><ul>{items}</ul></div>'
    )


def within(article: ArticleInfo, options: AskOptions) -> bool:
    """Whether the filters let `article` through (an undated article never passes a date)."""
    if options.sources and article.source not in options.sources:
        return False
    if options.since or options.until:
        day = stored_day(article.date)
        if day is None:
            return False
        if (options.since and day < options.since) or (options.until and day > options.until):
            return False
    return True


def count_within(catalog: Sequence[ArticleInfo], options: AskOptions) -> int:
    """How many indexed articles the filters let through."""
    return sum(within(a, options) for a in catalog)
