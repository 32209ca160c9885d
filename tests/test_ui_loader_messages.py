"""The loaders' reasons in the upload summary are in the page's language, file names kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.app import Newsrag
from ui.settings import UISettings
from ui.web.loader_messages import loader_reason
from ui.web.upload import ingest_uploads, summary_html


@pytest.mark.parametrize(
    ("reason", "french"),
    [
        ("no body text after the title line", "aucun texte après la ligne de titre"),
        ("invalid JSON: Expecting value (line 1)", "JSON invalide : Expecting value (line 1)"),
        (
            "not valid UTF-8 (byte 0xff at offset 12)",
            "texte UTF-8 invalide (octet 0xff à la position 12)",
        ),
        (
            "row has 3 fields, the header names 4",
            "la ligne a 3 champs, l’en-tête en nomme 4",
        ),
        (
            "duplicate article id 'a-1', first seen in /x/a.jsonl",
            "identifiant d’article 'a-1' en double, vu d’abord dans /x/a.jsonl",
        ),
        ("binary file, not text", "fichier binaire, pas du texte"),
    ],
)
def test_known_loader_reasons_are_translated_keeping_their_details(
    reason: str, french: str
) -> None:
    assert loader_reason(reason, "fr") == french
    assert loader_reason(reason, "en") == reason


def test_an_unknown_reason_is_shown_as_it_is() -> None:
    assert loader_reason("something new went wrong", "fr") == "something new went wrong"
    # a known message inside a longer one is not half-translated
    assert loader_reason("empty file, or not", "fr") == "empty file, or not"


def test_the_upload_summary_gives_the_loaders_reasons_in_french(
    app: Newsrag, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "titre seul.md").write_text("# Juste un titre\n", encoding="utf-8")
    (folder / "cassé.json").write_text("{not json", encoding="utf-8")
    summary = ingest_uploads(app, UISettings(), sorted(folder.iterdir()), "fr")
    panel = summary_html(summary, "fr")
    assert "<code>titre_seul.md</code>: aucun texte après la ligne de titre" in panel
    assert "<code>cassé.json</code>: JSON invalide : " in panel
    assert "no body text" not in panel
    assert "invalid JSON" not in panel
