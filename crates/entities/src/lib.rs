//! rhetor's entity layer: who and what an article names.
//!
//! A named-entity tagger (PER, ORG, LOC, MISC) trained by rhetor's own code (`rhetor train ner`):
//! an averaged structured perceptron over hashed word, affix, shape, context, gazetteer and
//! word-vector features (each word's row in the representation stage's static table, in both
//! tiers), and in the accurate tier each token's contextual vector too (names are `[MASK]` to
//! the encoder, so it tells what context a name stands in), decoded with BIO-constrained
//! Viterbi. It tags a document twice: the second pass knows
//! how each word was tagged elsewhere in the document. The mentions are then grouped into one
//! cluster per real-world entity ([`cluster`]).

pub mod cluster;
pub mod clusters;
pub mod data;
pub mod features;
pub mod labels;
pub mod model;
mod rng;
pub mod train;

use std::collections::HashSet;
use std::sync::Arc;

use rhetor_doc::{Analyzer, Doc, Entity, EntityLabel, Span, TextKind, TokenKind};

pub use crate::features::Domain;
use crate::features::Features;
use crate::labels::{N_LABELS, TYPES};
pub use crate::model::{Model, ModelError};

/// The models shipped with rhetor (see `models/README.md` for their data and how to rebuild
/// them): the fast tier's, and the accurate tier's, which also reads contextual vectors.
const BUNDLED: &[u8] = include_bytes!("../../../models/ner.bin");
const BUNDLED_ACCURATE: &[u8] = include_bytes!("../../../models/ner-accurate.bin");

/// A loaded tagger.
pub struct Tagger {
    model: Model,
    vectors: Arc<rhetor_represent::Vectors>,
    /// For a model whose head reads the static word vectors: each table row's vector, as the
    /// head reads it, dotted with the head's weights per label (a token's share is then one
    /// lookup).
    lexical: Vec<[f32; N_LABELS]>,
    /// The table rows the head over the static vectors reads as common words.
    common_rows: Vec<bool>,
}

/// How much more the head over the static vectors must score a row as no name than as any
/// name for the row to read as a common word's. spaCy's table gives a capitalised word the row
/// of its lower case ("Trump" the row of "trump", to outdo: 75 points for no name); a word the
/// news text nearly always capitalises is then read without that row ([`features::extract`]).
/// CoNLL and UNER dev unchanged from 50 up (30: -0.0003 / -0.0011).
const COMMON_ROW_MARGIN: f32 = 50.0;

/// One tagged entity in token positions: `(start, end, type index, confidence)`.
pub type Chunk = (usize, usize, usize, f32);

/// The contextual vectors of the sentences being tagged (the accurate tier): `ranges[k]` are
/// sentence `k`'s tokens' indexes into `vectors`.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub vectors: &'a rhetor_doc::TokenVectors,
    pub ranges: &'a [std::ops::Range<usize>],
}

impl Tagger {
    /// The tagger of `model`, which must have been trained over `vectors`.
    pub fn new(model: Model, vectors: Arc<rhetor_represent::Vectors>) -> Result<Self, ModelError> {
        if model.vectors != vectors.fingerprint() {
            return Err(ModelError::OtherVectors);
        }
        let dim = vectors.dim();
        let lexical = if model.lexical_dim() == dim {
            // The head's weights by dimension, so each row's nine sums run side by side (the
            // model loads in a fraction of the time nine dot products one after another took).
            let by_dim: Vec<[f32; N_LABELS]> = (0..dim)
                .map(|k| std::array::from_fn(|l| model.lexical[l * dim + k]))
                .collect();
            let mut v = vec![0f32; dim];
            (0..vectors.rows() as u32)
                .map(|row| {
                    vectors.vector(row, &mut v);
                    model::context_input(&mut v);
                    let mut scores = [0f32; N_LABELS];
                    for (x, w) in v.iter().zip(&by_dim) {
                        for (s, w) in scores.iter_mut().zip(w) {
                            *s += w * x;
                        }
                    }
                    scores
                })
                .collect()
        } else if model.lexical.is_empty() {
            Vec::new()
        } else {
            return Err(ModelError::OtherVectors);
        };
        let common_rows: Vec<bool> = lexical
            .iter()
            .map(|scores| {
                let name = scores[1..]
                    .iter()
                    .copied()
                    .fold(f32::NEG_INFINITY, f32::max);
                scores[0] - name > COMMON_ROW_MARGIN
            })
            .collect();
        Ok(Tagger {
            model,
            vectors,
            lexical,
            common_rows,
        })
    }

    /// The fast tier's tagger shipped with rhetor, over the word vectors shipped with it.
    pub fn bundled() -> Result<Self, ModelError> {
        Tagger::bundled_for(rhetor_represent::Tier::Fast)
    }

    /// The tagger shipped with rhetor for `tier`.
    pub fn bundled_for(tier: rhetor_represent::Tier) -> Result<Self, ModelError> {
        let vectors =
            rhetor_represent::bundled().map_err(|e| ModelError::Vectors(e.to_string()))?;
        let bytes = match tier {
            rhetor_represent::Tier::Fast => BUNDLED,
            rhetor_represent::Tier::Accurate => BUNDLED_ACCURATE,
        };
        Tagger::new(Model::from_bytes(bytes)?, vectors)
    }

    /// Tags the sentences of one news document (each a list of tokens), in two passes.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Chunk>> {
        self.tag_document_as(sentences, Domain::News)
    }

    /// Tags the sentences of one document of the given kind of text.
    pub fn tag_document_as(&self, sentences: &[Vec<&str>], domain: Domain) -> Vec<Vec<Chunk>> {
        self.tag_document_in(sentences, domain, None)
    }

    /// Whether the model reads contextual vectors (a model of the accurate tier).
    pub fn reads_context(&self) -> bool {
        !self.model.context.is_empty()
    }

    /// Tags the sentences of one document of the given kind of text, reading their contextual
    /// vectors when the model was trained over them and `context` gives them.
    pub fn tag_document_in(
        &self,
        sentences: &[Vec<&str>],
        domain: Domain,
        context: Option<Context>,
    ) -> Vec<Vec<Chunk>> {
        let mut feats = Features::default();
        let masks = self.opener_masks(sentences);
        let context = context.filter(|c| {
            self.reads_context()
                && c.vectors.dim() == self.model.context_dim()
                && c.ranges.len() == sentences.len()
        });
        let mut vector = vec![0f32; self.model.context_dim()];
        let first: Vec<(Vec<usize>, Vec<[f32; N_LABELS]>)> = sentences
            .iter()
            .zip(&masks)
            .enumerate()
            .map(|(k, (s, mask))| {
                let mut emissions = self.emissions(s, domain, &mut feats);
                for (scores, &row) in emissions.iter_mut().zip(&feats.rows) {
                    if let Some(add) = self.lexical.get(row as usize) {
                        scores.iter_mut().zip(add).for_each(|(s, a)| *s += a);
                    }
                }
                if let Some(c) = context {
                    for (scores, t) in emissions.iter_mut().zip(c.ranges[k].clone()) {
                        if t < c.vectors.len() && c.vectors.get(t, &mut vector) {
                            model::context_input(&mut vector);
                            self.model.add_context(scores, &vector);
                        }
                    }
                }
                (self.model.viterbi(&emissions, mask.as_deref()), emissions)
            })
            .collect();
        // What each word was tagged as in the first pass, anywhere in the document.
        let mut known: std::collections::HashMap<String, u8> = std::collections::HashMap::new();
        for (s, (labels, _)) in sentences.iter().zip(&first) {
            for (start, end, t) in labels::chunks(labels) {
                for w in &s[start..end] {
                    *known.entry(w.to_lowercase()).or_default() |= 1 << t;
                }
            }
        }
        // The second pass: the first pass's scores plus what the document knows of each word.
        let mut tagged: Vec<Vec<Chunk>> = sentences
            .iter()
            .zip(first)
            .zip(&masks)
            .map(|((s, (_, mut emissions)), mask)| {
                for (w, scores) in s.iter().zip(emissions.iter_mut()) {
                    if let Some(&k) = known.get(&w.to_lowercase()).filter(|&&k| k != 0) {
                        let ids = features::known_features(w, k, domain);
                        self.model.add_features(scores, &ids);
                    }
                }
                let labels = self.model.viterbi(&emissions, mask.as_deref());
                let margins = margins(&self.model.transitions, &emissions, &labels);
                labels::chunks(&labels)
                    .into_iter()
                    .filter(|&(start, end, _)| !s[start..end].iter().any(|w| is_address(w)))
                    .filter(|&(start, end, _)| end - start > 1 || !is_plural_acronym(s[start]))
                    // Web text is learned from data without MISC (UNER), where an unannotated
                    // word may be MISC or nothing: there the model's MISC means nothing, so web
                    // text gets people, organisations and places only.
                    .filter(|&(_, _, t)| domain == Domain::News || TYPES[t] != EntityLabel::MISC)
                    .map(|(start, end, t)| (start, end, t, confidence(&margins[start..end])))
                    .collect()
            })
            .collect();
        name_parts_take_the_type(sentences, &mut tagged);
        tagged
    }

    /// Label masks that keep a sentence's first word out of every name when its capital is only
    /// the sentence's: the unlabelled text saw the word open sentences and hardly anywhere else
    /// ("Additionally", "FYI"), or it is a common word hardly ever capitalised inside a sentence,
    /// standing alone before a lower-case word in a sentence of prose ("Best pizza: ..." in a
    /// list). Never when the document capitalises the word inside a sentence too. The tagger
    /// takes such rare openers, and common words the document's other lines use in a name, for
    /// names.
    fn opener_masks(&self, sentences: &[Vec<&str>]) -> Vec<Option<Vec<u16>>> {
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let lower = |w: &str| w.chars().next().is_some_and(char::is_lowercase);
        // The openers first (few), then whether the document capitalises any of them inside a
        // sentence, compared without allocating per token.
        let openers: Vec<Option<String>> = sentences
            .iter()
            .map(|s| {
                let first = s.first().filter(|w| capitalised(w))?.to_lowercase();
                let class = self.model.clusters.get(&first)?;
                let prose = s.get(1).is_some_and(|w| lower(w))
                    && s.iter().filter(|w| lower(w)).count() >= 3;
                (class.opens_sentences || (class.capitals == 1 && prose)).then_some(first)
            })
            .collect();
        let mut words: Vec<&str> = openers.iter().flatten().map(String::as_str).collect();
        words.sort_unstable();
        words.dedup();
        let inside: HashSet<&str> = sentences
            .iter()
            .flat_map(|s| s.iter().skip(1))
            .filter(|w| capitalised(w))
            .filter_map(|w| {
                words
                    .iter()
                    .find(|o| w.chars().flat_map(char::to_lowercase).eq(o.chars()))
                    .copied()
            })
            .collect();
        sentences
            .iter()
            .zip(&openers)
            .map(|(s, opener)| {
                opener.as_deref().filter(|o| !inside.contains(o))?;
                let mut mask = vec![u16::MAX; s.len()];
                mask[0] = 1;
                Some(mask)
            })
            .collect()
    }

    /// The first pass's label scores of one sentence's tokens, from their sparse features.
    fn emissions(
        &self,
        tokens: &[&str],
        domain: Domain,
        feats: &mut Features,
    ) -> Vec<[f32; N_LABELS]> {
        let tables = features::Tables {
            gazetteer: &self.model.gazetteer,
            clusters: &self.model.clusters,
            vectors: &self.vectors,
            common_rows: Some(&self.common_rows),
        };
        features::extract(tokens, &tables, None, domain, feats);
        self.model.emissions(feats)
    }
}

/// An e-mail address or a file name ("a.b@example.org", "Stocks.pdf"): no name of a person,
/// organisation or place, however it is capitalised.
fn is_address(token: &str) -> bool {
    const FILES: &[&str] = &[
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "zip", "jpg", "jpeg",
        "png", "gif",
    ];
    let email = token
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    let file = token.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && FILES.iter().any(|f| ext.eq_ignore_ascii_case(f))
    });
    email || file
}

/// An acronym made plural ("APIs", "VPNs", "CEOs"): a kind of thing, not one named thing.
fn is_plural_acronym(token: &str) -> bool {
    token.strip_suffix('s').is_some_and(|stem| {
        stem.chars().count() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase())
    })
}

/// Parts of a longer name of the document take its type: the end of a person's name the tagger
/// is sure of is that person ("Clinton" after "Bill Clinton"), a name with a legal form and its
/// starts are that company ("Magna" after "Magna International Inc"), whatever the tagger made
/// of them alone. CoNLL-2003 dev F1 0.910 -> 0.921, UNER 0.682 -> 0.686; the start of any
/// organisation's name (without a legal form) lost 0.5 on CoNLL.
fn name_parts_take_the_type(sentences: &[Vec<&str>], tagged: &mut [Vec<Chunk>]) {
    let position = |label| TYPES.iter().position(|&t| t == label);
    let (Some(per), Some(org)) = (position(EntityLabel::PER), position(EntityLabel::ORG)) else {
        return;
    };
    // Every proper end of every person's name and every proper start of every company's,
    // looked up once per name (linear in the text).
    let mut ends: HashSet<&[&str]> = HashSet::new();
    let mut starts: HashSet<&[&str]> = HashSet::new();
    for (s, found) in sentences.iter().zip(tagged.iter()) {
        for &(start, end, t, confidence) in found {
            if end - start >= 2 && legal_form(s[end - 1]) {
                starts.extend((start + 1..=end).map(|to| &s[start..to]));
            } else if t == per && confidence >= SURE {
                ends.extend((start + 1..end).map(|from| &s[from..end]));
            }
        }
    }
    for (s, found) in sentences.iter().zip(tagged.iter_mut()) {
        for (start, end, t, _) in found.iter_mut() {
            let name = &s[*start..*end];
            if ends.contains(name) {
                *t = per;
            } else if starts.contains(name) {
                *t = org;
            }
        }
    }
}

/// How sure the tagger must be of a full name for its parts to take its type.
const SURE: f32 = 0.8;

/// The legal form that ends a company's name: "Inc", "Ltd.", "plc", "AG".
fn legal_form(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_lowercase().as_str(),
        "inc"
            | "corp"
            | "corporation"
            | "co"
            | "company"
            | "ltd"
            | "plc"
            | "llc"
            | "group"
            | "ag"
            | "sa"
            | "spa"
            | "nv"
            | "gmbh"
            | "bhd"
    )
}

/// For each token, how much better the best labelling of the whole sentence is than the best
/// one that gives this token another label (max-marginals from a forward and a backward Viterbi
/// pass): the context counts, not the token's own score alone.
fn margins(
    transitions: &[[f32; N_LABELS]],
    emissions: &[[f32; N_LABELS]],
    labels: &[usize],
) -> Vec<f32> {
    let n = emissions.len();
    let mut forward = vec![[f32::NEG_INFINITY; N_LABELS]; n];
    let mut backward = vec![[f32::NEG_INFINITY; N_LABELS]; n];
    for i in 0..n {
        for x in 0..N_LABELS {
            let best = if i == 0 {
                labels::allowed(None, x).then(|| transitions[N_LABELS][x])
            } else {
                (0..N_LABELS)
                    .filter(|&p| labels::allowed(Some(p), x))
                    .map(|p| forward[i - 1][p] + transitions[p][x])
                    .reduce(f32::max)
            };
            forward[i][x] = best.unwrap_or(f32::NEG_INFINITY) + emissions[i][x];
        }
    }
    for i in (0..n).rev() {
        for x in 0..N_LABELS {
            backward[i][x] = if i + 1 == n {
                0.0
            } else {
                (0..N_LABELS)
                    .filter(|&nx| labels::allowed(Some(x), nx))
                    .map(|nx| transitions[x][nx] + emissions[i + 1][nx] + backward[i + 1][nx])
                    .fold(f32::NEG_INFINITY, f32::max)
            };
        }
    }
    (0..n)
        .map(|i| {
            let through = |x: usize| forward[i][x] + backward[i][x];
            let other = (0..N_LABELS)
                .filter(|&x| x != labels[i])
                .map(through)
                .fold(f32::NEG_INFINITY, f32::max);
            through(labels[i]) - other
        })
        .collect()
}

/// An entity's confidence: the logistic of its least certain token's margin, on a scale fitted
/// by logistic regression to whether each entity found in CoNLL-2003 dev is right (calibrated
/// there: mean confidence 0.909 for 0.910 right; on UNER web text it is overconfident, 0.82 for
/// 0.70).
fn confidence(margins: &[f32]) -> f32 {
    let least = margins.iter().copied().fold(f32::INFINITY, f32::min);
    if !least.is_finite() {
        return 1.0;
    }
    1.0 / (1.0 + (-(least / MARGIN_SCALE + MARGIN_SHIFT)).exp())
}

const MARGIN_SCALE: f32 = 38.7;
const MARGIN_SHIFT: f32 = -0.52;

/// A country written by its initials alone ("US", "U.S.", "UK"): a place, whatever the tagger
/// says (it often reads them as organisations, as in "US officials").
fn is_country_abbreviation(name: &str) -> bool {
    const COUNTRIES: &[&str] = &["US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK"];
    let letters: String = name.chars().filter(|c| *c != '.').collect();
    COUNTRIES.contains(&letters.as_str()) && !name.contains(' ')
}

/// Nouns that say a name is an organisation or a place when they head an appositive after it
/// ("Burisma, a Ukrainian gas company,"; "Dunmore, a town in Kerry").
const ORGANISATION_NOUNS: &[&str] = &[
    "company",
    "firm",
    "corporation",
    "conglomerate",
    "group",
    "agency",
    "party",
    "union",
    "bank",
    "charity",
    "newspaper",
    "broadcaster",
    "network",
    "publisher",
    "startup",
    "insurer",
    "airline",
    "carrier",
    "retailer",
    "manufacturer",
    "maker",
    "supplier",
    "producer",
    "club",
    "team",
    "university",
    "college",
    "ministry",
    "department",
    "organisation",
    "organization",
    "foundation",
    "institute",
    "think-tank",
    "subsidiary",
    "militia",
    "movement",
];
/// Nouns that say a name is a person's ("Khomeini, the founder of the Islamic Republic,").
const PERSON_NOUNS: &[&str] = &[
    "founder",
    "co-founder",
    "president",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "commander",
    "minister",
    "governor",
    "senator",
    "mayor",
    "ambassador",
    "son",
    "daughter",
    "wife",
    "husband",
    "father",
    "mother",
    "brother",
    "sister",
    "widow",
    "lawyer",
    "journalist",
    "cleric",
    "professor",
    "teacher",
    "activist",
    "actor",
    "actress",
    "singer",
];
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "country",
    "province",
    "region",
    "district",
    "county",
    "island",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "port",
    "capital",
    "state",
];

/// The last words of a place's name ("the Green Zone", "the Red Sea"): a name the tagger took
/// for an organisation or a person that ends in one is a place. ("County" is not among them:
/// football clubs such as Ross County are organisations.)
const PLACE_HEADS: &[&str] = &[
    "Zone",
    "River",
    "Lake",
    "Mountains",
    "Valley",
    "Bay",
    "Island",
    "Islands",
    "Strait",
    "Gulf",
    "Peninsula",
    "Desert",
    "Sea",
    "Ocean",
    "Canyon",
    "Coast",
    "Heights",
    "Avenue",
    "Square",
    "Boulevard",
    "Province",
];

/// Titles before a person's name.
const TITLES: &[&str] = &[
    "Mayor",
    "President",
    "Senator",
    "Sen.",
    "Governor",
    "Gov.",
    "Minister",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Judge",
    "Chancellor",
    "Rep.",
    "Representative",
    "Secretary",
    "Chairman",
    "Professor",
    "Prof.",
    "General",
    "Gen.",
    "Captain",
    "Capt.",
    "Sir",
    "Pope",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Councillor",
    "Councilor",
    "Bishop",
    "Rabbi",
    "Imam",
    "Sheikh",
    "Ayatollah",
];

/// Words that end an appositive's first noun phrase.
const APPOSITIVE_STOPS: &[&str] = &[
    "at", "of", "in", "for", "with", "from", "on", "by", "to", "who", "which", "that", "and", "or",
    "but", "is", "was", "has", "had",
];

/// The type an appositive right after a name gives it (`Burisma, a Ukrainian gas company`):
/// ", a" or ", an" or ", the", then within six words a noun of [`ORGANISATION_NOUNS`],
/// [`PERSON_NOUNS`] or [`PLACE_NOUNS`] that ends the phrase (before punctuation or a word that
/// goes on about it: "based", "in", "that"). The tagger reads names by their letters and
/// neighbours; a rare name is often typed wrong where the text says plainly what it is. `after`
/// is the token after the name.
fn appositive_type(doc: &Doc, after: usize) -> Option<EntityLabel> {
    let word = |k: usize| doc.tokens.get(k).map(|t| doc.slice(t.span));
    if word(after)? != "," || !matches!(word(after + 1)?, "a" | "an" | "the") {
        return None;
    }
    for k in after + 2..after + 8 {
        let w = word(k)?;
        // The head is in the phrase's first noun phrase, written in lower case: "a researcher
        // at the University of ..." says nothing of the name before it.
        if !w.chars().any(char::is_alphabetic) || APPOSITIVE_STOPS.contains(&w) {
            return None;
        }
        let label = if ORGANISATION_NOUNS.contains(&w) {
            EntityLabel::ORG
        } else if PERSON_NOUNS.contains(&w) {
            EntityLabel::PER
        } else if PLACE_NOUNS.contains(&w) {
            EntityLabel::LOC
        } else {
            continue;
        };
        let ends = word(k + 1).is_none_or(|next| {
            !next.chars().any(char::is_alphanumeric)
                || matches!(
                    next,
                    "based"
                        | "in"
                        | "that"
                        | "which"
                        | "whose"
                        | "with"
                        | "founded"
                        | "owned"
                        | "run"
                        | "headquartered"
                        | "near"
                        | "on"
                        | "of"
                        | "from"
                        | "known"
                        | "where"
                        | "listed"
                        | "best"
                )
        });
        return ends.then_some(label);
    }
    None
}

/// The entity layer as a pipeline stage: tags every sentence, then clusters the mentions.
pub struct EntityLayer {
    tagger: Tagger,
}

impl EntityLayer {
    pub fn new(tagger: Tagger) -> Self {
        EntityLayer { tagger }
    }
}

/// Lower-case forms for capitalised words that are capitalised only by position: at the start of
/// a sentence or in a heading, while the document writes them in lower case everywhere else
/// ("Terrorism" in the heading "The Circulation of Fundamentalism and Terrorism"). Title-case
/// headings otherwise look like a row of names. Likewise, an all-caps word the document also
/// writes in title case is given in title case ("PORT CALDER" → "Port Calder").
fn true_case(doc: &Doc, ranges: &[std::ops::Range<usize>]) -> Vec<Option<String>> {
    let headings: Vec<Span> = doc
        .layers
        .paragraphs
        .iter()
        .filter(|p| p.kind == rhetor_doc::ParagraphKind::Heading)
        .map(|p| p.span)
        .collect();
    let mut positional = vec![false; doc.tokens.len()];
    for r in ranges {
        if let Some(first) = positional.get_mut(r.start) {
            *first = true;
        }
        for t in r.clone() {
            positional[t] |= headings.iter().any(|h| h.contains(doc.tokens[t].span));
        }
    }
    // How each word is written where its case means something.
    let mut lower: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut capital: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut titled: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (t, tok) in doc.tokens.iter().enumerate() {
        let w = doc.slice(tok.span);
        if positional[t] || tok.kind != TokenKind::Word {
            continue;
        }
        match w.chars().next() {
            Some(c) if c.is_lowercase() => {
                lower.insert(w);
            }
            Some(c) if c.is_uppercase() => {
                capital.insert(w.to_lowercase());
                if w.chars().any(char::is_lowercase) {
                    titled.insert(w);
                }
            }
            _ => {}
        }
    }
    doc.tokens
        .iter()
        .enumerate()
        .map(|(t, tok)| {
            let w = doc.slice(tok.span);
            let low = w.to_lowercase();
            let capitalised = w.chars().next().is_some_and(char::is_uppercase);
            if positional[t]
                && capitalised
                && lower.contains(low.as_str())
                && !capital.contains(&low)
            {
                return Some(low);
            }
            // An all-caps word ("PORT CALDER:" in a dateline) the text also writes in title case.
            let shouting =
                w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
            let title: String = w.chars().take(1).chain(low.chars().skip(1)).collect();
            (shouting && titled.contains(title.as_str())).then_some(title)
        })
        .collect()
}

/// Documents longer than this many tokens per sentence are tagged in windows of this size, so one
/// huge "sentence" (a table, a paragraph without punctuation) stays linear.
const MAX_SENTENCE_TOKENS: usize = 250;

/// Verbs that a quotation's attribution can capitalise ("...,” Said Khamenei").
const REPORTING_VERBS: &[&str] = &["said", "says", "told", "added", "asked", "wrote"];

impl Analyzer for EntityLayer {
    fn name(&self) -> &'static str {
        "entities"
    }

    /// Its rules and model know English only.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        let mut ranges = Vec::new();
        for sentence in doc.sentence_tokens() {
            let mut at = sentence.start;
            while at < sentence.end {
                let end = (at + MAX_SENTENCE_TOKENS).min(sentence.end);
                ranges.push(at..end);
                at = end;
            }
        }
        let cased = true_case(doc, &ranges);
        let sentences: Vec<Vec<&str>> = ranges
            .iter()
            .map(|r| {
                r.clone()
                    .map(|t| {
                        cased[t]
                            .as_deref()
                            .unwrap_or_else(|| doc.slice(doc.tokens[t].span))
                    })
                    .collect()
            })
            .collect();
        // Conversation (forum threads, reviews, e-mail, posts: the text layer decides) is
        // written like the web text of Universal NER, everything else like news.
        let domain = match doc.meta.text_kind {
            Some(TextKind::Conversational) => Domain::Web,
            _ => Domain::News,
        };
        let contextual = &doc.representation.contextual;
        let context = (contextual.len() == doc.tokens.len()).then_some(Context {
            vectors: contextual,
            ranges: &ranges,
        });
        let tagged = self.tagger.tag_document_in(&sentences, domain, context);
        let mut entities = Vec::new();
        for (range, chunks) in ranges.iter().zip(tagged) {
            for (start, end, t, confidence) in chunks {
                let tokens = &doc.tokens[range.start + start..range.start + end];
                // An entity never ends on punctuation that the tagger swept in.
                let last = tokens
                    .iter()
                    .rposition(|tok| !matches!(tok.kind, TokenKind::Punct | TokenKind::Clitic));
                let Some(last) = last else { continue };
                // A placeholder ("___", "***") names nothing.
                if !tokens
                    .iter()
                    .any(|t| doc.slice(t.span).chars().any(char::is_alphanumeric))
                {
                    continue;
                }
                // Nor starts on a capitalised reporting verb (`,” Said Khamenei`).
                let first = usize::from(
                    last > 0
                        && REPORTING_VERBS
                            .iter()
                            .any(|v| doc.slice(tokens[0].span).eq_ignore_ascii_case(v)),
                );
                // A person's title is no part of the name (`Mayor [Ana Ruiz]`), as the training
                // data has it.
                let first = first
                    + usize::from(
                        TYPES[t] == EntityLabel::PER
                            && last > first
                            && TITLES.contains(&doc.slice(tokens[first].span)),
                    );
                let span = Span::new(tokens[first].span.start, tokens[last].span.end);
                let after = range.start + start + last + 1;
                entities.push(Entity {
                    span,
                    label: if is_country_abbreviation(doc.slice(span)) {
                        EntityLabel::LOC
                    } else if TYPES[t] == EntityLabel::MISC {
                        TYPES[t]
                    } else if last > first && PLACE_HEADS.contains(&doc.slice(tokens[last].span)) {
                        EntityLabel::LOC
                    } else {
                        appositive_type(doc, after).unwrap_or(TYPES[t])
                    },
                    cluster: 0,
                    confidence,
                });
            }
        }
        let clusters = cluster::cluster(&doc.text, &mut entities);
        doc.layers.entities = Some(entities);
        doc.layers.clusters = Some(clusters);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entities the fast tier's layer finds in `text`, as written, with their types.
    fn entities_in(text: &str) -> Vec<(String, EntityLabel)> {
        let layer = EntityLayer::new(Tagger::bundled().unwrap());
        let mut doc = Doc::new("t", text);
        rhetor_text::analyze(&mut doc);
        layer.analyze(&mut doc);
        doc.layers
            .entities
            .as_deref()
            .unwrap()
            .iter()
            .map(|e| (doc.slice(e.span).to_string(), e.label))
            .collect()
    }

    fn has(found: &[(String, EntityLabel)], name: &str, label: EntityLabel) -> bool {
        found.iter().any(|(n, l)| n == name && *l == label)
    }

    #[test]
    fn country_initials_are_places() {
        let found = entities_in("US officials met U.K. envoys in Lagos on Monday.");
        assert!(has(&found, "US", EntityLabel::LOC), "{found:?}");
        assert!(has(&found, "U.K.", EntityLabel::LOC), "{found:?}");
        assert!(!is_country_abbreviation("US Steel") && is_country_abbreviation("U.S."));
    }

    #[test]
    fn a_name_ending_in_a_place_noun_is_a_place() {
        let found = entities_in(
            "Convoys reached Baghdad's Green Zone on Monday. Ships crossed the Tarvey Strait.",
        );
        assert!(has(&found, "Green Zone", EntityLabel::LOC), "{found:?}");
        assert!(has(&found, "Tarvey Strait", EntityLabel::LOC), "{found:?}");
    }

    #[test]
    fn an_appositive_says_what_a_name_is() {
        let found = entities_in(
            "Ana Ruiz sat on the board of Quenlor, a Ukrainian gas company, for years. She grew \
             up in Tarvey, a small town near the coast. Quenlor, the largest supplier of gas in \
             the region, denied it. Ruiz, a lawyer, declined to comment.",
        );
        assert!(has(&found, "Quenlor", EntityLabel::ORG), "{found:?}");
        assert!(has(&found, "Tarvey", EntityLabel::LOC), "{found:?}");
        assert!(has(&found, "Ruiz", EntityLabel::PER), "{found:?}");
        let found = entities_in("Kelloran, the founder of the harbour guild, died in 1989.");
        assert!(has(&found, "Kelloran", EntityLabel::PER), "{found:?}");
        // A noun that does not end the phrase says nothing ("a gas company engineer"), nor one
        // after a preposition ("a researcher at the company").
        for text in [
            "Tom Kell, a gas company engineer, spoke.",
            "Tom Kell, a researcher at the company, spoke.",
        ] {
            let mut doc = Doc::new("b", text);
            rhetor_text::analyze(&mut doc);
            assert_eq!(appositive_type(&doc, 2), None, "{text}");
        }
    }

    #[test]
    fn the_bundled_model_loads() {
        let tagger = Tagger::bundled().expect("models/ner.bin is a valid model");
        let found = tagger.tag_document(&[vec![
            "Kemi", "Adeyemi", "flew", "to", "Lagos", "on", "Monday", ".",
        ]]);
        assert!(
            found[0].iter().any(|&(s, e, t, _)| (s, e, t) == (0, 2, 0)),
            "{found:?}"
        );
        assert!(
            found[0].iter().any(|&(s, e, t, _)| (s, e, t) == (4, 5, 2)),
            "{found:?}"
        );
    }

    #[test]
    fn a_capitalised_reporting_verb_is_not_part_of_the_name() {
        let mut doc = Doc::new(
            "quote",
            "“We will rebuild the port,” Said Kemi Adeyemi on Monday. Adeyemi spoke in Lagos.",
        );
        rhetor_text::analyze(&mut doc);
        EntityLayer::new(Tagger::bundled().unwrap()).analyze(&mut doc);
        let names: Vec<&str> = doc
            .layers
            .entities
            .iter()
            .flatten()
            .map(|e| doc.slice(e.span))
            .collect();
        assert!(names.contains(&"Kemi Adeyemi"), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("Said")), "{names:?}");
    }

    /// A sentence's tokens, written with spaces between them.
    fn words(text: &str) -> Vec<&str> {
        text.split(' ').collect()
    }

    #[test]
    fn a_sentence_adverb_is_no_name() {
        let tagger = Tagger::bundled().unwrap();
        let sentence = words("Additionally , the ferry now stops in Lagos .");
        let tagged = tagger.tag_document(std::slice::from_ref(&sentence));
        let names: Vec<&str> = tagged[0].iter().map(|c| sentence[c.0]).collect();
        assert_eq!(names, ["Lagos"]);
    }

    #[test]
    fn parts_of_longer_names_take_their_type() {
        let (per, org) = (
            TYPES.iter().position(|&t| t == EntityLabel::PER).unwrap(),
            TYPES.iter().position(|&t| t == EntityLabel::ORG).unwrap(),
        );
        let sentences = vec![
            vec!["Ada", "Marlow", "joined", "Tessel", "Foods", "Ltd", "."],
            vec!["Marlow", "left", "Tessel", "and", "Harbour", "Trust", "."],
        ];
        let mut tagged = vec![
            vec![(0, 2, per, 0.9), (3, 6, per, 0.9)],
            vec![(0, 1, org, 0.6), (2, 3, per, 0.6), (4, 6, org, 0.9)],
        ];
        name_parts_take_the_type(&sentences, &mut tagged);
        assert_eq!(tagged[0][1].2, org, "a name with a legal form");
        assert_eq!(tagged[1][0].2, per, "the end of a person's name");
        assert_eq!(tagged[1][1].2, org, "the start of a company's name");
        assert_eq!(tagged[1][2].2, org, "other names keep their type");
        let mut unsure = vec![vec![(0, 2, per, 0.5)], vec![(0, 1, org, 0.6)]];
        name_parts_take_the_type(&sentences, &mut unsure);
        assert_eq!(unsure[1][0].2, org, "an unsure full name changes nothing");
    }

    #[test]
    fn addresses_and_file_names_are_no_entities() {
        assert!(is_address("Kent.Shoemaker@ge.example.com"));
        assert!(is_address("CrudeStocks.pdf"));
        // A user at a mail system, as e-mail headers write it, may still be a name.
        assert!(!is_address("Warner@ENRON"));
        assert!(!is_address("St.") && !is_address("U.S."));
        let tagger = Tagger::bundled().unwrap();
        let sentence = [
            "Send",
            "UnleadedStocks.pdf",
            "to",
            "Ana.Ruiz@harbour.example.org",
            "today",
        ];
        let found = tagger.tag_document(&[sentence.to_vec()]);
        assert!(found[0].is_empty(), "{:?}", found[0]);
    }

    #[test]
    fn plural_acronyms_are_kinds_of_things() {
        assert!(is_plural_acronym("APIs") && is_plural_acronym("VPNs"));
        assert!(!is_plural_acronym("US") && !is_plural_acronym("Ms") && !is_plural_acronym("AIs."));
        let tagger = Tagger::bundled().unwrap();
        let sentence = words("Most VPNs route traffic through APIs that Harbour Cloud runs .");
        let found = tagger.tag_document_as(std::slice::from_ref(&sentence), Domain::Web);
        for &(a, b, _, _) in &found[0] {
            assert!(!is_plural_acronym(sentence[a]), "{:?}", &sentence[a..b]);
        }
    }

    #[test]
    fn web_text_gets_no_misc() {
        // Learned from UNER, which leaves MISC unannotated, the web copy of the model once
        // tagged "and" and "a" as MISC.
        let tagger = Tagger::bundled().unwrap();
        let sentence = words("does anyone know a good plumber in Tacoma and Olympia ?");
        let found = tagger.tag_document_as(std::slice::from_ref(&sentence), Domain::Web);
        for &(a, b, t, _) in &found[0] {
            assert_ne!(TYPES[t], EntityLabel::MISC, "{:?}", &sentence[a..b]);
            assert!(
                sentence[a..b]
                    .iter()
                    .all(|w| w.starts_with(char::is_uppercase))
            );
        }
    }

    /// Neutrality: the same sentences with the names swapped give the same entity structure.
    #[test]
    fn swapping_names_keeps_what_is_found() {
        let tagger = Tagger::bundled().unwrap();
        let text = |a: &'static str, b: &'static str, place: &'static str| {
            vec![
                vec![a, b, "accused", "the", "government", "of", "lying", "."],
                vec![
                    "The", "army", "of", place, "denied", "it", ",", "said", b, ".",
                ],
            ]
        };
        let shape = |doc: Vec<Vec<&str>>| -> Vec<Vec<(usize, usize)>> {
            tagger
                .tag_document(&doc)
                .into_iter()
                .map(|s| s.into_iter().map(|(a, b, _, _)| (a, b)).collect())
                .collect()
        };
        let first = shape(text("David", "Cohen", "Israel"));
        assert_eq!(first, shape(text("Mohammed", "Hassan", "Iran")));
        assert_eq!(first, shape(text("Olena", "Kovalenko", "Russia")));
    }

    /// Leaders of every side are people, also those named after a common word ("Trump", whose
    /// word vector is that of "trump") or after 1996, when the training news was written
    /// ("Obama", "Zelensky").
    #[test]
    fn leaders_of_every_side_are_people() {
        for (first, last) in [
            ("Donald", "Trump"),
            ("Barack", "Obama"),
            ("Joe", "Biden"),
            ("Vladimir", "Putin"),
            ("Volodymyr", "Zelensky"),
            ("Benjamin", "Netanyahu"),
            ("Ali", "Khamenei"),
            ("Emmanuel", "Macron"),
        ] {
            let found = entities_in(&format!(
                "{first} {last} spoke on Monday. Mr. {last} said the talks had failed."
            ));
            let full = format!("{first} {last}");
            assert!(has(&found, &full, EntityLabel::PER), "{full}: {found:?}");
            assert!(has(&found, last, EntityLabel::PER), "{last}: {found:?}");
        }
    }

    /// The same in the accurate tier, through the representation stage and the entity layer.
    #[test]
    fn swapping_names_keeps_what_is_found_in_the_accurate_tier() {
        let tier = rhetor_represent::Tier::Accurate;
        let tagger = Tagger::bundled_for(tier).unwrap();
        assert!(tagger.reads_context() && !Tagger::bundled().unwrap().reads_context());
        let layer = EntityLayer::new(tagger);
        let representer = rhetor_represent::Representer::bundled(tier).unwrap();
        let shape = |a: &str, b: &str, place: &str| -> Vec<(usize, usize, EntityLabel)> {
            let text = format!(
                "{a} {b} accused the government of lying. The army of {place} denied it, \
                 said {b}. {b} later met officials in {place}."
            );
            let mut doc = Doc::new("swap", text);
            rhetor_text::analyze(&mut doc);
            representer.represent(&mut doc);
            layer.analyze(&mut doc);
            let token = |at: usize| doc.tokens.partition_point(|t| t.span.start < at);
            doc.layers
                .entities
                .iter()
                .flatten()
                .map(|e| (token(e.span.start), token(e.span.end), e.label))
                .collect()
        };
        let first = shape("David", "Cohen", "Israel");
        assert!(!first.is_empty());
        assert_eq!(first, shape("Mohammed", "Hassan", "Iran"));
        assert_eq!(first, shape("Olena", "Kovalenko", "Russia"));
    }
}
