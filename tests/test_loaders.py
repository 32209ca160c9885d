"""Tests for ingest.loaders: reading articles from files and folders, and reporting bad input.

Records in JSON and JSON lines are in test_load_records.py."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_file
from tests.helpers.data import write_jsonl
from tests.helpers.loading import load, make_deep_tree, remove_deep_tree


def test_supported_suffixes_are_text_records_csv_html_and_feeds() -> None:
    assert sorted(SUPPORTED_SUFFIXES) == [
        ".atom",
        ".csv",
        ".htm",
        ".html",
        ".json",
        ".jsonl",
        ".md",
        ".rss",
        ".txt",
        ".xml",
    ]


def test_a_txt_file_gives_its_first_line_as_title_and_the_rest_verbatim_as_body(
    tmp_path: Path,
) -> None:
    body = "Premier paragraphe,  avec  espaces.\n\n  Second paragraphe indenté.\r\nFin."
    nested = tmp_path / "corpus" / "sub"
    nested.mkdir(parents=True)
    (nested / "a.txt").write_text(f"\n\n  Le titre  \n\n{body}\n\n", encoding="utf-8")

    articles, errors = load(tmp_path / "corpus")

    assert errors == []
    [loaded] = articles
    assert loaded.article.id == "sub/a.txt"
    assert loaded.article.title == "Le titre"
    assert loaded.article.text == body
    assert (loaded.article.date, loaded.article.source, loaded.article.url) == (None,) * 3
    assert loaded.article.lang is None
    assert loaded.file == str((nested / "a.txt").resolve())
    assert loaded.origin == str((tmp_path / "corpus").resolve())


def test_a_file_given_directly_is_identified_by_its_name_and_rooted_in_its_folder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deep" / "note.txt"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbfTitle with BOM\nBody.\n")

    [loaded], errors = load(path)

    assert errors == []
    assert loaded.article.id == "note.txt"
    assert loaded.article.title == "Title with BOM"
    assert loaded.origin == str(path.parent.resolve())


def test_a_markdown_heading_loses_its_hashes_in_the_title(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text("##  Élections municipales\n\nLe *vote* a eu lieu.\n")

    [loaded], errors = load(tmp_path)

    assert errors == []
    assert loaded.article.title == "Élections municipales"
    assert loaded.article.text == "Le *vote* a eu lieu."
    assert loaded.article.id == "post.md"


def test_a_folder_mixing_good_and_bad_files_yields_the_good_articles_and_one_error_per_bad_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.txt").write_text("Good title\nGood body.\n")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "good.md").write_text("# Also good\nBody too.\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Titre\nCafé".encode("latin-1"))
    damaged = "Titre\nÉté à Besançon ".encode() + b"\xff"
    (tmp_path / "damaged.txt").write_bytes(damaged)
    (tmp_path / "empty.txt").write_text("  \n\n")
    (tmp_path / "title_only.txt").write_text("Just a title\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # unsupported: skipped silently
    (tmp_path / ".hidden.txt").write_text("Hidden\nSkipped.\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden dir\nSkipped.\n")

    articles, errors = load(tmp_path)

    assert sorted(a.article.id for a in articles) == ["good.txt", "latin1.txt", "nested/good.md"]
    assert {Path(e.path).name: e.error for e in errors} == {
        "binary.txt": "binary file, not text",
        "damaged.txt": f"not valid UTF-8 (byte 0xff at offset {len(damaged) - 1})",
        "empty.txt": "empty file",
        "title_only.txt": "no body text after the title line",
    }
    assert all(Path(e.path).parent == tmp_path for e in errors)


def test_folders_are_walked_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/b.txt", "c.md"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"{name}\nbody\n")

    articles, _ = load(tmp_path)

    assert [a.article.id for a in articles] == ["a/b.txt", "a/z.txt", "b.txt", "c.md"]


def test_a_symlink_loop_is_reported_and_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("A\nbody\n")
    (tmp_path / "real" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")

    articles, errors = load(tmp_path)

    assert [a.article.id for a in articles] == ["real/a.txt"]
    assert [(Path(e.path).name, e.error.split(":")[0]) for e in errors] == [
        ("loop", "symlink loop"),
        ("self.txt", "symlink loop, not followed"),
    ]


def test_a_symlinked_folder_outside_the_tree_is_skipped_and_a_symlinked_file_is_read(
    tmp_path: Path,
) -> None:
    outside, tree = tmp_path / "outside", tmp_path / "tree"
    outside.mkdir()
    tree.mkdir()
    (outside / "b.txt").write_text("B\nbody\n")
    (tree / "elsewhere").symlink_to(outside, target_is_directory=True)
    (tree / "b-link.txt").symlink_to(outside / "b.txt")

    articles, errors = load(tree)

    assert errors == []
    assert [a.article.id for a in articles] == ["b-link.txt"]


def test_a_file_over_the_size_limit_is_an_error_and_is_not_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "big.jsonl", [{"id": "a", "text": "x" * 200}])
    size = path.stat().st_size

    articles, errors = load(path, max_file_bytes=100)

    assert articles == []
    assert errors == [LoadError(str(path), f"file is {size} bytes, over the 100-byte limit")]


def test_a_nonexistent_path_is_an_error_and_later_paths_still_load(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nope"
    (tmp_path / "ok.txt").write_text("Title\nBody\n")

    articles, errors = load(missing, tmp_path / "ok.txt")

    assert errors == [LoadError(str(missing), "no such file or folder")]
    assert [a.article.id for a in articles] == ["ok.txt"]


def test_an_unsupported_file_given_directly_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4")

    [error] = list(load_file(path, tmp_path, max_file_bytes=1000))

    assert isinstance(error, LoadError)
    assert error.path == str(path)
    assert "unsupported file type '.pdf'" in error.error


def test_a_folder_tree_1100_levels_deep_is_walked_without_recursion(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "top.txt").write_text("Haut\nLe premier article.\n", encoding="utf-8")
    try:
        deep = make_deep_tree(tree, 1100)
        (deep / "bottom.txt").write_text("Bas\nLe dernier article.\n", encoding="utf-8")

        articles, errors = load(tree)
    finally:
        remove_deep_tree(tree)

    assert errors == []
    assert [a.article.title for a in articles] == ["Bas", "Haut"]  # "d/..." sorts before "top"
    assert articles[0].article.id == "d/" * 1100 + "bottom.txt"
