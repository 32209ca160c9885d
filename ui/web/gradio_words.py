"""Gradio's own words on the chat page ("Clear", "Drop File Here", "Error"...) in the page's
language. Gradio picks its words from the browser's language, not the page's: these
translations are given to it (`launch(i18n=...)`) under every locale Gradio knows, so that
whatever the browser's language, Gradio's words are those of the page."""

from __future__ import annotations

import html

import gradio as gr

from ui.web.i18n import Lang, label

# The locales of Gradio's own translations (gradio/templates/frontend, lang/*.json).
GRADIO_LOCALES = (
    "ar", "ca", "ckb", "de", "en", "es", "et", "eu", "fa", "fi", "fr", "he", "hi", "id", "ja",
    "ko", "lt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sv", "ta", "th", "tr", "uk", "ur",
    "uz", "zh-CN", "zh-TW",
)  # fmt: skip

# Gradio's keys (dotted: a flat key wins over Gradio's nested ones) of the words the page shows.
WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "common.clear": "Clear",
        "common.error": "Error",
        "common.loading": "Loading",
        "common.or": "or",
        "common.remove": "Remove",
        "common.settings": "Settings",
        "common.built_with": "built with",
        "common.built_with_gradio": "Built with Gradio",
        "common.download": "Download",
        "common.share": "Share",
        "common.undo": "Undo",
        "common.edit": "Edit",
        "common.empty": "Empty",
        "common.language": "Language",
        "common.display_theme": "Display Theme",
        "errors.use_via_api": "Use via API",
        "errors.use_via_api_or_mcp": "Use via API or MCP",
        "file.uploading": "Uploading...",
        "upload_text.click_to_upload": "Click to Upload",
        "upload_text.drop_file": "Drop File Here",
        "upload_text.paste_clipboard": "Paste from Clipboard",
        "chatbot.clear": "Clear",
        "chatbot.copy_message": "Copy message",
        "chatbot.copied_message": "Copied message",
        "chatbot.retry": "Retry",
        "chatbot.undo": "Undo",
        "chatbot.edit": "Edit",
        "chatbot.submit": "Submit",
        "chatbot.cancel": "Cancel",
        "chatbot.complete": "Complete",
        "blocks.lost_connection": "Lost connection due to leaving page. Rejoining queue...",
        "blocks.waiting_for_inputs": "Waiting for file(s) to finish uploading, please retry.",
        "status.queue_position": "In queue: {position} of {size}",
    },
    "fr": {
        "common.clear": "Effacer",
        "common.error": "Erreur",
        "common.loading": "Chargement",
        "common.or": "ou",
        "common.remove": "Supprimer",
        "common.settings": "Paramètres",
        "common.built_with": "créé avec",
        "common.built_with_gradio": "Créé avec Gradio",
        "common.download": "Télécharger",
        "common.share": "Partager",
        "common.undo": "Annuler",
        "common.edit": "Modifier",
        "common.empty": "Vide",
        "common.language": "Langue",
        "common.display_theme": "Thème d’affichage",
        "errors.use_via_api": "Utiliser via l’API",
        "errors.use_via_api_or_mcp": "Utiliser via l’API ou MCP",
        "file.uploading": "Envoi…",
        "upload_text.click_to_upload": "Cliquez pour choisir des fichiers",
        "upload_text.drop_file": "Déposez les fichiers ici",
        "upload_text.paste_clipboard": "Coller depuis le presse-papiers",
        "chatbot.clear": "Effacer la conversation",
        "chatbot.copy_message": "Copier le message",
        "chatbot.copied_message": "Message copié",
        "chatbot.retry": "Réessayer",
        "chatbot.undo": "Annuler",
        "chatbot.edit": "Modifier",
        "chatbot.submit": "Envoyer",
        "chatbot.cancel": "Annuler",
        "chatbot.complete": "Terminé",
        "blocks.lost_connection": "Connexion perdue en quittant la page. Retour dans la file…",
        "blocks.waiting_for_inputs": "Envoi des fichiers en cours : réessayez une fois fini.",
        "status.queue_position": "En file : {position} sur {size}",
    },
}


def gradio_translations(setting: str) -> gr.I18n:
    """Gradio's words for every browser locale: the page's language when `setting` forces
    one (`fr`, `en`); otherwise French for a French browser and English for any other (the
    page itself is French or English)."""
    forced: Lang | None = "fr" if setting == "fr" else "en" if setting == "en" else None
    table: dict[str, dict[str, str]] = {}
    for locale in GRADIO_LOCALES:
        lang: Lang = forced or ("fr" if locale == "fr" else "en")
        table[locale] = dict(WORDS[lang])
    return gr.I18n(**table)


def words_html(lang: Lang, size_limit: str) -> str:
    """The page's words for the few messages Gradio writes in English whatever its locale
    (its toasts' titles, its refusal of a file over `max_file_size`), for `WORDS_HEAD`."""
    values = {
        "lang": lang,
        "error": label(lang, "toast_error"),
        "warning": label(lang, "toast_warning"),
        "info": label(lang, "toast_info"),
        "close": label(lang, "toast_close"),
        "too-big": label(lang, "upload_too_big", size=size_limit, names="{names}"),
    }
    attributes = " ".join(f'data-{key}="{html.escape(value)}"' for key, value in values.items())
    return f'<div class="newsrag-words" hidden {attributes}></div>'


# Rewrites those messages in place (their text nodes, which Gradio keeps), and gives the
# document the page's language (Gradio sets it to its own locale, the browser's).
WORDS_HEAD = """
<script>
(() => {
  const TOO_BIG = /^File\\(s\\) exceed the maximum allowed size of [^:]*: (.*)$/s;
  const text = (node) => [...node.childNodes].find((c) => c.nodeType === 3 && c.nodeValue.trim());
  const translate = () => {
    const config = document.querySelector(".newsrag-words");
    if (!config) return;
    const words = config.dataset;
    if (document.documentElement.lang !== words.lang) document.documentElement.lang = words.lang;
    document.querySelectorAll('[data-testid="toast-body"]').forEach((toast) => {
      const title = toast.querySelector(".toast-title");
      const node = title && text(title);
      const kinds = { Error: "error", Warning: "warning", Info: "info" };
      const kind = node && kinds[node.nodeValue.trim()];
      if (kind) node.nodeValue = `${words[kind]} `;
      const close = toast.querySelector('[data-testid="toast-close"]');
      if (close && close.getAttribute("aria-label") !== words.close) {
        close.setAttribute("aria-label", words.close);
      }
      toast.querySelectorAll('[data-testid="toast-text"]').forEach((message) => {
        const line = text(message);
        const found = line && TOO_BIG.exec(line.nodeValue);
        if (found) line.nodeValue = words.tooBig.replace("{names}", found[1]);
      });
    });
  };
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; translate(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
</script>
"""
