"""Dates as ISO 8601: a day stays a day, a datetime keeps the time zone its source gave."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# RFC 2822 as in RSS: "Wed, 06 Mar 2024 08:15:00 +0100" (the weekday is optional).
_RFC_2822 = re.compile(r"([A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}.*")


def normalise_date(value: str) -> str | None:
    """`value` in ISO 8601, or None if it is not a date newsrag reads.

    `YYYY-MM-DD` stays a day; `DD/MM/YYYY` becomes one. An ISO 8601 datetime or an RFC 2822
    datetime (RSS) becomes `YYYY-MM-DDTHH:MM:SS`, with its UTC offset when it has one.
    """
    value = value.strip()
    try:
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value).isoformat()
        if _ISO_DATETIME.fullmatch(value):
            return datetime.fromisoformat(value).isoformat()
        found = _DMY_DATE.fullmatch(value)
        if found:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day).isoformat()
        if _RFC_2822.fullmatch(value):
            return parsedate_to_datetime(value).isoformat()
    except (ValueError, TypeError, OverflowError):
        pass
    return None


def utc_datetime(parsed: time.struct_time) -> str:
    """A UTC `time.struct_time` (as feedparser gives) as an ISO 8601 datetime in UTC."""
    return datetime(*parsed[:6], tzinfo=UTC).isoformat()
