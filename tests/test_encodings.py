"""Legacy encodings are detected and decoded exactly; bytes that are not text are reported."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import LoadError
from tests.loading import load


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
