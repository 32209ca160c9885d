"""An answer as a chat message: escaped text, each `[n]` a link with a preview of its source,
how a follow-up was understood, the dates it cites, and a button that copies it as plain text.

Everything that comes from an article, an LLM or a user is escaped here, once.
"""

from __future__ import annotations

import html
import re

from rag.types import Answer, Citation
from ui.web.filters import show_day
from ui.web.i18n import Lang, label
from ui.web.state import Exchange

_MARKER = re.compile(r"\[(\d+)\]")
_PREVIEW_CHARS = 220


def card_id(turn: int, n: int) -> str:
    """The DOM id of the source card of `[n]` in the answer to question `turn` (0-based)."""
    return f"newsrag-card-{turn}-{n}"


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def when(citation_date: str | None, lang: Lang) -> str:
    """A citation's day in the page's language, or 'date unknown'."""
    return show_day(citation_date, lang) or label(lang, "date_unknown")


def preview(c: Citation, turn: int, lang: Lang) -> str:
    """The tooltip of `[n]`: title, date · source, the quoted sentence."""
    return (
        f'<span class="newsrag-preview" role="tooltip" id="newsrag-preview-{turn}-{c.n}">'
        f'<strong class="newsrag-preview-title">{html.escape(_cut(c.title or c.article_id, 120))}'
        "</strong>"
        f'<span class="newsrag-preview-meta">{html.escape(when(c.date, lang))} · '
        f"{html.escape(c.source or c.article_id)}</span>"
        f'<span class="newsrag-preview-quote">« {html.escape(_cut(c.quote, _PREVIEW_CHARS))} »'
        "</span></span>"
    )


def cite_link(c: Citation, turn: int, lang: Lang) -> str:
    """`[n]`: a link to its card, named for screen readers, with its preview beside it.
    Gradio's sanitizer drops `aria-*` and `data-*` from messages: the page's script names
    the link from the hidden `.newsrag-cite-label` beside it."""
    name = label(lang, "cite_aria", n=c.n, title=c.title or c.article_id)
    return (
        f'<span class="newsrag-cite-wrap"><a class="newsrag-cite" href="#{card_id(turn, c.n)}">'
        f'[{c.n}]</a><span class="newsrag-cite-label">{html.escape(name)}</span>'
        f"{preview(c, turn, lang)}</span>"
    )


def plain_answer(answer: Answer, lang: Lang) -> str:
    """The answer as plain text, `[n]` kept, then its numbered sources (what Copy copies)."""
    lines = [answer.text.strip()]
    if answer.citations:
        lines += ["", label(lang, "sources") + " :" if lang == "fr" else "Sources:"]
        for c in answer.citations:
            parts = [c.title or c.article_id, when(c.date, lang), c.source or "", c.url or ""]
            lines.append(f"[{c.n}] " + " — ".join(p for p in parts if p))
            lines.append(f"    « {' '.join(c.quote.split())} »")
    return "\n".join(lines)


def _understood(exchange: Exchange, lang: Lang) -> str:
    standalone = exchange.answer.standalone_question.strip()
    if not standalone or standalone.casefold() == exchange.question.strip().casefold():
        return ""
    text = label(lang, "understood", question=standalone)
    return f'<p class="newsrag-understood">{html.escape(text)}</p>'


def _dates(answer: Answer, lang: Lang) -> str:
    days = list(dict.fromkeys(show_day(c.date, lang) for c in answer.citations if c.date))
    if not days:
        return ""
    text = label(lang, "cited_dates", dates=", ".join(days))
    return f'<p class="newsrag-cited-dates">{html.escape(text)}</p>'


def _copy_button(answer: Answer, lang: Lang) -> str:
    # what Copy copies, and what it says then, hidden beside it (no data-* gets through)
    text = html.escape(plain_answer(answer, lang), quote=False)
    done = html.escape(label(lang, "copied"), quote=False)
    return (
        f'<button type="button" class="newsrag-copy">{html.escape(label(lang, "copy"))}</button>'
        f'<span class="newsrag-copy-text">{text}</span>'
        f'<span class="newsrag-copy-done">{done}</span>'
    )


def refusal_text(exchange: Exchange, lang: Lang) -> str:
    """Why nothing answers: the answer's own words, or, with filters on, how many articles
    the filters let through."""
    if exchange.searched is None:
        return exchange.answer.text
    return label(lang, "refusal_filtered", count=exchange.searched, filters=exchange.scope)


def answer_markup(exchange: Exchange, turn: int, lang: Lang = "en") -> str:
    """An answer as a chat message: escaped text, each cited `[n]` a link to its source card
    with a preview, a refusal in its own style; then the question as understood, the cited
    dates and a Copy button."""
    answer = exchange.answer
    if not answer.found and not answer.citations:
        body = html.escape(refusal_text(exchange, lang), quote=False).replace("\n", "<br>")
        return f'<div class="newsrag-refusal">{body}</div>{_understood(exchange, lang)}'
    by_n = {c.n: c for c in answer.citations}

    def link(match: re.Match[str]) -> str:
        cited = by_n.get(int(match[1]))
        return match[0] if cited is None else cite_link(cited, turn, lang)

    body = _MARKER.sub(link, html.escape(answer.text, quote=False)).replace("\n", "<br>")
    footer = _dates(answer, lang) + _copy_button(answer, lang)
    footer = f'<div class="newsrag-answer-footer">{footer}</div>'
    # a refusal that quotes what the articles say instead keeps its links, in refusal style
    style = "newsrag-answer" if answer.found else "newsrag-answer newsrag-refusal"
    return f'<div class="{style}">{_understood(exchange, lang)}<p>{body}</p>{footer}</div>'
