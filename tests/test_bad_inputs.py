"""A folder of bad inputs beside valid files of every format, through the real `newsrag ingest`:
everything valid is indexed and searchable, each bad item is reported, and the exit code says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.loading import make_deep_tree, remove_deep_tree
from tests.helpers.paths import FIXTURES
from ui.cli import cli

SIZE_LIMIT = 100_000


def write_valid_files(folder: Path) -> dict[str, str]:
    """One or more valid files of every supported format; returns {article id: title}."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("page.html", "feed.rss", "feed.atom", "articles.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    atom = (FIXTURES / "feed.atom").read_text(encoding="utf-8")
    for old, new in [
        ("lynx-mouthe", "loup-jura"),
        ("Le lynx observé près de Mouthe", "Un loup aperçu dans le Jura"),
        ("Un lynx boréal a été photographié lundi", "Un loup gris a été filmé dimanche"),
    ]:
        atom = atom.replace(old, new)
    (folder / "actu.xml").write_text(atom, encoding="utf-8")
    (folder / "note.txt").write_text(
        "Neige précoce sur le Haut-Doubs\nLes stations du Haut-Doubs ouvrent leurs pistes "
        "de ski de fond une semaine plus tôt que prévu.\n",
        encoding="utf-8",
    )
    (folder / "sub").mkdir()
    (folder / "sub" / "billet.md").write_text(
        "# Le vélo gagne du terrain à Montbéliard\n\nLa part des trajets domicile-travail à "
        "vélo a doublé en deux ans à Montbéliard.\n",
        encoding="utf-8",
    )
    (folder / "legacy.txt").write_bytes(
        "Fête du comté à Poligny\nLa fête du comté réunit producteurs et affineurs à "
        "Poligny le premier week-end d’août.\n".encode("cp1252")
    )
    (folder / "one.json").write_text(
        json.dumps(
            {
                "id": "json-1",
                "title": "Les horlogers du Haut-Doubs recrutent",
                "text": "Les manufactures horlogères de Morteau cherchent deux cents ouvriers.",
                "date": "2024-03-01",
            }
        ),
        encoding="utf-8",
    )
    return {
        "https://www.journal-est.example/2024/03/05/besancon-tramway": "Besançon tramway",
        "https://www.journal-est.example/2024/03/06/crue-doubs": "Crue du Doubs quais fermés",
        "feed.rss#je-2024-0306-2": "Le marché de Pontarlier change de place",
        "https://actu-fc.example/2024/03/07/lynx-mouthe": "Le lynx observé près de Mouthe",
        "https://actu-fc.example/2024/03/07/loup-jura": "Un loup aperçu dans le Jura",
        "csv-1": "Un nouveau pont sur la Loue",
        "https://www.journal-est.example/2024/03/04/metabief": "fromagerie de Métabief cave",
        "articles.csv:6": "article sans id ni url identifié par son fichier et sa ligne",
        "note.txt": "Neige précoce sur le Haut-Doubs",
        "sub/billet.md": "Le vélo gagne du terrain à Montbéliard",
        "legacy.txt": "Fête du comté à Poligny",
        "json-1": "Les horlogers du Haut-Doubs recrutent",
    }


def write_bad_files(folder: Path) -> dict[str, str]:
    """One file per kind of bad input; returns {path relative to folder (+ :LINE): reason}."""
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    damaged = "Titre\nUn été à Besançon ".encode() + b"\xc3\x28 fin.\n"
    bad_byte_at = damaged.index(b"\xc3\x28")
    (folder / "damaged.md").write_bytes(damaged)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "records.jsonl").write_text(
        '{"id": "jsonl-ok", "title": "Le Doubs en crue", "text": "Le Doubs monte encore."}\n'
        '{"id": "jsonl-bad", "title": 42, "text": ["pas", "une", "chaîne"]}\n',
        encoding="utf-8",
    )
    big = "".join(
        json.dumps({"id": f"big-{n}", "text": "Texte de remplissage. " * 40}) + "\n"
        for n in range(200)
    )
    (folder / "big.jsonl").write_text(big, encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: cheap to make, never read
    (folder / "broken.rss").write_text("Ceci n'est pas du XML <<<", encoding="utf-8")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "missing-column.csv").write_text("id,title\na,Sans texte\n", encoding="utf-8")
    return {
        "photo.txt": "binary file, not text",
        "damaged.md": f"not valid UTF-8 (byte 0xc3 at offset {bad_byte_at})",
        "empty.txt": "empty file",
        "records.jsonl:2": "field 'title' must be a string, got int",
        "big.jsonl": f"file is {len(big.encode())} bytes, over the {SIZE_LIMIT}-byte limit",
        "huge.txt": f"file is {50 * 1024 * 1024} bytes, over the {SIZE_LIMIT}-byte limit",
        "broken.rss": "not an RSS or Atom feed (not XML: syntax error)",
        "loop": f"symlink loop: points back to {folder.resolve()}, not followed",
        "self.txt": "symlink loop, not followed",
        "missing-column.csv": "missing column 'text' in the header 'id,title'",
    }


@pytest.fixture
def ingest_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Embedder) -> Any:
    """Run `newsrag ingest FOLDER --json` in-process; returns (exit code, report)."""
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSRAG_MAX_FILE_BYTES", str(SIZE_LIMIT))

    def run(folder: Path) -> tuple[int, dict[str, Any]]:
        result = CliRunner().invoke(cli, ["ingest", str(folder), "--json"])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, json.loads(result.stdout)

    return run


def search_hits(embedder: Embedder, queries: dict[str, str]) -> dict[str, list[str]]:
    """The top-3 article ids for each article's query, from the store the CLI wrote."""
    app = Newsrag(Settings(), embedder=embedder)
    return {key: [p.article_id for p in app.search(q, k=3)] for key, q in queries.items()}


def test_bad_inputs_are_each_reported_and_every_valid_article_is_indexed(
    tmp_path: Path, ingest_cli: Any, embedder: Embedder
) -> None:
    corpus = tmp_path / "corpus"
    valid = {**write_valid_files(corpus), "jsonl-ok": "Le Doubs en crue"}
    bad = write_bad_files(corpus)

    code, report = ingest_cli(corpus)

    assert code == 2
    reported = {e["path"].removeprefix(f"{corpus}/"): e["error"] for e in report["errors"]}
    assert reported == bad
    assert (report["added"], report["updated"], report["deleted"]) == (len(valid), 0, 0)
    hits = search_hits(embedder, valid)
    assert {key: key in ids for key, ids in hits.items()} == dict.fromkeys(valid, True)


def test_a_second_run_skips_what_it_indexed_and_reports_the_same_bad_items(
    tmp_path: Path, ingest_cli: Any
) -> None:
    corpus = tmp_path / "corpus"
    valid = write_valid_files(corpus)
    write_bad_files(corpus)
    _, first = ingest_cli(corpus)

    code, second = ingest_cli(corpus)

    assert code == 2
    assert (second["added"], second["updated"], second["skipped"]) == (0, 0, len(valid) + 1)
    assert second["errors"] == first["errors"]


def test_a_folder_of_valid_files_of_every_format_exits_0(tmp_path: Path, ingest_cli: Any) -> None:
    valid = write_valid_files(tmp_path / "corpus")

    code, report = ingest_cli(tmp_path / "corpus")

    assert (code, report["errors"]) == (0, [])
    assert report["added"] == len(valid)


# The defects an attack found (issue 17): each input below once crashed or silently lost rows.


def write_hostile_files(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Files that once crashed ingest or lost rows, beside good ones (a CSV field over csv's
    limit is over this file's size limit: see test_formats); returns
    ({article id: title} of what must be indexed, {path (+ :LINE): start of the reason})."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "note.txt").write_text("Neige à Pontarlier\nIl a neigé.\n", encoding="utf-8")
    with open(bytes(folder) + b"/bad\xff\xfename.txt", "wb") as handle:
        handle.write(b"Titre illisible\nUn nom de fichier qui n'est pas de l'UTF-8.\n")
    (folder / "records.jsonl").write_text(
        '{"id": "ok-1", "title": "Ligne valide", "text": "Première ligne valide."}\n'
        '{"id": "s", "text": "demi-emoji \\ud83d ici"}\n'
        '{"id": "t", "title": "demi \\udfff", "text": "Texte."}\n'
        '{"id": "\\ud83d", "text": "Texte."}\n'
        '{"id": "ok-2", "title": "Autre ligne", "text": "Dernière ligne valide."}\n',
        encoding="utf-8",
    )
    (folder / "quotes.csv").write_text(
        'id,title,text\ncsv-a,A,Premier.\ncsv-b,B,"Guillemet jamais fermé\n'
        "csv-c,C,Avalée puis relue.\n",
        encoding="utf-8",
    )
    (folder / "tree").mkdir()
    deep = make_deep_tree(folder / "tree", 1100)  # the test removes it
    (deep / "bottom.txt").write_text("Au fond\nUn article très profond.\n", encoding="utf-8")
    valid = {
        "note.txt": "Neige à Pontarlier",
        "bad\\xff\\xfename.txt": "Titre illisible",
        "ok-1": "Ligne valide",
        "ok-2": "Autre ligne",
        "csv-a": "A",
        "csv-c": "C",
        "tree/" + "d/" * 1100 + "bottom.txt": "Au fond",
    }
    bad = {
        "records.jsonl:2": "field 'text' is not valid Unicode",
        "records.jsonl:3": "field 'title' is not valid Unicode",
        "records.jsonl:4": "field 'id' is not valid Unicode",
        "quotes.csv:3": "invalid CSV: unexpected end of data (an unterminated quote?)",
    }
    return valid, bad


def test_surrogates_open_quotes_and_deep_trees_are_reported_or_indexed_and_exit_2(
    tmp_path: Path, ingest_cli: Any
) -> None:
    corpus = tmp_path / "corpus"
    try:
        valid, bad = write_hostile_files(corpus)
        code, report = ingest_cli(corpus)
        code_again, again = ingest_cli(corpus)
    finally:
        remove_deep_tree(corpus / "tree")

    assert code == 2
    reported = {e["path"].removeprefix(f"{corpus}/"): e["error"] for e in report["errors"]}
    assert {path: reason[: len(bad.get(path, ""))] for path, reason in reported.items()} == bad
    assert report["added"] == len(valid)
    app = Newsrag(Settings())
    assert {a: app.article(a).title for a in valid} == valid  # type: ignore[union-attr]
    assert not (tmp_path / "data" / "unfinished" / "newsrag").exists()

    assert (code_again, again["added"], again["skipped"], again["errors"]) == (
        2,
        0,
        len(valid),
        report["errors"],
    )


def test_an_upload_with_one_bad_jsonl_line_indexes_the_valid_lines(
    tmp_path: Path, fake_embedder: Embedder
) -> None:
    app = Newsrag(Settings(data_dir=tmp_path / "data"), embedder=fake_embedder)
    saved = app.settings.data_dir / "uploads" / "envoi.jsonl"  # where ui/upload.py saves it
    saved.parent.mkdir(parents=True)
    saved.write_text(
        '{"id": "u1", "text": "Le tramway de Besançon est prolongé."}\n'
        '{"id": "u2", "text": "demi-emoji \\ud83d dans le texte"}\n'
        '{"id": "u3", "text": "La gare de Dole rouvre lundi."}\n',
        encoding="utf-8",
    )

    report = ingest_paths(app, [saved])

    assert (report.added, [(e.path, e.error.split(":")[0]) for e in report.errors]) == (
        2,
        [(f"{saved}:2", "field 'text' is not valid Unicode")],
    )
    assert app.store.article_ids() == {"u1", "u3"}
