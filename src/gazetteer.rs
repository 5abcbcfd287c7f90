//! Gazetteers: the data files the matcher and the rules use.
//!
//! Goes in: CSV files (see `gazetteers/SOURCES.md` for every format) from the
//! embedded defaults and from folders or files the user names. Comes out: one
//! [`Gazetteer`] with the entities, their phrases in a [`PhraseSet`], date
//! bounded roles, title words, relation triggers and the small word lists the
//! name rules use. A bad row stops the load with the file and line.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::OnceLock;

// A fast hash: loading hashes some 100,000 short keys, and SipHash's
// resistance to crafted keys buys nothing for our own data files.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::error::{Error, Result};
use crate::matcher::{
    first_key_word, fold_phrase, fold_word, name_words, Folded, PhraseSet, Vocab, UNKNOWN,
};

/// The three kinds of entity dyad extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    Person,
    Country,
    Org,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Country => "COUNTRY",
            EntityType::Org => "ORG",
        }
    }
}

/// A canonical entity from a gazetteer.
#[derive(Debug, Clone)]
pub struct Entity {
    // Shared, not copied, by the documents that name the entity.
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub etype: EntityType,
    /// ISO 3166 alpha-3 code: the entity itself for a country, else the
    /// person's or organisation's country where known.
    pub country: Option<Arc<str>>,
}

/// How a phrase names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Name,
    Alias,
    Demonym,
    /// A capital city: stands for its country only in some contexts.
    Capital,
}

/// What the text's case must look like for a phrase to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Short all-capitals forms (`US`, `UN`, `EU`, `OSCE`): no lower-case
    /// letter in the matched text, so `us` is never the United States.
    Upper,
    /// Ordinary names: the match must start with a capital letter.
    Capitalized,
}

/// One phrase → entity link.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub entity: u32,
    pub surface: Surface,
    pub case: CaseRule,
    /// The name is also a common word, a person's name or another place.
    pub ambiguous: bool,
}

/// A person's role over a period, for resolving role phrases by date.
#[derive(Debug, Clone)]
pub struct RoleTenure {
    pub entity: u32,
    pub country: Option<String>,
    pub role: String,
    /// ISO date or year; empty when open.
    pub start: String,
    pub end: String,
}

impl RoleTenure {
    /// Whether the tenure covers `date` (ISO). Years compare by prefix.
    pub fn covers(&self, date: &str) -> bool {
        let after_start = self.start.is_empty() || date >= self.start.as_str();
        let before_end =
            self.end.is_empty() || date[..self.end.len().min(date.len())] <= *self.end.as_str();
        after_start && before_end
    }
}

/// A relation trigger from `triggers.csv`.
#[derive(Debug, Clone)]
pub struct Trigger {
    pub relation: TriggerClass,
    pub kind: String,
}

/// What a trigger phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerClass {
    /// An in-person meeting happened.
    Meet,
    /// A phone or video call happened.
    Call,
    /// Turns a meeting into a call (`through a video conference`).
    CallMode,
    /// A visit to a country.
    Visit,
    /// A relation between countries, with a kind.
    Relation,
    /// The sentence goes on about a meeting already reported.
    Continue,
    /// Not a real meeting: planned, cancelled, denied, a letter.
    Block,
}

/// Word classes used by the name rules (`lexicon.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// Heads of organisation names (`Ministry`, `Committee`).
    OrgHead,
    /// Capitalised words that never start or continue a name (`The`, `During`).
    Stop,
    /// Verbs of speech after which a capitalised word is a person (`said`).
    Speech,
    /// Cues that the capitalised word next to them is a news outlet.
    MediaAfter,
    MediaBefore,
    /// Name particles (`bin`, `al`, `de`).
    Particle,
    /// Endings typical of surnames (`-yev`, `-shvili`).
    SurnameSuffix,
    /// Pronouns that may stand for a person.
    Pronoun,
    /// Words that may connect parts of an organisation's name (`of`, `for`).
    OrgConnector,
    /// Capitalised words that are never part of a personal name but may be
    /// part of an organisation's (`Foreign`, `State`).
    NotPerson,
    /// Lower-case words that may stand inside a title's chain of `of`
    /// phrases (`Governor of Southern Sinai province of Egypt X`).
    ChainWord,
    /// Heads of names that are also buildings (`Office`, `Court`): after
    /// `at`, the name is a place (`at the Royal Court`).
    VenueHead,
    /// Words that may stand between a `direct` meeting verb and the person
    /// it takes (`received a delegation of`, `welcomed the visiting`).
    ObjectGap,
    /// Verbs after which a capital city is its government (`Moscow said`).
    CapitalActs,
    /// Words before a capital city that make it its government (`against
    /// Moscow`, `between Baku and Yerevan`).
    CapitalObject,
    /// Countries (ISO alpha-3) whose people's names put the surname first
    /// (`Wang Yi`, `Kim Jong Un`): `Wang` alone is Wang Yi.
    SurnameFirst,
    /// Heads that after a country alone make a generic phrase, not a name:
    /// `the US Administration` is `the government` (an `Administration` of
    /// anything else may be a name: `Presidential Administration`).
    GenericHead,
    /// Words that make a meeting joint (`joint`, `trilateral`): every
    /// guest of the meeting verb meets every other.
    Joint,
    /// Words that make a meeting with several guests a row of separate
    /// ones (`separately`, `on the sidelines`, `bilateral`): the guests of
    /// `met A, B and C` meet the host only, even when each is of another
    /// nation.
    Separate,
    /// Verbs that report what someone else did (`said`, `told`): the
    /// speaker of `X said Y met Z` takes no part in the meeting.
    Reporting,
    /// Lower-case last words of an organisation's name after capitalised
    /// ones (`the Congress party`, `the Houthi Ansarullah movement`).
    OrgTail,
    /// A company's last word (`Inc`, `Corp`, `Ltd`, `AG`): its name is the
    /// capitalised words right before it, over no connector.
    OrgSuffix,
}

impl WordClass {
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A title or role word that introduces a person.
#[derive(Debug, Clone)]
pub struct Title {
    pub role: String,
}

/// Everything loaded from the data files.
pub struct Gazetteer {
    pub entities: Vec<Entity>,
    by_id: HashMap<String, u32>,
    pub names: PhraseSet<Entry>,
    pub roles: Vec<RoleTenure>,
    pub titles: PhraseSet<Title>,
    pub triggers: PhraseSet<Trigger>,
    /// Places that are neither countries nor capitals (`places.csv`), with
    /// the country each belongs to.
    pub places: PhraseSet<Option<u32>>,
    /// Folded word → bit set of its [`WordClass`]es.
    lexicon: HashMap<String, u32>,
    /// Every word of the phrases and the lexicon, with an id.
    pub vocab: Vocab,
    /// The [`WordClass`] bits of each word id of `vocab`.
    word_classes: Vec<u32>,
    /// Person → indexes of their tenures in `roles`.
    roles_of: HashMap<u32, Vec<u32>>,
    /// Country → role → indexes of the tenures of that office in `roles`,
    /// built the first time a document asks (start-up does not pay for it).
    offices: OnceLock<HashMap<String, HashMap<String, Vec<u32>>>>,
    /// The surnames of the people who ever held an office of
    /// [`LEADER_OFFICES`], built at the first ask.
    leader_surnames: OnceLock<LeaderSurnames>,
    /// The vocabulary id of `press` (`the Kremlin press service`), which a
    /// rule asks of every token.
    pub press_id: u32,
    surname_suffixes: Vec<String>,
    /// Folded first names of known people (first word of their names).
    first_names: HashSet<String>,
    /// The word ids that a capital's name starts with (`names` phrases of
    /// [`Surface::Capital`]).
    capital_starts: HashSet<u32>,
    /// Folded surname (last word) → people with that surname.
    surnames: HashMap<String, Vec<u32>>,
    /// Folded surname → the people's full names and aliases of two or more
    /// words, folded, for names a text shortens (`Javad Zarif`).
    name_variants: HashMap<String, Vec<(u32, Vec<String>)>>,
    /// The folded words of each entity's name, computed the first time a
    /// document needs them (most entities are never mentioned).
    entity_words: Vec<OnceLock<Vec<String>>>,
}

impl Gazetteer {
    pub fn entity(&self, i: u32) -> &Entity {
        &self.entities[i as usize]
    }

    /// The folded words of entity `i`'s name ([`name_words`]).
    pub fn entity_words(&self, i: u32) -> &[String] {
        self.entity_words[i as usize].get_or_init(|| name_words(&self.entity(i).name))
    }

    pub fn find_id(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    pub fn has_class(&self, folded: &str, class: WordClass) -> bool {
        self.classes_of(folded) & class.bit() != 0
    }

    /// Whether the people of the country with this code (ISO alpha-3, any
    /// case) put the surname first (lexicon class `surname_first`).
    pub fn surname_first(&self, country: &str) -> bool {
        // Codes are short and ASCII: folded on the stack, as the resolver
        // asks it of every person of a document.
        let mut buf = [0u8; 8];
        match country.as_bytes() {
            b if b.len() <= buf.len() && b.iter().all(u8::is_ascii_alphanumeric) => {
                buf[..b.len()].copy_from_slice(b);
                buf[..b.len()].make_ascii_lowercase();
                let code = std::str::from_utf8(&buf[..b.len()]).expect("ASCII");
                self.has_class(code, WordClass::SurnameFirst)
            }
            _ => self.has_class(&fold_word(country), WordClass::SurnameFirst),
        }
    }

    /// The word classes of a folded word, as a bit set.
    pub fn classes_of(&self, folded: &str) -> u32 {
        self.lexicon.get(folded).copied().unwrap_or(0)
    }

    /// The word classes of token `i` of a folded document, as a bit set.
    pub fn token_classes(&self, folded: &Folded, i: usize) -> u32 {
        self.word_classes
            .get(folded.ids[i] as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Folded endings typical of surnames.
    pub fn surname_suffixes(&self) -> &[String] {
        &self.surname_suffixes
    }

    /// Whether a capital's name may start with the word of this id: the
    /// one kind of name a lower-case word may start.
    pub fn may_start_capital(&self, id: u32) -> bool {
        self.capital_starts.contains(&id)
    }

    pub fn is_first_name(&self, folded: &str) -> bool {
        self.first_names.contains(folded)
    }

    /// Whether token `i` may be the surname of someone who ever held an
    /// office of [`LEADER_OFFICES`]: false for most words, by their id
    /// alone.
    pub fn may_be_leader_surname(&self, folded: &Folded, i: usize) -> bool {
        let leaders = self.leader_surnames.get_or_init(|| self.leader_surnames());
        match folded.ids[i] {
            UNKNOWN => leaders.unknown.contains(folded.key(i)),
            id => leaders.has_id(id),
        }
    }

    fn leader_surnames(&self) -> LeaderSurnames {
        let mut leaders = LeaderSurnames::default();
        for (surname, people) in &self.surnames {
            let leader = people.iter().any(|&g| {
                LEADER_OFFICES
                    .iter()
                    .any(|role| self.held_role(g, role, None))
            });
            if leader {
                match self.vocab.get(surname) {
                    UNKNOWN => {
                        leaders.unknown.insert(surname.clone());
                    }
                    id => leaders.insert_id(id),
                }
            }
        }
        leaders
    }

    pub fn people_with_surname(&self, folded: &str) -> &[u32] {
        self.surnames.get(folded).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The one person whose name or alias ends with these two or more folded
    /// words (`javad zarif` of `Mohammad Javad Zarif`); none when several do.
    pub fn person_by_name_tail(&self, words: &[&str]) -> Option<u32> {
        if words.len() < 2 {
            return None;
        }
        let mut found = None;
        for (e, name) in self.name_variants.get(*words.last()?)? {
            let ends_with_words = name.len() >= words.len()
                && name[name.len() - words.len()..]
                    .iter()
                    .zip(words)
                    .all(|(a, b)| a == b);
            if ends_with_words {
                if found.is_some_and(|f| f != *e) {
                    return None;
                }
                found = Some(*e);
            }
        }
        found
    }

    /// People who held `role` for `country` on `date`.
    pub fn holders(&self, country: &str, role: &str, date: &str) -> Vec<u32> {
        let Some(tenures) = self.offices().get(country).and_then(|r| r.get(role)) else {
            return Vec::new();
        };
        let mut out: Vec<u32> = tenures
            .iter()
            .map(|&r| &self.roles[r as usize])
            .filter(|r| r.covers(date))
            .map(|r| r.entity)
            .collect();
        out.dedup();
        out
    }

    fn offices(&self) -> &HashMap<String, HashMap<String, Vec<u32>>> {
        self.offices.get_or_init(|| {
            let mut offices: HashMap<String, HashMap<String, Vec<u32>>> = HashMap::default();
            for (i, r) in self.roles.iter().enumerate() {
                if let Some(country) = &r.country {
                    offices
                        .entry(country.clone())
                        .or_default()
                        .entry(r.role.clone())
                        .or_default()
                        .push(i as u32);
                }
            }
            offices
        })
    }

    /// Whether `person` held `role` on `date` (any date when `None`).
    pub fn held_role(&self, person: u32, role: &str, date: Option<&str>) -> bool {
        let Some(tenures) = self.roles_of.get(&person) else {
            return false;
        };
        tenures.iter().any(|&r| {
            let r = &self.roles[r as usize];
            r.role == role && date.is_none_or(|d| r.covers(d))
        })
    }
}

/// A name with its British words in American spelling or the other way
/// round (`Organisation` / `Organization`, `Defence` / `Defense`), if it
/// has any.
fn other_spelling(name: &str) -> Option<String> {
    const PAIRS: [(&str, &str); 6] = [
        ("Organization", "Organisation"),
        ("Defense", "Defence"),
        ("Center", "Centre"),
        ("Labor", "Labour"),
        ("Program", "Programme"),
        ("Cooperation", "Co-operation"),
    ];
    let mut changed = false;
    let words: Vec<&str> = name
        .split(' ')
        .map(|w| {
            let other = PAIRS
                .iter()
                .find_map(|&(us, uk)| (w == us).then_some(uk).or((w == uk).then_some(us)));
            changed |= other.is_some();
            other.unwrap_or(w)
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// The default data files, embedded in the binary.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("countries.csv", include_str!("../gazetteers/countries.csv")),
    ("people.csv", include_str!("../gazetteers/people.csv")),
    (
        "people-curated.csv",
        include_str!("../gazetteers/people-curated.csv"),
    ),
    (
        "organizations.csv",
        include_str!("../gazetteers/organizations.csv"),
    ),
    (
        "organizations-curated.csv",
        include_str!("../gazetteers/organizations-curated.csv"),
    ),
    (
        "organizations-media.csv",
        include_str!("../gazetteers/organizations-media.csv"),
    ),
    (
        "organizations-global.csv",
        include_str!("../gazetteers/organizations-global.csv"),
    ),
    (
        "organizations-companies.csv",
        include_str!("../gazetteers/organizations-companies.csv"),
    ),
    (
        "organizations-universities.csv",
        include_str!("../gazetteers/organizations-universities.csv"),
    ),
    (
        "organizations-clubs.csv",
        include_str!("../gazetteers/organizations-clubs.csv"),
    ),
    ("titles.csv", include_str!("../gazetteers/titles.csv")),
    ("triggers.csv", include_str!("../gazetteers/triggers.csv")),
    ("lexicon.csv", include_str!("../gazetteers/lexicon.csv")),
    ("places.csv", include_str!("../gazetteers/places.csv")),
    (
        "places-curated.csv",
        include_str!("../gazetteers/places-curated.csv"),
    ),
];

/// Collects data files, then builds a [`Gazetteer`].
#[derive(Default)]
pub struct GazetteerBuilder {
    entities: Vec<Entity>,
    by_id: HashMap<String, u32>,
    /// Phrases as written (folded when the gazetteer is built) and their entries.
    names: Vec<(String, Entry)>,
    roles: Vec<RoleTenure>,
    titles: Vec<(String, Title)>,
    triggers: Vec<(String, Trigger)>,
    lexicon: HashMap<String, Vec<WordClass>>,
    /// Folded place names and the ISO code of their country.
    places: Vec<(String, Option<String>)>,
}

/// The kind of a data file, from its name.
fn file_kind(name: &str) -> Option<&'static str> {
    let stem = name.rsplit('/').next().unwrap_or(name);
    [
        "countries",
        "people",
        "organizations",
        "titles",
        "triggers",
        "lexicon",
        "places",
    ]
    .into_iter()
    .find(|k| stem.starts_with(k))
}

impl GazetteerBuilder {
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds the embedded default files.
    pub fn add_defaults(&mut self) -> Result<()> {
        for (name, text) in DEFAULT_FILES {
            self.add_csv(Path::new(&format!("<embedded>/gazetteers/{name}")), text)?;
        }
        Ok(())
    }

    /// Adds a file or every data file in a folder (sorted by name).
    pub fn add_path(&mut self, path: &Path) -> Result<()> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        let mut files: Vec<PathBuf> = if meta.is_dir() {
            let rd = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let n = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    !n.starts_with('.')
                        && (n.ends_with(".csv")
                            || n.ends_with(".actors")
                            || n.ends_with(".actors.txt"))
                })
                .collect()
        } else {
            vec![path.to_path_buf()]
        };
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            let name = file.to_string_lossy().into_owned();
            if name.ends_with(".actors") || name.ends_with(".actors.txt") {
                crate::actors::load_actors(self, &file, &text)?;
            } else {
                self.add_csv(&file, &text)?;
            }
        }
        Ok(())
    }

    /// Adds one CSV data file; its kind comes from its file name.
    pub fn add_csv(&mut self, path: &Path, text: &str) -> Result<()> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = file_kind(&name).ok_or_else(|| {
            Error::data(
                path,
                0,
                "unknown data file: the name must start with countries, people, organizations, places, titles, triggers or lexicon",
            )
        })?;
        let expected: &[&str] = match kind {
            "countries" => &["id", "name", "aliases", "demonyms", "capitals", "ambiguous"],
            "people" => &["id", "name", "aliases", "country", "role", "start", "end"],
            "organizations" => &["id", "name", "aliases", "country", "kind"],
            "places" => &["name", "aliases", "country", "kind"],
            "titles" => &["title", "role"],
            "triggers" => &["relation", "kind", "phrase"],
            _ => &["class", "word"],
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| Error::data(path, 1, e.to_string()))?
            .clone();
        let got: Vec<&str> = headers.iter().collect();
        if got != expected {
            let line = headers.position().map(|p| p.line()).unwrap_or(1);
            return Err(Error::data(path, line, header_problem(expected, &got)));
        }
        let mut seen_ids = HashSet::default();
        let mut lines = LineCounter::new(text);
        for record in reader.records() {
            let record = record.map_err(|e| csv_problem(path, &e, &mut lines))?;
            let line = lines.line_at(record.position());
            let f: Vec<&str> = record.iter().map(str::trim).collect();
            let err = |m: String| Error::data(path, line, m);
            match kind {
                "countries" => self.add_country(&f, &mut seen_ids).map_err(err)?,
                "people" => self.add_person(&f, &mut seen_ids).map_err(err)?,
                "organizations" => self.add_org(&f, &mut seen_ids).map_err(err)?,
                "titles" => self.add_title(&f).map_err(err)?,
                "triggers" => self.add_trigger(&f).map_err(err)?,
                "places" => self.add_place(&f).map_err(err)?,
                _ => self.add_lexicon(&f).map_err(err)?,
            }
        }
        Ok(())
    }

    /// Adds or extends an entity; returns its index.
    pub(crate) fn entity(
        &mut self,
        id: &str,
        name: &str,
        etype: EntityType,
        country: Option<&str>,
    ) -> std::result::Result<u32, String> {
        if id.is_empty() {
            return Err("empty id".into());
        }
        if name.is_empty() {
            return Err(format!("empty name for id {id}"));
        }
        if let Some(&i) = self.by_id.get(id) {
            let e = &mut self.entities[i as usize];
            if e.etype != etype {
                return Err(format!("id {id} is already a {}", e.etype.as_str()));
            }
            // A tenure row without a country does not erase the country of
            // another row of the same person.
            if e.country.is_none() {
                e.country = country.filter(|c| !c.is_empty()).map(Arc::from);
            }
            return Ok(i);
        }
        let i = self.entities.len() as u32;
        self.entities.push(Entity {
            id: Arc::from(id),
            name: Arc::from(name),
            etype,
            country: country.filter(|c| !c.is_empty()).map(Arc::from),
        });
        self.by_id.insert(id.to_string(), i);
        self.phrase(name, i, Surface::Name, false)?;
        Ok(i)
    }

    /// Links a phrase to an entity.
    pub(crate) fn phrase(
        &mut self,
        phrase: &str,
        entity: u32,
        surface: Surface,
        ambiguous: bool,
    ) -> std::result::Result<(), String> {
        // Folded in `build`, on every core: folding is most of loading.
        if phrase.trim().is_empty() {
            return Err(format!("empty or unusable name {phrase:?}"));
        }
        let key = phrase.to_string();
        // Up to five letters, all capitals: `US`, `OSCE`.
        let (mut letters, mut capitals) = (0, 0);
        for c in phrase.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            capitals += usize::from(c.is_uppercase());
        }
        let upper = (1..=5).contains(&letters) && capitals == letters;
        self.names.push((
            key,
            Entry {
                entity,
                surface,
                case: if upper {
                    CaseRule::Upper
                } else {
                    CaseRule::Capitalized
                },
                ambiguous,
            },
        ));
        Ok(())
    }

    fn list<'a>(cell: &'a str, what: &str) -> std::result::Result<Vec<&'a str>, String> {
        if cell.is_empty() {
            return Ok(Vec::new());
        }
        let items: Vec<&str> = cell.split('|').map(str::trim).collect();
        if items.iter().any(|s| s.is_empty()) {
            return Err(format!("empty value in the {what} list {cell:?}"));
        }
        Ok(items)
    }

    fn add_country(
        &mut self,
        f: &[&str],
        seen: &mut HashSet<String>,
    ) -> std::result::Result<(), String> {
        let (id, name) = (f[0], f[1]);
        if !seen.insert(id.to_string()) {
            return Err(format!("duplicate id {id}"));
        }
        let ambiguous = match f[5] {
            "" | "0" => false,
            "1" => true,
            other => return Err(format!("ambiguous must be 1 or empty, found {other:?}")),
        };
        let i = self.entity(id, name, EntityType::Country, Some(id))?;
        // The name itself was added unambiguous; mark it when needed.
        if ambiguous {
            if let Some(last) = self
                .names
                .iter_mut()
                .rev()
                .find(|(_, e)| e.entity == i && e.surface == Surface::Name)
            {
                last.1.ambiguous = true;
            }
        }
        let aliases = Self::list(f[2], "aliases")?;
        for a in &aliases {
            self.phrase(a, i, Surface::Alias, ambiguous)?;
        }
        // `Timor Leste`, `Guinea Bissau`: a hyphenated name is written with
        // a space as often.
        for n in std::iter::once(name).chain(aliases.iter().copied()) {
            if let Some(spaced) = spaced_hyphen_name(n) {
                self.phrase(&spaced, i, Surface::Alias, ambiguous)?;
            }
        }
        for d in Self::list(f[3], "demonyms")? {
            self.phrase(d, i, Surface::Demonym, false)?;
        }
        for c in Self::list(f[4], "capitals")? {
            self.phrase(c, i, Surface::Capital, false)?;
        }
        Ok(())
    }

    /// A people row; `seen` holds `id country role start` of the rows before,
    /// since one id has a row per tenure (Charles III is head of state of
    /// several countries) but never the same tenure twice.
    fn add_person(
        &mut self,
        f: &[&str],
        seen: &mut HashSet<String>,
    ) -> std::result::Result<(), String> {
        let (id, name, country, role) = (f[0], f[1], f[3], f[4]);
        for (what, d) in [("start", f[5]), ("end", f[6])] {
            if !valid_date(d) {
                return Err(format!(
                    "bad {what} date {d:?}: use YYYY, YYYY-MM or YYYY-MM-DD"
                ));
            }
        }
        // Built by hand: `format!` for each of 26,000 rows is a tenth of
        // the start-up time.
        let mut key = String::with_capacity(id.len() + country.len() + role.len() + f[5].len() + 3);
        for (i, part) in [id, country, role, f[5]].into_iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(part);
        }
        if !seen.insert(key) {
            return Err(format!(
                "duplicate row: id {id} already has role {role:?} for {country:?} from {:?}",
                f[5]
            ));
        }
        let known = self.by_id.get(id).copied();
        if let Some(i) = known {
            if *self.entities[i as usize].name != *name {
                return Err(format!(
                    "id {id} is already {:?}, not {name:?}",
                    self.entities[i as usize].name
                ));
            }
        }
        let i = self.entity(id, name, EntityType::Person, Some(country))?;
        for a in Self::list(f[2], "aliases")? {
            self.phrase(a, i, Surface::Alias, false)?;
        }
        if !role.is_empty() {
            self.roles.push(RoleTenure {
                entity: i,
                country: (!country.is_empty()).then(|| country.to_string()),
                role: role.to_string(),
                start: f[5].to_string(),
                end: f[6].to_string(),
            });
        }
        Ok(())
    }

    fn add_org(
        &mut self,
        f: &[&str],
        seen: &mut HashSet<String>,
    ) -> std::result::Result<(), String> {
        let (id, name, country) = (f[0], f[1], f[3]);
        if !seen.insert(id.to_string()) {
            return Err(format!("duplicate id {id}"));
        }
        let i = self.entity(id, name, EntityType::Org, Some(country))?;
        let aliases = Self::list(f[2], "aliases")?;
        for a in &aliases {
            self.phrase(a, i, Surface::Alias, false)?;
        }
        // `Organisation of African Unity` is the gazetteer's `Organization
        // of African Unity`: the other English spelling is an alias too.
        for n in std::iter::once(name).chain(aliases) {
            if let Some(v) = other_spelling(n) {
                self.phrase(&v, i, Surface::Alias, false)?;
            }
        }
        Ok(())
    }

    fn add_place(&mut self, f: &[&str]) -> std::result::Result<(), String> {
        if !matches!(f[3], "territory" | "region" | "sea" | "city") {
            return Err(format!(
                "kind must be territory, region, sea or city, found {:?}",
                f[3]
            ));
        }
        let country = match f[2] {
            "" => None,
            c if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c.to_string()),
            other => {
                return Err(format!(
                    "country must be an ISO alpha-3 code, found {other:?}"
                ))
            }
        };
        for name in std::iter::once(f[0]).chain(Self::list(f[1], "aliases")?) {
            let key = fold_phrase(name);
            if key.trim().is_empty() {
                return Err(format!("empty or unusable name {name:?}"));
            }
            self.places.push((key, country.clone()));
        }
        Ok(())
    }

    fn add_title(&mut self, f: &[&str]) -> std::result::Result<(), String> {
        if f[0].is_empty() || f[1].is_empty() {
            return Err("a title needs a title and a role".into());
        }
        self.titles.push((
            fold_phrase(f[0]),
            Title {
                role: f[1].to_string(),
            },
        ));
        Ok(())
    }

    fn add_trigger(&mut self, f: &[&str]) -> std::result::Result<(), String> {
        let relation = match f[0] {
            "MEET" => TriggerClass::Meet,
            "CALL" => TriggerClass::Call,
            "CALL_MODE" => TriggerClass::CallMode,
            "VISIT" => TriggerClass::Visit,
            "COUNTRY_RELATION" => TriggerClass::Relation,
            "CONTINUE" => TriggerClass::Continue,
            "BLOCK" => TriggerClass::Block,
            other => {
                return Err(format!(
                    "unknown relation {other:?}: use MEET, CALL, CALL_MODE, VISIT, COUNTRY_RELATION, CONTINUE or BLOCK"
                ))
            }
        };
        if relation == TriggerClass::Relation
            && !matches!(f[1], "cooperation" | "conflict" | "neutral")
        {
            return Err(format!(
                "COUNTRY_RELATION needs kind cooperation, conflict or neutral, found {:?}",
                f[1]
            ));
        }
        if relation == TriggerClass::Meet && !matches!(f[1], "" | "direct" | "pair" | "opener") {
            return Err(format!(
                "MEET takes kind direct, pair, opener or nothing, found {:?}",
                f[1]
            ));
        }
        if relation == TriggerClass::Call && !matches!(f[1], "" | "direct") {
            return Err(format!(
                "CALL takes kind direct or nothing, found {:?}",
                f[1]
            ));
        }
        if relation == TriggerClass::Block && !matches!(f[1], "" | "meeting") {
            return Err(format!(
                "BLOCK takes kind meeting or nothing, found {:?}",
                f[1]
            ));
        }
        if f[2].is_empty() {
            return Err("empty phrase".into());
        }
        self.triggers.push((
            fold_phrase(f[2]),
            Trigger {
                relation,
                kind: f[1].to_string(),
            },
        ));
        Ok(())
    }

    fn add_lexicon(&mut self, f: &[&str]) -> std::result::Result<(), String> {
        let class = match f[0] {
            "org_head" => WordClass::OrgHead,
            "stop" => WordClass::Stop,
            "speech" => WordClass::Speech,
            "media_after" => WordClass::MediaAfter,
            "media_before" => WordClass::MediaBefore,
            "particle" => WordClass::Particle,
            "surname_suffix" => WordClass::SurnameSuffix,
            "pronoun" => WordClass::Pronoun,
            "org_connector" => WordClass::OrgConnector,
            "not_person" => WordClass::NotPerson,
            "chain_word" => WordClass::ChainWord,
            "venue_head" => WordClass::VenueHead,
            "joint" => WordClass::Joint,
            "separate" => WordClass::Separate,
            "reporting" => WordClass::Reporting,
            "org_tail" => WordClass::OrgTail,
            "org_suffix" => WordClass::OrgSuffix,
            "object_gap" => WordClass::ObjectGap,
            "capital_acts" => WordClass::CapitalActs,
            "capital_object" => WordClass::CapitalObject,
            "surname_first" => WordClass::SurnameFirst,
            "generic_head" => WordClass::GenericHead,
            other => return Err(format!("unknown word class {other:?}")),
        };
        if f[1].is_empty() {
            return Err("empty word".into());
        }
        let classes = self.lexicon.entry(fold_word(f[1])).or_default();
        if !classes.contains(&class) {
            classes.push(class);
        }
        Ok(())
    }

    pub(crate) fn push_role(&mut self, role: RoleTenure) {
        self.roles.push(role);
    }

    /// Builds the automata and indexes.
    pub fn build(self) -> Gazetteer {
        let GazetteerBuilder {
            entities,
            by_id,
            names,
            roles,
            titles,
            triggers,
            lexicon,
            places,
        } = self;
        let names: Vec<(String, Entry)> = names
            .into_par_iter()
            .map(|(phrase, entry)| (fold_phrase(&phrase), entry))
            .filter(|(key, _)| !key.trim().is_empty())
            .collect();
        let places: Vec<(String, Option<u32>)> = places
            .into_iter()
            .map(|(key, iso)| {
                let country = iso
                    .and_then(|c| by_id.get(&c).copied())
                    .filter(|&i| entities[i as usize].etype == EntityType::Country);
                (key, country)
            })
            .collect();
        // The people indexes and the phrase tries need nothing of each
        // other: build them on two threads (start-up time is the longer).
        let (
            ((first_names, surnames), name_variants),
            (vocab, names, capital_starts, titles, triggers, places),
        ) = rayon::join(
            || {
                rayon::join(
                    || people_indexes(&entities, &names, &lexicon),
                    || name_variants(&entities, &names),
                )
            },
            || {
                let mut vocab = Vocab::default();
                let set = PhraseSet::build(names.iter().map(|(k, e)| (k, *e)), &mut vocab);
                let capital_starts = names
                    .iter()
                    .filter(|(_, e)| e.surface == Surface::Capital)
                    .map(|(k, _)| vocab.get(first_key_word(k)))
                    .collect();
                let titles = PhraseSet::build(titles, &mut vocab);
                let triggers = PhraseSet::build(triggers, &mut vocab);
                let places = PhraseSet::build(places, &mut vocab);
                (vocab, set, capital_starts, titles, triggers, places)
            },
        );
        let lexicon: HashMap<String, u32> = lexicon
            .into_iter()
            .map(|(w, classes)| (w, classes.iter().fold(0, |bits, c| bits | c.bit())))
            .collect();
        let mut surname_suffixes: Vec<String> = lexicon
            .iter()
            .filter(|(_, &b)| b & WordClass::SurnameSuffix.bit() != 0)
            .map(|(w, _)| w.clone())
            .collect();
        surname_suffixes.sort();
        let mut vocab = vocab;
        let mut word_classes = Vec::new();
        for (w, &bits) in &lexicon {
            let id = vocab.intern(w) as usize;
            if word_classes.len() <= id {
                word_classes.resize(id + 1, 0);
            }
            word_classes[id] = bits;
        }
        let press_id = vocab.get("press");
        let mut roles_of: HashMap<u32, Vec<u32>> = HashMap::default();
        for (i, r) in roles.iter().enumerate() {
            roles_of.entry(r.entity).or_default().push(i as u32);
        }
        Gazetteer {
            surname_suffixes,
            entity_words: entities.iter().map(|_| OnceLock::new()).collect(),
            entities,
            by_id,
            names,
            roles,
            titles,
            triggers,
            places,
            lexicon,
            vocab,
            word_classes,
            roles_of,
            offices: OnceLock::new(),
            leader_surnames: OnceLock::new(),
            press_id,
            first_names,
            capital_starts,
            surnames,
            name_variants,
        }
    }
}

/// The offices whose holders news name by surname alone.
pub const LEADER_OFFICES: [&str; 3] = ["head_of_state", "head_of_government", "foreign_minister"];

/// The surnames of people who held an office of [`LEADER_OFFICES`]: by
/// vocabulary id, and as words for the few the vocabulary does not hold.
#[derive(Default)]
struct LeaderSurnames {
    /// A bit for each vocabulary id: asked of many capitalised words.
    ids: Vec<u64>,
    unknown: HashSet<String>,
}

impl LeaderSurnames {
    fn has_id(&self, id: u32) -> bool {
        self.ids
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    fn insert_id(&mut self, id: u32) {
        let (w, bit) = (id as usize / 64, 1 << (id % 64));
        if self.ids.len() <= w {
            self.ids.resize(w + 1, 0);
        }
        self.ids[w] |= bit;
    }
}

/// First names and surnames of the people.
type PeopleIndexes = (HashSet<String>, HashMap<String, Vec<u32>>);

/// Surname → the full names and aliases of two or more words of the people
/// with it, folded.
/// `Timor Leste` for `Timor-Leste`: the name with a space for each hyphen
/// between capitalised words, if it has one.
fn spaced_hyphen_name(name: &str) -> Option<String> {
    let parts: Vec<&str> = name.split('-').collect();
    let capitalised = |p: &&str| p.chars().next().is_some_and(char::is_uppercase);
    (parts.len() >= 2 && parts.iter().all(capitalised)).then(|| parts.join(" "))
}

fn name_variants(
    entities: &[Entity],
    names: &[(String, Entry)],
) -> HashMap<String, Vec<(u32, Vec<String>)>> {
    let mut variants: HashMap<String, Vec<(u32, Vec<String>)>> = HashMap::default();
    for (key, entry) in names {
        if entities[entry.entity as usize].etype != EntityType::Person {
            continue;
        }
        let words: Vec<String> = key
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(str::to_string)
            .collect();
        if words.len() >= 2 {
            variants
                .entry(words[words.len() - 1].clone())
                .or_default()
                .push((entry.entity, words));
        }
    }
    variants
}

fn people_indexes(
    entities: &[Entity],
    names: &[(String, Entry)],
    lexicon: &HashMap<String, Vec<WordClass>>,
) -> PeopleIndexes {
    let mut first_names = HashSet::default();
    let mut surnames: HashMap<String, Vec<u32>> = HashMap::default();
    // The first words of names and demonyms of countries and bodies
    // (`American`, `New`) are no first names, whatever a person list
    // says. Aliases may be: `Yisrael` is Israel and Yisrael Katz.
    let mut place_words = HashSet::default();
    for (key, entry) in names {
        if entities[entry.entity as usize].etype != EntityType::Person
            && matches!(entry.surface, Surface::Name | Surface::Demonym)
        {
            if let Some(w) = key.split_whitespace().next() {
                place_words.insert(w.to_string());
            }
        }
    }
    for (i, e) in entities.iter().enumerate() {
        if e.etype != EntityType::Person {
            continue;
        }
        let words = name_words(&e.name);
        if words.len() >= 2 {
            let first = &words[0];
            for name in std::iter::once(first.clone()).chain(spelling_variants(first)) {
                if name.chars().count() >= 3
                    && !lexicon.contains_key(&name)
                    && !place_words.contains(&name)
                {
                    first_names.insert(name);
                }
            }
            surnames
                .entry(words[words.len() - 1].clone())
                .or_default()
                .push(i as u32);
        }
    }
    (first_names, surnames)
}

/// Other Latin spellings of a folded first name transliterated from
/// Cyrillic, which news sources spell each their own way: `-ei`/`-ey`
/// (Sergei, Sergey), `ks`/`x` (Aleksei, Alexei) and a final `-i`/`-y`
/// after a consonant (Dmitri, Dmitry). The person list holds one spelling
/// of each person; a text may use another (`Alexey Navalny`).
fn spelling_variants(name: &str) -> Vec<String> {
    let ending = if let Some(stem) = name.strip_suffix("ei") {
        Some(format!("{stem}ey"))
    } else if let Some(stem) = name.strip_suffix("ey") {
        Some(format!("{stem}ei"))
    } else {
        let consonant = |c: char| c.is_ascii_alphabetic() && !"aeiouy".contains(c);
        match (name.strip_suffix('i'), name.strip_suffix('y')) {
            (Some(stem), _) if stem.ends_with(consonant) => Some(format!("{stem}y")),
            (_, Some(stem)) if stem.ends_with(consonant) => Some(format!("{stem}i")),
            _ => None,
        }
    };
    let mut out: Vec<String> = ending.into_iter().collect();
    for v in std::iter::once(name.to_string()).chain(out.clone()) {
        let other = if v.contains("ks") {
            v.replace("ks", "x")
        } else {
            v.replace('x', "ks")
        };
        if other != v {
            out.push(other);
        }
    }
    out
}

/// Line numbers from byte offsets. The CSV reader's own line count misses
/// blank lines, so an error would name the wrong line; rows come in order,
/// so counting on from the last row keeps this linear.
struct LineCounter<'t> {
    text: &'t [u8],
    byte: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> LineCounter<'t> {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, pos: Option<&csv::Position>) -> u64 {
        let Some(pos) = pos else { return 0 };
        let to = (pos.byte() as usize).min(self.text.len());
        if to < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        let newlines = self.text[self.byte..to].iter().filter(|&&b| b == b'\n');
        self.line += newlines.count() as u64;
        self.byte = to;
        // A position may point at the blank and comment lines the reader
        // skipped before the record: step over them.
        while let Some(&first) = self.text.get(self.byte) {
            let rest = &self.text[self.byte..];
            let skip = match first {
                b'\n' => 1,
                b'\r' if rest.get(1) == Some(&b'\n') => 2,
                b'#' => rest
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(rest.len(), |i| i + 1),
                _ => break,
            };
            self.byte += skip;
            self.line += 1;
        }
        self.line
    }
}

/// A row the CSV reader rejects, said in the terms of the data file.
fn csv_problem(path: &Path, e: &csv::Error, lines: &mut LineCounter) -> Error {
    let line = lines.line_at(e.position());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("malformed row: {len} fields, expected {expected_len}"),
        _ => format!("malformed row: {e}"),
    };
    Error::data(path, line, message)
}

/// What is wrong with a header row, naming the first column out of place.
fn header_problem(expected: &[&str], got: &[&str]) -> String {
    let wanted = expected.join(",");
    if let Some(unknown) = got.iter().find(|c| !expected.contains(c)) {
        return format!("unknown column {unknown:?}: the columns are {wanted}");
    }
    if let Some(missing) = expected.iter().find(|c| !got.contains(c)) {
        return format!("missing column {missing:?}: the columns are {wanted}");
    }
    format!(
        "columns out of order: found {}, expected {wanted}",
        got.join(",")
    )
}

fn valid_date(d: &str) -> bool {
    if d.is_empty() {
        return true;
    }
    let parts: Vec<&str> = d.split('-').collect();
    let ok_num = |s: &str, len: usize, max: u32| {
        s.len() == len && s.parse::<u32>().is_ok_and(|n| n >= 1 && n <= max)
    };
    match parts.as_slice() {
        [y] => ok_num(y, 4, 9999),
        [y, m] => ok_num(y, 4, 9999) && ok_num(m, 2, 12),
        [y, m, d] => ok_num(y, 4, 9999) && ok_num(m, 2, 12) && ok_num(d, 2, 31),
        _ => false,
    }
}

/// Loads the gazetteer: the defaults unless `no_defaults`, then each path.
pub fn load(paths: &[PathBuf], no_defaults: bool) -> Result<Gazetteer> {
    let mut b = GazetteerBuilder::new();
    if !no_defaults {
        b.add_defaults()?;
    }
    for p in paths {
        b.add_path(p)?;
    }
    Ok(b.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_english_spelling_of_a_name() {
        assert_eq!(
            other_spelling("Organization of African Unity").as_deref(),
            Some("Organisation of African Unity")
        );
        assert_eq!(
            other_spelling("Ministry of Defence").as_deref(),
            Some("Ministry of Defense")
        );
        // Only whole words: `Centreville` stays, and a name without such a
        // word has no other spelling.
        assert_eq!(other_spelling("Centreville Council"), None);
        assert_eq!(other_spelling("World Bank"), None);
    }

    #[test]
    fn a_hyphenated_country_name_is_also_written_with_a_space() {
        assert_eq!(
            spaced_hyphen_name("Timor-Leste").as_deref(),
            Some("Timor Leste")
        );
        assert_eq!(
            spaced_hyphen_name("Guinea-Bissau").as_deref(),
            Some("Guinea Bissau")
        );
        // A lower-case part is a word of its own kind, and no hyphen no variant.
        assert_eq!(spaced_hyphen_name("Timor-leste"), None);
        assert_eq!(spaced_hyphen_name("Japan"), None);
    }

    /// Loads `text` as the data file `name`; the error as `file:line: message`.
    fn load_error(name: &str, text: &str) -> String {
        let mut b = GazetteerBuilder::new();
        match b.add_csv(Path::new(name), text) {
            Ok(()) => "loaded".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn first_names_have_their_other_transliterations() {
        let variants = |n: &str| {
            let mut v = spelling_variants(n);
            v.sort();
            v
        };
        assert_eq!(variants("alexei"), ["aleksei", "aleksey", "alexey"]);
        assert_eq!(variants("aleksey"), ["aleksei", "alexei", "alexey"]);
        assert_eq!(variants("sergey"), ["sergei"]);
        assert_eq!(variants("dmitri"), ["dmitry"]);
        assert_eq!(variants("yury"), ["yuri"]);
        assert!(variants("maria").is_empty());
        assert!(variants("john").is_empty());
        assert_eq!(variants("andrei"), ["andrey"]);
    }

    const PEOPLE: &str = "id,name,aliases,country,role,start,end\n";
    const ORGS: &str = "id,name,aliases,country,kind\n";

    #[test]
    fn bad_rows_name_file_line_and_problem() {
        let cases: &[(&str, String, &str)] = &[
            (
                "organizations.csv",
                format!("{ORGS}org/a,Alpha,,,igo\norg/a,Beta,,,igo\n"),
                "organizations.csv:3: duplicate id org/a",
            ),
            (
                "countries.csv",
                "id,name,aliases,demonyms,capitals,ambiguous\nAZE,Azerbaijan,,,,\nAZE,Azerbaijan,,,,\n"
                    .into(),
                "countries.csv:3: duplicate id AZE",
            ),
            (
                "people.csv",
                format!("{PEOPLE}Q1,A B,,USA,official,2001,2002\nQ1,A B,,USA,official,2001,2003\n"),
                "people.csv:3: duplicate row: id Q1 already has role \"official\" for \"USA\" from \"2001\"",
            ),
            (
                "people.csv",
                format!("{PEOPLE}Q1,A B,,USA,head_of_state,20x1,\n"),
                "people.csv:2: bad start date \"20x1\"",
            ),
            (
                "people.csv",
                format!("{PEOPLE}Q1,A B,,USA,head_of_state,2001-13-01,\n"),
                "people.csv:2: bad start date",
            ),
            (
                "organizations.csv",
                format!("{ORGS}\n# comment\norg/b,B,x||y,,igo\n"),
                "organizations.csv:4: empty value in the aliases list",
            ),
            (
                "organizations.csv",
                "id,name,colour\n".into(),
                "organizations.csv:1: unknown column \"colour\"",
            ),
            (
                "titles.csv",
                "title\n".into(),
                "titles.csv:1: missing column \"role\"",
            ),
            (
                "people.csv",
                format!("{PEOPLE}# comment\nQ1,A B,,USA\n"),
                "people.csv:3: malformed row: 4 fields, expected 7",
            ),
            (
                "triggers.csv",
                "relation,kind,phrase\nMEETS,,met\n".into(),
                "triggers.csv:2: unknown relation \"MEETS\"",
            ),
            (
                "lexicon.csv",
                "class,word\nstop,\n".into(),
                "lexicon.csv:2: empty word",
            ),
            (
                "streets.csv",
                "id\n".into(),
                "streets.csv:0: unknown data file",
            ),
        ];
        for (name, text, want) in cases {
            let got = load_error(name, text);
            assert!(got.starts_with(want), "{name}: got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn one_person_may_hold_several_tenures() {
        let text = format!(
            "{PEOPLE}Q1,A B,,USA,official,2001,2002\nQ1,A B,,USA,official,2004,\nQ1,A B,,USA,government,2001,\n"
        );
        assert_eq!(load_error("people.csv", &text), "loaded");
    }

    #[test]
    fn places_name_their_kind_and_country() {
        let mut b = GazetteerBuilder::new();
        let text = "name,aliases,country,kind\nAtlantis,,,island\n";
        let err = b.add_csv(Path::new("places.csv"), text).unwrap_err();
        assert!(
            err.to_string().starts_with("places.csv:2: kind must be"),
            "{err}"
        );
        let text = "name,aliases,country,kind\nGotham,,usa,city\n";
        let err = b.add_csv(Path::new("places.csv"), text).unwrap_err();
        assert!(err.to_string().contains("ISO alpha-3"), "{err}");
        let text = "name,aliases,country,kind\nGotham,Gotham City,,city\n";
        b.add_csv(Path::new("places-mine.csv"), text).unwrap();
    }

    #[test]
    fn tenures_cover_dates() {
        let r = RoleTenure {
            entity: 0,
            country: None,
            role: "head_of_state".into(),
            start: "2017-01-20".into(),
            end: "2021".into(),
        };
        assert!(r.covers("2018-05-01"));
        assert!(r.covers("2021-01-01"));
        assert!(!r.covers("2016-12-31"));
        assert!(!r.covers("2022-01-01"));
    }

    #[test]
    fn defaults_load() {
        let g = load(&[], false).unwrap();
        assert!(g.entities.len() > 190);
        assert!(g.find_id("AZE").is_some());
    }
}
