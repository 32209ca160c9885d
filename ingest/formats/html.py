"""HTML pages through trafilatura: title, date, author, main text and canonical URL."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.html
from lxml.etree import ParserError
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from ingest.formats.common import (
    LoadError,
    RawInput,
    Reject,
    is_web_url,
    normalise_lang,
    title_from_text,
)
from ingest.formats.dates import normalise_date
from ingest.formats.decoding import decode, html_charset, strip_bom
from rag.types import Article

# Open Graph / schema.org times carry the hour and zone that trafilatura's day-date drops.
_PUBLISHED = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@property="og:article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre")


def html_articles(raw: RawInput) -> Iterator[Article | LoadError]:
    """The main article of a page; its id is the canonical URL, else the path or URL given."""
    data, base = strip_bom(raw.data)
    try:
        yield _page_article(decode(data, base, raw.charset or html_charset(data)), raw)
    except Reject as exc:
        yield LoadError(raw.name, str(exc))


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's content): one line per block, spaces folded."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return " ".join(markup.split())
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _page_article(html: str, raw: RawInput) -> Article:
    tree = load_html(html)
    if tree is None:
        raise Reject("not an HTML page")
    published = next((str(v) for path in _PUBLISHED for v in tree.xpath(path)), None)
    lang = normalise_lang(tree.get("lang"))
    # No `url=`: trafilatura would echo it back as the page's URL, hiding whether the page
    # names a canonical one.
    page = bare_extraction(tree, with_metadata=True, include_comments=False, include_tables=True)
    if page is None or isinstance(page, dict) or not (page.text or "").strip():
        raise Reject("no article text found in the page")
    text = (page.text or "").strip()
    title = (page.title or "").strip()
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()) == " ".join(title.split()) and rest.strip():
        text = rest.strip()  # trafilatura keeps the <h1> headline as the first line
    url = page.url if is_web_url(page.url) else None
    home = url or raw.base_url
    day = normalise_date(page.date) if page.date else None
    exact = normalise_date(published) if published else None
    if exact and (day is None or exact.startswith(day)):
        day = exact
    return Article(
        id=url or raw.ident,
        title=title or title_from_text(text),
        text=text,
        date=day,
        source=(page.sitename or "").strip() or (urlsplit(home).hostname if home else None),
        url=url,
        lang=lang or normalise_lang(page.language),
        author=(page.author or "").strip() or None,
    )
