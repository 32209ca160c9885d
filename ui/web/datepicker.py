"""A small calendar beside the "From"/"To" date fields: month and day names in the page's
language, opening on the index's last article date, usable with the keyboard (arrows,
Page Up/Down, Home/End, Enter, Escape). Typing the date stays possible."""

from __future__ import annotations

import html
from datetime import date

from rag.filters import stored_day
from ui.web.i18n import Lang, label


def picker_html(last_date: str | None, lang: Lang) -> str:
    """The calendar's settings for the page's script: language, the day it opens on (the
    index's last article date, else today) and its button labels."""
    opens = stored_day(last_date) or date.today()
    values = {
        "lang": lang,
        "opens": opens.isoformat(),
        "format": "dmy" if lang == "fr" else "iso",
        "open-label": label(lang, "picker_open"),
        "prev-label": label(lang, "picker_prev"),
        "next-label": label(lang, "picker_next"),
        "dialog-label": label(lang, "picker_dialog"),
    }
    attributes = " ".join(f'data-{key}="{html.escape(value)}"' for key, value in values.items())
    return f'<div class="newsrag-picker-config" hidden {attributes}></div>'


PICKER_CSS = """
.newsrag-picker-holder { position: relative; }
.newsrag-picker-toggle { position: absolute; right: 6px; top: 50%; transform: translateY(-50%);
  z-index: 5; width: 32px; height: 32px;
  padding: 0; display: flex; align-items: center; justify-content: center;
  border-radius: 6px; cursor: pointer;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-primary);
  color: var(--body-text-color); }
#since input, #until input { padding-right: 48px !important; }
.newsrag-picker { position: absolute; z-index: 1000; padding: 0.5em; border-radius: 8px;
  background: var(--background-fill-primary); color: var(--body-text-color);
  border: 1px solid var(--border-color-primary); box-shadow: 0 6px 20px rgba(0, 0, 0, 0.3); }
.newsrag-picker-head { display: flex; align-items: center; justify-content: space-between;
  gap: 0.5em; margin-bottom: 0.3em; }
.newsrag-picker-title { font-weight: 600; text-transform: capitalize; }
.newsrag-picker button { min-width: 32px; min-height: 32px; cursor: pointer; font: inherit;
  border: 1px solid transparent; border-radius: 6px; background: transparent;
  color: var(--body-text-color); }
.newsrag-picker-head button { border-color: var(--border-color-primary); }
.newsrag-picker table { border-collapse: collapse; }
.newsrag-picker th { font-size: 0.8rem; font-weight: 600; padding: 0.2em; }
.newsrag-picker td button:hover, .newsrag-picker td button:focus-visible {
  border-color: var(--newsrag-link); }
.newsrag-picker td[aria-selected="true"] button { background: var(--newsrag-link);
  color: var(--background-fill-primary); }
.newsrag-picker td button.newsrag-picker-last { font-weight: 800; text-decoration: underline; }
"""

# Document-level: the fields are Gradio's, re-rendered at will, so the toggles are (re)added
# whenever they are missing; the settings come from `picker_html` in the page.
PICKER_HEAD = """
<script>
(() => {
  const ICON = '<svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" ' +
    'fill="none" stroke="currentColor" stroke-width="2"><rect x="3" y="5" width="18" ' +
    'height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/></svg>';
  const settings = () => {
    const node = document.querySelector(".newsrag-picker-config");
    return node ? node.dataset : null;
  };
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-` +
    String(d.getDate()).padStart(2, "0");
  const fromIso = (text) => {
    const m = /^(\\d{4})-(\\d{1,2})-(\\d{1,2})$/.exec(text || "");
    return m ? new Date(+m[1], +m[2] - 1, +m[3]) : null;
  };
  const typed = (text) => {
    const t = (text || "").trim();
    const m = /^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})$/.exec(t);
    const d = m ? new Date(+m[3], +m[2] - 1, +m[1]) : fromIso(t.slice(0, 10));
    return d && !isNaN(d) ? d : null;
  };
  const shown = (d, format) => format === "dmy"
    ? `${String(d.getDate()).padStart(2, "0")}/${String(d.getMonth() + 1).padStart(2, "0")}/` +
      d.getFullYear()
    : iso(d);
  let open = null;  // {popup, toggle, input, focus: Date}
  const close = (refocus) => {
    if (!open) return;
    const { popup, toggle } = open;
    open = null;
    popup.remove();
    toggle.setAttribute("aria-expanded", "false");
    if (refocus) toggle.focus();
  };
  const choose = (day) => {
    const { input, format, toggle } = open;
    close(false);
    input.value = shown(day, format);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.focus();
    toggle.focus();  // leaving the field checks it, as typing does
  };
  const render = () => {
    const { popup, focus, input, cfg } = open;
    const lang = cfg.lang;
    const first = new Date(focus.getFullYear(), focus.getMonth(), 1);
    const weekStart = lang === "fr" ? 1 : 0;
    const title = new Intl.DateTimeFormat(lang, { month: "long", year: "numeric" }).format(first);
    const long = new Intl.DateTimeFormat(lang, { dateStyle: "full" });
    const short = new Intl.DateTimeFormat(lang, { weekday: "short" });
    const chosen = typed(input.value);
    const last = cfg.opens;
    let head = popup.querySelector(".newsrag-picker-head");
    if (!head) {  // kept across months, so that ‹ and › keep the focus
      head = document.createElement("div");
      head.className = "newsrag-picker-head";
      const button = (text, name, step) => {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = text;
        b.setAttribute("aria-label", name);
        b.addEventListener("click", () => { move(0, step); });
        return b;
      };
      const heading = document.createElement("span");
      heading.className = "newsrag-picker-title";
      heading.setAttribute("aria-live", "polite");
      heading.id = "newsrag-picker-title";
      head.append(button("‹", cfg.prevLabel, -1), heading, button("›", cfg.nextLabel, 1));
      popup.append(head);
    }
    const heading = head.querySelector(".newsrag-picker-title");
    heading.textContent = title;
    const old = popup.querySelector("table");
    const table = document.createElement("table");
    table.setAttribute("role", "grid");
    table.setAttribute("aria-labelledby", heading.id);
    const row = table.createTHead().insertRow();
    for (let i = 0; i < 7; i++) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = short.format(new Date(2024, 0, 7 + weekStart + i));  // 7 Jan 2024: Sunday
      row.append(th);
    }
    const body = table.createTBody();
    const offset = (first.getDay() - weekStart + 7) % 7;
    const days = new Date(focus.getFullYear(), focus.getMonth() + 1, 0).getDate();
    let week = body.insertRow();
    for (let i = 0; i < offset; i++) week.insertCell();
    for (let n = 1; n <= days; n++) {
      if (week.cells.length === 7) week = body.insertRow();
      const day = new Date(focus.getFullYear(), focus.getMonth(), n);
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = String(n);
      b.dataset.day = iso(day);
      b.setAttribute("aria-label", long.format(day));
      b.tabIndex = n === focus.getDate() ? 0 : -1;
      if (iso(day) === last) b.classList.add("newsrag-picker-last");
      b.addEventListener("click", () => choose(day));
      const cell = week.insertCell();  // a gridcell: it carries the selection
      cell.setAttribute("aria-selected", chosen && iso(chosen) === iso(day) ? "true" : "false");
      cell.append(b);
    }
    if (old) old.replaceWith(table);
    else popup.append(table);
  };
  const move = (days, months) => {
    const f = open.focus;
    let next = new Date(f.getFullYear(), f.getMonth(), f.getDate() + days);
    if (months) {
      const end = new Date(f.getFullYear(), f.getMonth() + months + 1, 0).getDate();
      next = new Date(f.getFullYear(), f.getMonth() + months, Math.min(f.getDate(), end));
    }
    open.focus = next;
    render();
    if (days) open.popup.querySelector(`[data-day="${iso(next)}"]`).focus();
  };
  const keys = (event) => {
    if (!open) return;
    const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    const week = (open.focus.getDay() - (open.cfg.lang === "fr" ? 1 : 0) + 7) % 7;
    if (event.key === "Escape") close(true);
    else if (event.key in steps) move(steps[event.key], 0);
    else if (event.key === "Home") move(-week, 0);
    else if (event.key === "End") move(6 - week, 0);
    else if (event.key === "PageUp" || event.key === "PageDown") {
      move(0, event.key === "PageUp" ? -1 : 1);
      open.popup.querySelector(`[data-day="${iso(open.focus)}"]`).focus();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };
  const show = (toggle, input) => {
    const cfg = settings();
    if (!cfg) return;
    close(false);
    const popup = document.createElement("div");
    popup.className = "newsrag-picker";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", `${cfg.dialogLabel} ${toggle.dataset.name}`);
    popup.addEventListener("keydown", keys);
    popup.addEventListener("focusout", () => {  // Tab out of the calendar closes it
      setTimeout(() => {
        if (open && open.popup === popup && !popup.contains(document.activeElement)) close(false);
      }, 0);
    });
    popup.addEventListener("mousedown", (event) => {  // a click on the calendar keeps focus
      if (!event.target.closest("button")) event.preventDefault();
    });
    const focus = typed(input.value) || fromIso(cfg.opens) || new Date();
    open = { popup, toggle, input, focus, cfg, format: cfg.format };
    render();
    document.body.append(popup);
    const box = input.getBoundingClientRect();
    popup.style.left = `${Math.max(4, box.left + window.scrollX)}px`;
    popup.style.top = `${box.bottom + window.scrollY + 4}px`;
    toggle.setAttribute("aria-expanded", "true");
    popup.querySelector('td button[tabindex="0"]').focus();
  };
  document.addEventListener("click", (event) => {
    const toggle = event.target.closest && event.target.closest(".newsrag-picker-toggle");
    if (toggle) {
      const input = toggle.parentElement.querySelector("input");
      if (open && open.toggle === toggle) close(true);
      else if (input) show(toggle, input);
      return;
    }
    if (open && !open.popup.contains(event.target)) close(false);
  });
  const attach = () => {
    const cfg = settings();
    if (!cfg) return;
    for (const id of ["since", "until"]) {
      const block = document.getElementById(id);
      const input = block && block.querySelector("input");
      if (!input) continue;
      let toggle = block.querySelector(".newsrag-picker-toggle");
      if (!toggle) {
        toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "newsrag-picker-toggle";
        toggle.innerHTML = ICON;
        toggle.setAttribute("aria-haspopup", "dialog");
        toggle.setAttribute("aria-expanded", "false");
        input.parentElement.classList.add("newsrag-picker-holder");  // centred on the input
        input.parentElement.append(toggle);
      }
      const name = block.querySelector("[data-testid=block-info]");
      toggle.dataset.name = name ? name.textContent.trim() : id;
      const text = `${cfg.openLabel} (${toggle.dataset.name})`;
      if (toggle.getAttribute("aria-label") !== text) toggle.setAttribute("aria-label", text);
    }
  };
  new MutationObserver(attach).observe(document.documentElement, {
    childList: true, subtree: true,
  });
})();
</script>
"""
