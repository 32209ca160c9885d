"""What an ingest run did: article-level counts, and the inputs that could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.loaders import LoadError


@dataclass
class IngestReport:
    """Article-level counts of one ingest run, and the inputs that could not be read."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    deleted: int = 0
    chunks_embedded: int = 0
    chunks_unchanged: int = 0
    chunks_deleted: int = 0
    errors: list[LoadError] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # what an interrupted ingest had left

    def as_json(self) -> dict[str, object]:
        """The documented `ingest --json` shape (`repaired` only after an interrupted ingest)."""
        shape: dict[str, object] = {
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "deleted": self.deleted,
            "errors": [{"path": e.path, "error": e.error} for e in self.errors],
        }
        return shape | ({"repaired": self.repaired} if self.repaired else {})
