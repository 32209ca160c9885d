"""User-facing sentences in the question's language."""

from __future__ import annotations

from rag.text.analysis import as_language

_NOT_FOUND = {
    "fr": "Aucun des {n} articles indexés ne répond à cette question.",
    "en": "None of the {n} indexed articles answers this question.",
    "de": "Keiner der {n} indexierten Artikel beantwortet diese Frage.",
}
_NOT_FOUND_ONE = {
    "fr": "Le seul article indexé ne répond pas à cette question.",
    "en": "The one indexed article does not answer this question.",
    "de": "Der einzige indexierte Artikel beantwortet diese Frage nicht.",
}
_CLOSEST = {
    "fr": " Le plus proche : « {title} ».",
    "en": " The closest: “{title}”.",
    "de": " Am nächsten kommt: „{title}“.",
}
_EMPTY_INDEX = {
    "fr": "L’index est vide : ajoutez des articles avec `newsrag ingest DOSSIER`.",
    "en": "The index is empty: add articles with `newsrag ingest FOLDER`.",
    "de": "Der Index ist leer: Artikel mit `newsrag ingest ORDNER` hinzufügen.",
}
_UNSUPPORTED_NOTE = {
    "fr": "(Le modèle n’a cité aucun passage vérifiable ; voici les phrases des articles.)",
    "en": "(The model cited no verifiable passage; here are the articles' own sentences.)",
    "de": "(Das Modell hat keine überprüfbare Stelle zitiert; hier die Sätze der Artikel.)",
}


_COUNTED_MISSING = {
    "fr": "Les articles ne donnent pas de nombre de « {thing} » ; ils indiquent :",
    "en": "The articles give no number of “{thing}”; they say:",
    "de": "Die Artikel nennen keine Zahl für „{thing}“; sie berichten:",
}


_PRICE_MISSING = {
    "fr": "Les articles ne donnent pas le prix de « {thing} » ; ils indiquent :",
    "en": "The articles give no price for “{thing}”; they say:",
    "de": "Die Artikel nennen keinen Preis für „{thing}“; sie berichten:",
}


def missing_thing_note(lang: str, what: str, thing: str) -> str:
    """What precedes an answer to "how many X" whose sentences count something else (`what`
    "count"), or to "the price of X" whose sentences price something else ("price"); with no
    `thing` (another country's sum, asked of none in particular), that no amount is given."""
    if not thing:
        return kind_missing_note(lang, "amount")
    notes = _PRICE_MISSING if what == "price" else _COUNTED_MISSING
    return notes[as_language(lang)].format(thing=thing)


# What the closest article does not give, by the kind of answer asked for (`Kind.value`).
_KIND_WORDS = {
    "fr": {"quantity": "de nombre", "amount": "de montant", "date": "de date",
           "duration": "de durée", "age": "d’âge", "person": "de nom de personne",
           "organisation": "de nom d’organisation", "place": "de lieu"},
    "en": {"quantity": "no number", "amount": "no amount", "date": "no date",
           "duration": "no duration", "age": "no age", "person": "no person’s name",
           "organisation": "no organisation’s name", "place": "no place"},
    "de": {"quantity": "keine Zahl", "amount": "keinen Betrag", "date": "kein Datum",
           "duration": "keine Dauer", "age": "kein Alter", "person": "keinen Namen",
           "organisation": "keine Organisation", "place": "keinen Ort"},
}  # fmt: skip
# Only the passages found were read: the article may say it further on.
_KIND_MISSING = {
    "fr": "Les passages trouvés de l’article le plus proche, « {title} », ne donnent pas {what}.",
    "en": "The passages found in the closest article, “{title}”, give {what}.",
    "de": "Die gefundenen Stellen des nächsten Artikels, „{title}“, nennen {what}.",
}


_KIND_NOTE = {
    "fr": "Les articles ne donnent pas {what} ; ils indiquent :",
    "en": "The articles give {what}; they say:",
    "de": "Die Artikel nennen {what}; sie berichten:",
}


def kind_missing_note(lang: str, kind: str) -> str:
    """What precedes the sentences quoted for a question when none of them gives the kind of
    answer asked for (`kind` as in `kind_missing_message`)."""
    language = as_language(lang)
    return _KIND_NOTE[language].format(what=_KIND_WORDS[language][kind])


def kind_missing_message(lang: str, kind: str, title: str) -> str:
    """The refusal of a question whose closest article is on its subject but whose passages
    found hold no span of the kind of answer asked for (`kind`: a `Kind` value such as "age",
    or "amount" for a sum of money)."""
    language = as_language(lang)
    return _KIND_MISSING[language].format(title=title, what=_KIND_WORDS[language][kind])


def _thousands(n: int, lang: str) -> str:
    sep = {"fr": "\u202f", "de": "."}.get(lang, ",")
    return f"{n:,}".replace(",", sep)


def not_found_message(lang: str, indexed_articles: int, closest_title: str | None) -> str:
    """The refusal: what was searched, and the closest article when there is one."""
    language = as_language(lang)
    if indexed_articles == 0:
        return _EMPTY_INDEX[language]
    if indexed_articles == 1:
        return _NOT_FOUND_ONE[language]
    text = _NOT_FOUND[language].format(n=_thousands(indexed_articles, language))
    if closest_title:
        text += _CLOSEST[language].format(title=closest_title)
    return text


def unsupported_llm_note(lang: str) -> str:
    """Prefix for an extractive fallback after an LLM answer with no valid citation."""
    return _UNSUPPORTED_NOTE[as_language(lang)]
