"""Reuse the indexes of a kept `bench.ingest --keep DIR` run as eval_retrieval's indexes.

Indexing 20,000 articles takes most of an hour per embedder, and `bench.ingest` already builds
the very indexes the retrieval table needs (same slice, same collection name, same baseline
class). Adopting them links each into the eval's index folder and records its measured first
ingest time, so the retrieval table reports the same indexing cost as the ingest table.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.ingest import MARKER
from bench.ingest_phases import read_phases


def adopt_ingest_run(work: Path, index_folder: Path, *, full: bool, seed: int) -> list[str]:
    """Link the kept run's newsrag and naive indexes into `index_folder`; returns their names.

    Refuses a run over another slice or seed. A name already present in `index_folder` is left
    alone (an earlier adoption, or an index the eval built itself).
    """
    marker_path = work / "newsrag" / MARKER
    if not marker_path.exists():
        raise SystemExit(f"--adopt-ingest {work}: no {MARKER}; not a finished bench.ingest run")
    marker = json.loads(marker_path.read_text(encoding="utf-8"))
    if bool(marker["full"]) != full or int(marker["seed"]) != seed:
        raise SystemExit(
            f"--adopt-ingest {work}: built with full={marker['full']} seed={marker['seed']}, "
            f"this evaluation uses full={full} seed={seed}"
        )
    sources: dict[str, tuple[Path, dict[str, object]]] = {}
    for row in read_phases(work):
        embedder = str(row["embedder"])
        if row["phase"] == "first":
            folder = "newsrag" if embedder == marker["embedder"] else f"newsrag-{embedder}"
            sources[f"newsrag-{embedder}"] = (work / folder, row)
        elif row["phase"] == "naive":
            sources["baseline"] = (work / "naive", row)
    index_folder.mkdir(parents=True, exist_ok=True)
    adopted = []
    for name, (source, row) in sources.items():
        target = index_folder / name
        if target.exists() or target.is_symlink():
            continue
        memo = {"seconds": row["wall_s"], "added": row["articles"], "from": str(work)}
        (source / "ingest-seconds.json").write_text(json.dumps(memo), encoding="utf-8")
        target.symlink_to(source.resolve(), target_is_directory=True)
        adopted.append(name)
    return adopted
