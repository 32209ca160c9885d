"""HTML pages and RSS/Atom feeds, and ids that survive corrections (CSV: test_csv.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import LoadError
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.loading import copy_fixture, load
from tests.helpers.paths import FIXTURES

PAGE_URL = "https://www.journal-est.example/2024/03/05/besancon-tramway"
FLOOD_URL = "https://www.journal-est.example/2024/03/06/crue-doubs"


# HTML


def test_an_html_page_gives_title_author_zoned_date_main_text_and_its_canonical_url_as_id(
    tmp_path: Path,
) -> None:
    copy_fixture("page.html", tmp_path / "pages")

    [loaded], errors = load(tmp_path)

    assert errors == []
    article = loaded.article
    assert (article.id, article.url) == (PAGE_URL, PAGE_URL)
    assert article.title == "Besançon : la ville inaugure son nouveau tramway"
    assert article.author == "Claire Dupont"
    assert article.date == "2024-03-05T10:30:00+01:00"
    assert (article.source, article.lang) == ("Le Journal de l'Est", "fr")
    assert article.text.startswith("La municipalité de Besançon a inauguré mardi")
    assert "230 millions d'euros" in article.text
    for boilerplate in ("Accueil", "Mentions légales", "Sport"):
        assert boilerplate not in article.text


def test_a_page_without_canonical_link_is_identified_by_its_relative_path(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus" / "pages"
    folder.mkdir(parents=True)
    (folder / "note.htm").write_text(
        '<html lang="en-GB"><head><title>Council meeting</title>'
        '<meta name="date" content="2024-02-01"></head><body><article>'
        "<p>The council approved the budget for the new library on Thursday evening.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )

    [loaded], errors = load(tmp_path / "corpus")

    assert errors == []
    assert loaded.article.id == "pages/note.htm"
    assert (loaded.article.url, loaded.article.date, loaded.article.lang) == (
        None,
        "2024-02-01",
        "en",
    )
    assert loaded.article.text == (
        "The council approved the budget for the new library on Thursday evening."
    )


def test_a_page_without_text_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>Rien</title></head><body></body></html>")

    assert load(path) == ([], [LoadError(str(path), "no article text found in the page")])


# Feeds


def test_an_rss_feed_gives_one_article_per_entry_with_link_or_feed_path_ids(
    tmp_path: Path,
) -> None:
    copy_fixture("feed.rss", tmp_path / "feeds")

    articles, errors = load(tmp_path)

    assert errors == []
    flood, market = (a.article for a in articles)
    assert (flood.id, flood.url) == (FLOOD_URL, FLOOD_URL)
    assert flood.title == "Crue du Doubs : les quais fermés à Besançon"
    assert flood.date == "2024-03-06T08:15:00+01:00"
    assert flood.author == "Marc Vernier"
    assert flood.source == "Le Journal de l'Est — Régions"
    assert flood.lang == "fr"
    # content:encoded is preferred to the description, and its paragraphs are kept apart.
    assert flood.text.split("\n") == [
        "Le Doubs est sorti de son lit mercredi matin après trois jours de pluies continues"
        " sur le massif du Jura.",
        "La préfecture a fermé les quais Vauban et Veil-Picard jusqu'à nouvel ordre ;"
        " la décrue est attendue vendredi.",
    ]
    assert (market.id, market.url) == ("feeds/feed.rss#je-2024-0306-2", None)
    assert market.date == "2024-03-06T09:00:00+00:00"
    assert market.text.startswith("Le marché hebdomadaire de Pontarlier s'installera")


def test_an_atom_feed_entry_takes_its_content_link_and_updated_date(tmp_path: Path) -> None:
    copy_fixture("feed.atom", tmp_path)

    [loaded], errors = load(tmp_path / "feed.atom")

    assert errors == []
    article = loaded.article
    assert article.id == "https://actu-fc.example/2024/03/07/lynx-mouthe"
    assert article.date == "2024-03-07T12:00:00+02:00"
    assert (article.author, article.source, article.lang) == (
        "Zoé Martin",
        "Actu Franche-Comté",
        "fr",
    )
    assert article.text.startswith("Un lynx boréal a été photographié lundi")
    assert "femelle adulte" in article.text


def test_an_xml_file_is_read_as_a_feed_and_other_xml_is_reported(tmp_path: Path) -> None:
    copy_fixture("feed.atom", tmp_path, as_name="actu.xml")
    other = tmp_path / "sitemap.xml"
    other.write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')

    articles, errors = load(tmp_path)

    assert [a.article.title for a in articles] == ["Le lynx observé près de Mouthe"]
    assert errors == [LoadError(str(other), "not an RSS or Atom feed")]


def test_a_feed_that_is_not_xml_is_reported_with_the_parser_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("Ceci n'est pas un flux RSS.\n", encoding="utf-8")

    [], [error] = load(path)

    assert error.path == str(path)
    assert error.error.startswith("not an RSS or Atom feed (not XML: ")


def test_a_feed_entry_without_text_is_reported_by_index_and_the_others_load(
    tmp_path: Path,
) -> None:
    text = (FIXTURES / "feed.rss").read_text(encoding="utf-8")
    empty_entry = "<item><title>Vide</title><guid>je-vide</guid></item>"
    path = tmp_path / "feed.rss"
    path.write_text(text.replace("<item>", empty_entry + "<item>", 1), encoding="utf-8")

    articles, errors = load(path)

    assert len(articles) == 2
    assert errors == [LoadError(f"{path}:[0]", "entry has no content or summary")]


# Identity: a corrected page or entry keeps its id and replaces its chunks.


@pytest.fixture
def app(settings: Settings, fake_embedder: Embedder) -> Newsrag:
    """An empty newsrag with the fake embedder: these tests check what is indexed."""
    return Newsrag(settings, embedder=fake_embedder)


def texts(app: Newsrag) -> str:
    """Every stored chunk's text, joined."""
    return " ".join(chunk.text for chunk in app.store.iter_chunks())


@pytest.mark.parametrize(
    ("fixture", "old", "new", "article_id"),
    [
        ("page.html", "230 millions", "245 millions", PAGE_URL),
        ("feed.rss", "Vauban et Veil-Picard", "Vauban et Battant", FLOOD_URL),
    ],
)
def test_a_corrected_page_or_feed_entry_is_updated_in_place(
    app: Newsrag, tmp_path: Path, fixture: str, old: str, new: str, article_id: str
) -> None:
    folder = tmp_path / "news"
    path = copy_fixture(fixture, folder)
    first = ingest_paths(app, [folder])
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    second = ingest_paths(app, [folder], prune=True)

    assert first.added >= 1
    assert (second.added, second.updated, second.deleted) == (0, 1, 0)
    assert second.skipped == first.added - 1
    assert new in texts(app)
    assert old not in texts(app)
    [hit] = app.search(new, k=1)
    assert hit.article_id == article_id
    assert new in hit.text


def test_the_language_is_detected_when_the_source_does_not_give_it(
    app: Newsrag, tmp_path: Path
) -> None:
    (tmp_path / "council.html").write_text(
        "<html><body><p>The city council approved the budget for the new library on Thursday"
        " evening, after a long debate with the opposition.</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "rows.csv").write_text(
        "id,text\nfr-1,Le conseil municipal a voté le budget de la nouvelle médiathèque.\n",
        encoding="utf-8",
    )

    report = ingest_paths(app, [tmp_path])

    assert (report.added, report.errors) == (2, [])
    langs = {chunk.article_id: chunk.lang for chunk in app.store.iter_chunks()}
    assert langs == {"council.html": "en", "fr-1": "fr"}
