"""CSV files: one article per row, every row indexed or reported (bad rows, fields over the
csv module's limit, unterminated quotes that swallow the rows after them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.loading import copy_fixture, load


def test_a_csv_file_gives_one_article_per_row_identified_by_id_url_or_path_and_line(
    tmp_path: Path,
) -> None:
    copy_fixture("articles.csv", tmp_path / "tables")

    articles, errors = load(tmp_path)

    assert errors == []
    bridge, cheese, anonymous = (a.article for a in articles)
    assert bridge.id == "csv-1"
    assert bridge.text == (
        "Le département a voté mardi la construction d'un nouveau pont sur la Loue à Ornans."
        "\n\nLes travaux commenceront au printemps."
    )
    assert (bridge.date, bridge.source, bridge.lang) == ("2024-03-04", "Le Journal de l'Est", "fr")
    assert cheese.id == cheese.url == "https://www.journal-est.example/2024/03/04/metabief"
    assert cheese.date == "2024-03-04"
    assert anonymous.id == "tables/articles.csv:6"  # the row starts on line 6
    assert anonymous.title == "Sans identifiant"


def test_a_semicolon_csv_from_a_french_spreadsheet_in_cp1252_reads_right(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    rows = [
        "title;text;date",
        "Élection à Dole;« L’élu sortant est réélu » dès le 1er tour.;10/03/2024",
    ]
    path.write_bytes("\r\n".join(rows).encode("cp1252"))

    [loaded], errors = load(path)

    assert errors == []
    assert loaded.article.title == "Élection à Dole"
    assert loaded.article.text == "« L’élu sortant est réélu » dès le 1er tour."
    assert (loaded.article.id, loaded.article.date) == ("export.csv:2", "2024-03-10")


def test_a_bad_csv_row_is_reported_with_its_line_and_the_other_rows_load(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,title,text,date\n"
        "a,A,Premier texte.,2024-01-01\n"
        "b,B,Deuxième texte.,le 3 mars\n"
        "c,C,Troisième texte.\n"
        'd,D,"Quatrième\ntexte.",2024-01-04\n'
        "e,E,,2024-01-05\n",
        encoding="utf-8",
    )

    articles, errors = load(path)

    assert [a.article.id for a in articles] == ["a", "d"]
    assert [(e.path, e.error.split(":")[0]) for e in errors] == [
        (f"{path}:3", "field 'date' is not a recognised date"),
        (f"{path}:4", "row has 3 fields, the header names 4"),
        (f"{path}:7", "field 'text' is empty"),
    ]


def test_a_csv_field_over_the_csv_modules_limit_is_read_and_the_rows_after_it_load(
    tmp_path: Path,
) -> None:
    long_text = "Un très long texte. " * 10_000  # 200,000 characters, over csv's 131,072
    path = tmp_path / "bigfield.csv"
    path.write_text(
        f'id,text\na,Premier.\nb,"{long_text}"\nc,{long_text}\nd,Dernier.\n', encoding="utf-8"
    )

    articles, errors = load(path)

    assert errors == []
    assert [a.article.id for a in articles] == ["a", "b", "c", "d"]
    assert articles[1].article.text == articles[2].article.text == long_text


def test_an_unterminated_quote_is_reported_and_the_rows_it_swallowed_load(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,title,text\n"
        "a,A,Premier texte.\n"
        'b,B,"Deuxième texte sans guillemet fermant\n'
        "c,C,Troisième texte.\n"
        "d,D,Quatrième texte.\n",
        encoding="utf-8",
    )

    articles, errors = load(path)

    assert [a.article.id for a in articles] == ["a", "c", "d"]
    assert [(e.path, e.error) for e in errors] == [
        (
            f"{path}:3",
            "invalid CSV: unexpected end of data (an unterminated quote?) (lines 3-5)",
        )
    ]


def test_a_row_whose_quoted_text_holds_a_row_of_the_file_is_reported_as_merged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,title,text,date\n"
        'a,A,"Premier texte, sans fin\n'
        "b,B,Deuxième texte,2024-03-02\n"
        'c,C,Troisième",2024-03-03\n'
        "d,D,Quatrième texte.,2024-03-04\n",
        encoding="utf-8",
    )

    articles, errors = load(path)

    assert [a.article.id for a in articles] == ["b", "c", "d"]
    assert [(e.path, e.error.split(",")[0]) for e in errors] == [
        (f"{path}:2", "row swallows line 3")
    ]


def test_a_quoted_text_over_several_lines_of_prose_with_commas_is_one_row(tmp_path: Path) -> None:
    text = (
        "Le maire, élu en 2020, a répondu.\n"
        "Selon lui, rien ne change, pour l'instant.\n"
        "Il reste, dit-il, prudent."
    )
    path = tmp_path / "news.csv"
    path.write_text(f'id,title,text\na,A,"{text}"\nb,B,Suite.\n', encoding="utf-8")

    articles, errors = load(path)

    assert errors == []
    assert [(a.article.id, a.article.text) for a in articles] == [("a", text), ("b", "Suite.")]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("id,titel,text", "unknown column 'titel' in the header"),
        ("id,title,date", "missing column 'text' in the header"),
        ("id,text,TEXT", "column 'text' appears twice in the header"),
    ],
)
def test_a_csv_header_with_an_unknown_or_missing_column_is_a_file_error_naming_it(
    tmp_path: Path, header: str, reason: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"{header}\na,b,c\n", encoding="utf-8")

    [], [error] = load(path)

    assert error.path == str(path)
    assert error.error.startswith(reason)
