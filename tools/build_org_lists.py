#!/usr/bin/env python3
"""Build dyad's organisation lists outside politics from open data.

Usage (from the repository root):

    python3 tools/build_org_lists.py --data ../shared/data --out gazetteers

Writes exactly three files into --out:
  organizations-companies.csv     the S&P 500 companies        (orgs/companies/, PDDL 1.0)
  organizations-universities.csv  the Hipo university list      (orgs/universities/, MIT)
  organizations-clubs.csv         the openfootball club lists   (orgs/football-clubs/, CC0 1.0)

Every other gazetteer file in --out is READ (never written), and a generated name or
alias that folds to a phrase some other file already has (a country, capital,
demonym, person, place or organisation; the hand-written organizations-media.csv and
organizations-global.csv included) is dropped, so the other file's entry wins and no
phrase names two entities.

No name of a body starts with a word dyad takes for a person's first name (the first
word of a body's name is none to dyad, so "Don State University" would stop "Don
Hewitt" being found): such a row is named by another of its forms or left out.
The country column is left empty: dyad takes a body's country for the country its
people act for, right for a ministry, wrong for a company's chief executive.

Python 3.11, standard library only.  Deterministic: rows sorted by id, no
timestamps, UTF-8 without BOM, "\\n" line endings, minimal CSV quoting.

Why the filters exist (the tool matches these strings in running news text; only the
first word's case is checked, so "Target Corporation" must not give "Target"):
  * Companies: the listing name ("Apple Inc.", "Alphabet Inc. (Class A)") loses the
    share class; the name without its legal suffix (Inc., Corporation, plc, ...)
    becomes an alias only when it is not in UNSAFE_SHORT (ordinary English words,
    people's names, places: Target, Visa, Ball, Block, Ford, Dover, Fox ...).  A
    listing name that is itself unsafe (Amazon, Casey's, Lowe's) is replaced from
    OVERRIDE or left out.  Tickers are never used ("ALL", "IT", "ON").
  * Universities: full English names only (no abbreviations exist in the source)
    with "University" or "Institute of Technology" in them (names in other
    languages and the many colleges and schools cost start-up time for few
    mentions), at least two words; names
    listed for two countries or more are dropped, and so are names made of generic
    words only ("American University", "Open University", "National University"):
    the matcher checks only the first word's case, so such a name would match a
    sentence that starts "American university students ...".
  * Clubs: names and alternative names of two words or more that carry a club word
    (FC, FK, SC, United, Athletic, Rangers, ...); a city alone ("Chelsea",
    "Liverpool", "Baku") is never a name, nor is "<City> City/Town/County" without
    FC ("Hull City Council"), nor a name whose words are all generic.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

# --------------------------------------------------------------------------- helpers


def fold(s: str) -> str:
    """Lower-case ASCII words joined by one space: how dyad compares phrases."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("\u2019", "'")
    s = re.sub(r"[^\w]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(s)).strip("-")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


GENERATED = (
    "organizations-companies.csv",
    "organizations-universities.csv",
    "organizations-clubs.csv",
)


def taken_phrases(out: Path) -> set[str]:
    """Folded phrases of every other gazetteer file."""
    taken: set[str] = set()
    for path in sorted(out.glob("*.csv")):
        if path.name in GENERATED or path.name.startswith(("titles", "triggers", "lexicon")):
            continue
        for row in read_rows(path):
            cells = [row.get("name", "")]
            for col in ("aliases", "demonyms", "capitals"):
                cells += split(row.get(col))
            for c in cells:
                if c:
                    taken.add(fold(c))
    return taken


def person_first_names(out: Path) -> set[str]:
    """The words dyad takes for first names (gazetteer.rs, people_indexes): the
    first word of a person's name of two words or more, three letters or
    longer, neither a lexicon word nor the first word of a country's or
    body's name or of a demonym."""
    lexicon = {fold(r["word"]) for r in read_rows(out / "lexicon.csv")}
    bodies: set[str] = set()
    for path in sorted(out.glob("*.csv")):
        if path.name in GENERATED or not path.name.startswith(("countries", "organizations")):
            continue
        for r in read_rows(path):
            for c in [r["name"]] + split(r.get("demonyms")):
                if fold(c):
                    bodies.add(fold(c).split()[0])
    names: set[str] = set()
    for path in sorted(out.glob("people*.csv")):
        for r in read_rows(path):
            w = fold(r["name"]).split()
            if len(w) >= 2 and len(w[0]) >= 3 and w[0] not in lexicon and w[0] not in bodies:
                names.add(w[0])
    return names


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "aliases", "country", "kind"])
    for r in sorted(rows, key=lambda r: r[0]):
        w.writerow(r)
    path.write_text(buf.getvalue(), encoding="utf-8")


class Rows:
    """Collects rows; drops phrases taken by another file or by an earlier row."""

    def __init__(self, prefix: str, kind: str, taken: set[str], first_names: set[str]):
        self.prefix, self.kind, self.taken = prefix, kind, taken
        self.first_names = first_names
        self.rows: list[list[str]] = []
        self.ids: set[str] = set()
        self.dropped: list[str] = []

    def add(self, name: str, aliases: list[str]) -> bool:
        # The first word of a body's name is no first name to dyad ("Don" of
        # "Don State University" would stop "Don Hewitt" being found): name
        # the body by a form that starts otherwise, or leave it out.
        forms = [name] + aliases
        named = [f for f in forms if fold(f) and fold(f).split()[0] not in self.first_names]
        if not named:
            self.dropped.append(name)
            return False
        name = named[0]
        aliases = [f for f in forms if f != name]
        key = fold(name)
        if not key or key in self.taken:
            self.dropped.append(name)
            return False
        self.taken.add(key)
        kept = []
        for a in aliases:
            k = fold(a)
            if k and k not in self.taken and a != name:
                self.taken.add(k)
                kept.append(a)
        rid = f"org/{self.prefix}{slug(name)}"
        n = 2
        while rid in self.ids:
            rid = f"org/{self.prefix}{slug(name)}-{n}"
            n += 1
        self.ids.add(rid)
        self.rows.append([rid, name, "|".join(kept), "", self.kind])
        return True


# --------------------------------------------------------------------------- companies

# The listing name without its legal suffix is an alias unless it is here: ordinary
# English words, people's names and places (folded).
UNSAFE_SHORT = {
    "target", "visa", "ball", "block", "gap", "carnival", "carrier", "coherent", "flex",
    "dover", "dow", "corning", "fox", "linde", "stryker", "ford", "progressive",
    "southern", "mosaic", "travelers", "cooper", "hubbell", "loews", "eaton",
    "albemarle", "chubb", "caterpillar", "cognizant", "tapestry", "workday", "xylem",
    "mckesson", "trimble", "waters", "smucker", "lilly", "vistra", "hartford", "hershey",
    "news", "rollins", "moody s", "estee lauder",
    # Acronyms: tickers or other things in news ("HP" horsepower, "APA" the
    # Azerbaijani agency, "CMS", "PTC").
    "f5", "rtx", "idex", "cdw", "kla", "ppl", "msci", "nvr", "udr", "bxp", "aes", "apa",
    "crh", "eqt", "csx", "ptc", "hp", "te", "dte", "cms", "nrg", "wec", "tko", "eog",
    "cf", "mgm", "aon",
}
# Listing names that are unsafe as they stand, or need a better form: name, aliases
# (None: left out).
OVERRIDE: dict[str, tuple[str, list[str]] | None] = {
    "Amazon": ("Amazon.com", ["Amazon.com, Inc.", "Amazon Web Services"]),
    "Casey's": ("Casey's General Stores", []),
    "Lowe's": ("Lowe's Companies", []),
    "McDonald's": ("McDonald's Corporation", []),
    "Domino's": ("Domino's Pizza", []),
    "Cummins": ("Cummins Inc.", []),
    "Gartner": ("Gartner Inc.", []),
    "Fair Isaac": ("Fair Isaac Corporation", ["FICO"]),
    "Hartford (The)": ("The Hartford Financial Services Group", []),
    "Lilly (Eli)": ("Eli Lilly and Company", ["Eli Lilly"]),
    "Alphabet Inc. (Class A)": ("Alphabet Inc.", ["Alphabet"]),
    "Alphabet Inc. (Class C)": None,
    "Fox Corporation (Class B)": None,
    "News Corp (Class B)": None,
    "Meta Platforms": ("Meta Platforms", ["Meta Platforms Inc.", "Meta"]),
    "JPMorgan Chase": ("JPMorgan Chase", ["JPMorgan", "J.P. Morgan", "JP Morgan"]),
    "ExxonMobil": ("ExxonMobil", ["Exxon Mobil", "Exxon"]),
    "RTX Corporation": ("RTX Corporation", ["Raytheon"]),
    "Walt Disney Company (The)": ("The Walt Disney Company", ["Walt Disney Company", "Disney"]),
    "Ford Motor Company": ("Ford Motor Company", ["Ford Motor"]),
    "Coca-Cola Company (The)": ("The Coca-Cola Company", ["Coca-Cola Company", "Coca-Cola"]),
    "Honeywell Aerospace": None,
    "Honeywell Technologies": ("Honeywell", ["Honeywell International"]),
    "Target Corporation": ("Target Corporation", []),
    "HP Inc.": ("HP Inc.", ["Hewlett-Packard"]),
    "Warner Bros. Discovery": ("Warner Bros. Discovery", ["Warner Bros."]),
    "Bank of America": ("Bank of America", []),
    "Chipotle Mexican Grill": ("Chipotle Mexican Grill", []),
    "Boeing": ("Boeing", ["Boeing Company", "The Boeing Company"]),
    "Lockheed Martin": ("Lockheed Martin", ["Lockheed Martin Corporation"]),
    "Goldman Sachs": ("Goldman Sachs", ["Goldman Sachs Group"]),
    "Morgan Stanley": ("Morgan Stanley", []),
    "Nvidia": ("Nvidia", ["Nvidia Corporation", "NVIDIA"]),
    "Microsoft": ("Microsoft", ["Microsoft Corporation", "Microsoft Corp."]),
    "Intel": ("Intel", ["Intel Corporation", "Intel Corp."]),
    "Pfizer": ("Pfizer", ["Pfizer Inc."]),
    "Netflix": ("Netflix", ["Netflix Inc."]),
    "Uber": ("Uber", ["Uber Technologies"]),
    "Cisco": ("Cisco", ["Cisco Systems"]),
    "Qualcomm": ("Qualcomm", ["Qualcomm Inc."]),
}
SUFFIX = re.compile(
    r"(,? (Inc\.?|Incorporated|Corporation|Corp\.?|Company|Companies|plc|Limited|Ltd\.?)"
    r"|,? & Co\.?)$"
)


def companies(data: Path, taken: set[str], first_names: set[str]) -> Rows:
    out = Rows("", "company", taken, first_names)
    path = data / "orgs" / "companies" / "sp500-constituents.csv"
    for row in sorted(read_rows(path), key=lambda r: r["Security"]):
        listing = row["Security"].strip()
        if listing in OVERRIDE:
            o = OVERRIDE[listing]
            if o is None:
                continue
            name, aliases = o[0], list(o[1])
        else:
            name = re.sub(r"\s*\(Class [A-Z]\)$", "", listing)
            m = re.match(r"^(.*) \(The\)$", name)
            if m:
                name = "The " + m.group(1)
            aliases = []
            if name.startswith("The "):
                aliases.append(name[4:])
            short = SUFFIX.sub("", name[4:] if name.startswith("The ") else name)
            if short != name and fold(short) not in UNSAFE_SHORT and len(fold(short)) > 2:
                aliases.append(short)
            if fold(name) in UNSAFE_SHORT:
                continue
        out.add(name, aliases)
    return out


# --------------------------------------------------------------------------- universities

# Words that name no one institution: a name made only of these and demonyms
# is generic ("American University", "National University").
GENERIC = {
    "of", "the", "and", "for", "in", "at", "de", "del", "la", "el", "di", "da", "do",
    "des", "du", "y", "e", "und", "fur", "national", "state", "technical", "technology",
    "medical", "medicine", "open", "international", "central", "federal", "public",
    "royal", "new", "free", "catholic", "islamic", "christian", "american", "european",
    "science", "sciences", "arts", "art", "business", "management", "economics",
    "engineering", "agricultural", "agriculture", "pedagogical", "teachers", "normal",
    "community", "city", "metropolitan", "global", "world", "united", "people", "peoples",
    "nacional", "estadual", "federal", "tecnologica", "tecnologico", "pontifical",
    "pontificia", "islamic", "law", "health", "applied", "studies", "higher", "education",
    "advanced", "research", "graduate", "business", "foreign", "languages", "military",
    "naval", "air", "force", "police", "defense", "defence", "war", "south", "north",
    "east", "west", "eastern", "western", "southern", "northern", "general", "modern",
    "first", "second", "university", "institute", "college", "virtual", "online", "distance", "summer",
}


def universities(
    data: Path, taken: set[str], first_names: set[str], demonym_words: set[str]
) -> Rows:
    out = Rows("uni/", "university", taken, first_names)
    path = data / "orgs" / "universities" / "world_universities_and_domains.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    countries_of: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    for r in records:
        name = re.sub(r"\s+", " ", (r.get("name") or "")).strip()
        key = fold(name)
        if not key:
            continue
        countries_of[key].add(r.get("alpha_two_code") or "")
        spelled.setdefault(key, name)
    for key in sorted(spelled):
        name = spelled[key]
        words = key.split()
        if len(words) < 2 or len(countries_of[key]) > 1:
            continue
        # English names only, of the two kinds news names: the source's
        # names in other languages and its colleges, schools and academies
        # would double the start-up cost of this file for few mentions.
        if not name[0].isupper() or not re.search(r"\bUniversity\b|\bInstitute of Technology\b", name):
            continue
        if all(w in GENERIC or w in demonym_words for w in words):
            continue
        if re.search(r"[()\[\],;/]", name):
            continue
        out.add(name, [])
    return out


# --------------------------------------------------------------------------- clubs

CLUB_MARKERS = {
    "fc", "fk", "sc", "cf", "afc", "ac", "as", "ss", "ssc", "us", "sv", "vfb", "vfl",
    "tsg", "bsc", "fsv", "rc", "cd", "ud", "sd", "cs", "sk", "nk", "hnk", "pfc", "pfk",
    "bk", "if", "ik", "aik", "ifk", "ks", "gks", "mks", "cfr", "fcsb", "kv", "krc", "rsc",
    "psv", "ca", "se", "ec", "cr", "club", "football", "futbol", "futebol", "calcio",
    "athletic", "atletico", "athletico", "rangers", "rovers", "wanderers", "hotspur",
    "albion", "united", "utd", "sporting", "dynamo", "dinamo", "spartak", "lokomotiv",
    "cska", "olympique", "olympiacos", "juniors", "inter", "internazionale", "real",
    "racing", "deportivo", "borussia", "eintracht", "fortuna", "hertha", "hapoel",
    "maccabi", "beitar", "zenit", "shakhtar", "dnipro", "neftchi", "esteghlal",
    "persepolis", "ahly", "zamalek", "hilal", "nassr", "ittihad", "wydad", "raja",
    "esperance", "kaizer", "chiefs", "pirates", "galaxy", "sounders", "timbers",
}
# Club words that also end ordinary place names or bodies ("Hull City Council").
WEAK = {"city", "town", "county", "borough", "district", "municipal"}
CLUB_GENERIC = {
    "fc", "fk", "sc", "cf", "afc", "club", "football", "futbol", "athletic", "sporting",
    "united", "real", "racing", "city", "town", "county", "the", "de", "of", "and",
    "sport", "sports", "atletico", "deportivo", "national", "team", "stars", "star",
    "junior", "juniors", "youth", "academy", "reserves", "ii", "b", "inter", "olympic",
    "union", "association", "army", "police", "navy", "air", "force", "young", "boys",
    "new", "old", "royal", "red", "white", "blue", "green", "black", "all", "lions",
}


def club_name_ok(name: str) -> bool:
    words = fold(name).split()
    if len(words) < 2 or not name[0].isupper():
        return False
    if re.search(r"[()\[\]?/]", name) or re.search(r"\.$", name):
        return False
    if not any(w in CLUB_MARKERS for w in words):
        return False
    if all(w in CLUB_GENERIC for w in words):
        return False  # "Athletic Club", "Racing Club", "Sporting FC"
    if re.search(r"\b\w\.", name) and not re.search(r"\b\w\.\w\.", name):
        return False  # a cut-off form such as "H. Dynamo", "C. Palace"
    if words[-1] in WEAK and not any(w in {"fc", "fk", "afc", "sc"} for w in words):
        return False
    return True


def clubs(data: Path, taken: set[str], first_names: set[str]) -> Rows:
    out = Rows("club/", "sports_club", taken, first_names)
    found: list[tuple[str, list[str]]] = []
    for path in sorted((data / "orgs" / "football-clubs").rglob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"#.*", "", raw).rstrip()
            if not line.strip() or line.lstrip().startswith("="):
                continue
            if line.lstrip().startswith("|"):
                if found:
                    found[-1][1].extend(x.strip() for x in line.strip()[1:].split("|"))
                continue
            if line[0].isspace():
                continue
            name = line.split(",")[0].strip()
            found.append((re.sub(r"\s*\(\d{4}.*$", "", name), []))
    # A form two clubs share ("Boca Juniors" in Argentina and Gibraltar) names
    # neither.
    uses: dict[str, int] = defaultdict(int)
    for name, alts in found:
        for k in {fold(n) for n in [name] + alts}:
            uses[k] += 1
    for name, alts in found:
        forms = [n for n in [name] + alts if n and club_name_ok(n) and uses[fold(n)] == 1]
        if forms:
            out.add(forms[0], forms[1:])
    return out


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    taken = taken_phrases(args.out)
    first_names = person_first_names(args.out)
    demonym_words: set[str] = set()
    for r in read_rows(args.out / "countries.csv"):
        for c in split(r["demonyms"]):
            demonym_words.update(fold(c).split())
    for rows, file in (
        (companies(args.data, taken, first_names), "organizations-companies.csv"),
        (universities(args.data, taken, first_names, demonym_words), "organizations-universities.csv"),
        (clubs(args.data, taken, first_names), "organizations-clubs.csv"),
    ):
        write_csv(args.out / file, rows.rows)
        print(
            f"{file}: {len(rows.rows)} rows ({len(rows.dropped)} left out: every form"
            " taken by another file or starting with a first name)"
        )


if __name__ == "__main__":
    main()
