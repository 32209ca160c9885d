"""Articles dropped on the chat page: checked, saved under `data_dir/uploads/`, then indexed
by the same pipeline as the command line, in an id namespace of their own."""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest import loaders
from ingest.loaders import LoadedArticle, LoadError, iter_articles
from ingest.lock import IndexLockedError
from ingest.pipeline import Ingestor
from ingest.report import IngestReport
from rag.app import Newsrag
from ui.settings import UISettings
from ui.web.i18n import Lang, label
from ui.web.loader_messages import loader_reason

logger = logging.getLogger(__name__)

UPLOADS = "uploads"
# Uploaded articles get ids of their own, so an upload never replaces an article indexed
# from elsewhere (unless `NEWSRAG_UI_UPLOAD_CAN_REPLACE` lets uploads correct articles).
UPLOAD_ID_PREFIX = "upload:"
_NAME_CHARS = 120
_UNSAFE = re.compile(r"[^\w.\-]+")

Progress = Callable[[float, str], None]


class RejectedName(ValueError):
    """A file name that cannot be saved as it is; the message says why."""


@dataclass(frozen=True)
class UploadProblem:
    """A file that was not indexed, or not entirely, and why."""

    name: str
    reason: str


@dataclass
class UploadSummary:
    """Article counts of one upload, and the files or records that failed."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[UploadProblem] = field(default_factory=list)


def accepted_suffixes() -> frozenset[str]:
    """What the loaders read (looked up at each upload, so new loaders count at once)."""
    return frozenset(loaders.SUPPORTED_SUFFIXES)


def uploads_dir(app: Newsrag) -> Path:
    """Where uploads are kept: inside the data dir, never anywhere else."""
    return app.settings.data_dir / UPLOADS


def safe_name(name: str, accepted: Collection[str], lang: Lang = "en") -> str:
    """A file name that stays inside one folder: no folder part, no leading dot, only
    letters, digits, `.`, `_` and `-`, at most 120 characters, an accepted suffix."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name))[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = f".{suffix.lower()}" if suffix else ""
    if suffix not in accepted:
        shown = suffix or base
        raise RejectedName(
            label(lang, "upload_bad_type", suffix=shown, accepted=" ".join(sorted(accepted)))
        )
    stem = _UNSAFE.sub("_", stem).strip("._-")[: _NAME_CHARS - len(suffix)].rstrip("._-")
    if not stem:
        raise RejectedName(label(lang, "upload_bad_name"))
    return stem + suffix


def save_upload(source: Path, name: str, folder: Path) -> Path:
    """Copy `source` to `folder/name` (replaced whole, never written through a link)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.resolve().parent != folder.resolve():  # safe_name makes this impossible
        raise RejectedName(f"{name!r} is outside {folder}")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            while block := data.read(1 << 20):
                out.write(block)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def upload_items(
    app: Newsrag, saved: Path, can_replace: bool = False
) -> Iterator[LoadedArticle | LoadError]:
    """The articles of an uploaded file, their ids prefixed with `upload:` unless uploads
    may replace indexed articles (`can_replace`)."""
    settings = app.settings
    items = iter_articles(
        [saved],
        max_file_bytes=settings.max_file_bytes,
        fetch_timeout_seconds=settings.fetch_timeout_seconds,
    )
    for item in items:
        if isinstance(item, LoadedArticle) and not can_replace:
            article = replace(item.article, id=UPLOAD_ID_PREFIX + item.article.id)
            item = replace(item, article=article)
        yield item


def index_upload(app: Newsrag, saved: Path, can_replace: bool = False) -> IngestReport:
    """Index one saved upload under the writer lock (`IndexLockedError` when it is held)."""
    ingestor = Ingestor(app, command=f"newsrag serve: upload of {saved.name}")
    with ingestor.lock:
        return ingestor.ingest([saved], items=upload_items(app, saved, can_replace))


def _check(source: Path, limit: int, accepted: Collection[str], lang: Lang) -> str:
    name = safe_name(source.name, accepted, lang)
    size = source.stat().st_size
    if size > limit:
        raise RejectedName(label(lang, "upload_too_large", size=size, limit=limit))
    return name


def ingest_uploads(
    app: Newsrag,
    ui: UISettings,
    files: Sequence[Path],
    lang: Lang = "en",
    progress: Progress | None = None,
) -> UploadSummary:
    """Check, save and index uploaded files one by one, within `ui`'s limits; a bad file is
    reported, the others are indexed."""
    summary = UploadSummary()
    accepted = accepted_suffixes()
    limit = ui.ui_upload_max_files
    taken, extra = files[:limit], files[limit:]
    too_many = label(lang, "upload_too_many", limit=limit)
    summary.problems += [UploadProblem(f.name, too_many) for f in extra]
    folder = uploads_dir(app)
    for number, source in enumerate(taken):
        shown = source.name
        if progress:
            progress(number / len(taken), label(lang, "upload_indexing", name=shown))
        try:
            saved = save_upload(
                source, _check(source, ui.ui_upload_max_bytes, accepted, lang), folder
            )
        except RejectedName as exc:
            summary.problems.append(UploadProblem(shown, str(exc)))
            continue
        try:
            report = index_upload(app, saved, ui.ui_upload_can_replace)
        except IndexLockedError as exc:  # every other file would wait on the same writer
            holder = exc.holder.describe() if exc.holder else "?"
            reason = label(lang, "upload_busy", holder=holder)
            summary.problems += [UploadProblem(f.name, reason) for f in taken[number:]]
            break
        except Exception as exc:
            logger.exception("indexing the upload %s failed", saved)
            reason = label(lang, "upload_failed", error=exc)
            summary.problems.append(UploadProblem(saved.name, reason))
            continue
        summary.added += report.added
        summary.updated += report.updated
        summary.skipped += report.skipped
        summary.problems += [
            UploadProblem(Path(e.path).name, loader_reason(e.error, lang)) for e in report.errors
        ]
    if progress:
        progress(1.0, "")
    return summary


def summary_html(summary: UploadSummary | None, lang: Lang) -> str:
    """The counts, then each problem with its file name and reason."""
    if summary is None:
        return f'<p class="newsrag-upload-summary">{html.escape(label(lang, "upload_nothing"))}</p>'
    counts = label(
        lang,
        "upload_summary",
        added=summary.added,
        updated=summary.updated,
        skipped=summary.skipped,
        errors=len(summary.problems),
    )
    problems = "".join(
        f"<li><code>{html.escape(p.name)}</code>: {html.escape(p.reason)}</li>"
        for p in summary.problems
    )
    listed = f'<ul class="newsrag-upload-errors">{problems}</ul>' if problems else ""
    return f'<div class="newsrag-upload-summary"><p>{html.escape(counts)}</p>{listed}</div>'
