"""The things news counts, named in French, English and German: "How many inhabitants ...?"
asked of French articles counts « habitants ». Folded words (no accents), plural forms; a
thing not listed is not matched across languages."""

from __future__ import annotations

import re
from functools import cache

from rag.text.lexicon import fold

# One row per thing counted: its French, English and German words (a word in one row only;
# fold keeps « œ », so a word with it is listed both ways).
COUNTED_THINGS: tuple[tuple[str, str, str], ...] = (
    ("personnes gens individus", "people persons individuals", "menschen personen leute"),
    ("morts deces tues", "deaths dead fatalities killed", "tote todesopfer toten"),
    ("blesses", "injured wounded injuries", "verletzte verletzten"),
    ("victimes", "victims", "opfer"),
    ("habitants residents", "inhabitants residents", "einwohner bewohner"),
    (
        "salaries employes travailleurs emplois postes fonctionnaires agents",
        "employees workers staff jobs servants",
        "arbeitnehmer beschaftigte mitarbeiter angestellte arbeitsplatze stellen bedienstete",
    ),
    ("eleves etudiants", "pupils students", "schuler studenten studierende"),
    ("enfants fils filles", "children kids sons daughters", "kinder sohne tochter"),
    ("freres sœurs soeurs", "siblings brothers sisters", "geschwister bruder schwestern"),
    ("jeunes", "young youths", "jugendliche junge"),
    ("femmes", "women", "frauen"),
    ("hommes", "men", "manner"),
    ("passagers voyageurs", "passengers travellers travelers", "passagiere fluggaste reisende"),
    ("membres adherents", "members", "mitglieder"),
    ("soldats militaires", "soldiers troops", "soldaten"),
    ("drones", "drones", "drohnen"),
    ("missiles roquettes obus", "missiles rockets shells", "raketen geschosse granaten"),
    ("chars blindes", "tanks armoured", "panzer"),
    ("armes", "weapons arms guns", "waffen"),
    ("policiers gendarmes", "police officers policemen", "polizisten beamte"),
    ("manifestants", "protesters demonstrators", "demonstranten"),
    ("migrants refugies", "migrants refugees", "migranten fluchtlinge"),
    ("detenus prisonniers", "prisoners inmates", "gefangene haftlinge"),
    ("otages", "hostages", "geiseln"),
    ("suspects", "suspects", "verdachtige"),
    ("malades patients", "patients", "patienten kranke"),
    ("cas", "cases", "falle"),
    ("doses vaccins", "doses vaccines", "dosen impfstoffe"),
    ("lits", "beds", "betten"),
    ("spectateurs telespectateurs", "spectators viewers", "zuschauer fernsehzuschauer"),
    ("visiteurs touristes", "visitors tourists", "besucher touristen"),
    ("candidats", "candidates", "kandidaten"),
    ("voix votes", "votes", "stimmen"),
    ("sieges", "seats", "sitze"),
    ("buts", "goals", "tore"),
    ("medailles", "medals", "medaillen"),
    ("prix trophees recompenses distinctions", "prizes awards trophies", "preise auszeichnungen"),
    ("pays etats", "countries states", "lander staaten"),
    ("villes communes", "towns cities municipalities", "stadte gemeinden"),
    ("entreprises societes", "companies firms businesses", "unternehmen firmen"),
    ("voitures vehicules", "cars vehicles", "autos fahrzeuge wagen"),
    ("avions", "planes aircraft", "flugzeuge"),
    ("navires bateaux", "ships vessels boats", "schiffe boote"),
    ("maisons logements appartements", "houses homes apartments flats", "hauser wohnungen"),
    ("animaux", "animals", "tiere"),
    ("arbres", "trees", "baume"),
    ("ans annees", "years", "jahre"),
    ("mois", "months", "monate"),
    ("semaines", "weeks", "wochen"),
    ("jours", "days", "tage"),
    ("heures", "hours", "stunden"),
    ("minutes", "minutes", "minuten"),
    ("fois reprises", "times occasions", "mal"),
    ("euros", "euros", "euro"),
    ("dollars", "dollars", "dollar"),
    ("kilometres", "kilometres kilometers", "kilometer"),
    ("metres", "metres meters", "meter"),
    ("tonnes", "tonnes tons", "tonnen"),
    ("litres", "litres liters", "liter"),
    ("hectares", "hectares", "hektar"),
    # what else news counts: works, copies and devices; arrests and complaints; buildings and
    # places; vehicles; the sick and those who care for them; office holders and players;
    # animals; disasters and crimes
    ("chansons morceaux", "songs tracks", "lieder songs"),
    ("albums disques", "albums records", "alben platten"),
    ("films", "films movies", "filme"),
    ("livres ouvrages ecrits publications", "books writings publications", "bucher schriften"),
    ("cameras", "cameras", "kameras"),
    ("radars", "radars", "radare blitzer"),
    ("arrestations interpellations", "arrests", "festnahmen verhaftungen"),
    ("plaintes", "complaints", "anzeigen beschwerden"),
    ("amendes contraventions", "fines tickets", "bussgelder strafzettel"),
    ("condamnations", "convictions sentences", "verurteilungen"),
    ("signatures", "signatures", "unterschriften"),
    ("ecoles colleges lycees", "schools", "schulen"),
    ("classes", "classes", "klassen"),
    ("hopitaux cliniques", "hospitals clinics", "krankenhauser kliniken"),
    ("etages", "floors storeys stories", "stockwerke etagen"),
    ("immeubles batiments", "buildings", "gebaude hochhauser"),
    ("magasins commerces boutiques", "shops stores", "geschafte laden"),
    ("restaurants", "restaurants", "restaurants"),
    ("usines", "factories plants", "fabriken werke"),
    ("quartiers", "districts neighbourhoods neighborhoods", "viertel stadtteile"),
    ("rues", "streets", "strassen"),
    ("trains", "trains", "zuge"),
    ("bus autocars", "buses coaches", "busse"),
    ("camions", "trucks lorries", "lastwagen lkw"),
    ("velos", "bikes bicycles", "fahrrader"),
    ("tests depistages", "tests", "tests"),
    ("masques", "masks", "masken"),
    ("medecins docteurs", "doctors physicians", "arzte"),
    ("infirmiers infirmieres soignants", "nurses carers", "pfleger pflegekrafte"),
    ("pompiers", "firefighters firemen", "feuerwehrleute feuerwehrmanner"),
    ("secouristes sauveteurs", "rescuers", "retter rettungskrafte"),
    ("maires", "mayors", "burgermeister"),
    ("deputes parlementaires", "mps deputies lawmakers", "abgeordnete"),
    ("senateurs", "senators", "senatoren"),
    ("ministres", "ministers", "minister"),
    ("juges magistrats", "judges", "richter"),
    ("avocats", "lawyers", "anwalte"),
    ("journalistes", "journalists reporters", "journalisten"),
    ("joueurs", "players", "spieler"),
    ("equipes", "teams", "mannschaften teams"),
    ("matchs", "matches games", "spiele"),
    ("points", "points", "punkte"),
    ("abonnes followers", "followers subscribers", "abonnenten follower"),
    ("vues", "views", "aufrufe"),
    ("lettres courriers", "letters", "briefe"),
    ("langues", "languages", "sprachen"),
    ("especes", "species", "arten"),
    ("oiseaux", "birds", "vogel"),
    ("chiens", "dogs", "hunde"),
    ("chats", "cats", "katzen"),
    ("vaches bovins", "cows cattle", "kuhe rinder"),
    ("moutons brebis", "sheep", "schafe"),
    ("incendies feux", "fires wildfires", "brande feuer"),
    ("seismes", "earthquakes", "erdbeben"),
    ("attentats attaques", "attacks", "anschlage angriffe"),
    ("accidents", "accidents crashes", "unfalle"),
    ("meurtres homicides", "murders homicides killings", "morde totungen"),
    ("cambriolages", "burglaries", "einbruche"),
    ("repas", "meals", "mahlzeiten"),
    ("nuits nuitees", "nights", "nachte"),
    ("saisons", "seasons", "saisons spielzeiten"),
    ("episodes", "episodes", "folgen episoden"),
    ("secondes", "seconds", "sekunden"),
)
_LANGUAGES = ("fr", "en", "de")


def counted_in_languages(word: str) -> dict[str, str]:
    """The words for the thing `word` counts, by language ("inhabitants" -> {"fr": "habitants
    residents", "en": ..., "de": "einwohner bewohner"}); empty when the thing is not listed."""
    folded = fold(word)
    for row in COUNTED_THINGS:
        if any(folded in words.split() for words in row):
            return dict(zip(_LANGUAGES, row, strict=True))
    return {}


# The endings of the names of a place's people (« Romains », « Lyonnais », « Niçois »,
# « Parisiennes »), which the question may write in lower case; not those of trades
# (« musiciens », « écrivains »).
_DEMONYM = re.compile(r"(?<!ic)(?:iens|iennes)$|(?<!iv)(?:ains|aines)$|(?:ois|oises|ais|aises)$")


def people_of_a_place(word: str, as_written: str) -> bool:
    """Whether a thing counted in a French question that the glossary does not list names a
    place's people, which an article counts as its inhabitants: « Combien de Romains a-t-on
    dénombré en 2016 ? » and « elle compte 2 877 215 habitants ». Capitalised in the question
    as French writes them, or by its ending."""
    folded = fold(word)
    if counted_in_languages(folded) or len(folded) < 5:
        return False
    return as_written[:1].isupper() or bool(_DEMONYM.search(folded))


@cache
def listed_things(lang: str) -> frozenset[str]:
    """Every word the glossary lists for a thing counted in `lang` (folded, plural forms)."""
    column = _LANGUAGES.index(lang) if lang in _LANGUAGES else 0
    return frozenset(w for row in COUNTED_THINGS for w in row[column].split())
