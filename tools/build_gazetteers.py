#!/usr/bin/env python3
"""Build dyad's default gazetteers (countries, people, organisations) from open data.

Usage (from the repository root):

    python3 tools/build_gazetteers.py --data ../shared/data --out gazetteers

Writes exactly four files into --out:  countries.csv, people.csv, organizations.csv, places.csv.
The hand-curated files  people-curated.csv / organizations-curated.csv  in --curated (default --out) are
READ (never written): generated aliases that collide with a curated name/alias are
dropped so that the curated entry wins, and a generated organisation whose id is
taken by a curated one is either dropped (same entity) or renamed (different entity).

Python 3.11, standard library only.  Deterministic: rows and aliases are sorted,
no timestamps, UTF-8 without BOM, "\\n" line endings, minimal CSV quoting.

Sources (only permissively licensed ones are read; see gazetteers/SOURCES.md):
  * PETRARCH2 Phoenix dictionaries  (petrarch2/, MIT, (c) 2014 Open Event Data Alliance)
      - Phoenix.Countries.actors.txt    : national political figures with dated roles
      - Phoenix.International.actors.txt: IGO/NGO names and international officials
      - Phoenix.MilNonState.actors.txt  : non-state armed groups
      - Phoenix.agents.txt              : generic agent nouns (used only as a stop list)
  * Wikidata CSVs (people/wikidata-*, CC0): heads of state/government (2024 + 2026),
    foreign ministers (2022-12), international officeholders (2023-01)
  * CIA World Factbook 2026-01 extract (factbook/, public domain / CC0): country names,
    abbreviations, former names, capitals, nationality nouns/adjectives, current
    chief of state / head of government with "(since ...)" dates, legislatures
  * dieghernan country codes (countries/dieghernan-country-codes/, MIT): list of
    independent states, organisation names and ids
  * Factbook Appendix B (orgs/factbook-appendix-b/, public domain): international orgs
  * Party Facts (orgs/partyfacts/, MIT): political parties
NOT used (licence obligations): mledoze (ODbL), pycountry (LGPL), country-converter
(GPL), world-leaders-current and supraverden (CC BY-SA).  countrynames (MIT) is too
noisy (typos, sub-national places, form-input junk) for an exact-match gazetteer and
is not used either.

Why the filters exist (the tool matches these strings in running news text, so a
wrong alias produces a wrong entity everywhere it occurs):
  * Country aliases come from the Factbook (long form, local short form,
    abbreviation, former names) plus a small hand-written table of news forms
    (EXTRA_ALIASES).  The Phoenix country synonym lists are NOT used: they mix
    deliberate misspellings, cities, provinces and foreign-language names.
  * Only abbreviations news really uses are kept (ABBR_OK); "CAR", "NL", "CH" etc.
    are English words or too short to be safe.
  * Any alias equal to another entity's name/alias/demonym in the same file is
    dropped from all entities except a declared dominant one (DOMINANT).
  * Aliases that are common English words (COMMON_WORDS) are dropped; "US" is the
    only exception (the tool matches short all-caps aliases case-sensitively).
  * People: aliases must have >= 2 words and no title words; single-word Phoenix
    entries are dropped, as are entries containing institution words (ministry,
    government, ...) or consisting only of common English words.
  * Organisations: generic phrases (parliament, government, police ...) are never
    names; legislature names used by >= 2 countries are replaced by their local name
    or skipped; Party Facts English names must be >= 2 words, contain a party word,
    and be unique across countries; party abbreviations must be >= 3 capital letters,
    unique, and neither an English word nor an ISO code; parties whose last year is
    before 1990 and "technical" placeholder rows are skipped.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

csv.field_size_limit(10_000_000)

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

def fold(s: str) -> str:
    """Lower-case ASCII fold (diacritics removed)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ı", "i").replace("ə", "a").replace("Ə", "A").replace("ø", "o").replace("ß", "ss")
    s = s.replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L")
    return s.lower()


def pkey(s: str) -> str:
    """Person-name key: folded, hyphens/punctuation as spaces."""
    return "".join(re.findall(r"[a-z]+", fold(s)))


def slug(s: str) -> str:
    s = fold(s).replace("&", " and ").replace("'", "").replace("’", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def norm_key(s: str) -> str:
    """Key for comparing names (case, accents, punctuation, spelling variants)."""
    s = fold(s)
    s = s.replace("organisation", "organization").replace("co-operation", "cooperation")
    s = s.replace("labour", "labor").replace("programme", "program").replace("&", " and ")
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^(u n|un) ", "united nations ", s)
    return s


def clean(s: str) -> str:
    s = re.sub(r"<[^>]+>", " ", s or "")
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def join(vals) -> str:
    return "|".join(sorted({v for v in vals if v}, key=lambda x: (fold(x), x)))


def warn(msg: str) -> None:
    print(msg, file=sys.stderr)


# A compact list of common English words.  Used to reject aliases / "names" that are
# ordinary words (e.g. Phoenix entries such as "BLACK_MONDAY", party translations
# such as "Forward", "Change").  Extended at run time with the generic agent nouns of
# Phoenix.agents.txt.
COMMON_WORDS = set("""
a about above across act action actions after again against age agency agent ago
air all alliance also am among an and another any are area arm armed arms army around
art as at attack away back bank base be bear become been before being best better
between big bill bird black blue body border both bridge brother brothers but by call
can capital care case cause center centre central chair chance change charge chief
child children china church city civil class clear coast cold come common community
congress control cook core council country court cover cross crown day dead deal
death defence defense democracy democrat democratic development did do does dog dollar
door down draft dream during each earth east economic economy eight elder election
else end energy enough equality even ever every evil eye face fact fair faith fall
family far farm father few field fight final fire first five flag floor fly for force
forces foreign forest forward four free freedom friend friends from front full fund
future game general get girl give glass go god gold good government grand great green
ground group grow guard guinea hall hand hard have he head health heart help her here
high hill him his history hold holy home homeland hope horse house how human hunger i
ideal if in independence independent industry into iron is island it its job jordan
join judge just justice key kind king kingdom know labor labour land large last law
lead leader left legal let liberal liberty life light like line lion list little live
local long love low main major make man march mark market may me member men middle
might military mind minister mission model moment money more morning most mother
mountain move movement much must my nation national nations nature new news next night
nine no north not now number of off office old on one only open or order other our out
over own page palace parliament part party path peace people person place plan play
point police policy popular post power premier president press prime prince progress
public queen race reform region renewal republic republican rest return revival right
rights rise river road rock rule safe said saint same sea second security see senate
service seven shadow she shield side silver six small so social socialist society some
son sons south spirit spring star state states step stone street strength strong sun
support sword system table take team ten than that the their them then there these they
thing third this those three time to today together top total town trade true trust
turkey two under union unity up us use very victory village vision voice vote war
water way we wealth well west what when where which while white who why will win wind
with without woman women word work worker workers world year yes yet you young your
youth zero
""".split())

# Leading title words stripped from person names.
TITLE_WORDS = set("""
president vice prime minister premier king queen crown prince princess sheikh shaikh
sheik emir amir sultan general gen. lt. col. colonel major captain admiral marshal
dr. dr doctor mr. mr mrs. mrs ms. ms sir lord lady pope ayatollah grand mufti imam
cardinal bishop archbishop rev. reverend father sister chancellor secretary
secretary-general chairman chairwoman chair speaker governor governor-general
senator sen. rep. representative ambassador judge justice mayor commander acting
interim transitional supreme leader state affairs commission federal council of the
and first deputy his her majesty excellency highness royal head government minister-president
co-prince episcopal french military president-elect vice-president prime-minister
ex-president former late hojatolislam hojjatoleslam hojatoleslam sayyed sayed seyed mullah
maulana sheikha crown-prince defence defense foreign interior finance dame duke duchess
caretaker capt. capt gnu secretaty ministers
""".split())

# Words that mark an institution, not a person.
INSTITUTION_WORDS = set("""
ministry ministries government governments department office bureau agency agencies
authority commission committee council party parties army navy forces force police
assembly parliament congress court tribunal cabinet administration republic kingdom
state states union association organization organisation institute institution
foundation university college school bank fund movement front alliance league
coalition federation company corporation corp group holding holdings inc ltd network
news radio tv television newspaper times agency church mosque embassy consulate
mission program programme project center centre society club services service
brigade brigades battalion regiment division militia guard guards rebels insurgents
opposition ministers citizens people workers students farmers police
palace headquarters directorate intelligence declaration rifles internet rights
island islands isles territory territories province region city samoa caledonia
kurdistan herzegovina
""".split())

# Everyday acronyms that must not become party abbreviations.
COMMON_ACRONYMS = set("""SMS CEO GDP DNA AIDS HIV ATM VAT NGO GPS SOS USB CPU FAQ FYI ASAP WWW VIP RIP
DIY UFO ICU LGBT GMO BBC CNN PHD MBA CIA FBI NSA EPA IRS NASA ICE TNT LED LCD PVC ABC CBS NBC
FOX SUV NYC LOL OMG TBA TBD EST GMT PST UTC APR CFO COO MVP NFL NBA MLB NHL FIFA UEFA IOC WHO
IMF WTO OPEC NATO CAR MAD BAD PAN NEW FREE""".split())

ROLES = ("head_of_state", "head_of_government", "foreign_minister", "vice_president",
         "government", "opposition", "military", "official")

# --------------------------------------------------------------------------------------
# countries: hand-written knowledge (small, each entry a widely known fact)
# --------------------------------------------------------------------------------------

# Short English names as used by news where the Factbook short form differs.
NAME_OVERRIDE = {
    "VAT": "Holy See", "MMR": "Myanmar", "CAF": "Central African Republic",
    "FSM": "Micronesia", "ARE": "United Arab Emirates",
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "DOM": "Dominican Republic", "GMB": "Gambia", "BHS": "Bahamas",
    "CIV": "Ivory Coast", "CPV": "Cape Verde", "TUR": "Turkey",
}

# Extra aliases news uses (abbreviations, English variants, well-known former names).
EXTRA_ALIASES = {
    "USA": ["U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "ARE": ["UAE", "U.A.E."],
    "PRK": ["DPRK", "Democratic People's Republic of Korea"],
    "KOR": ["ROK", "Republic of Korea"],
    "CHN": ["PRC", "People's Republic of China"],
    "SAU": ["KSA", "Kingdom of Saudi Arabia"],
    "VAT": ["Vatican", "Holy See", "Vatican City", "Vatican City State"],
    "TUR": ["Turkiye", "Türkiye", "Republic of Türkiye", "Republic of Turkey"],
    "MMR": ["Burma", "Republic of the Union of Myanmar"],
    "AZE": ["Azerbaijan Republic", "Azərbaycan"],
    "GEO": ["Sakartvelo"],
    "MKD": ["Macedonia", "Republic of North Macedonia", "FYROM"],
    "SWZ": ["Swaziland", "Kingdom of Eswatini"],
    "COD": ["DRC", "DR Congo", "Congo-Kinshasa", "Zaire", "Democratic Republic of Congo"],
    # bare "Congo" is the Republic of the Congo, as in ISO 3166 short names
    "COG": ["Congo-Brazzaville", "Congo (Brazzaville)", "Congo", "Republic of Congo"],
    "CZE": ["Czech Republic"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CPV": ["Cabo Verde"],
    "TLS": ["East Timor"],
    "PSE": ["State of Palestine"],
    "IRN": ["Islamic Republic of Iran", "Persia"],
    "SYR": ["Syrian Arab Republic"],
    "EGY": ["Arab Republic of Egypt"],
    "ISR": ["State of Israel"],
    "RUS": ["Russian Federation"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao PDR", "Lao People's Democratic Republic"],
    "BOL": ["Plurinational State of Bolivia"],
    "VEN": ["Bolivarian Republic of Venezuela"],
    "TZA": ["United Republic of Tanzania"],
    "MDA": ["Republic of Moldova"],
    "BIH": ["BiH", "Bosnia"],
    "NZL": ["NZ"],
    "DEU": ["Federal Republic of Germany"],
    "BLR": ["Byelorussia", "Belorussia"],
    "KGZ": ["Kyrgyz Republic", "Kirghizia"],
    "MDV": ["Maldive Islands"],
    "LKA": ["Ceylon"],
    "BFA": ["Upper Volta"],
    "BEN": ["Dahomey"],
    "KHM": ["Kampuchea"],
    "THA": ["Siam"],
    "TWN": ["Republic of China", "Formosa"],
    "XKX": ["Republic of Kosovo"],
}

# Aliases from the Factbook that are misleading for news (different entity / junk).
BAD_ALIASES = {
    "ISR": {"Mandatory Palestine"},
    "EGY": {"United Arab Republic"}, "SYR": {"United Arab Republic"},
    "ECU": {"Quito"},
    "DOM": {"Santo Domingo"},
    "TUR": {"Turkey Cumhuriyeti"},
    "DOM": {"Santo Domingo", "The Dominican", "La Dominicana"},
    "MAR": {"Western Sahara", "Spanish Sahara", "Ifni"},
    "TZA": {"Zanzibar"}, "PNG": {"New Guinea", "Territory of Papua"},
    "FSM": {"Ponape", "Truk", "Yap Districts", "Caroline Islands", "New Philippines"},
    "IDN": {"Netherlands New Guinea"}, "ETH": {"Italian East Africa"}, "IRQ": {"Mesopotamia"},
    "BHR": {"Awal", "Dilmun", "Tylos", "Mishmahig", "Bahrayn"}, "SEN": {"Senegambia"},
    "BDI": {"Ruanda-Urundi", "German East Africa"}, "RWA": {"German East Africa"},
    "TZA2": set(), "COD": {"RDC"}, "VAT": {"Holy See (Vatican City)"},
    "KEN": {"British East Africa"}, "MLI": {"Mali Federation"},
}

# Abbreviations from the Factbook "abbreviation" field kept as aliases.
ABBR_OK = {"US", "USA", "UK", "UAE", "DPRK", "ROK", "PRC", "DRC", "BiH", "NZ", "Lao PDR"}

EXTRA_DEMONYMS = {
    "KAZ": ["Kazakh", "Kazakhs"], "UZB": ["Uzbek", "Uzbeks"], "KGZ": ["Kyrgyz", "Kirghiz"],
    "TJK": ["Tajik", "Tajiks", "Tadzhik"], "TKM": ["Turkmen"], "PRK": ["North Korean", "North Koreans"],
    "KOR": ["South Korean", "South Koreans"],
    "PSE": ["Palestinian", "Palestinians"], "USA": ["American", "Americans"],
    "GBR": ["British", "Briton", "Britons"], "BIH": ["Bosniak", "Bosniaks"],
    "SWZ": ["Swazi", "Swazis"], "COD": ["Congolese"], "TWN": ["Taiwanese"],
    "SAU": ["Saudi Arabian", "Saudi Arabians"], "ARE": ["Emirati", "Emiratis"],
    "NLD": ["Dutch"], "IRL": ["Irish"], "CHE": ["Swiss"], "ZAF": ["South African", "South Africans"],
    "CIV": ["Ivorian", "Ivorians"], "CPV": ["Cape Verdean", "Cape Verdeans", "Cape Verdian"],
    "ECU": ["Ecuadorian", "Ecuadorians", "Ecuadorean"], "GNB": ["Guinea-Bissauan", "Bissau-Guinean"],
    "MDV": ["Maldivian", "Maldivians", "Maldivan"], "NPL": ["Nepalese", "Nepali"],
    "TLS": ["East Timorese", "Timorese"], "KNA": ["Kittitian", "Nevisian"],
}

# Capitals where the Factbook text is not a plain name.
CAPITAL_OVERRIDE = {
    "USA": ["Washington", "Washington, D.C."], "MMR": ["Naypyidaw", "Nay Pyi Taw"],
    "NRU": ["Yaren"], "PSE": ["Ramallah"], "VAT": [],
    "SUN": ["Moscow"], "YUG": ["Belgrade"], "CSK": ["Prague"],
    "MDA": ["Chisinau", "Chișinău", "Kishinev"],
}

# States absent from the Factbook country list (historic, or Palestine which the
# Factbook splits into "West Bank" and "Gaza Strip").
MANUAL_STATES = {
    "PSE": {"name": "Palestine", "aliases": [], "demonyms": []},
    "SUN": {"name": "Soviet Union", "aliases": ["USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
            "demonyms": ["Soviet", "Soviets"]},
    "YUG": {"name": "Yugoslavia", "aliases": ["Socialist Federal Republic of Yugoslavia",
                                              "Federal Republic of Yugoslavia"],
            "demonyms": ["Yugoslav", "Yugoslavs"]},
    "CSK": {"name": "Czechoslovakia", "aliases": ["Czechoslovak Socialist Republic"],
            "demonyms": ["Czechoslovak", "Czechoslovaks"]},
}

# When the same alias/demonym is claimed by several countries, keep it only here.
DOMINANT = {"Georgia": "GEO", "Georgian": "GEO", "Georgians": "GEO", "Korean": None,
            "Koreans": None, "Congolese": "COD", "Dominican": "DOM", "Dominicans": "DOM",
            "Macedonia": "MKD", "Macedonian": "MKD", "Macedonians": "MKD",
            "Vatican City": "VAT", "Congo": "COG", "Luxembourg": "LUX", "Monaco": "MCO", "Singapore": "SGP",
            "Djibouti": "DJI", "San Marino": "SMR", "Kuwait": "KWT"}

# ambiguous = 1: the country name (or a listed alias) is also a common English word,
# a first/last name, or a sub-national place, so the tool should want context.
AMBIGUOUS = {
    "TCD": "Chad is a common first name",
    "JOR": "Jordan is a common first/last name and a river",
    "GEO": "Georgia is a US state and a first name",
    "TUR": "turkey is a bird / common noun",
    "CHN": "china is a common noun (porcelain)",
    "GIN": "guinea is a coin and part of 'guinea pig'",
    "NER": "Niger is also the river",
    "CHL": "chile is a common US spelling of chili pepper",
    "MKD": "Macedonia is also a region of Greece",
}

# Phoenix / Wikidata country codes that are not the ISO code used here.
CODE_MAP = {"USR": "SUN", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "YMD": "YEM",
            "DDR": "DEU", "SCG": "SRB", "KSV": "XKX", "XKX": "XKX", "PSE": "PSE"}

# Wikidata country labels that differ from our names/aliases.
COUNTRY_LABEL_MAP = {
    "People's Republic of China": "CHN", "Vatican City": "VAT", "Kingdom of the Netherlands": "NLD",
    "The Gambia": "GMB", "State of Palestine": "PSE", "Federated States of Micronesia": "FSM",
    "Kingdom of Denmark": "DNK", "São Tomé and Príncipe": "STP", "The Bahamas": "BHS",
    "Republic of the Congo": "COG", "Democratic Republic of the Congo": "COD",
    "Ivory Coast": "CIV", "Cape Verde": "CPV", "East Timor": "TLS", "Timor-Leste": "TLS",
    "Czech Republic": "CZE", "Eswatini": "SWZ", "Kingdom of Eswatini": "SWZ",
    "Republic of Ireland": "IRL", "North Macedonia": "MKD", "Myanmar": "MMR",
    "Georgia": "GEO", "Sahrawi Arab Democratic Republic": None,
}


# --------------------------------------------------------------------------------------
# Factbook field parsing
# --------------------------------------------------------------------------------------

def parse_demonyms(*fields: str) -> list[str]:
    out = []
    for f in fields:
        f = clean(f)
        if not f or f.lower() == "none":
            continue
        f = f.split(";")[0]
        f = re.sub(r"\((collective plural|singular and plural|singular|plural|colloquial)\)", "", f)
        m = re.search(r"\(or ([^)]+)\)", f)
        if m:
            out.append(m.group(1).strip())
            f = f.replace(m.group(0), "")
        for part in re.split(r",| or ", f):
            p = part.strip()
            if not p:
                continue
            m = re.fullmatch(r"(\w[\w' -]*?)\((men|women)\)", p)
            if m:
                base = m.group(1).strip()
                out.append(base)
                out.append(base[:-3] + "men")
                continue
            m = re.fullmatch(r"(.+?)\(s\)", p)
            if m:
                out.append(m.group(1).strip())
                out.append(m.group(1).strip() + "s")
                continue
            if "(" in p or ")" in p:
                continue
            out.append(p)
    return [o for o in out if o and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", o)]


def parse_capitals(iso: str, text: str) -> list[str]:
    if iso in CAPITAL_OVERRIDE:
        return CAPITAL_OVERRIDE[iso]
    text = clean(text)
    if not text or text.lower().startswith("no official"):
        return []
    text = re.split(r";\s*note|; note|\bnote -", text)[0]
    out = []
    for piece in re.split(r";|\),", text):
        piece = piece.strip().rstrip(")")
        if not piece:
            continue
        m = re.match(r"([^(]+?)\s*(?:\((.*))?$", piece)
        if not m:
            continue
        main = m.group(1).strip().rstrip(",")
        if main and main[0].isupper() and not re.search(r"\d", main):
            out.append(main)
        inner = (m.group(2) or "").strip().rstrip(")")
        if inner and not re.search(r"\b(capital|seat|on|aka|city|in|is|the|of|recognized)\b", inner):
            for alt in re.split(r"[,/]", inner):
                alt = alt.strip()
                if alt and alt[0].isupper():
                    out.append(alt)
    return out


def split_local(s: str) -> list[str]:
    s = clean(s)
    if not s or s.lower() == "none":
        return []
    out = []
    for p in re.split(r"/| or ", s):
        p = re.sub(r"\([^)]*\)", "", p).strip()
        if p and p.lower() != "none":
            out.append(p)
    return out


def split_former(s: str) -> list[str]:
    s = clean(s)
    if not s:
        return []
    s = re.sub(r"\[[^\]]*\]", "", s)
    s = re.sub(r"\([^)]*\)", "", s)
    return [p.strip() for p in re.split(r",|;", s) if p.strip()]


# --------------------------------------------------------------------------------------
# alias conflict resolution
# --------------------------------------------------------------------------------------

def resolve_conflicts(entities: dict, fields: tuple, dominant: dict, label: str, stats: Counter,
                      protected: set | None = None):
    """entities: id -> dict with 'name' and list fields.  Drops any alias string that
    is claimed by two or more entities (case-insensitive), keeping it only for the
    dominant id if one is declared.  A string equal to an entity's own name is never
    removed from that entity's name."""
    owners = defaultdict(set)
    for eid, e in entities.items():
        owners[e["name"].lower()].add(eid)
        for f in fields:
            for a in e[f]:
                owners[a.lower()].add(eid)
    for key, ids in owners.items():
        if len(ids) < 2:
            continue
        dom = None
        for k, v in dominant.items():
            if k.lower() == key:
                dom = v
        # an entity whose *name* is the string keeps it when it is the only one
        name_owners = [i for i in ids if entities[i]["name"].lower() == key]
        if dom is None and len(name_owners) == 1:
            dom = name_owners[0]
        for eid in ids:
            if eid == dom:
                continue
            for f in fields:
                before = len(entities[eid][f])
                entities[eid][f] = [a for a in entities[eid][f] if a.lower() != key]
                if len(entities[eid][f]) != before:
                    stats[f"{label}: alias dropped (shared by several entities)"] += 1


# --------------------------------------------------------------------------------------
# countries
# --------------------------------------------------------------------------------------

# Parent states of dependent territories, as the Factbook's government type names them.
PARENT_PATTERNS = [
    (r"\bof the US\b|sovereignty of the US", "USA"), (r"\bof the UK\b", "GBR"),
    (r"People's Republic of China", "CHN"), (r"\bof Australia\b", "AUS"),
    (r"\bof France\b|French", "FRA"), (r"\bof Norway\b", "NOR"),
    (r"Kingdom of Denmark|\bof Denmark\b", "DNK"), (r"Kingdom of the Netherlands|\bof the Netherlands\b", "NLD"),
    (r"\bof New Zealand\b", "NZL"),
]


def build_places(data: str, countries: dict, stats: Counter) -> list:
    """Dependent territories and other non-state entries of the Factbook, with the
    state they belong to where the Factbook says: places dyad must not take for names."""
    names_taken = set()
    for e in countries.values():
        names_taken.update(x.lower() for x in [e["name"], *e["aliases"], *e["demonyms"], *e["capitals"]])
    places = {}
    with open(os.path.join(data, "factbook/factbook_2026-01_countries.tsv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if r["iso3"] in countries:
                continue
            short = re.sub(r"\s*\([^)]*\)", "", clean(r["conventional_short_form"]))
            if not short or short.lower() == "none":
                stats["places: Factbook entry without a name (skipped)"] += 1
                continue
            names = [n.strip() for n in short.split(",") if n.strip()]
            parent = next((iso for pat, iso in PARENT_PATTERNS
                           if re.search(pat, r["government_type"])), "")
            # Their capitals (Hamilton, Douglas, Stanley) are left out: they are
            # people's names far more often than places in news.
            for name in names:
                if name.lower() not in names_taken:
                    places[name] = {"aliases": [], "country": parent, "kind": "territory"}
    stats["places: territories"] += len(places)
    return [[name, join(p["aliases"]), p["country"], p["kind"]] for name, p in sorted(places.items())]


def build_countries(data: str, stats: Counter):
    cc_rows = list(csv.DictReader(open(os.path.join(data, "countries/dieghernan-country-codes/Countrycodes.csv"),
                                       encoding="utf-8")))
    sovereign = {r["ISO_3166_3"] for r in cc_rows if r["independent"] == "TRUE"}
    sovereign |= {"PSE", "XKX", "TWN"}
    fb = {}
    with open(os.path.join(data, "factbook/factbook_2026-01_countries.tsv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if r["iso3"]:
                fb[r["iso3"]] = r
    countries = {}
    for iso in sorted(sovereign | set(MANUAL_STATES)):
        r = fb.get(iso)
        if iso in MANUAL_STATES:
            m = MANUAL_STATES[iso]
            e = {"name": m["name"], "aliases": list(m["aliases"]), "demonyms": list(m["demonyms"]),
                 "capitals": []}
        elif r is None:
            stats["countries: sovereign state without Factbook row (skipped)"] += 1
            continue
        else:
            short = clean(r["conventional_short_form"])
            name = NAME_OVERRIDE.get(iso) or short
            aliases = []
            if short and short.lower() != "none" and short != name:
                aliases.append(short)
            longf = clean(r["conventional_long_form"]).split(";")[0].strip()
            if longf and longf.lower() != "none":
                aliases.append(re.sub(r"\s*\([^)]*\)", "", longf))
            aliases += [a for a in split_local(r["local_short_form"])
                        if a.isascii() or re.fullmatch(r"[\w' -]+", a)]
            for ab in re.split(r"\s+or\s+|\s*\(or\s+|\)", clean(r["abbreviation"])):
                ab = ab.strip()
                if ab in ABBR_OK:
                    aliases.append(ab)
            aliases += split_former(r["former"])
            e = {"name": name, "aliases": aliases,
                 "demonyms": parse_demonyms(r["nationality_noun"], r["nationality_adjective"]),
                 "capitals": []}
            e["capitals"] = parse_capitals(iso, r["capital"])
        if iso in CAPITAL_OVERRIDE:
            e["capitals"] = list(CAPITAL_OVERRIDE[iso])
        e["aliases"] += EXTRA_ALIASES.get(iso, [])
        e["demonyms"] += EXTRA_DEMONYMS.get(iso, [])
        bad = BAD_ALIASES.get(iso, set())
        kept = []
        for a in e["aliases"]:
            a = clean(a)
            if not a or a == e["name"] or (a in bad and a not in EXTRA_ALIASES.get(iso, [])):
                continue
            if a.lower() in COMMON_WORDS and a != "US":
                stats["countries: alias dropped (common English word)"] += 1
                continue
            if a.lower() in {"republic", "kingdom", "islands", "none", "state"}:
                continue
            kept.append(a)
        e["aliases"] = sorted(set(kept))
        e["demonyms"] = sorted({d for d in e["demonyms"] if d != e["name"] and d.lower() != "none"})
        e["capitals"] = sorted({c for c in e["capitals"] if c != e["name"]})
        e["aliases"] = [a for a in e["aliases"] if a not in e["capitals"]]
        countries[iso] = e
    resolve_conflicts(countries, ("aliases", "demonyms"), DOMINANT, "countries", stats)
    # demonyms must not repeat as aliases of the same country
    for e in countries.values():
        e["aliases"] = [a for a in e["aliases"] if a not in e["demonyms"]]
    return countries, fb


def country_lookup(countries: dict) -> dict:
    lk = {}
    for iso, e in countries.items():
        for s in [e["name"]] + e["aliases"]:
            lk.setdefault(fold(s), iso)
    for k, v in COUNTRY_LABEL_MAP.items():
        lk[fold(k)] = v
    return lk


# --------------------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------------------

PARTICLES = {"bin", "bint", "ibn", "al", "el", "de", "del", "della", "di", "da", "dos", "das",
             "du", "van", "von", "der", "den", "la", "le", "y", "ben", "ould", "ter", "ul", "ud"}


def natural_case(name: str) -> str:
    words = name.split()
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if i > 0 and lw in PARTICLES:
            out.append(lw)
            continue
        parts = lw.split("-")
        np = []
        for j, p in enumerate(parts):
            if (i > 0 or j > 0) and p in PARTICLES and j < len(parts) - 1:
                np.append(p)
            elif re.fullmatch(r"[ivx]+", p) and len(p) <= 4 and i > 0:
                np.append(p.upper())
            else:
                q = p[:1].upper() + p[1:]
                q = re.sub(r"^(O|D|Mc)'?(\w)", lambda m: m.group(0)[:-1] + m.group(2).upper(), q) \
                    if re.match(r"^(O'|D')", q) else q
                q = re.sub(r"\.(\w)", lambda m: "." + m.group(1).upper(), q)
                np.append(q)
        out.append("-".join(np))
    return " ".join(out)


def factbook_name(s: str) -> str:
    """'Benyamin NETANYAHU' -> 'Benyamin Netanyahu' (capitals are surnames)."""
    out = []
    for w in s.split():
        parts = []
        for p in w.split("-"):
            if re.search(r"[A-Z]{2}", p) and p.upper() == p and not re.fullmatch(r"[IVX]+", p):
                parts.append(natural_case(p))
            else:
                parts.append(p)
        out.append("-".join(parts))
    res = " ".join(out)
    # keep particles lower-case when not first
    ws = res.split()
    return " ".join([ws[0]] + [w.lower() if w.lower() in PARTICLES else w for w in ws[1:]]) if ws else res


def strip_titles(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and words[i].lower() in TITLE_WORDS:
        i += 1
    return words[i:]


def valid_person_alias(a: str) -> bool:
    ws = a.split()
    if len(ws) < 2:
        return False
    if any(w.lower() in TITLE_WORDS for w in ws):
        return False
    if re.fullmatch(r"[A-Za-z]\.?", ws[0]):
        return False
    if re.search(r"\d", a):
        return False
    return True


def phoenix_date(s: str, end: bool = False) -> str:
    s = s.strip()
    if re.fullmatch(r"\d{8}", s):
        y, m, d = s[:4], s[4:6], s[6:8]
    elif re.fullmatch(r"\d{6}", s):
        yy = int(s[:2])
        y = str(1900 + yy if yy >= 30 else 2000 + yy)
        m, d = s[2:4], s[4:6]
    else:
        return ""
    if not (1 <= int(m) <= 12 and 1 <= int(d) <= 31):
        return y
    return f"{y}-{m}-{d}"


def parse_phoenix(path: str):
    """Yield entries: dict(name, synonyms, codes[list of (code, start, end)], comment)."""
    entries = []
    cur = None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            body, _, comment = line.partition("#")
            codes = re.findall(r"\[([^\]]*)\]", body)
            text = re.sub(r"\[[^\]]*\]", "", body).strip()
            if line[0] in " \t":
                if cur is not None:
                    cur["codes"] += codes
                continue
            if line.startswith("+"):
                if cur is not None and text[1:].strip():
                    cur["syn"].append(text[1:].strip())
                if cur is not None:
                    cur["codes"] += codes
                continue
            cur = {"name": text, "syn": [], "codes": list(codes), "comment": comment.strip()}
            entries.append(cur)
    for e in entries:
        parsed = []
        for c in e["codes"]:
            c = c.strip()
            m = re.fullmatch(r"([A-Z~-]+)\s*(.*)", c)
            if not m:
                continue
            code, rng = m.group(1), m.group(2).strip()
            start = end = ""
            if rng.startswith(">"):
                start = phoenix_date(rng[1:])
            elif rng.startswith("<"):
                end = phoenix_date(rng[1:])
            elif "-" in rng:
                a, b = rng.split("-", 1)
                start, end = phoenix_date(a), phoenix_date(b)
            parsed.append((code, start, end))
        e["codes"] = parsed
    return entries


def phoenix_words(s: str) -> list[str]:
    s = re.sub(r"\([^)]*\)", " ", s)
    s = s.replace("_", " ").strip()
    return [w for w in s.split() if w]


def build_people(data: str, countries: dict, fb: dict, common: set, stats: Counter):
    lk = country_lookup(countries)
    rows = []          # dicts: id,name,aliases(set),country,role,start,end
    names_by_id = {}
    aliases_by_id = defaultdict(set)

    def add(pid, name, country, role, start, end, aliases=()):
        names_by_id.setdefault(pid, name)
        aliases_by_id[pid].update(a for a in aliases if valid_person_alias(a))
        rows.append({"id": pid, "country": country, "role": role, "start": start, "end": end})

    # ---- Wikidata heads of state / government -------------------------------------
    hdir = os.path.join(data, "people/wikidata-heads-of-state-government")
    files = {}
    for fn in ("wikidata_2024-10-23.csv", "wikidata_2026.csv"):
        with open(os.path.join(hdir, fn), encoding="utf-8") as fh:
            files[fn] = list(csv.DictReader(fh))
    # known-bad labels (SOURCES.md §8): take the other file's label for the same QID,
    # else the fixed value below (names known from the 2024 file / other public data).
    bad_labels = {"Nayib buke", "Edeupa Yerimin", "Ben Do", "Anura Kurankan Dissanayake",
                  "amin berrabahgay", "Isaías Fortis"}
    fixed = {"Q3052772": "Emmanuel Macron", "Q1058": "Narendra Modi", "Q5771800": "Claudia Sheinbaum",
             "Q272201": "Liz Truss", "Q897790": "Francisco Guterres", "Q42478807": "Đuro Macut",
             "Q124488292": "Péter Magyar"}
    label_fix = {"Nayib buke": "Nayib Bukele", "Anura Kurankan Dissanayake": "Anura Kumara Dissanayake",
                 "amin berrabahgay": "Abdelmadjid Tebboune", "Isaías Fortis": "Isaias Afwerki"}
    labels = defaultdict(dict)
    for fn, rs in files.items():
        for r in rs:
            labels[r["officeholder"]][fn] = r["officeholderLabel"]

    def label_for(qid):
        if qid in fixed:
            return fixed[qid]
        cands = [labels[qid].get("wikidata_2026.csv"), labels[qid].get("wikidata_2024-10-23.csv")]
        for c in cands:
            if c and c not in bad_labels and not re.fullmatch(r"Q\d+", c):
                return c
        for c in cands:
            if c in label_fix:
                return label_fix[c]
        return None

    def hos_role(pos: str) -> str | None:
        p = pos.lower()
        if "co-prince" in p and "french" in p:
            return None   # French President as co-prince of Andorra: not an Andorran person
        if "governor-general" in p:
            return "official"
        if "federal council" in p or "state administration council" in p:
            return "government"
        if re.search(r"prime minister|premier|chancellor|taoiseach|chairman of the council of ministers",
                     p):
            return "head_of_government"
        return "head_of_state"

    new = {(r["officeholder"], r["position"]) for r in files["wikidata_2026.csv"]}
    holders26 = defaultdict(list)
    for r in files["wikidata_2026.csv"]:
        if r["start_year"]:
            holders26[r["position"]].append((int(r["start_year"]), r["officeholder"]))
    seen = set()
    wd_current = defaultdict(list)  # iso -> [(qid, role, start_year, rowref)]
    wd_past = defaultdict(list)
    for fn in ("wikidata_2026.csv", "wikidata_2024-10-23.csv"):
        for r in files[fn]:
            key = (r["officeholder"], r["position"], r["start_year"])
            if key in seen:
                continue
            seen.add(key)
            qid = r["officeholder"]
            name = label_for(qid)
            if not name:
                stats["people: Wikidata HoS/HoG dropped (unresolved bare QID label)"] += 1
                continue
            iso = lk.get(fold(r["country"]))
            if not iso:
                stats["people: Wikidata HoS/HoG dropped (country not mapped)"] += 1
                continue
            if r["start_year"] and (not r["start_year"].isdigit() or int(r["start_year"]) < 1900):
                stats["people: Wikidata HoS/HoG dropped (modelling quirk, start year before 1900)"] += 1
                continue
            role = hos_role(r["positionLabel"])
            if role is None:
                stats["people: Wikidata HoS/HoG dropped (foreign co-prince)"] += 1
                continue
            end = r["end_year"]
            if fn == "wikidata_2024-10-23.csv" and not end and (qid, r["position"]) not in new:
                # held office in Oct 2024 but gone by 2026: ended when a successor started
                succ = [y for y, q in holders26.get(r["position"], []) if q != qid
                        and r["start_year"] and y >= int(r["start_year"])]
                if succ:
                    end = str(min(succ))
            row = {"id": qid, "country": iso, "role": role, "start": r["start_year"], "end": end}
            names_by_id.setdefault(qid, name)
            for other in labels[qid].values():   # the other snapshot's spelling, if sane
                if other != name and other not in bad_labels and not re.fullmatch(r"Q\d+", other) \
                        and valid_person_alias(other):
                    aliases_by_id[qid].add(other)
            rows.append(row)
            if not end:
                wd_current[iso].append((qid, role, r["start_year"], row))
            else:
                wd_past[iso].append((qid, role, r["start_year"], row))

    # ---- Factbook: exact "(since ...)" dates and CIA spellings for current leaders --
    months = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"], 1)}

    def tok(s):
        return [t for t in re.split(r"[^a-z]+", fold(s)) if len(t) >= 2]

    found = []   # (iso, role, fname, date, year, prefix, match or None)
    for iso, r in sorted(fb.items()):
        if iso not in countries:
            continue
        for field, role in (("chief_of_state", "head_of_state"), ("head_of_government", "head_of_government")):
            text = clean(r.get(field, ""))
            for m in re.finditer(r"([^;()]+?)\s*(?:\([^()]*\)\s*)?\(since (\d{1,2}) (\w+) (\d{4})\)", text):
                allw = m.group(1).split()
                capi = [i for i, w in enumerate(allw) if w.lower() not in TITLE_WORDS
                        and any(re.search(r"[A-Z]{2}", p) and p.upper() == p for p in w.split("-"))]
                if not capi:
                    continue
                # the name starts at the first capitalised surname, extended to the left over
                # capitalised given names (stopping at title words and abbreviations)
                i0 = capi[0]
                while i0 > 0:
                    w = allw[i0 - 1]
                    if (w.endswith(".") and len(w) > 2) or w.lower() in TITLE_WORDS \
                            or not (w[:1].isupper() or w in PARTICLES):
                        break
                    i0 -= 1
                words = allw[i0:]
                fname = factbook_name(" ".join(words))
                day, mon, year = int(m.group(2)), months.get(m.group(3)), m.group(4)
                if not mon:
                    continue
                date = f"{year}-{mon:02d}-{day:02d}"
                prefix = " ".join(allw[:i0]).lower()
                deputy = "governor" in prefix or "represented" in prefix
                capw = [w for w in words if re.search(r"[A-Z]{2}", w)]
                if len(capw) > 1 and re.fullmatch(r"[IVX]+", words[-1]):
                    capw = [w for w in capw if w != words[-1]]   # regnal number ("CHARLES III")
                caps = [t for w in capw for t in tok(w)]
                best = None
                if not deputy and caps:
                    for qid, wrole, sy, row in wd_current.get(iso, []) + wd_past.get(iso, []):
                        lt = tok(" ".join([names_by_id[qid]] + sorted(aliases_by_id[qid])))
                        score = sum(1 for c in caps if any(
                            c == t or (len(c) >= 4 and difflib.SequenceMatcher(None, c, t).ratio() >= 0.8)
                            for t in lt))
                        if score >= 1 and score * 2 >= len(caps):
                            cand = (row["end"] == "", wrole == role, score, qid)
                            if best is None or cand > best[0]:
                                best = (cand, qid, wrole, sy, row)
                found.append((iso, role, fname, date, year, deputy, best))
    roles_seen = defaultdict(set)
    for iso, role, fname, date, year, deputy, best in found:
        if best:
            roles_seen[best[1]].add(role)
    for iso, role, fname, date, year, deputy, best in found:
        if best:
            _, qid, wrole, sy, row = best
            # the Factbook decides HoS vs HoG when it names the person in one field only
            # (e.g. Iran: the President is head of government, the Supreme Leader chief of state)
            if (not row["end"] and wrole != role and roles_seen[qid] == {role}
                    and wrole in ("head_of_state", "head_of_government")):
                row["role"] = role
                wrole = role
                stats["people: role corrected from Factbook (HoS/HoG)"] += 1
            if sy == year and wrole == role and not row["end"]:
                row["start"] = date
            if pkey(fname) != pkey(names_by_id[qid]) and valid_person_alias(fname):
                aliases_by_id[qid].add(fname)
            stats["people: Factbook leader matched to Wikidata"] += 1
        elif len(fname.split()) >= 2:
            known = {pkey(n) for n in names_by_id.values()} | \
                {pkey(a) for al in aliases_by_id.values() for a in al}
            if pkey(fname) in known:
                stats["people: Factbook leader skipped (already known in another role/country)"] += 1
                continue
            pid = "person/" + slug(fname)
            add(pid, fname, iso, "official" if deputy else role, date, "")
            stats["people: Factbook leader added (not in Wikidata files)"] += 1

    # ---- Wikidata foreign ministers -----------------------------------------------
    with open(os.path.join(data, "people/wikidata-foreign-ministers/foreign_ministers_wikidata_2022-12-10.csv"),
              encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if not r["person"] or not r["name"]:
                stats["people: foreign minister row without person"] += 1
                continue
            iso = lk.get(fold(r["countryLabel"]))
            if not iso:
                stats["people: foreign minister dropped (jurisdiction not a state in countries.csv)"] += 1
                continue
            if re.fullmatch(r"Q\d+", r["name"]):
                stats["people: foreign minister dropped (bare QID label)"] += 1
                continue
            fm_name = r["name"]
            ws = fm_name.split()
            if len(ws) > 2 and ws[0].lower() in {"prince", "sheikh", "sheikha", "shaikh", "dr.", "sir"}:
                fm_name = " ".join(ws[1:])   # "Prince Faisal bin Farhan Al Saud" -> without title
            names_by_id.setdefault(r["person"], fm_name)
            rows.append({"id": r["person"], "country": iso, "role": "foreign_minister",
                         "start": r["start"], "end": ""})

    # ---- Wikidata international officeholders -------------------------------------
    idir = os.path.join(data, "people/wikidata-international-officeholders")
    for fn in ("holders_2023-01.csv", "current_2023-01.csv"):
        with open(os.path.join(idir, fn), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if not r["personID"] or "Permanent Representative" in r["position"]:
                    if "Permanent Representative" in r["position"]:
                        stats["people: UN permanent representative skipped (national, country unknown)"] += 1
                    continue
                names_by_id.setdefault(r["personID"], r["person"])
                rows.append({"id": r["personID"], "country": "", "role": "official",
                             "start": r["start"], "end": r["end"]})

    # index of Wikidata people for merging Phoenix entries (same folded name + country)
    wd_index = {}
    for row in rows:
        if re.fullmatch(r"Q\d+", row["id"]) or row["id"].startswith("person/"):
            wd_index.setdefault((pkey(names_by_id[row["id"]]), row["country"]), row["id"])
            for a in aliases_by_id[row["id"]]:
                wd_index.setdefault((pkey(a), row["country"]), row["id"])
    wd_intl = {pkey(names_by_id[r["id"]]): r["id"] for r in rows if r["country"] == "" and r["id"].startswith("Q")}

    # ---- Phoenix persons ----------------------------------------------------------
    def person_name(raw: str):
        ws = phoenix_words(raw)
        if not ws or any(re.search(r"[0-9/&,]", w) for w in ws):
            return None
        ws = strip_titles(ws)
        if len(ws) < 2:
            return None
        low = [w.lower().strip(".'") for w in ws]
        if any(w in INSTITUTION_WORDS for w in low):
            return None
        if all(w in common for w in low):
            return None
        if all(len(w.strip(".")) <= 1 for w in ws[:-1]) and len(ws) == 2:
            return None   # "K. ANNAN": initial + surname
        return natural_case(" ".join(ws))

    phoenix_people = []  # (name, aliases, country, role, start, end)
    pc = parse_phoenix(os.path.join(data, "petrarch2/Phoenix.Countries.actors.txt"))
    for e in pc:
        roles = [(c, s, t) for c, s, t in e["codes"] if len(c) > 3 and re.fullmatch(r"[A-Z]{3}[A-Z]+", c)]
        if not roles:
            continue
        name = person_name(e["name"])
        if not name:
            stats["people: Phoenix entry dropped (not a person / single word / common words)"] += 1
            continue
        aliases = set()
        for s in e["syn"]:
            a = person_name(s)
            if a and a != name and valid_person_alias(a):
                aliases.add(a)
        for code, start, end in roles:
            cty = CODE_MAP.get(code[:3], code[:3])
            if cty not in countries:
                stats["people: Phoenix role dropped (code is not a state in countries.csv)"] += 1
                continue
            rc = code[3:]
            role = ("government" if rc.startswith("GOV") else "opposition" if rc.startswith("OPP")
                    else "military" if rc.startswith("MIL") else "official")
            phoenix_people.append((name, aliases, cty, role, start, end))

    pi = parse_phoenix(os.path.join(data, "petrarch2/Phoenix.International.actors.txt"))
    for e in pi:
        if not e["codes"] or not any(c[0].startswith(("IGO", "NGO")) for c in e["codes"]):
            continue
        ws = [w.lower() for w in phoenix_words(e["name"])]
        if any(w in TITLE_WORDS or w in INSTITUTION_WORDS for w in ws):
            continue
        if not (e["comment"].find("IGOrulers") >= 0 or any(s or t for _, s, t in e["codes"])):
            continue   # undated NGO_Actors lines mix people and bodies: keep only dated/ruler entries
        name = person_name(e["name"])
        if not name or len(name.split()) > 4:
            continue
        aliases = {a for a in (person_name(s) for s in e["syn"]) if a and a != name and valid_person_alias(a)}
        for code, start, end in e["codes"]:
            if code.startswith(("IGO", "NGO")):
                phoenix_people.append((name, aliases, "", "official", start, end))
            elif CODE_MAP.get(code[:3], code[:3]) in countries and len(code) > 3:
                rc = code[3:]
                role = ("government" if rc.startswith("GOV") else "opposition" if rc.startswith("OPP")
                        else "military" if rc.startswith("MIL") else "official")
                phoenix_people.append((name, aliases, CODE_MAP.get(code[:3], code[:3]), role, start, end))

    # slug ids: disambiguate identical names of different countries
    slug_countries = defaultdict(set)
    for name, _, cty, *_ in phoenix_people:
        if (pkey(name), cty) not in wd_index:
            slug_countries[slug(name)].add(cty)
    phoenix_ids = {}
    for name, aliases, cty, role, start, end in phoenix_people:
        key = (name, cty)
        if key not in phoenix_ids:
            qid = wd_index.get((pkey(name), cty)) or wd_intl.get(pkey(name))
            if not qid:
                for a in sorted(aliases):
                    qid = wd_index.get((pkey(a), cty))
                    if qid:
                        break
            if qid:
                stats["people: Phoenix person merged into Wikidata QID"] += 1
                pid = qid
            else:
                s = slug(name)
                pid = "person/" + s + (("-" + cty.lower()) if len(slug_countries[s]) > 1 and cty else "")
            phoenix_ids[key] = pid
        pid = phoenix_ids[key]
        if pid in names_by_id:
            if pkey(name) != pkey(names_by_id[pid]):
                aliases_by_id[pid].add(name)
        else:
            names_by_id.setdefault(pid, name)
        aliases_by_id[pid].update(aliases)
        rows.append({"id": pid, "country": cty, "role": role, "start": start, "end": end})

    # an undated (open) Phoenix row is redundant when the same person has dated rows
    dated = {(r["id"], r["country"]) for r in rows if r["start"] or r["end"]}
    before = len(rows)
    rows = [r for r in rows if r["start"] or r["end"] or (r["id"], r["country"]) not in dated]
    stats["people: undated row dropped (same person has dated rows)"] += before - len(rows)
    return rows, names_by_id, aliases_by_id


# --------------------------------------------------------------------------------------
# organisations
# --------------------------------------------------------------------------------------

GENERIC_ORG_NAMES = {norm_key(x) for x in [
    "Parliament", "Congress", "Senate", "National Assembly", "House of Representatives",
    "House of Commons", "House of Lords", "Government", "Police", "Army", "Navy", "Air Force",
    "Military", "Cabinet", "Council", "State Council", "Federal Council", "National Council",
    "Legislative Assembly", "Supreme Court", "Constitutional Court", "Federal Assembly",
    "Legislative Council", "Chamber of Deputies", "House of Assembly", "Upper House", "Lower House",
    "Senado", "Sénat", "Senat", "Assemblée nationale", "House of the People", "Council of States",
    "Shura Council", "Consultative Assembly", "Legislative Chamber", "Federal Parliament",
    "Commonwealth", "Entente", "First World", "Four Dragons", "Third World", "Paris Club",
    "Interim Government", "Transitional Government", "National Congress", "Majlis",
    "People's Assembly", "National Parliament", "House of Councillors", "Council of Ministers",
    "Ministry", "Opposition", "Rebels", "Security Forces", "Armed Forces", "Central Bank"]}

# vocabulary of legislature names: a name made only of these is generic
LEG_WORDS = {"of", "the", "and", "people's", "peoples", "representatives", "deputies", "chamber", "house",
             "councillors", "councilors", "senators", "states", "nation", "national", "federal",
             "supreme", "general", "legislative", "consultative", "parliamentary", "grand", "upper",
             "lower", "regions", "districts", "provinces", "delegates", "elders", "chiefs", "estates",
             "territorial", "transitional", "republic", "assembly", "council", "senate", "congress",
             "houses", "parliament"}

# generic legislature words in other languages (a local name made only of these is generic)
LOCAL_LEG_WORDS = {"il", "la", "le", "el", "de", "del", "des", "do", "dos", "da", "di", "der", "al", "e", "y",
                   "parlamento", "parlament", "parlement", "barlamane", "kongreso", "congreso", "congresso",
                   "asamblea", "assemblee", "assembleia", "conseil", "consiglio", "consell", "nacional",
                   "national", "nationale", "nazionale", "general", "generale", "generala", "senado", "senat",
                   "senato", "camara", "chambre", "camera", "watani", "al-watani", "majlis", "majles",
                   "bunge", "fono", "sabha", "sejm"}

PARTY_WORDS = {"party", "front", "union", "alliance", "movement", "congress", "league", "coalition",
               "bloc", "democrats", "republicans", "socialists", "communists", "greens", "federation",
               "rally", "forum", "convention", "list", "assembly", "organization", "organisation",
               "people's", "democratic", "liberal", "socialist", "communist", "conservative",
               "labour", "labor", "nationalist", "christian", "green", "social", "progressive",
               "national", "republican", "popular", "workers", "justice", "freedom"}

ORG_KEYWORDS = {"organization", "organisation", "agency", "fund", "bank", "commission", "council",
                "association", "union", "committee", "institute", "foundation", "program",
                "programme", "forum", "court", "tribunal", "office", "federation", "alliance",
                "league", "movement", "front", "army", "brigade", "brigades", "group", "party",
                "society", "network", "center", "centre", "conference", "community", "corps",
                "mission", "watch", "international", "authority", "secretariat", "assembly",
                "parliament", "initiative", "coalition", "board", "service", "red", "crescent",
                "cross", "trust", "campaign", "initiative", "partnership", "movement", "forces",
                "battalion", "militia", "resistance", "jihad", "mujahideen", "taliban", "organization"}

BAD_ORG_ABBR = {"C", "CE", "AG", "PA", "AL", "CD", "CP", "BA", "NC", "FZ", "CAN", "ECO", "ICCt",
                "DCs", "FSU", "InOC", "SPC", "ZC", "ACP", "EMU", "NAM", "ESA", "IDA", "PCA",
                "CEI", "CDB", "AMF", "LAS", "BIS", "CACM"}

ABBR_OVERRIDE = {"Council of Europe": ["CoE"], "International Criminal Court": ["ICC"],
                 "League of Arab States": ["Arab League"], "Nonaligned Movement": ["NAM", "Non-Aligned Movement"],
                 "Group of 7": ["G7", "G-7"], "Group of 20": ["G20", "G-20"], "Group of 8": ["G8", "G-8"],
                 "Group of 77": ["G77", "G-77"], "International Monetary Fund": ["IMF"],
                 "International Bank for Reconstruction and Development": ["IBRD"],
                 "Organization for Security and Cooperation in Europe":
                     ["OSCE", "Organization for Security and Co-operation in Europe",
                      "Organisation for Security and Co-operation in Europe"],
                 "United Nations": ["UN", "U.N.", "United Nations Organization"],
                 "European Union": ["EU", "E.U."],
                 "North Atlantic Treaty Organization": ["NATO"]}

NAME_FIX = {"Comuinidade dos Paises de Lingua Portuguesa": "Community of Portuguese Language Countries",
            "Group of 7": "Group of Seven", "Group of 20": "Group of Twenty", "Group of 8": "Group of Eight",
            "Nonaligned Movement": "Non-Aligned Movement",
            "Organization for Security and Cooperation in Europe":
                "Organization for Security and Co-operation in Europe"}

# Appendix B entries that are groupings of countries, not organisations.
APPX_SKIP_RE = re.compile(r"^(advanced|centrally|communist|countries|developed|developing|former|"
                          r"high income|industrial|least|less|low income|middle income|newly|"
                          r"First World|Second World|Third World|Fourth World|Four Dragons|Big Seven|"
                          r"Group of [0-9]+ \(G-(3|5|6|9|10|11|15|24)\)|Group of (3|5|6|9|10|11|15|24)$|"
                          r"Commonwealth$|Council of the Entente|Franc Zone|Paris Club|"
                          r"Front Line States|Australia Group|Colombo Plan)", re.I)


def title_org(raw_words: list[str], acronyms: set) -> str:
    small = {"of", "and", "for", "the", "in", "on", "to", "at", "by", "de", "du", "des", "la", "le", "al"}
    out = []
    for i, w in enumerate(raw_words):
        lw = w.lower()
        if w.upper() in acronyms or re.fullmatch(r"([A-Za-z]\.)+", w) \
                or (len(w) <= 4 and not re.search(r"[AEIOUY]", w.upper()) and w.isalpha()):
            out.append(w.upper())
        elif i > 0 and lw in small:
            out.append(lw)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in lw.split("-")))
    return " ".join(out)


def build_orgs(data: str, countries: dict, fb: dict, common: set, curated: list, stats: Counter):
    orgs = {}          # key(norm name) -> dict(name, aliases set, country, kind, abbr)
    abbr_index = {}

    def alias_keys():
        return {norm_key(a) for o in orgs.values() for a in o["aliases"]}

    def get(name, kind, country=""):
        k = norm_key(name)
        if k not in orgs:
            orgs[k] = {"name": name, "aliases": set(), "country": country, "kind": kind, "abbr": ""}
        return orgs[k]

    # ---- Factbook Appendix B ------------------------------------------------------
    appx = json.load(open(os.path.join(data, "orgs/factbook-appendix-b/factbook_appendix_b_2020.json"),
                          encoding="utf-8"))
    for e in appx["entries"]:
        name = clean(e["name"])
        # "North", "South": the appendix also defines popular terms, which are no bodies
        is_term = re.match(r"(a popular|another|a) term\b", e["text"])
        if (not name or not name[0].isupper() or is_term
                or APPX_SKIP_RE.search(e["entry"]) or APPX_SKIP_RE.search(name)):
            stats["orgs: Appendix B entry skipped (category, not an organisation)"] += 1
            continue
        abbrs = [a.strip() for a in re.split(r",| or ", e["abbreviation"]) if a.strip()]
        abbrs = [a for a in abbrs if re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{1,9}", a)]
        for old, new in NAME_FIX.items():
            if name == old:
                name = new
        o = get(name, "igo")
        for a in abbrs:
            if a in BAD_ORG_ABBR:
                stats["orgs: abbreviation dropped (English word / too short / unused)"] += 1
                continue
            o["aliases"].add(a)
            o["abbr"] = o["abbr"] or a
        if name == "BRICS":
            o["abbr"] = "BRICS"
        for n in e.get("notes", []):
            m = re.match(r"also known as (?:the )?([A-Z][\w' -]+?)(?:;|$|\()", n)
            if m and len(m.group(1).split()) >= 2:
                o["aliases"].add(m.group(1).strip())

    for name, al in ABBR_OVERRIDE.items():
        k = norm_key(NAME_FIX.get(name, name))
        if k in orgs:
            orgs[k]["aliases"].update(al)
            for a in al:
                if re.fullmatch(r"[A-Z][A-Za-z0-9]{1,5}", a) and not orgs[k]["abbr"]:
                    orgs[k]["abbr"] = a
            if name == "International Criminal Court":
                orgs[k]["abbr"] = "ICC"
    # International Chamber of Commerce loses "ICC" to the court (news usage)
    kcc = norm_key("International Chamber of Commerce")
    if kcc in orgs:
        orgs[kcc]["aliases"].discard("ICC")
        orgs[kcc]["abbr"] = ""

    # ---- dieghernan organisations -------------------------------------------------
    with open(os.path.join(data, "countries/dieghernan-country-codes/CountrycodesOrgs.csv"), encoding="utf-8") as fh:
        seen = set()
        for r in csv.DictReader(fh):
            key = (r["org_id"], clean(r["org_name"]))
            if key in seen:
                continue
            seen.add(key)
            name = clean(r["org_name"])
            for old, new in NAME_FIX.items():
                if name == old:
                    name = new
            k = norm_key(name)
            if APPX_SKIP_RE.search(name):
                continue
            if k not in orgs:
                # find by abbreviation (case-insensitive) or alias among existing
                hit = [o for o in orgs.values() if o["abbr"].upper() == r["org_id"].upper()
                       or k in {norm_key(a) for a in o["aliases"]}]
                if hit:
                    hit[0]["aliases"].add(name)
                    continue
                o = get(name, "igo")
                if re.fullmatch(r"[A-Z]{2,8}", r["org_id"]) and r["org_id"] not in BAD_ORG_ABBR:
                    o["aliases"].add(r["org_id"])
                    o["abbr"] = r["org_id"]
                stats["orgs: added from dieghernan only"] += 1

    acronyms = {a.upper() for o in orgs.values() for a in o["aliases"] if re.fullmatch(r"[A-Za-z]{2,8}", a)}
    acronyms |= {"UN", "EU", "US", "UK", "NATO", "OSCE", "ASEAN", "UNICEF", "UNESCO", "WHO", "IMF", "OPEC"}

    # ---- Phoenix International (IGOs/NGOs/companies) ------------------------------
    pi = parse_phoenix(os.path.join(data, "petrarch2/Phoenix.International.actors.txt"))
    # MNC (companies) are not used: ~4,000 2009-vintage firm names with legal suffixes
    # ("Teradata Corporation") that news rarely writes in that form.
    kind_of = {"IGO": "igo", "NGO": "ngo"}
    for e in pi:
        codes = [c for c, _, _ in e["codes"]]
        if not codes:
            continue
        kind = kind_of.get(codes[0][:3])
        if not kind:
            continue
        ws = phoenix_words(e["name"])
        if ws and ws[0].upper() == "THE":
            ws = ws[1:]
        if len(ws) < 2 or any(re.search(r"[0-9/&,]", w) for w in ws):
            continue
        low = [w.lower().strip(".'") for w in ws]
        if not any(w in ORG_KEYWORDS for w in low) and kind != "company":
            continue
        if any(w in TITLE_WORDS - {"council", "of", "the", "and", "federal", "state", "commission",
                                    "government", "supreme", "military", "head", "royal", "first"}
               for w in low):
            continue
        if all(w in common or w in ORG_KEYWORDS for w in low):
            stats["orgs: Phoenix entry dropped (generic phrase)"] += 1
            continue
        name = title_org(ws, acronyms)
        k = norm_key(name)
        if k in GENERIC_ORG_NAMES:
            continue
        if k in orgs or k in alias_keys():
            continue
        o = get(name, kind)
        for s in e["syn"]:
            sw = phoenix_words(s)
            if re.fullmatch(r"[A-Z]{3,6}", "".join(sw)) and len(sw) == 1 and sw[0].lower() not in common:
                o["aliases"].add(sw[0])
            elif len(sw) >= 2 and any(w.lower() in ORG_KEYWORDS for w in sw) \
                    and not any(w.lower() in TITLE_WORDS - {"council", "of", "the", "and"} for w in sw):
                a = title_org(sw[1:] if sw[0].upper() == "THE" else sw, acronyms)
                if norm_key(a) != k:
                    o["aliases"].add(a)
        stats[f"orgs: Phoenix International {kind} added"] += 1

    # ---- Phoenix MilNonState (armed groups) ---------------------------------------
    pm = parse_phoenix(os.path.join(data, "petrarch2/Phoenix.MilNonState.actors.txt"))
    for e in pm:
        codes = [c for c, _, _ in e["codes"]]
        if not codes:
            continue
        raw = e["name"]
        paren = re.findall(r"\(([A-Z0-9-]{2,8})\)", raw)
        ws = phoenix_words(raw)
        if ws and ws[0].upper() == "THE":
            ws = ws[1:]
        if not ws or any(re.search(r"[0-9/&,+]", w) for w in ws):
            continue
        low = [w.lower().strip(".'") for w in ws]
        single = len(ws) == 1
        if not single and not any(w in ORG_KEYWORDS for w in low) and not paren:
            stats["orgs: Phoenix MilNonState entry skipped (person or unclear)"] += 1
            continue
        if single and (low[0] in common or len(low[0]) < 4):
            continue
        if all(w in common or w in ORG_KEYWORDS for w in low):
            stats["orgs: Phoenix entry dropped (generic phrase)"] += 1
            continue
        name = title_org(ws, acronyms) if not single else \
            "-".join(p[:1].upper() + p[1:].lower() for p in ws[0].split("-"))
        k = norm_key(name)
        if k in GENERIC_ORG_NAMES or (k not in orgs and k in alias_keys()):
            continue
        cty = CODE_MAP.get(codes[0][:3], codes[0][:3])
        o = orgs.get(k) or get(name, "armed_group", cty if cty in countries else "")
        for p in paren:
            if p.lower() not in common and not re.search(r"\d", p):
                o["aliases"].add(p)
        for s in e["syn"]:
            sw = phoenix_words(s)
            if not sw or any(re.search(r"[0-9/&,+]", w) for w in sw):
                continue
            if single and len(sw) == 1 and sw[0].lower() not in common and len(sw[0]) >= 5 \
                    and difflib.SequenceMatcher(None, sw[0].lower(), ws[0].lower()).ratio() >= 0.6:
                o["aliases"].add(sw[0][:1].upper() + sw[0][1:].lower())   # spelling variant
            elif len(sw) >= 3 and any(w.lower() in ORG_KEYWORDS for w in sw):
                a = title_org(sw[1:] if sw[0].upper() == "THE" else sw, acronyms)
                if norm_key(a) != k and norm_key(a) not in GENERIC_ORG_NAMES:
                    o["aliases"].add(a)
        stats["orgs: Phoenix MilNonState armed group added"] += 1

    # ---- Factbook legislatures ----------------------------------------------------
    fbjson = json.load(open(os.path.join(data, "factbook/factbook_2026-01_government_extract.json"),
                            encoding="utf-8"))
    by_gec = {r["gec"]: iso for iso, r in fb.items()}
    chambers = []   # (iso, english, local)
    for ent in fbjson["entities"]:
        iso = by_gec.get(ent["gec"])
        if iso not in countries:
            continue
        lb = (ent.get("government") or {}).get("Legislative branch") or {}
        texts = []
        ln = lb.get("legislature name")
        if isinstance(ln, dict):
            texts.append(clean(ln.get("text", "")))
        r = fb[iso]
        texts += [clean(r.get("lower_chamber", "")), clean(r.get("upper_chamber", ""))]
        for t in texts:
            if not t:
                continue
            t = t.split(";")[0]
            m = re.match(r"^([^(]+?)\s*(?:\((.+)\))?$", t)
            if not m:
                continue
            eng = m.group(1).strip()
            local = (m.group(2) or "").strip()
            local = re.split(r"\s+-\s+|;", local)[0].strip()
            if local.lower() == eng.lower() or re.search(r"\d|seats|note", local):
                local = ""
            chambers.append((iso, eng, local))
    eng_count = Counter(norm_key(e) for _, e, _ in set(chambers))
    local_count = Counter(norm_key(l) for _, _, l in set(chambers) if l)
    for iso, eng, local in sorted(set(chambers)):
        ek = norm_key(eng)
        distinctive = [w for w in re.findall(r"[a-z']+", fold(eng))
                       if w not in COMMON_WORDS and w not in INSTITUTION_WORDS and w not in LEG_WORDS]
        if local and not [w for w in re.findall(r"[a-z']+", fold(local)) if w not in LOCAL_LEG_WORDS]:
            local = ""   # "Il Parlamento", "Asamblea General": generic in its own language
        if eng_count[ek] == 1 and ek not in GENERIC_ORG_NAMES and len(eng.split()) >= 2 and distinctive:
            o = get(eng, "legislature", iso)
            if local and local_count[norm_key(local)] == 1:
                o["aliases"].add(local)
            stats["orgs: legislature added (unique English name)"] += 1
        elif local and local_count[norm_key(local)] == 1 and norm_key(local) not in GENERIC_ORG_NAMES \
                and local.lower() not in COMMON_WORDS:
            get(local, "legislature", iso)
            stats["orgs: legislature added under its local name (English name shared)"] += 1
        else:
            stats["orgs: legislature skipped (name shared by several countries)"] += 1

    # ---- Party Facts --------------------------------------------------------------
    with open(os.path.join(data, "orgs/partyfacts/partyfacts-core-parties.csv"), encoding="utf-8") as fh:
        prow = list(csv.DictReader(fh))
    with open(os.path.join(data, "orgs/partyfacts/partyfacts-wikidata.csv"), encoding="utf-8") as fh:
        pwd = {r["partyfacts_id"]: r for r in csv.DictReader(fh)}
    keep = []
    for r in prow:
        if r["technical"]:
            stats["orgs: Party Facts technical row skipped"] += 1
            continue
        if r["year_last"] and r["year_last"].isdigit() and int(r["year_last"]) < 1990:
            stats["orgs: Party Facts party skipped (dissolved before 1990)"] += 1
            continue
        cty = CODE_MAP.get(r["country"], r["country"])
        if cty not in countries:
            continue
        en = clean(r["name_english"]).split(" / ")[0]
        en = re.sub(r"\s*\([^)]*\)|\s*\[[^\]]*\]", "", en).strip()
        keep.append((r, cty, en))
    en_countries = defaultdict(set)
    for r, cty, en in keep:
        en_countries[norm_key(en)].add(cty)
    short_count = Counter(clean(r["name_short"]) for r, _, _ in keep)
    iso_codes = set(countries) | {c[:2] for c in countries}
    for r, cty, en in keep:
        ws = en.split()
        low = [w.lower() for w in ws]
        if len(ws) < 2 or not any(w in PARTY_WORDS for w in low) or all(w in common for w in low):
            stats["orgs: Party Facts name skipped (one word / no party word / generic)"] += 1
            continue
        if len(en_countries[norm_key(en)]) > 1:
            stats["orgs: Party Facts name skipped (same English name in several countries)"] += 1
            continue
        if norm_key(en) in orgs:
            stats["orgs: Party Facts duplicate name skipped"] += 1
            continue
        o = get(en, "party", cty)
        o["pfid"] = r["partyfacts_id"]
        short = clean(r["name_short"])
        if (re.fullmatch(r"[A-Z]{3,}", short) and short_count[short] == 1 and short.lower() not in common
                and short not in iso_codes and short not in COMMON_ACRONYMS):
            o["aliases"].add(short)
        w = pwd.get(r["partyfacts_id"])
        if w and len(clean(w["name"]).split()) >= 2 and norm_key(w["name"]) != norm_key(en) \
                and not all(x.lower() in common for x in w["name"].split()):
            o["aliases"].add(clean(w["name"]))
        nat = clean(r["name"])
        if nat and len(nat.split()) >= 2 and norm_key(nat) != norm_key(en) and re.fullmatch(r"[\w' .-]+", nat) \
                and all(ord(c) < 0x250 for c in nat):
            o["aliases"].add(nat)
        stats["orgs: Party Facts party added"] += 1

    # ---- finalise: curated precedence, ids, conflicts -----------------------------
    cur_ids = {r["id"]: r for r in curated}
    cur_keys = {}
    for r in curated:
        for s in [r["name"]] + [a for a in r["aliases"].split("|") if a]:
            cur_keys[s.lower()] = r["id"]
    final = {}
    used = set()
    for k in sorted(orgs):
        o = orgs[k]
        if o["name"].lower() in cur_keys:
            stats["orgs: generated entry dropped (curated file has it)"] += 1
            continue
        o["aliases"] = {a for a in o["aliases"] if a.lower() not in cur_keys and a != o["name"]}
        o["aliases"] = {a for a in o["aliases"] if (a.lower() not in common or a == "WHO")
                        and norm_key(a) not in GENERIC_ORG_NAMES}
        base = "org/" + slug(o["abbr"] if o["abbr"] and o["kind"] == "igo" else o["name"])
        oid = base
        if oid in cur_ids or oid in used:
            oid = "org/" + slug(o["name"])
        if oid in cur_ids or oid in used:
            oid = oid + "-" + (o["country"].lower() or "x")
        n = 2
        while oid in used or oid in cur_ids:
            oid = f"{base}-{n}"
            n += 1
        used.add(oid)
        final[oid] = {"name": o["name"], "aliases": sorted(o["aliases"]), "country": o["country"],
                      "kind": o["kind"]}
    # an alias must not equal another org's name/alias
    resolve_conflicts(final, ("aliases",), {}, "orgs", stats)
    return final


# --------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------

def read_curated(path: str) -> list:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: str, header: list, rows: list) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data", help="source data directory")
    ap.add_argument("--out", default="gazetteers", help="output directory")
    ap.add_argument(
        "--curated",
        default=None,
        help="directory holding people-curated.csv and organizations-curated.csv (default: --out)",
    )
    args = ap.parse_args()
    stats = Counter()

    common = set(COMMON_WORDS)
    for e in parse_phoenix(os.path.join(args.data, "petrarch2/Phoenix.agents.txt")):
        for w in phoenix_words(e["name"]):
            if w.isalpha() and len(w) > 2:
                common.add(w.lower())

    countries, fb = build_countries(args.data, stats)

    # ---- countries.csv
    crow = []
    for iso in sorted(countries):
        e = countries[iso]
        crow.append([iso, e["name"], join(e["aliases"]), join(e["demonyms"]), join(e["capitals"]),
                     "1" if iso in AMBIGUOUS else ""])

    # ---- people.csv
    rows, names, aliases = build_people(args.data, countries, fb, common, stats)
    cur_people = read_curated(os.path.join(args.curated or args.out, "people-curated.csv"))
    cur_alias_owner = {}
    for r in cur_people:
        for s in [r["name"]] + [a for a in r["aliases"].split("|") if a]:
            cur_alias_owner[s.lower()] = r["id"]
    # an alias never equals another person's name or alias
    owner = defaultdict(set)
    for pid, n in names.items():
        owner[n.lower()].add(pid)
    for pid, al in aliases.items():
        for a in al:
            owner[a.lower()].add(pid)
    def iso_date(v: str) -> str:
        v = (v or "").strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return v
        m = re.match(r"(\d{4})", v)
        return m.group(1) if m else ""   # "2005-06" -> "2005"

    prow = {}
    for r in rows:
        r["start"], r["end"] = iso_date(r["start"]), iso_date(r["end"])
        pid = r["id"]
        al = sorted(a for a in aliases[pid]
                    if a != names[pid] and len(owner[a.lower()]) == 1
                    and cur_alias_owner.get(a.lower(), pid) == pid)
        dropped = len(aliases[pid]) - len(al)
        key = (pid, r["role"], r["start"], r["country"])
        if key in prow:
            old = prow[key]
            if not old[6] and r["end"]:
                old[6] = r["end"]
            stats["people: duplicate tenure merged"] += 1
            continue
        prow[key] = [pid, names[pid], "|".join(sorted(set(al), key=lambda x: (fold(x), x))),
                     r["country"], r["role"], r["start"], r["end"]]
    for pid in aliases:
        n = len([a for a in aliases[pid] if a != names.get(pid) and len(owner[a.lower()]) > 1])
        if n:
            stats["people: alias dropped (shared by several people)"] += n
    # a curated row with the same (id, role, start) replaces the generated one
    cur_keys = {(r["id"], r["role"], r["start"]) for r in cur_people}
    for key in sorted(k for k in prow if (k[0], k[1], k[2]) in cur_keys):
        del prow[key]
        stats["people: generated row replaced by curated row"] += 1
    # A curated name that differs from the generated one renames the person
    # (`Sheikh Hasina`, whom the actor list files as `Hasina Wajed` once its
    # title-stripping took her family's `Sheikh`) only when the curated rows
    # replace every generated row of the id; otherwise one id has two names.
    renamed = set()
    for r in cur_people:
        if r["id"] in names and names[r["id"]] != r["name"] and r["id"] not in renamed:
            if any(k[0] == r["id"] for k in prow):
                warn(f"WARNING: curated id {r['id']} has name {r['name']!r}, generated {names[r['id']]!r}")
            else:
                renamed.add(r["id"])
                stats["people: generated name replaced by curated name"] += 1
    people_rows = sorted(prow.values(), key=lambda x: (fold(x[1]), x[0], x[5], x[4], x[3], x[6]))

    # ---- organizations.csv
    cur_orgs = read_curated(os.path.join(args.curated or args.out, "organizations-curated.csv"))
    orgs = build_orgs(args.data, countries, fb, common, cur_orgs, stats)
    org_rows = [[oid, o["name"], join(o["aliases"]), o["country"], o["kind"]] for oid, o in sorted(orgs.items())]

    # ---- sanity checks
    for rows_, label in ((crow, "countries"), (people_rows, "people"), (org_rows, "organizations")):
        for r in rows_:
            assert r[0] and r[1], (label, r)
            for cell in r:
                assert cell == cell.strip(), (label, r)
                if "|" in cell:
                    assert all(p.strip() == p and p for p in cell.split("|")), (label, r)
    assert len({r[0] for r in crow}) == len(crow)
    assert len({r[0] for r in org_rows}) == len(org_rows)
    idname = {}
    for r in people_rows:
        assert idname.setdefault(r[0], r[1]) == r[1], r
        assert r[4] in ROLES, r

    os.makedirs(args.out, exist_ok=True)
    write_csv(os.path.join(args.out, "countries.csv"),
              ["id", "name", "aliases", "demonyms", "capitals", "ambiguous"], crow)
    write_csv(os.path.join(args.out, "people.csv"),
              ["id", "name", "aliases", "country", "role", "start", "end"], people_rows)
    write_csv(os.path.join(args.out, "organizations.csv"),
              ["id", "name", "aliases", "country", "kind"], org_rows)
    place_rows = build_places(args.data, countries, stats)
    write_csv(os.path.join(args.out, "places.csv"), ["name", "aliases", "country", "kind"], place_rows)

    warn(f"countries.csv     {len(crow)} rows")
    warn(f"people.csv        {len(people_rows)} rows ({len(idname)} distinct people)")
    warn(f"organizations.csv {len(org_rows)} rows")
    warn(f"places.csv        {len(place_rows)} rows")
    for k in sorted(stats):
        warn(f"  {k}: {stats[k]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
