"""Articles uploaded in the chat UI: checked, saved only under `data_dir/uploads/`, indexed
in an id namespace of their own, and summed up file by file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest import loaders
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from ui.settings import UISettings
from ui.web.upload import (
    RejectedName,
    UploadSummary,
    accepted_suffixes,
    ingest_uploads,
    safe_name,
    save_upload,
    summary_html,
    uploads_dir,
)

ARTICLE = """# Orages violents à Lyon

La grêle a endommagé 240 voitures dans le quartier de la Part-Dieu mardi soir, selon les pompiers.
"""
ACCEPTED = frozenset({".txt", ".md", ".json"})


def write(folder: Path, name: str, text: str) -> Path:
    """`folder/name` holding `text` (the name may hold any character but `/`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def files_under(folder: Path) -> set[Path]:
    """Every file below `folder`."""
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("given", "saved"),
    [
        ("../../evil.txt", "evil.txt"),
        ("..\\..\\evil.txt", "evil.txt"),
        ("/etc/cron.d/evil.md", "evil.md"),
        (".hidden.txt", "hidden.txt"),
        ("Météo Lyon (1).TXT", "Météo_Lyon_1.txt"),
        ("a;rm -rf ~.json", "a_rm_-rf.json"),
        ("x" * 300 + ".md", "x" * 117 + ".md"),
    ],
)
def test_an_upload_name_keeps_only_a_plain_file_name(given: str, saved: str) -> None:
    assert safe_name(given, ACCEPTED) == saved


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("evil.exe", "\\.exe files are not accepted"),
        ("README", "README files are not accepted"),
        ("..", "files are not accepted"),
        ("...txt", "nothing usable"),
        ("(((.md", "nothing usable"),
    ],
)
def test_an_unusable_upload_name_is_refused_with_its_reason(given: str, reason: str) -> None:
    with pytest.raises(RejectedName, match=reason):
        safe_name(given, ACCEPTED)


def test_a_name_with_a_folder_part_is_never_written(tmp_path: Path) -> None:
    source = write(tmp_path, "a.txt", "x")
    with pytest.raises(RejectedName, match="outside"):
        save_upload(source, "../evil.txt", tmp_path / "uploads")
    assert not (tmp_path / "evil.txt").exists()


def test_the_accepted_types_are_the_loaders(tmp_path: Path) -> None:
    assert accepted_suffixes() == loaders.SUPPORTED_SUFFIXES
    assert {".txt", ".md", ".json", ".jsonl"} <= accepted_suffixes()


def test_an_upload_named_with_parent_folders_lands_inside_the_data_dir(
    app: Newsrag, tmp_path: Path
) -> None:
    dropped = write(tmp_path / "browser", "..\\..\\evil.txt", ARTICLE)
    before = files_under(tmp_path) - files_under(app.settings.data_dir)
    summary = ingest_uploads(app, UISettings(), [dropped])
    assert summary.added == 1
    assert (uploads_dir(app) / "evil.txt").read_text(encoding="utf-8") == ARTICLE
    assert files_under(tmp_path) - files_under(app.settings.data_dir) == before


def test_an_upload_is_indexed_then_unchanged_then_updated(app: Newsrag, tmp_path: Path) -> None:
    dropped = write(tmp_path / "browser", "orages.md", ARTICLE)
    steps: list[tuple[float, str]] = []
    first = ingest_uploads(
        app, UISettings(), [dropped], progress=lambda f, text: steps.append((f, text))
    )
    assert (first.added, first.updated, first.skipped, first.problems) == (1, 0, 0, [])
    assert steps == [(0.0, "Indexing orages.md"), (1.0, "")]
    answer = app.answer("Combien de voitures la grêle a-t-elle endommagées ?")
    assert answer.found
    assert answer.citations[0].article_id == "upload:orages.md"
    assert "240 voitures" in answer.citations[0].quote
    again = ingest_uploads(app, UISettings(), [dropped])
    assert (again.added, again.updated, again.skipped) == (0, 0, 1)
    write(tmp_path / "browser", "orages.md", ARTICLE.replace("240", "250"))
    changed = ingest_uploads(app, UISettings(), [dropped], "fr")
    assert (changed.added, changed.updated, changed.skipped) == (0, 1, 0)
    assert app.stats().articles == 1
    assert "Ajoutés 0, mis à jour 1, inchangés 0, erreurs 0." in summary_html(changed, "fr")


def test_bad_files_are_reported_with_their_reasons_and_the_good_one_is_indexed(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    ui = UISettings(ui_upload_max_bytes=1000)
    dropped = [
        write(tmp_path / "in", "bad.json", "not json"),
        write(tmp_path / "in", "virus.exe", "MZ"),
        write(tmp_path / "in", "big.txt", "Titre\n" + "mot " * 400),
        write(tmp_path / "in", "good.txt", ARTICLE),
    ]
    summary = ingest_uploads(app, ui, dropped)
    assert summary.added == 1
    reasons = {p.name: p.reason for p in summary.problems}
    assert set(reasons) == {"bad.json", "virus.exe", "big.txt"}
    assert "invalid JSON" in reasons["bad.json"]
    assert ".exe files are not accepted" in reasons["virus.exe"]
    assert "1606 bytes, more than the 1000-byte limit" in reasons["big.txt"]
    assert {p.name for p in uploads_dir(app).iterdir()} == {"bad.json", "good.txt"}
    panel = summary_html(summary, "en")
    assert "Added 1, updated 0, unchanged 0, errors 3." in panel
    assert "<code>virus.exe</code>: .exe files are not accepted" in panel


def test_files_beyond_the_limit_of_one_upload_are_not_read(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    dropped = [write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.txt", ARTICLE)]
    summary = ingest_uploads(app, UISettings(ui_upload_max_files=1), dropped)
    assert summary.added == 1
    assert [(p.name, p.reason) for p in summary.problems] == [
        ("b.txt", "more than 1 files in one upload: not read")
    ]


def test_an_upload_during_another_ingest_names_the_lock_holder_and_indexes_nothing(
    app: Newsrag, tmp_path: Path
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from ingest.lock import IndexLock\n"
            "with IndexLock(Path(sys.argv[1]), command='newsrag ingest archive/'):\n"
            "    print('held', flush=True); sys.stdin.read()",
            str(app.settings.data_dir),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        dropped = [write(tmp_path, "a.txt", ARTICLE), write(tmp_path, "b.md", ARTICLE)]
        summary = ingest_uploads(app, UISettings(), dropped)
    finally:
        holder.communicate("", timeout=30)
    assert summary.added == 0
    assert [p.name for p in summary.problems] == ["a.txt", "b.md"]
    assert "another ingest is running" in summary.problems[0].reason
    assert "`newsrag ingest archive/`" in summary.problems[0].reason
    assert app.stats().articles == 0
    assert ingest_uploads(app, UISettings(), dropped).added == 2  # once the other ingest is done


def test_an_empty_upload_says_so() -> None:
    assert "No file was given." in summary_html(None, "en")
    assert "Added 0" in summary_html(UploadSummary(), "en")


SEED_LIKE = "# Titre officiel\n\nLe texte officiel de l'article indexé par la rédaction.\n"
FORGED = "# Titre falsifié\n\nUn texte falsifié qui remplacerait l'article.\n"


def indexed_from_elsewhere(app: Newsrag, folder: Path) -> None:
    """`000_a.txt` and a JSONL record `"id": "dépêche-1"`, ingested as the command line does."""
    write(folder, "000_a.txt", SEED_LIKE)
    record = '{"id": "dépêche-1", "title": "Dépêche", "text": "Le texte de la dépêche AFP."}'
    write(folder, "wire.jsonl", record + "\n")
    assert ingest_paths(app, [folder]).added == 2


def test_an_upload_never_replaces_an_article_indexed_from_elsewhere(
    app: Newsrag, tmp_path: Path
) -> None:
    indexed_from_elsewhere(app, tmp_path / "archive")
    forged_record = '{"id": "dépêche-1", "title": "Faux", "text": "Un faux texte de dépêche."}'
    dropped = [
        write(tmp_path / "browser", "000_a.txt", FORGED),
        write(tmp_path / "browser", "forged.jsonl", forged_record + "\n"),
    ]
    summary = ingest_uploads(app, UISettings(), dropped)
    assert (summary.added, summary.updated, summary.problems) == (2, 0, [])
    original = app.article("000_a.txt")
    assert original is not None
    assert "officiel" in original.text
    wire = app.article("dépêche-1")
    assert wire is not None
    assert wire.text == "Le texte de la dépêche AFP."
    uploaded = app.article("upload:000_a.txt")
    assert uploaded is not None
    assert "falsifié" in uploaded.text
    assert app.stats().articles == 4


def test_a_setting_lets_uploads_correct_indexed_articles(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    indexed_from_elsewhere(app, tmp_path / "archive")
    ui = UISettings(ui_upload_can_replace=True)
    summary = ingest_uploads(app, ui, [write(tmp_path / "browser", "000_a.txt", FORGED)])
    assert (summary.added, summary.updated) == (0, 1)
    corrected = app.article("000_a.txt")
    assert corrected is not None
    assert "falsifié" in corrected.text
    assert app.stats().articles == 2
