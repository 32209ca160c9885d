"""What a question asks for: a quantity, a date, a person... (`Kind`), read from its form in
French, English and German (« Combien de morts à Kharkiv ? » asks a quantity, "Who ...?" a
person). The spans of each kind in a sentence are `rag.text.answertype`'s."""

from __future__ import annotations

import re

from rag.text.answertype import Kind
from rag.text.lexicon import fold

# A name asked for as such (« Comment s'appelle ... ? », "What is the name of ...?", „Wie heißt
# ...?“), folded.
_NAME_ASKED = re.compile(
    r"\bcomment (?:s'appel|se nomm)|\bquel(?:le)?s? (?:est|sont|etait|etaient) (?:le|les)"
    r" (?:pre)?noms? d|\bwhat(?: is|'s| was| are| were) (?:the|his|her|its|their)"
    r" (?:(?:first |last |family |sur)?names?) of\b|\bwie h(?:ei|ie)(?:ss|ß)(?:t|en)?\b"
    r"|\bwie lautet (?:der|sein|ihr) (?:vor|nach|familien)?name\b"
)
# A first name or a surname alone (« Quel est le prénom de M. Eveledis ? »): one word.
_PART_OF_NAME = re.compile(
    r"\b(?:prenoms?|nom de famille|surnames?|first names?|last names?|family names?"
    r"|vornamen?|nachnamen?|familiennamen?)\b"
)


# Words for someone whose name a question may ask (« le père », "the driver", „der Fahrer“).
_SOMEONE = (
    r"pere|mere|fils|fille|frere|soeur|mari|femme|epouse|father|mother|son|daughter|brother|sister"
    r"|husband|wife|vater|mutter|sohn|tochter|bruder|schwester|mann|frau|maire|mayor"
    r"|burgermeister\w*|directeur|directrice|director|president\w*|chef|leader|auteur|author"
    r"|agresseur|attacker|suspect|victime|victim|chauffeur|driver|fahrer|conducteur|pilote|pilot"
    r"|homme|man|woman|boy|girl|garcon|junge|madchen|famille|family|familie|maries|couple"
    r"|epoux|ehemann|ehefrau|niece|neveu|nephew|nichte|neffe|oncle|uncle|onkel|tante|aunt"
    r"|cousine?|grand-?pere|grand-?mere|grandfather|grandmother|grossvater|grossmutter"
)
# Roles and trades: « Quel cinéaste ... ? », "Which journalist ...?", „Welcher erste
# Stellvertreter ...?“ ask for a person (after at most one of the adjectives below).
_BEFORE_ROLE = (
    r"(?:ancien|ancienne|premier|premiere|nouveau|nouvelle|jeune|celebre|grand|grande|futur"
    r"|future|actuel|actuelle|former|famous|new|first|young|current|erste[rn]?|ehemalige[rn]?"
    r"|neue[rn]?|beruhmte[rn]?|junge[rn]?|\d+-year-old|[a-z]+(?:ische|ische[rn]))"
)
_ROLES_FR = (
    r"ministre|president|presidente|joueu[rs]e?|acteur|actrice|chanteu[rs]e?|auteure?"
    r"|entraineur|maire|dirigeante?|patronne?|juge|avocate?|architecte|cineaste|realisat(?:eur"
    r"|rice)|journaliste|ecrivaine?|romanci(?:er|ere)|poete|peintre|artiste|sculpt(?:eur|rice)"
    r"|composit(?:eur|rice)|musicien(?:ne)?|comedien(?:ne)?|humoriste|animat(?:eur|rice)"
    r"|present(?:ateur|atrice)|product(?:eur|rice)|fondat(?:eur|rice)|createur|creatrice"
    r"|inventeur|scientifique|chercheu[rs]e?|savant|philosophe|historien(?:ne)?|medecin|pape"
    r"|roi|reine|empereur|imperatrice|prince|princesse|general|marechal|officier|depute"
    r"|deputee|senat(?:eur|rice)|candidate?|secretaire|porte-parole|ambassad(?:eur|rice)"
    r"|procureure?|policier|policiere|gendarme|commissaire|pilote|coureu[rs]e?|cycliste"
    r"|footballeu[rs]e?|athlete|sporti(?:f|ve)|boxeu[rs]e?|selectionneur|capitaine|rappeu[rs]e?"
    r"|dessinat(?:eur|rice)|photographe|styliste|couturiere?|explorat(?:eur|rice)|navigat(?:eur"
    r"|rice)|personnage|saint|sainte|souverain|souveraine|monarque|dictateur|heros|heroine"
    # people a news story names by what they did or are
    r"|manifestante?|vendeu[rs]e?|acheteu[rs]e?|proprietaire|habitante?|temoin|enseignante?"
    r"|professeure?|eleve|employee?|salariee?|voisine?|conjointe?|compagnon|compagne|fiancee?"
    r"|tireur|meurtri(?:er|ere)|assassin|tueu[rs]e?|ravisseu[rs]e?|voleu[rs]e?|soldat|otage"
    r"|detenue?|prisonni(?:er|ere)|passag(?:er|ere)|chirurgien(?:ne)?|infirmi(?:er|ere)"
    r"|pompier|sauveteur|successeur|predecesseur|remplacante?|adjointe?|conseill(?:er|ere)"
    r"|plaignante?|accusee?|prevenue?|heriti(?:er|ere)|veuve|veuf"
)
_ROLES_EN = (
    r"person|minister|player|president|architect|film-?maker|director|journalist|reporter"
    r"|writer|author|novelist|poet|painter|artist|sculptor|composer|musician|singer|actor"
    r"|actress|comedian|presenter|producer|founder|inventor|scientist|researcher|philosopher"
    r"|historian|doctor|pope|king|queen|emperor|prince|princess|general|officer|politician"
    r"|senator|candidate|secretary|spokes(?:man|woman|person)|ambassador|prosecutor|judge"
    r"|lawyer|policeman|pilot|driver|rider|cyclist|footballer|athlete|boxer|coach|captain"
    r"|rapper|photographer|designer|ceo|boss|leader|mayor|deputy|explorer|saint|monarch"
    r"|dictator|hero|heroine|character"
    r"|protester|demonstrator|seller|buyer|owner|resident|witness|teacher|pupil|student"
    r"|employee|worker|patient|neighbou?r|partner|boyfriend|girlfriend|gunman|shooter|killer"
    r"|murderer|kidnapper|thief|robber|soldier|hostage|prisoner|inmate|passenger|surgeon"
    r"|nurse|firefighter|successor|predecessor|advis[eo]r|plaintiff|defendant|heir|widow"
)
_ROLES_DE = (
    r"(?:minister|spieler|prasident|architekt|regisseur|filmemacher|journalist|reporter"
    r"|schriftsteller|autor|dichter|maler|kunstler|bildhauer|komponist|musiker|sanger"
    r"|schauspieler|moderator|produzent|grunder|erfinder|wissenschaftler|forscher|philosoph"
    r"|historiker|arzt|arztin|papst|konig|kaiser|prinz|prinzessin|general|offizier|politiker"
    r"|abgeordnete|senator|kandidat|sekretar|sprecher|botschafter|staatsanwalt|richter|anwalt"
    r"|anwaltin|polizist|pilot|fahrer|radfahrer|fussballer|athlet|boxer|trainer|kapitan"
    r"|rapper|fotograf|designer|chef|burgermeister|stellvertreter|heilige|herrscher|diktator"
    r"|held|heldin|demonstrant|verkaufer|kaufer|besitzer|eigentumer|bewohner|zeuge|lehrer"
    r"|schuler|student|mitarbeiter|nachbar|partner|tater|schutze|morder|entfuhrer|dieb"
    r"|soldat|geisel|haftling|passagier|chirurg|nachfolger|vorganger|berater|klager|erbe"
    r"|witwe|komiker|humorist|(?:general)?direktor|auktionator|angreifer|verdachtige|opfer)"
    r"(?:in|innen|en|n|r)?"
)
# Roles German writes compounded („Innenministerin“, „Staatssekretär“); not „Zeuge“ or „Erbe“,
# which end „Fahrzeuge“ and „Gewerbe“.
_COMPOUND_ROLES_DE = (
    r"minister|prasident|sekretar|direktor|sprecher|journalist|anwalt|richter|polizist|chef|arzt"
    r"|trainer|kandidat|abgeordnete|moderator|berater|fahrer"
)
# An adjective before a German role, inflected („der weiße Polizist“, „die dritte Frau“).
_ADJ_DE = r"[a-z]+e[nrs]?"
# Matched, in order, against the folded question: the first that matches decides.
_QUESTION_FORMS: list[tuple[Kind, str]] = [
    (
        Kind.AGE,
        r"\bquel age\b|\bage de combien|\bhow old\b|\bwhat age\b|\bwie alt\b"
        r"|\bin welchem alter\b|\bmit wie vielen jahren\b",
    ),
    (
        Kind.DURATION,
        r"\bcombien de (?:temps|jours|mois|semaines|heures|minutes)\b|\bhow long\b|\bwie lange\b"
        r"|\bdepuis combien|\bpendant combien|\bhow many (?:days|weeks|months"
        r"|hours)\b|\bwie viele (?:tage|wochen|monate|stunden)\b",
    ),
    (
        Kind.DATE,
        r"^(?:et |mais )?quand\b|\bc'est quand\b|\bquand ?\?*$|\ba quelle (?:date|heure)\b"
        r"|\ben quelle annee\b|^(?:and |but )?when\b|\bwhen ?\?*$"
        r"|\bquel(?:le)? (?:jour|annee|date|mois|siecle)\b|\b(?:depuis|jusqu'a|a partir de) quand\b"
        r"|\b(?:since|until|from) when\b"
        r"|\bwhat (?:year|date|day|time|month|century)\b|\bin which year\b|\bwann\b"
        r"|\bwelche[mnrs]? (?:genaue[mnrs]? )?(?:tag|datum|jahr|monat|jahrhundert|zeitpunkt"
        r"|uhrzeit|wochentag)\b|\bseit wann\b|\b(?:um|gegen) wie ?viel uhr\b|\bwie spat\b"
        r"|\b(?:on|in) (?:which|what) (?:exact |precise )?(?:day|date|month|year)\b",
    ),
    (
        Kind.QUANTITY,
        r"\bcombien\b|\bquel(?:le)?s? (?:est |sont |etait |a ete |sera |serait |seront |seraient )?"
        r"(?:le |la |les )?"
        r"(?:nombre|montant|prix|cout|somme|taux|pourcentage|part|bilan|chiffre|hauteur"
        r"|longueur|largeur|profondeur|taille|poids|surface|superficie|population|budget|salaire"
        r"|score|distance"
        r"|loyer|amende|rancon|indemnite|dette|facture|tarif|effectif|vitesse|cylindree"
        r"|proportion|densite)\b|\bwelche[nmrs]? \w*anteil\b"
        r"|\ba quelle vitesse\b|\bquelle (?:est|etait) la puissance\b"
        r"|\bhow (?:many|much)\b|\bwhat (?:is |was |are |were )?(?:the |its |[\w-]+'s )?"
        r"(?:number|amount|price|cost|share|rate|percentage|toll|population|score|rent|fine"
        r"|salary|budget|debt|fee|revenue|turnover|profit|speed|power output|proportion"
        r"|(?:population )?density)s?\b"
        r"|\bhow fast\b|\bwie schnell\b|\bwie vielen?\b|\bat what speed\b|\bwievielfache"
        r"|\bwie (?:viele?|hoch|teuer|gross(?:e[nmrs]?)?|weit|lang|breit|tief|oft)\b"
        # a sum, a count, a rate as German compounds them („Monatsmiete“, „Zuschauerzahl“); a
        # price, a value, an output only alone („Literaturpreis“, „Stellenwert“, „Dienstleistung“)
        r"|\bwelche[nmrs]? (?:[a-z-]+ )?(?:[a-z]*(?:betrag|summe|kosten|hohe|zahl|anteil|quote"
        r"|miete|gehalt|budget|umsatz|gewinn|schulden|geschwindigkeit)|preis|wert|leistung|reichweite"
        r"|bilanz|finanzierung|prozentsatz|geldstrafe)e?s?\b"
        # "What is the estimated total cost", "What was China's jobless rate", "What monthly rent"
        r"|\bwhat (?:is |was |are |were |will be )?(?:(?:the |its |[\w-]+'s )(?:[\w'-]+ ){0,2}"
        r"|[a-z]+ )"
        r"(?:number|amount|price|cost|rate|percentage|toll|population|rent|fine|salary|budget"
        r"|debt|fee|revenue|turnover|profit|speed|proportion)s?\b"
        r"|\bhow (?:powerful|large|big|heavy|expensive|often|far off|far from)\b"
        r"|\bwas (?:kostet|kosten|kostete)\b"
        r"|\bhow (?:tall|high|deep|far|wide) (?:is|was|are|were|will|would|should)\b",
    ),
    (
        Kind.REASON,
        r"\bpourquoi\b|\bpour quelle raison\b|\bqu'est-ce qui (?:explique|justifie)\b"
        r"|\bwhy\b|\bfor what reason\b|\bwarum\b|\bweshalb\b|\bwieso\b|\baus welchem grund\b",
    ),
    (
        Kind.PLACE,
        r"\bou_\b|^ou\b|\bdans quel(?:le)?s? (?:ville|pays|region|lieu|departement|endroit"
        r"|hopital|prison|stade|aeroport|gare|port)\b|\bin which (?:hospital|prison|stadium"
        r"|airport)\b|\bin welche[mr]? (?:krankenhaus|gefangnis|stadion|flughafen)\b"
        r"|\bquel(?:le)?s? (?:ville|pays|region|lieu|departement|commune|continent|arrondissement"
        r"|quartier|village)\b|\bwhere\b|\bin which place\b"
        # "In which Australian city", „In welchem Pariser Arrondissement“
        r"|\b(?:in )?(?:which|what) (?:[a-z-]+ )?(?:cit(?:y|ies)|countr(?:y|ies)|regions?|towns?"
        r"|villages?|districts?|arrondissements?|neighbou?rhoods?|departments?|provinces?)\b"
        r"|\bwo(?:hin|her)?\b"
        r"|\b(?:in )?welche[mnrs]? (?:[a-z-]+ )?(?:[a-z]*(?:stadt|viertel|bezirk|dorf)|land|region"
        r"|arrondissement|departement|gemeinde|stadtteil|ort|provinz|kanton|bundesland|insel)\b"
        r"|\b(?:in )?(?:which|what) (?:[a-z-]+ )?(?:municipalit(?:y|ies)|communes?|departements?"
        r"|islands?)\b",
    ),
    (
        Kind.ORGANISATION,
        r"\bquel(?:le)?s? (?:entreprise|societe|groupe|organisation|parti|club|equipe|marque"
        r"|constructeur|banque|association|syndicat|institution|chaine|journal|media)\b"
        r"|\bwhich (?:company|firm|group|organi[sz]ation|party|club|team|brand|bank|union"
        r"|manufacturer|carmaker|association|institution|channel|newspaper|broadcaster)\b"
        r"|\bwelche[nmsr]? (?:firma|unternehmens?|konzerns?|gesellschaft|gruppe|partei|verein"
        r"|vereinigung|verband|mannschaft|team|marke|hersteller|bank|gewerkschaft|organisation"
        r"|institution|sender|zeitung)\b",
    ),
    (
        Kind.PERSON,
        r"^(?:et |mais )?qui\b|\b(?:a|de|par|pour|avec|chez|contre|selon|envers|est|sont"
        r"|c'est|homme|femme|personne|personnes|celui|celle|ceux|celles) qui\b|\bqui ?\?*$"
        r"|\bquel(?:le)?s? (?:est le nom|personne|homme|femme)\b"
        rf"|\bquel(?:le)?s? (?:{_BEFORE_ROLE} )?(?:{_ROLES_FR})s?\b|\bwho(?:m|se)?\b"
        rf"|\b(?:which|what) (?:{_BEFORE_ROLE} )?(?:{_ROLES_EN})s?\b"
        rf"|\bwhich (?:[\w-]+ ){{1,2}}(?:{_ROLES_EN})s?\b"
        rf"|\bwer\b|\bwen\b|\bwem\b|\bwessen\b"
        rf"|\bwelche[rnms]? (?:{_BEFORE_ROLE} |{_ADJ_DE} )?(?:(?:[a-z0-9]+-)*(?:{_ROLES_DE})"
        rf"|[a-z]+(?:{_COMPOUND_ROLES_DE})(?:in|innen|en|n)?)\b"
        # the name of someone: « Comment s'appelle le père ... ? », "What is the name of the driver"
        rf"|\b(?:comment s'appel(?:le|lent|ait|aient)|comment se nomm(?:e|ent|ait|aient)"
        rf"|what(?: i|'| wa)s the name of"
        rf"|what are the names of|wie h(?:ei|ie)(?:ss|ß)(?:t|en)?)"
        rf" (?:(?:le|la|l'|les|the|der|die|den|sein|seine|ihr|ihre|his|her|its) ?)?"
        rf"(?:(?:deux|trois|two|three|beiden|zwei|drei) )?(?:{_BEFORE_ROLE}s? |{_ADJ_DE} )?"
        rf"(?:{_SOMEONE}|{_ROLES_FR}|{_ROLES_EN}|[a-z0-9-]*{_ROLES_DE})s?\b(?!')",
    ),
]
_KIND_PATTERNS = [(kind, re.compile(form)) for kind, form in _QUESTION_FORMS]
_ROLE_WORD = re.compile(rf"(?:{_SOMEONE}|{_ROLES_FR}|{_ROLES_EN}|[a-z]*{_ROLES_DE})s?")


def is_role_word(word: str) -> bool:
    """Whether the folded `word` names a role or a relation (« ministre », "mayor", « soeur »,
    „burgermeisterin“): what a description of someone may open with."""
    return _ROLE_WORD.fullmatch(word) is not None


# "Qui" in "Qu'est-ce qui", "ce qui", "celui qui" is no question about a person.
_RELATIVE_QUI = re.compile(r"\b(?:ce|celui|celle|ceux|celles|est-ce|lui|chose) qui\b")


def asks_full_name(question: str) -> bool:
    """Whether a question asks for someone's name as such (« Comment s'appelle le porte-parole
    ... ? »): a lone capitalised word does not give it, a first name or surname asked alone
    aside (« Quel est le prénom de M. Eveledis ? »)."""
    folded = fold(question).replace("’", "'")
    return bool(_NAME_ASKED.search(folded)) and not _PART_OF_NAME.search(folded)


_EXACT_DATE = re.compile(
    r"\b(?:annee|year|jahr|date|datum|jour|day|tag|mois|month|monat|siecle|century|jahrhundert)\b"
)


# « En quelle année ... ? », "In what year ...?", „In welchem Jahr ...?“: a year, not a day.
_YEAR_ASKED = re.compile(r"\b(?:quelle annee|(?:what|which) year|welche[ms]? jahr)\b")


def asks_year(question: str) -> bool:
    """Whether a question asks for a year (« En quelle année ... ? », "What year ...?")."""
    return bool(_YEAR_ASKED.search(fold(question)))


def asks_exact_date(question: str) -> bool:
    """Whether a date question asks for a year, a day or a century (« En quelle année ... ? »,
    "What year ...?"), which a date told from another (« le lendemain ») does not give."""
    return bool(_EXACT_DATE.search(fold(question)))


def expected_kind(question: str) -> Kind:
    """The kind of answer `question` asks for (`Kind.OTHER` when no form says)."""
    # "où" (where) is not "ou" (or): mark it before accents go
    folded = fold(re.sub(r"\b[oO]ù\b", "ou_", question)).replace("’", "'")
    folded = re.sub(r"\s+", " ", folded).replace("œ", "oe").replace("æ", "ae")
    for kind, pattern in _KIND_PATTERNS:
        if kind is Kind.PERSON and not pattern.search(_RELATIVE_QUI.sub(" ", folded)):
            continue
        if pattern.search(folded):
            return kind
    return Kind.OTHER


# A question that looks ahead: a forecast, a plan, a projection (« pourrait », « à l'horizon
# 2025 », "will", "is expected to", „soll“), folded.
_AHEAD = re.compile(
    r"\b(?:pourr(?:a|ai|ait|aient|ont)|devr(?:a|ait|aient|ont)|prevoi(?:t|ent)|prevue?s?"
    r"|previsions?|projections?|horizon|d['’]ici|s['’]attend(?:ent)?|attendue?s?|sera|seront|aura"
    r"|auront|will|would|could|should|expected|expects?|forecasts?|projected|predicted"
    r"|going to|wird|werden|konnte|konnten|soll|sollen|sollte|sollten"
    r"|erwartet|prognos\w*|voraussichtlich)\b"
)


def looks_ahead(question: str) -> bool:
    """Whether a question asks for a forecast, a plan or a projection: what articles of an
    earlier day said of a later period may answer it (« Combien de naissances l'Indonésie
    pourrait-elle connaître début 2021 ? » on an archive that ends in 2020)."""
    return _AHEAD.search(fold(question)) is not None
