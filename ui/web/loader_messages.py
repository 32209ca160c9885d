"""The loaders' reasons for refusing a file or a record (written in English by `ingest/`), in
the page's language for the upload summary. Unknown reasons are shown as they are."""

from __future__ import annotations

import re

from ui.web.i18n import Lang

# (the loader's message as a pattern, its French text with the pattern's groups)
_FRENCH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"no body text after the title line", "aucun texte après la ligne de titre"),
        (r"empty file", "fichier vide"),
        (r"binary file, not text", "fichier binaire, pas du texte"),
        (
            r"binary file, not text \(no character encoding fits\)",
            "fichier binaire, pas du texte (aucun encodage ne convient)",
        ),
        (
            r"not valid UTF-8 \(byte (?P<byte>0x[0-9a-f]+) at offset (?P<offset>\d+)\)",
            "texte UTF-8 invalide (octet {byte} à la position {offset})",
        ),
        (
            r"not valid (?P<encoding>\S+) text \(byte at offset (?P<offset>\d+)\)",
            "texte {encoding} invalide (octet à la position {offset})",
        ),
        (r"invalid JSON: (?P<detail>.*)", "JSON invalide : {detail}"),
        (r"empty JSON list, no articles", "liste JSON vide, aucun article"),
        (r"expected a JSON object, got (?P<type>\w+)", "objet JSON attendu, reçu {type}"),
        (
            r"field (?P<field>'[^']*') must be a string, got (?P<type>\w+)",
            "le champ {field} doit être du texte, reçu {type}",
        ),
        (r"missing field 'text'", "champ 'text' manquant"),
        (r"field 'text' is empty", "le champ 'text' est vide"),
        (r"not an HTML page", "pas une page HTML"),
        (r"no article text found in the page", "aucun texte d’article trouvé dans la page"),
        (r"not an RSS or Atom feed(?P<detail>.*)", "pas un flux RSS ou Atom{detail}"),
        (r"the feed has no entries", "le flux n’a aucune entrée"),
        (r"entry has no content or summary", "entrée sans contenu ni résumé"),
        (r"no rows after the header, no articles", "aucune ligne après l’en-tête, aucun article"),
        (
            r"row has (?P<fields>\d+) fields, the header names (?P<columns>\d+)",
            "la ligne a {fields} champs, l’en-tête en nomme {columns}",
        ),
        (r"no header row naming the columns", "aucune ligne d’en-tête ne nomme les colonnes"),
        (
            r"unknown column (?P<column>'.*') in the header \(expected some of: (?P<known>.*)\)",
            "colonne inconnue {column} dans l’en-tête (attendues parmi : {known})",
        ),
        (
            r"column (?P<column>'.*') appears twice in the header",
            "la colonne {column} apparaît deux fois dans l’en-tête",
        ),
        (
            r"missing column 'text' in the header (?P<columns>.*)",
            "colonne 'text' absente de l’en-tête {columns}",
        ),
        (r"invalid CSV: (?P<detail>.*)", "CSV invalide : {detail}"),
        (
            r"file is (?P<size>\d+) bytes, over the (?P<limit>\d+)-byte limit",
            "le fichier fait {size} octets, plus que la limite de {limit} octets",
        ),
        (r"not a regular file", "pas un fichier ordinaire"),
        (
            r"unsupported file type (?P<suffix>.*), expected (?P<accepted>.*)",
            "type de fichier non pris en charge {suffix}, attendus : {accepted}",
        ),
        (
            r"article (?P<id>'.*') has no text to index",
            "l’article {id} n’a aucun texte à indexer",
        ),
        (
            r"duplicate article id (?P<id>'.*'), first seen in (?P<first>.*)",
            "identifiant d’article {id} en double, vu d’abord dans {first}",
        ),
    )
)


def loader_reason(reason: str, lang: Lang) -> str:
    """A loader's `reason` in `lang`: the known English messages are translated (the names,
    numbers and details they hold are kept), anything else is returned as it is."""
    if lang == "en":
        return reason
    for pattern, french in _FRENCH:
        if found := pattern.fullmatch(reason):
            return french.format(**found.groupdict())
    return reason
