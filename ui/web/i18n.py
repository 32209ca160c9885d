"""The chat UI's words in French and English, and which of the two a browser gets."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]

_EN: dict[str, str] = {
    "conversation": "Conversation",
    "question": "Question",
    "question_placeholder": "Ask a question about the articles…",
    "ask": "Ask",
    "new_conversation": "New conversation",
    "examples": "Questions about the indexed articles",
    "example_question": "What do the articles say about “{title}”?",
    "sources": "Sources",
    "article": "Article",
    "filters": "Filters",
    "since": "From",
    "until": "To",
    "date_info": "YYYY-MM-DD or DD/MM/YYYY, inclusive",
    "date_placeholder": "YYYY-MM-DD",
    "picker_open": "Pick a date",
    "picker_prev": "Previous month",
    "picker_next": "Next month",
    "picker_dialog": "Calendar:",
    "toast_error": "Error",
    "toast_warning": "Warning",
    "toast_info": "Info",
    "toast_close": "Close",
    "upload_too_big": "Not sent, over the {size} limit per file: {names}",
    "source_filter": "Sources",
    "source_filter_info": "None selected: every source",
    "passages": "Passages per answer",
    "mode": "Answers",
    "mode_extractive": "Extractive: the articles' own sentences",
    "mode_llm": "LLM: {model}",
    "mode_no_llm": "No LLM is configured (NEWSRAG_LLM): answers are extractive.",
    "upload": "Add articles",
    "upload_files": "Drop article files or feeds",
    "upload_info": "Accepted: {suffixes}; at most {files} files of {size} each.",
    "index": "Index",
    "placeholder_sources": "Ask a question: the sources of the answer show here.",
    "placeholder_article": "A source card's “Open the article” shows the whole article here.",
    "writing": "Writing the answer: its sources show once its citations are checked.",
    "failed": "⚠️ The answer failed: {error}",
    "failed_sources": "No source: the answer failed.",
    "no_source": "No source was used.",
    "sources_of": "Sources of “{question}”",
    "refusal": "No indexed article answers this question.",
    "closest": "Closest articles found:",
    "no_closest": "No article matches the question and its filters.",
    "date_unknown": "date unknown",
    "open_article": "Open the article",
    "link": "Original page:",
    "article_missing": "The article {id} is not in the index any more.",
    "bad_date": "{field}: “{value}” is not a date (YYYY-MM-DD or DD/MM/YYYY).",
    "bad_range": "“From” ({since}) is after “To” ({until}).",
    "index_line": "{articles} articles · {chunks} passages",
    "index_articles": "Articles",
    "index_chunks": "Passages",
    "index_dates": "Dates",
    "index_no_dates": "no dated article",
    "active_filters": "Active filters",
    "chip_sources": "Sources: {sources}",
    "chip_remove": "Remove the filter {filter}",
    "cite_aria": "Source {n}: {title}",
    "understood": "Question understood: {question}",
    "cited_dates": "Articles of {dates}",
    "copy": "Copy",
    "copied": "Copied",
    "refusal_filtered": (
        "None of the {count} articles within the filters ({filters}) answers this question."
    ),
    "welcome": (
        "Ask a question about the indexed articles, or pick one of the examples below: "
        "each answer quotes its sources, numbered [1], [2]…"
    ),
    "undo": "Undo: bring back the last conversation",
    "back": "↑ Back to the answer",
    "size_unit": "MB",
    "index_sources": "Sources",
    "index_none": "none",
    "index_model": "Embedding model",
    "index_store": "Store",
    "upload_indexing": "Indexing {name}",
    "upload_summary": "Added {added}, updated {updated}, unchanged {skipped}, errors {errors}.",
    "upload_nothing": "No file was given.",
    "upload_bad_type": "{suffix} files are not accepted (accepted: {accepted})",
    "upload_too_large": "{size} bytes, more than the {limit}-byte limit",
    "upload_bad_name": "the name leaves nothing usable once cleaned",
    "upload_too_many": "more than {limit} files in one upload: not read",
    "upload_busy": "another ingest is running ({holder}): try again once it is done",
    "upload_failed": "indexing failed: {error}",
}

_FR: dict[str, str] = {
    "conversation": "Conversation",
    "question": "Question",
    "question_placeholder": "Posez une question sur les articles…",
    "ask": "Demander",
    "new_conversation": "Nouvelle conversation",
    "examples": "Questions sur les articles indexés",
    "example_question": "Que disent les articles sur « {title} » ?",
    "sources": "Sources",
    "article": "Article",
    "filters": "Filtres",
    "since": "Du",
    "until": "Au",
    "date_info": "JJ/MM/AAAA ou AAAA-MM-JJ, inclus",
    "date_placeholder": "JJ/MM/AAAA",
    "picker_open": "Choisir une date",
    "picker_prev": "Mois précédent",
    "picker_next": "Mois suivant",
    "picker_dialog": "Calendrier :",
    "toast_error": "Erreur",
    "toast_warning": "Attention",
    "toast_info": "Information",
    "toast_close": "Fermer",
    "upload_too_big": "Non envoyé, plus de {size} par fichier : {names}",
    "source_filter": "Sources",
    "source_filter_info": "Aucune choisie : toutes les sources",
    "passages": "Passages par réponse",
    "mode": "Réponses",
    "mode_extractive": "Extractives : les phrases mêmes des articles",
    "mode_llm": "LLM : {model}",
    "mode_no_llm": "Aucun LLM n’est configuré (NEWSRAG_LLM) : les réponses sont extractives.",
    "upload": "Ajouter des articles",
    "upload_files": "Déposez des fichiers d’articles ou des flux",
    "upload_info": "Acceptés : {suffixes} ; au plus {files} fichiers de {size} chacun.",
    "index": "Index",
    "placeholder_sources": "Posez une question : les sources de la réponse s’affichent ici.",
    "placeholder_article": "« Ouvrir l’article » sur une source affiche ici l’article entier.",
    "writing": (
        "Rédaction de la réponse : ses sources s’affichent une fois ses citations vérifiées."
    ),
    "failed": "⚠️ La réponse a échoué : {error}",
    "failed_sources": "Aucune source : la réponse a échoué.",
    "no_source": "Aucune source n’a été utilisée.",
    "sources_of": "Sources de « {question} »",
    "refusal": "Aucun article indexé ne répond à cette question.",
    "closest": "Articles les plus proches :",
    "no_closest": "Aucun article ne correspond à la question et à ses filtres.",
    "date_unknown": "date inconnue",
    "open_article": "Ouvrir l’article",
    "link": "Page d’origine :",
    "article_missing": "L’article {id} n’est plus dans l’index.",
    "bad_date": "{field} : « {value} » n’est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ).",
    "bad_range": "« Du » ({since}) est après « Au » ({until}).",
    "index_line": "{articles} articles · {chunks} passages",
    "index_articles": "Articles",
    "index_chunks": "Passages",
    "index_dates": "Dates",
    "index_no_dates": "aucun article daté",
    "active_filters": "Filtres actifs",
    "chip_sources": "Sources : {sources}",
    "chip_remove": "Retirer le filtre {filter}",
    "cite_aria": "Source {n} : {title}",
    "understood": "Question comprise : {question}",
    "cited_dates": "Articles du {dates}",
    "copy": "Copier",
    "copied": "Copié",
    "refusal_filtered": (
        "Aucun des {count} articles dans les filtres ({filters}) ne répond à cette question."
    ),
    "welcome": (
        "Posez une question sur les articles indexés, ou choisissez un exemple ci-dessous : "
        "chaque réponse cite ses sources, numérotées [1], [2]…"
    ),
    "undo": "Annuler : rétablir la dernière conversation",
    "back": "↑ Retour à la réponse",
    "size_unit": "Mo",
    "index_sources": "Sources",
    "index_none": "aucune",
    "index_model": "Modèle d’embedding",
    "index_store": "Stockage",
    "upload_indexing": "Indexation de {name}",
    "upload_summary": (
        "Ajoutés {added}, mis à jour {updated}, inchangés {skipped}, erreurs {errors}."
    ),
    "upload_nothing": "Aucun fichier n’a été donné.",
    "upload_bad_type": "les fichiers {suffix} ne sont pas acceptés (acceptés : {accepted})",
    "upload_too_large": "{size} octets, plus que la limite de {limit} octets",
    "upload_bad_name": "le nom ne garde rien d’utilisable une fois nettoyé",
    "upload_too_many": "plus de {limit} fichiers en un envoi : non lu",
    "upload_busy": "une autre indexation est en cours ({holder}) : réessayez quand elle sera finie",
    "upload_failed": "l’indexation a échoué : {error}",
}

LABELS: dict[Lang, dict[str, str]] = {"en": _EN, "fr": _FR}


def label(lang: Lang, key: str, **values: object) -> str:
    """The text `key` in `lang`, with `{name}` fields filled from `values`."""
    text = LABELS[lang][key]
    return text.format(**values) if values else text


def pick_language(setting: str, accept_language: str | None) -> Lang:
    """`setting` when it names a language, else the browser's preferred one of fr/en (en)."""
    if setting in LABELS:
        return "fr" if setting == "fr" else "en"
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:  # q=0 means "not this one"
            ranked.append((-quality, position, tag.split("-")[0].lower()))
    for _, _, primary in sorted(ranked):
        if primary == "fr":
            return "fr"
        if primary == "en":
            return "en"
    return "en"
