"""`newsrag ingest https://...`: feeds and pages fetched from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ingest.loaders import LoadError
from ingest.pipeline import ingest_paths
from rag.app import Newsrag
from rag.embeddings import Embedder
from rag.settings import Settings
from tests.helpers.loading import load
from tests.helpers.network import free_port
from tests.helpers.paths import FIXTURES
from ui.cli import cli

PAGE_URL = "https://www.journal-est.example/2024/03/05/besancon-tramway"
FLOOD_URL = "https://www.journal-est.example/2024/03/06/crue-doubs"


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    chunks: int = 0  # > 0: send `body` this many times, chunked, without a Content-Length
    hang: bool = False  # wait for the test to end before answering


@dataclass
class Site:
    """A local HTTP server and the routes it serves (tests edit them between fetches)."""

    base: str
    routes: dict[str, Route]
    release: threading.Event

    def url(self, path: str) -> str:
        """The absolute URL of `path` on this server."""
        return f"{self.base}{path}"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            route = site.routes.get(self.path)
            if route is None:
                route = Route(b"<html><body>Not found</body></html>", status=404)
            if route.hang:
                site.release.wait(10)
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.chunks:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for _ in range(route.chunks):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(route.body), route.body))
                self.wfile.write(b"0\r\n\r\n")
                return
            if "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """The client hanging up on an oversized body is expected, not worth a traceback."""


@pytest.fixture
def site() -> Iterator[Site]:
    """A ThreadingHTTPServer on 127.0.0.1 serving the fixture page and feed."""
    port = free_port()
    page = (FIXTURES / "page.html").read_bytes()
    feed = (FIXTURES / "feed.rss").read_bytes()
    state = Site(f"http://127.0.0.1:{port}", {}, threading.Event())
    state.routes.update(
        {
            "/page": Route(page),
            "/feed": Route(feed, "application/rss+xml"),
            "/feed-as-html": Route(feed, "text/html"),
            "/moved": Route(status=301, headers={"Location": "/plain"}),
            "/plain": Route(
                b"<html><body><p>Une page sans lien canonique, servie en local.</p></body></html>"
            ),
            "/latin1": Route(
                "<html><body><p>Un été très chaud à Besançon.</p></body></html>".encode("cp1252"),
                "text/html; charset=iso-8859-1",
            ),
            "/image": Route(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
            "/slow": Route(hang=True),
            "/big": Route(b"<html>" + b"x" * 5000 + b"</html>"),
            "/big-stream": Route(b"<p>" + b"y" * 1000 + b"</p>", chunks=10),
            "/lying": Route(b"<html></html>", headers={"Content-Length": "999999999"}),
        }
    )
    server = _QuietServer(("127.0.0.1", port), _handler(state))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_fetched_page_is_identified_by_its_canonical_url(site: Site) -> None:
    [loaded], errors = load(site.url("/page"))

    assert errors == []
    assert loaded.article.id == PAGE_URL
    assert loaded.article.author == "Claire Dupont"
    assert loaded.article.date == "2024-03-05T10:30:00+01:00"
    assert (loaded.file, loaded.origin) == (site.url("/page"), site.url("/page"))


def test_a_fetched_feed_gives_one_article_per_entry(site: Site) -> None:
    articles, errors = load(site.url("/feed"))

    assert errors == []
    assert [a.article.id for a in articles] == [
        FLOOD_URL,
        f"{site.url('/feed')}#je-2024-0306-2",
    ]


def test_a_feed_served_as_html_is_recognised_by_its_content(site: Site) -> None:
    articles, errors = load(site.url("/feed-as-html"))

    assert errors == []
    assert len(articles) == 2


def test_a_redirected_page_without_canonical_link_keeps_the_url_given_as_id(site: Site) -> None:
    [loaded], errors = load(site.url("/moved"))

    assert errors == []
    assert loaded.article.id == site.url("/moved")
    assert loaded.article.text == "Une page sans lien canonique, servie en local."


def test_the_http_charset_decodes_a_latin1_page(site: Site) -> None:
    [loaded], errors = load(site.url("/latin1"))

    assert errors == []
    assert loaded.article.text == "Un été très chaud à Besançon."


def test_relative_entry_links_resolve_against_the_feed_url(site: Site) -> None:
    feed = (FIXTURES / "feed.rss").read_bytes().replace(FLOOD_URL.encode(), b"/2024/crue")
    site.routes["/news/feed"] = Route(feed, "application/rss+xml")

    articles, errors = load(site.url("/news/feed"))

    assert errors == []
    assert articles[0].article.id == site.url("/2024/crue")


@pytest.mark.parametrize(
    ("path", "timeout", "reason"),
    [
        ("/missing", 30, "HTTP 404 Not Found"),
        ("/image", 30, "not a feed or an HTML page (content type 'image/png')"),
        ("/big", 30, "response is 5013 bytes, over the 4000-byte limit"),
        ("/big-stream", 30, "response is over the 4000-byte limit"),
        ("/lying", 30, "response is 999999999 bytes, over the 4000-byte limit"),
        ("/slow", 0.5, "timed out after 0.5 s"),
    ],
)
def test_a_url_that_cannot_be_ingested_is_an_error_naming_it(
    site: Site, path: str, timeout: float, reason: str
) -> None:
    url = site.url(path)

    articles, errors = load(url, max_file_bytes=4000, fetch_timeout_seconds=timeout)

    assert articles == []
    assert errors == [LoadError(url, reason)]


def test_an_unreachable_server_is_an_error_and_later_inputs_still_load(
    site: Site, tmp_path: Path
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/feed"
    (tmp_path / "a.txt").write_text("Titre\nTexte.\n", encoding="utf-8")

    articles, errors = load(dead, str(tmp_path), fetch_timeout_seconds=30)

    assert [a.article.id for a in articles] == ["a.txt"]
    [error] = errors
    assert error.path == dead
    assert error.error.startswith("cannot fetch: ")


def test_refetching_unchanged_urls_skips_them_and_a_corrected_page_is_updated(
    site: Site, tmp_path: Path, settings: Settings, fake_embedder: Embedder
) -> None:
    app = Newsrag(settings, embedder=fake_embedder)
    (tmp_path / "local.txt").write_text("Note locale\nUn texte local sur Dole.\n")
    inputs = [site.url("/page"), str(tmp_path), site.url("/feed")]

    first = ingest_paths(app, inputs)
    again = ingest_paths(app, inputs)
    page = site.routes["/page"]
    page.body = page.body.replace(b"230 millions", b"245 millions")
    corrected = ingest_paths(app, inputs, prune=True)

    assert (first.added, first.errors) == (4, [])
    assert (again.added, again.updated, again.skipped) == (0, 0, 4)
    assert (corrected.added, corrected.updated, corrected.deleted) == (0, 1, 0)
    assert corrected.skipped == 3
    hits = app.search("Combien a coûté le chantier du tramway de Besançon ?", k=3)
    assert any(h.article_id == PAGE_URL and "245 millions" in h.text for h in hits)
    stored = " ".join(c.text for c in app.store.iter_chunks())
    assert "230 millions" not in stored


def test_the_cli_ingests_urls_and_folders_in_one_call(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: object
) -> None:
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text("# Titre\nTexte local.\n", encoding="utf-8")
    args = ["ingest", site.url("/feed"), str(tmp_path / "news"), site.url("/missing"), "--json"]

    result = CliRunner().invoke(cli, args)

    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert report["added"] == 3
    assert report["errors"] == [{"path": site.url("/missing"), "error": "HTTP 404 Not Found"}]
