"""The chat page's CSS and the little JavaScript behind clickable `[n]` and the article view."""

from __future__ import annotations

CSS = """
a.newsrag-cite { font-weight: 600; text-decoration: none; cursor: pointer;
  color: var(--color-accent); }
.newsrag-refusal {
  border-left: 4px solid #d97706; background: rgba(217, 119, 6, 0.08);
  padding: 0.4em 0.8em; font-style: italic;
}
.newsrag-refusal ul { font-style: normal; margin: 0.3em 0 0 1em; }
.newsrag-turn-title { font-weight: 600; margin: 0 0 0.4em 0; }
.newsrag-card { border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 0.4em 0.6em; margin-bottom: 0.5em; }
.newsrag-card > summary { cursor: pointer; }
.newsrag-card.newsrag-active { outline: 2px solid var(--color-accent); }
.newsrag-passage { white-space: pre-wrap; margin: 0.4em 0; }
.newsrag-meta { opacity: 0.75; }
.newsrag-placeholder { opacity: 0.7; }
.newsrag-open { text-decoration: underline; cursor: pointer; background: none; border: none;
  padding: 0; color: var(--link-text-color, var(--color-accent)); text-align: left;
  font: inherit; font-weight: 600; }
.newsrag-article-text { white-space: pre-wrap; max-height: 28em; overflow-y: auto;
  border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 0.6em; }
.newsrag-index th { text-align: left; padding-right: 1em; }
mark { padding: 0 0.1em; }
"""

# A document-level listener: `[n]` links live in the Chatbot, their cards in the sources panel.
HEAD = """
<script>
(() => {
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#newsrag-card-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const card = document.getElementById(link.getAttribute("href").slice(1));
    if (!card) return;
    const section = card.closest(".newsrag-turn");
    document.querySelectorAll(".newsrag-turn").forEach((s) => { s.hidden = s !== section; });
    document.querySelectorAll(".newsrag-card.newsrag-active")
      .forEach((c) => c.classList.remove("newsrag-active"));
    card.open = true;
    card.classList.add("newsrag-active");
    card.scrollIntoView({ block: "nearest" });
  }, true);
})();
</script>
"""

# On the sources panel: "Open the article" asks the server for the article view.
SOURCES_JS = """
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

# On the article view: bring the cited span into view whenever an article is shown.
ARTICLE_JS = """
watch("value", () => {
  const cited = element.querySelector("mark.newsrag-cited");
  if (cited) cited.scrollIntoView({ block: "center" });
});
"""
