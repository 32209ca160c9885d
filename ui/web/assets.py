"""The chat page's CSS and the little JavaScript behind `[n]` links, Copy, filter chips and
the article view."""

from __future__ import annotations

# Colours are chosen for WCAG AA (4.5:1 for text) on Gradio's light and dark backgrounds.
CSS = """
:root, .light { --newsrag-link: #1d4ed8; --newsrag-muted: #374151; --newsrag-mark-bg: #fde68a;
  --newsrag-mark-fg: #111827; --newsrag-chip-bg: #e0e7ff; --newsrag-chip-fg: #1e3a8a;
  --newsrag-amber: #b45309; --newsrag-tip-bg: #ffffff; --newsrag-tip-fg: #111827;
  --newsrag-placeholder: #6b7280; }
.dark { --newsrag-link: #93c5fd; --newsrag-muted: #e5e7eb; --newsrag-mark-bg: #fde047;
  --newsrag-mark-fg: #111827; --newsrag-chip-bg: #1e3a8a; --newsrag-chip-fg: #e0e7ff;
  --newsrag-amber: #f59e0b; --newsrag-tip-bg: #1f2937; --newsrag-tip-fg: #f9fafb;
  --newsrag-placeholder: #a1a1aa; }
.newsrag-cite-wrap { position: relative; display: inline-block; }
.newsrag-cite-label, .newsrag-copy-text, .newsrag-copy-done { display: none; }
a.newsrag-cite { font-weight: 700; cursor: pointer; color: var(--newsrag-link) !important;
  text-decoration: underline; display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; text-align: center; }
.newsrag-preview { display: none; position: absolute; z-index: 60; left: 0; top: 1.7em;
  width: min(24rem, 75vw); padding: 0.5em 0.7em; border-radius: 6px; font-weight: normal;
  background: var(--newsrag-tip-bg); color: var(--newsrag-tip-fg); text-align: left;
  border: 1px solid var(--border-color-primary); box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25); }
.newsrag-preview > span, .newsrag-preview > strong { display: block; }
.newsrag-cite-wrap:hover .newsrag-preview,
.newsrag-cite-wrap:focus-within .newsrag-preview { display: block; }
#chat .message, #chat .message-content, #chat .bubble-wrap { overflow: visible; }
.newsrag-answer p { margin: 0 0 0.4em 0; }
.newsrag-understood, .newsrag-cited-dates { color: var(--newsrag-muted); font-size: 0.9em; }
.newsrag-answer-footer { display: flex; gap: 0.8em; align-items: center; flex-wrap: wrap; }
.newsrag-copy, .newsrag-back, .newsrag-chip-remove { min-height: 24px; min-width: 24px;
  cursor: pointer; border: 1px solid var(--border-color-primary); border-radius: 6px;
  background: var(--background-fill-primary); color: var(--body-text-color); padding: 0 0.5em; }
.newsrag-refusal { border-left: 4px solid var(--newsrag-amber);
  background: rgba(217, 119, 6, 0.08); padding: 0.4em 0.8em; font-style: italic; }
.newsrag-refusal ul { font-style: normal; margin: 0.3em 0 0 1em; }
.newsrag-turn-title { font-weight: 600; margin: 0 0 0.4em 0; }
.newsrag-card { border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 0.4em 0.6em; margin-bottom: 0.5em; }
.newsrag-card > summary { cursor: pointer; min-height: 24px; }
.newsrag-card.newsrag-active { outline: 2px solid var(--newsrag-link); }
.newsrag-quote { border-top: 1px dashed var(--border-color-primary); padding-top: 0.3em; }
.newsrag-quote:first-of-type { border-top: none; }
.newsrag-passage { white-space: pre-wrap; margin: 0.4em 0; overflow-wrap: anywhere; }
.newsrag-meta, .newsrag-placeholder, .newsrag-welcome { color: var(--newsrag-muted); }
.newsrag-link { overflow-wrap: anywhere; }
.newsrag-link a { color: var(--newsrag-link); }
.newsrag-open { text-decoration: underline; cursor: pointer; background: none; border: none;
  padding: 0; color: var(--newsrag-link); text-align: left; font: inherit; font-weight: 600;
  min-height: 24px; }
.newsrag-article-text { white-space: pre-wrap; max-height: 28em; overflow-y: auto;
  overflow-wrap: anywhere; border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 0.6em; }
.newsrag-index th { text-align: left; padding-right: 1em; }
mark { padding: 0 0.1em; background: var(--newsrag-mark-bg); color: var(--newsrag-mark-fg); }
mark strong.newsrag-answer-span { font-weight: 800; color: inherit; }
.newsrag-chips { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em; }
.newsrag-chips ul { display: flex; flex-wrap: wrap; gap: 0.4em; margin: 0; padding: 0;
  list-style: none; }
.newsrag-chips-title { font-weight: 600; }
.newsrag-chip { background: var(--newsrag-chip-bg); color: var(--newsrag-chip-fg);
  border-radius: 999px; padding: 0.1em 0.3em 0.1em 0.7em; display: inline-flex;
  align-items: center; gap: 0.3em; }
.newsrag-chip-remove { border-radius: 999px; background: transparent; color: inherit; }
.newsrag-field-error { color: #b91c1c; font-weight: 600; margin: 0; }
.dark .newsrag-field-error { color: #fca5a5; }
.newsrag-examples-title { font-weight: 600; margin: 0 0 0.3em 0; }
.newsrag-examples ul { list-style: none; margin: 0; padding: 0; display: flex;
  flex-direction: column; gap: 0.4em; }
.newsrag-example { text-align: left; min-height: 32px; width: 100%; cursor: pointer;
  padding: 0.3em 0.7em; border-radius: 8px; border: 1px solid var(--border-color-primary);
  background: var(--background-fill-secondary); color: var(--body-text-color); font: inherit; }
.newsrag-example:hover, .newsrag-example:focus-visible { border-color: var(--newsrag-link); }
.newsrag-preview { font-size: 0.85rem; line-height: 1.35; }
.newsrag-preview-title { font-size: 0.9rem; }
.newsrag-copy, .newsrag-back { font-size: 0.85rem; font-weight: normal; }
[data-testid="block-info"], .gradio-container .info-text, #passages .min_value,
#passages .max_value, #passages .border-none { color: var(--newsrag-muted) !important;
  opacity: 1 !important; }
footer .show-api, footer .settings, footer button, footer a {
  color: var(--newsrag-muted) !important; opacity: 1 !important; }
#source-filter input { color: var(--body-text-color) !important; }
.gradio-container input::placeholder, .gradio-container textarea::placeholder {
  color: var(--newsrag-placeholder) !important; opacity: 1 !important; }
#ask, #ask:hover { background: #c2410c !important; color: #ffffff !important; }
@media (max-width: 640px) {
  #chat { height: auto !important; max-height: 70vh; }
  .newsrag-preview { display: none !important; }  /* a tap opens the card itself */
  button, a.newsrag-cite, .newsrag-open { min-height: 24px; }
}
"""

# A document-level script: `[n]` links live in the Chatbot, their cards in the sources panel.
HEAD = """
<script>
(() => {
  let lastCite = null;
  const scrollParent = (node) => {
    for (let p = node.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll)/.test(style.overflowY) && p.scrollHeight > p.clientHeight) return p;
    }
    return null;
  };
  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!target.closest) return;
    const link = target.closest('a[href^="#newsrag-card-"]');
    if (link) {
      event.preventDefault();
      event.stopPropagation();
      const spot = document.getElementById(link.getAttribute("href").slice(1));
      if (!spot) return;
      const card = spot.closest(".newsrag-card") || spot;
      const section = card.closest(".newsrag-turn");
      document.querySelectorAll(".newsrag-turn").forEach((s) => { s.hidden = s !== section; });
      document.querySelectorAll(".newsrag-card.newsrag-active")
        .forEach((c) => c.classList.remove("newsrag-active"));
      card.open = true;
      card.classList.add("newsrag-active");
      lastCite = link;
      const narrow = window.matchMedia("(max-width: 640px)").matches;
      spot.scrollIntoView({ block: narrow ? "start" : "nearest" });
      return;
    }
    if (target.closest(".gr-accordion > button.label-wrap")) {
      setTimeout(expanded, 50);
      return;
    }
    const back = target.closest(".newsrag-back");
    if (back) {
      if (lastCite && lastCite.isConnected) {
        lastCite.scrollIntoView({ block: "center" });
        lastCite.focus();
      } else {
        const chat = document.getElementById("chat");
        if (chat) chat.scrollIntoView({ block: "start" });
      }
      return;
    }
    const copy = target.closest(".newsrag-copy");
    if (copy) {
      event.preventDefault();
      event.stopPropagation();
      const hidden = (name) => {
        const node = copy.parentElement && copy.parentElement.querySelector(name);
        return node ? node.textContent : "";
      };
      const text = hidden(".newsrag-copy-text");
      const done = () => { copy.textContent = hidden(".newsrag-copy-done") || copy.textContent; };
      const fallback = () => {
        const area = document.createElement("textarea");
        area.value = text;
        document.body.appendChild(area);
        area.select();
        document.execCommand("copy");
        area.remove();
        done();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    }
  }, true);
  // Gradio's sanitizer drops aria-* from messages, and labels each message with its HTML.
  const label = () => {
    document.querySelectorAll("#chat a.newsrag-cite:not([aria-label])").forEach((a) => {
      const name = a.parentElement.querySelector(".newsrag-cite-label");
      const tip = a.parentElement.querySelector(".newsrag-preview");
      if (name) a.setAttribute("aria-label", name.textContent);
      if (tip && tip.id) a.setAttribute("aria-describedby", tip.id);
    });
    document.querySelectorAll('#chat [data-testid="bot"][aria-label*="<"]').forEach((m) => {
      const content = m.querySelector(".message-content");
      if (!content) return;
      const copy = content.querySelector(".newsrag-copy-text");
      m.setAttribute("aria-label", copy ? copy.textContent : content.innerText);
    });
  };
  // Gradio's accordions do not say whether they are open.
  const expanded = () => {
    document.querySelectorAll(".gr-accordion > button.label-wrap").forEach((button) => {
      const content = button.nextElementSibling;
      const open = !!content && content.style.display !== "none";
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  };
  // A new question scrolls the chat so that it and the start of its answer are in view; the
  // chat keeps it there while the answer grows, until the reader scrolls.
  let asked = 0;
  let pinned = null;
  ["wheel", "touchmove", "keydown"].forEach((kind) =>
    document.addEventListener(kind, () => { pinned = null; }, { passive: true }));
  const follow = () => {
    label();
    expanded();
    const questions = document.querySelectorAll("#chat .message-row.user-row");
    if (questions.length > asked) pinned = questions[questions.length - 1];
    asked = questions.length;
    if (!pinned || !pinned.isConnected) return;
    const box = scrollParent(pinned);
    if (!box) return;
    const offset = pinned.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    if (Math.abs(offset) > 1) box.scrollTop += offset;
  };
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; follow(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
</script>
"""

# On the sources panel: a live region; "Open the article" asks the server for the article.
SOURCES_JS = """
element.setAttribute("aria-live", "polite");
element.setAttribute("role", "region");
element.setAttribute("aria-label", "Sources");
element.addEventListener("click", (event) => {
  const button = event.target.closest("[data-article]");
  if (!button) return;
  trigger("click", {
    article_id: button.dataset.article,
    start: Number(button.dataset.start),
    end: Number(button.dataset.end),
  });
});
"""

# On the filter chips: the x of a chip asks the server to clear that filter.
CHIPS_JS = """
element.addEventListener("click", (event) => {
  const button = event.target.closest("[data-filter]");
  if (!button) return;
  trigger("click", { filter: button.dataset.filter });
});
"""

# On the example questions: a click asks the question.
EXAMPLES_JS = """
element.addEventListener("click", (event) => {
  const button = event.target.closest("[data-question]");
  if (!button) return;
  trigger("click", { question: button.dataset.question });
});
"""

# On the article view: bring the cited span into view whenever an article is shown.
ARTICLE_JS = """
watch("value", () => {
  const cited = element.querySelector("mark.newsrag-cited");
  if (cited) cited.scrollIntoView({ block: "center" });
});
"""
