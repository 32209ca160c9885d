"""Legacy encodings are detected and decoded exactly; bytes that are not text are reported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.formats.common import RawInput
from ingest.loaders import PARSERS, LoadError
from rag.types import Article
from tests.helpers.loading import load


def test_a_cp1252_text_file_is_detected_and_decoded_exactly(tmp_path: Path) -> None:
    body = (
        "Le préfet a annoncé jeudi des mesures « exceptionnelles » pour la sécheresse :"
        " l’arrosage des pelouses est interdit, et les fontaines — même décoratives — coupées."
    )
    (tmp_path / "secheresse.txt").write_bytes(
        f"Sécheresse dans le Doubs\n{body}\n".encode("cp1252")
    )

    [loaded], errors = load(tmp_path)

    assert errors == []
    assert loaded.article.title == "Sécheresse dans le Doubs"
    assert loaded.article.text == body


def test_a_short_latin1_text_is_read_as_western_european(tmp_path: Path) -> None:
    (tmp_path / "ete.txt").write_bytes("Titre\nUn été très chaud à Besançon.".encode("latin-1"))

    [loaded], errors = load(tmp_path)

    assert errors == []
    assert loaded.article.text == "Un été très chaud à Besançon."


def test_a_cp1252_jsonl_file_loads_every_line(tmp_path: Path) -> None:
    lines = [
        '{"id": "a", "text": "Café crème à Belfort."}',
        '{"id": "b", "text": "L’hôpital de Vesoul rouvre ses urgences."}',
    ]
    path = tmp_path / "legacy.jsonl"
    path.write_bytes("\n".join(lines).encode("cp1252"))

    articles, errors = load(path)

    assert errors == []
    assert [a.article.text for a in articles] == [
        "Café crème à Belfort.",
        "L’hôpital de Vesoul rouvre ses urgences.",
    ]


def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / "windows.txt").write_bytes("Titre\r\nÉté indien à Lure.".encode("utf-16"))

    [loaded], errors = load(tmp_path)

    assert errors == []
    assert loaded.article.text == "Été indien à Lure."


def test_bytes_that_no_encoding_reads_are_reported_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)

    assert load(path) == (
        [],
        [LoadError(str(path), "binary file, not text (no character encoding fits)")],
    )


def test_a_utf8_jsonl_line_with_an_invalid_byte_fails_alone_with_its_file_offset(
    tmp_path: Path,
) -> None:
    path = tmp_path / "feed.jsonl"
    data = '{"id": "a", "text": "Été à Besançon"}\n'.encode() + b'{"id": "b", "text": "caf\xe9"}\n'
    path.write_bytes(data)

    articles, errors = load(path)

    assert [a.article.id for a in articles] == ["a"]
    reason = f"not valid UTF-8 (byte 0xe9 at offset {data.index(0xE9)})"
    assert errors == [LoadError(f"{path}:2", reason)]


def test_a_latin1_page_that_declares_its_charset_reads_right(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"><title>Été à Besançon</title></head>'
        "<body><p>L’été sera chaud à Besançon, prévient Météo-France : « 38 °C »."
        "</p></body></html>"
    )
    (tmp_path / "ete.html").write_bytes(html.encode("cp1252"))

    [loaded], errors = load(tmp_path)

    assert errors == []
    assert loaded.article.title == "Été à Besançon"
    assert loaded.article.text == (
        "L’été sera chaud à Besançon, prévient Météo-France : « 38 °C »."
    )


# Lone surrogates: strings that are not valid Unicode never leave the loaders.

HALF_EMOJI = "demi-emoji \\ud83d ici"  # as written in JSON: an escape of half a surrogate pair


def test_a_jsonl_line_with_a_lone_surrogate_in_text_title_or_id_fails_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(
        '{"id": "ok-1", "text": "Un texte valide."}\n'
        f'{{"id": "s-text", "text": "{HALF_EMOJI}"}}\n'
        f'{{"id": "s-title", "title": "{HALF_EMOJI}", "text": "Texte."}}\n'
        f'{{"id": "s-{HALF_EMOJI}", "text": "Texte."}}\n'
        '{"id": "ok-2", "text": "Paire complète \\ud83d\\ude00 acceptée."}\n',
        encoding="utf-8",
    )

    articles, errors = load(path)

    assert [a.article.id for a in articles] == ["ok-1", "ok-2"]
    assert articles[1].article.text == "Paire complète 😀 acceptée."
    where = "lone surrogate U+D83D at character"
    assert [(e.path, e.error.split(" (")[0]) for e in errors] == [
        (f"{path}:2", f"field 'text' is not valid Unicode: {where} 11"),
        (f"{path}:3", f"field 'title' is not valid Unicode: {where} 11"),
        (f"{path}:4", f"field 'id' is not valid Unicode: {where} 13"),
    ]


def test_a_json_list_item_with_a_lone_surrogate_is_reported_by_index(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        f'[{{"text": "Premier."}}, {{"text": "{HALF_EMOJI}"}}, {{"text": "Troisième."}}]',
        encoding="utf-8",
    )

    articles, errors = load(path)

    assert [a.article.text for a in articles] == ["Premier.", "Troisième."]
    assert [(e.path, e.error.split(":")[0]) for e in errors] == [
        (f"{path}:[1]", "field 'text' is not valid Unicode")
    ]


def test_a_file_name_with_undecodable_bytes_is_read_under_an_escaped_id(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    with open(bytes(folder) + b"/bad\xff\xfename.txt", "wb") as handle:
        handle.write(b"Titre\nTexte.\n")
    with open(bytes(folder) + b"/vide\xff.txt", "wb") as handle:
        handle.write(b"")

    [loaded], [error] = load(folder)

    assert loaded.article.id == "bad\\xff\\xfename.txt"
    assert loaded.file == f"{folder.resolve()}/bad\\xff\\xfename.txt"
    assert (loaded.article.title, loaded.article.text) == ("Titre", "Texte.")
    assert error == LoadError(f"{folder}/vide\\xff.txt", "empty file")
    for value in (loaded.article.id, loaded.file, loaded.origin, error.path):
        value.encode("utf-8")  # valid Unicode: SQLite, Chroma and the terminal accept it


def test_character_references_to_surrogates_in_a_feed_read_as_replacement_characters(
    tmp_path: Path,
) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Flux</title>'
        "<item><title>Demi &#55357; emoji</title><link>https://x.example/a</link>"
        "<description>Texte &#xD83D; ici.</description></item>"
        "<item><title>Bon</title><link>https://x.example/b</link>"
        "<description>Texte valide.</description></item></channel></rss>",
        encoding="utf-8",
    )

    articles, errors = load(path)

    assert errors == []
    assert [(a.article.title, a.article.text) for a in articles] == [
        ("Demi \ufffd emoji", "Texte \ufffd ici."),
        ("Bon", "Texte valide."),
    ]


def test_any_parser_output_with_a_lone_surrogate_is_reported_at_the_loader_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def parser(raw: RawInput) -> Iterator[Article | LoadError]:
        yield Article(id="a", title="Titre \udcff", text="Texte.")
        yield Article(id="b", title="Titre", text="Texte.", source="Le \ud83d Journal")
        yield Article(id="c", title="Titre", text="Texte valide.")

    monkeypatch.setitem(PARSERS, ".txt", parser)
    path = tmp_path / "any.txt"
    path.write_text("Titre\nTexte.\n", encoding="utf-8")

    articles, errors = load(path)

    assert [a.article.id for a in articles] == ["c"]
    assert [(e.path, e.error.split(":")[0]) for e in errors] == [
        (str(path), "field 'title' is not valid Unicode"),
        (str(path), "field 'source' is not valid Unicode"),
    ]
