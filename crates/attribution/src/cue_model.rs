//! The learned half of finding cues: is this token the head of a cue, the reporting word of
//! "has said", "talked about", "criticism of", "seemed"? PolNeAR marks some three hundred such
//! words, and a word list cannot say when "support", "see" or "showed" report and when they do
//! not. A logistic model over hashed features of the token and its neighbours decides, with the
//! rules' own verdict among its features; `rhetor train attribution` fits it on PolNeAR train.
//! The rules then read the source and the content around each cue it finds.
//!
//! Words are read also by their class among the static word vectors ([`WordClasses`]) and by
//! their unit vectors there (the word's and the next one's, [`DENSE_WORDS`]), so a
//! reporting verb PolNeAR seldom shows can borrow from the common ones near it (on PolNeAR
//! itself each gained little, about 0.001 F1: its cues are mostly frequent words).
//!
//! Names are features only as names (`<name>`, [`masked_document`]) and entity types: who is
//! named never moves a cue.
//!
//! Format (little endian): `RHCUE`, a format version byte, the feature bits (u32), the
//! weights ([`Logistic::write`]), the decision threshold on the log-odds (f32), the word classes
//! ([`WordClasses::write`]), the confidence table ([`Calibration::write`]), then the dense
//! weights' count (u32), the weights and the bias (f32).

use std::ops::Range;

use rhetor_doc::{Doc, EntityLabel, Span, TokenKind};
use rhetor_represent::{Vectors, WordClasses};
use rhetor_text::hash::Fnv;
use rhetor_text::learn::{Binary, Examples};
use rhetor_text::linear::{Logistic, Reader, masked_document};

use crate::View;
use crate::calibrate::Calibration;
use crate::cues::{
    auxiliary, closing_quote, finding_verb, noun_like, opening_quote, source_pronoun, speech_verb,
    straight_quote, tell_verb,
};

/// log2 of the number of feature buckets.
pub const BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BITS;

const MAGIC: &[u8; 5] = b"RHCUE";
const VERSION: u8 = 3;

/// Features per token.
const FEATURES: usize = 35;

/// Word classes the model reads.
pub const CLASSES: usize = 128;

/// How much a cue head counts against a token that is none (about one word in thirty is a
/// head), and the log-odds a head must reach: chosen together on the five folds of `rhetor eval
/// attribution` for the best F1 at a precision near 0.78 (more weight or a lower threshold
/// trades precision for recall; F1 stays within 0.005 from weight 2 to 4). Session 27: F1 is
/// flat from threshold 0.3 to -0.1 (0.7136 / 0.7142 / 0.7135 / 0.7136 at 0.3 / 0.12 / 0 /
/// -0.1, P 0.818 / 0.803 / 0.794 / 0.786, R 0.633 / 0.643 / 0.648 / 0.653); -0.1 is the one
/// that reaches the recall a reader needs (0.65) at a precision above 0.78.
const POSITIVE_WEIGHT: f32 = 3.0;
const THRESHOLD: f32 = -0.1;

/// Why a cue model could not be read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a rhetor cue model (bad magic bytes)")]
    Magic,
    #[error("cue model format {0} is not supported (this build reads format {VERSION})")]
    Version(u8),
    #[error("the cue model was built for {0} feature bits, not {BITS}")]
    Shape(u32),
    #[error("the cue model file is truncated")]
    Truncated,
    #[error("the cue model was trained over another word-vector table than the one given")]
    OtherVectors,
    #[error("the word vectors the cue model reads do not load: {0}")]
    Vectors(String),
}

/// The dense input of a token: the unit vectors of its word and of the next one ("called *for*",
/// "said *that*") in the static table, so a reporting word PolNeAR seldom shows is read by its
/// neighbours in the table.
const DENSE_WORDS: usize = 2;

/// A trained cue finder.
#[derive(Clone, Debug, PartialEq)]
pub struct CueModel {
    linear: Logistic,
    /// Weights over [`DENSE_WORDS`] unit vectors, and the bias.
    dense: Vec<f32>,
    bias: f32,
    /// Each table row's unit vector dotted with the weights of each dense word, computed once
    /// (`row * DENSE_WORDS + slot`): a token's dense part is then two lookups.
    row_dots: std::sync::OnceLock<Vec<f32>>,
    /// A token whose log-odds reach this is a cue head.
    threshold: f32,
    classes: WordClasses,
    /// What an attribution's confidence is, by its rule and its cue's log-odds (empty until
    /// fitted: each rule keeps its own).
    calibration: Calibration,
}

impl CueModel {
    /// Trains on documents that the text and entity layers have read, each with its gold cues
    /// (byte spans), reading words by their `classes` in `vectors`; `epochs` passes.
    pub fn train(
        docs: &[(&Doc, &[Span])],
        vectors: &Vectors,
        classes: WordClasses,
        epochs: usize,
    ) -> Self {
        let mut examples = CueExamples {
            sparse: Vec::new(),
            rows: Vec::new(),
            units: vectors.units(),
            dim: vectors.dim(),
        };
        let mut labels = Vec::new();
        for (doc, cues) in docs {
            let view = View::new(doc);
            let heads = heads(&view, cues);
            let input = Input::new(doc, &view, vectors, &classes);
            for i in (0..view.low.len()).filter(|&i| input.candidate[i]) {
                examples.sparse.push(input.features(&view, i).to_vec());
                examples.rows.push(input.dense_rows(i));
                labels.push(heads[i]);
            }
        }
        let binary = Binary::train(
            &examples,
            &labels,
            BUCKETS,
            DENSE_WORDS * vectors.dim(),
            epochs,
            POSITIVE_WEIGHT,
        );
        CueModel {
            linear: Logistic {
                weights: binary.sparse,
            },
            dense: binary.dense,
            bias: binary.bias,
            row_dots: std::sync::OnceLock::new(),
            threshold: THRESHOLD,
            classes,
            calibration: Calibration::default(),
        }
    }

    /// Whether these are the classes of `vectors`' rows, as the model needs.
    pub fn fits(&self, vectors: &Vectors) -> bool {
        self.classes.fits(vectors)
    }

    /// The model with the confidence table fitted on attributions found out of fold.
    pub fn with_calibration(self, calibration: Calibration) -> Self {
        CueModel {
            calibration,
            ..self
        }
    }

    /// The log-odds that each token of the document heads a cue (minus infinity for a token the
    /// model never weighs).
    pub(crate) fn margins(&self, doc: &Doc, view: &View, vectors: &Vectors) -> Vec<f32> {
        let input = Input::new(doc, view, vectors, &self.classes);
        let dots = self.row_dots.get_or_init(|| self.dots(vectors));
        (0..view.low.len())
            .map(|i| {
                if !input.candidate[i] {
                    return f32::NEG_INFINITY;
                }
                let dense: f32 = input
                    .dense_rows(i)
                    .into_iter()
                    .enumerate()
                    .filter_map(|(slot, row)| dots.get(row as usize * DENSE_WORDS + slot))
                    .sum();
                self.bias + self.linear.margin(&input.features(view, i)) + dense
            })
            .collect()
    }

    /// Each row's unit vector dotted with each dense word's weights (`row * DENSE_WORDS +
    /// slot`; no weights, no dots).
    fn dots(&self, vectors: &Vectors) -> Vec<f32> {
        let dim = vectors.dim();
        if self.dense.len() != DENSE_WORDS * dim {
            return Vec::new();
        }
        let units = vectors.units();
        units
            .chunks_exact(dim)
            .flat_map(|unit| {
                (0..DENSE_WORDS).map(move |slot| {
                    rhetor_text::learn::dot(&self.dense[slot * dim..][..dim], unit)
                })
            })
            .collect()
    }

    /// Whether a token with these log-odds heads a cue.
    pub(crate) fn is_cue(&self, margin: f32) -> bool {
        margin >= self.threshold
    }

    /// The confidence of an attribution its rule gave `rule`, whose cue's head has log-odds
    /// `margin`.
    pub(crate) fn confidence(&self, rule: f32, margin: f32) -> f32 {
        self.calibration.confidence(rule, margin)
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(BUCKETS * 2 + 32);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&BITS.to_le_bytes());
        self.linear.write(&mut out);
        out.extend_from_slice(&self.threshold.to_le_bytes());
        self.classes.write(&mut out);
        self.calibration.write(&mut out);
        out.extend_from_slice(&(self.dense.len() as u32).to_le_bytes());
        for w in self.dense.iter().chain([&self.bias]) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`CueModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes, ModelError::Truncated);
        r.header(MAGIC, VERSION, ModelError::Magic, ModelError::Version)?;
        r.expect_u32(BITS, ModelError::Shape)?;
        let linear = r.logistic(BUCKETS)?;
        let threshold = f32::from_le_bytes(r.array()?);
        let (classes, rest) = WordClasses::read(r.bytes).ok_or(ModelError::Truncated)?;
        let (calibration, rest) = Calibration::read(rest).ok_or(ModelError::Truncated)?;
        let mut r = Reader::new(rest, ModelError::Truncated);
        let n = r.u32()? as usize;
        let raw = r.take(
            n.checked_add(1)
                .and_then(|n| n.checked_mul(4))
                .ok_or(ModelError::Truncated)?,
        )?;
        let mut dense: Vec<f32> = raw
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let bias = dense.pop().unwrap_or_default();
        Ok(CueModel {
            linear,
            dense,
            bias,
            row_dots: std::sync::OnceLock::new(),
            threshold,
            classes,
            calibration,
        })
    }
}

/// Training examples: each candidate token's sparse features and the rows of its dense words,
/// whose unit vectors are read from the table when an example is visited.
struct CueExamples {
    sparse: Vec<Vec<u32>>,
    rows: Vec<[u32; DENSE_WORDS]>,
    units: Vec<f32>,
    dim: usize,
}

impl Examples for CueExamples {
    fn len(&self) -> usize {
        self.sparse.len()
    }

    fn sparse(&self, i: usize) -> &[u32] {
        &self.sparse[i]
    }

    fn dense(&self, i: usize, out: &mut [f32]) {
        for (slot, &row) in self.rows[i].iter().enumerate() {
            let out = &mut out[slot * self.dim..][..self.dim];
            match self
                .units
                .get(row as usize * self.dim..(row as usize + 1) * self.dim)
            {
                Some(unit) if row != rhetor_doc::NO_ROW => out.copy_from_slice(unit),
                _ => out.fill(0.0),
            }
        }
    }
}

/// Words before a cue's head: "has also said", "was asked", "to endorse", "did n't say",
/// "we've argued", "made a statement".
fn before_head(w: &str) -> bool {
    auxiliary(w)
        || (w.len() > 4 && w.ends_with("ly"))
        || matches!(
            w,
            "is" | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "being"
                | "do"
                | "does"
                | "did"
                | "not"
                | "never"
                | "to"
                | "can"
                | "could"
                | "may"
                | "might"
                | "should"
                | "must"
                | "long"
                | "just"
                | "n't"
                | "'s"
                | "'re"
                | "'ve"
                | "'ll"
                | "'d"
                | "'m"
                | "am"
                | "a"
                | "an"
                | "the"
                | "it"
                | "there"
                | "so"
                | "now"
                | "still"
                | "even"
                | "already"
                | "only"
                | "both"
                | "all"
                | "first"
        )
}

/// The head of a cue (bytes): the first word inside it that is no auxiliary or adverb ("has
/// long *said* in an interview", "*talked* about"; for a cue of such words only, its last
/// token). `None` for a span holding no token.
pub(crate) fn head(view: &View, cue: Span) -> Option<usize> {
    let first = view.spans.partition_point(|s| s.start < cue.start);
    let inside = first
        ..(first..view.spans.len())
            .find(|&k| view.spans[k].end > cue.end)
            .unwrap_or(view.spans.len());
    inside
        .clone()
        .find(|&k| view.is_word(k) && !before_head(view.t(k)))
        .or_else(|| inside.clone().last())
}

/// Which tokens head one of the gold cues.
fn heads(view: &View, cues: &[Span]) -> Vec<bool> {
    let mut out = vec![false; view.low.len()];
    for &cue in cues {
        if let Some(k) = head(view, cue) {
            out[k] = true;
        }
    }
    out
}

/// A word without its inflection ("supported", "supporting", "supports": "support"), so
/// forms seen rarely share what the common ones teach.
fn stem(w: &str) -> &str {
    for ending in ["ing", "ed", "es", "s"] {
        if let Some(stem) = w.strip_suffix(ending)
            && stem.len() >= 3
        {
            return stem;
        }
    }
    w
}

/// What the features of a document's tokens read, computed once per document.
struct Input {
    /// Each token's masked word, hashed.
    words: Vec<u64>,
    /// Each token's row in the static table (none for names).
    rows: Vec<u32>,
    /// Each token's word class ([`WordClasses::NONE`] for names and unknown words).
    classes: Vec<u8>,
    /// Whether the token stands inside a quotation.
    quoted: Vec<bool>,
    /// Whether each sentence holds a quoted token.
    sentence_quoted: Vec<bool>,
    /// Each token's [`class`].
    near: Vec<u8>,
    /// Whether the model weighs the token: a word that is no name and no auxiliary,
    /// determiner or adverb before a head ([`before_head`]).
    candidate: Vec<bool>,
}

/// A token's class as a neighbour: what kind of word it is for reporting.
fn class(view: &View, k: usize) -> u8 {
    let w = view.t(k);
    if opening_quote(w) || closing_quote(w) || straight_quote(w) {
        1
    } else if w == "that" {
        2
    } else if matches!(w, ":" | "," | "—" | "–" | "--") {
        3
    } else if source_pronoun(w) {
        4
    } else if auxiliary(w) {
        5
    } else if let Some(label) = view.named.get(k).copied().flatten() {
        match label {
            EntityLabel::PER => 6,
            EntityLabel::ORG => 7,
            EntityLabel::LOC => 8,
            _ => 9,
        }
    } else if view.kinds.get(k) == Some(&TokenKind::Number) {
        10
    } else if view.capital.get(k) == Some(&true) {
        11
    } else {
        12
    }
}

impl Input {
    fn new(doc: &Doc, view: &View, vectors: &Vectors, classes: &WordClasses) -> Self {
        let written: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        let masked = masked_document(&written, &view.sentences);
        let words = masked
            .iter()
            .map(|w| Fnv::new(0).bytes(w.as_bytes()).0)
            .collect();
        // The representation stage's rows when it ran, else the same lookup here.
        let rows = if doc.representation.rows.len() == doc.tokens.len() {
            std::borrow::Cow::Borrowed(&doc.representation.rows)
        } else {
            std::borrow::Cow::Owned(rhetor_represent::rows(vectors, doc))
        };
        // Names have no row, so neither a class nor a vector: who is named never moves a cue.
        let rows: Vec<u32> = rows
            .iter()
            .zip(&masked)
            .map(|(&row, m)| {
                if m == "<name>" {
                    rhetor_doc::NO_ROW
                } else {
                    row
                }
            })
            .collect();
        let classes = rows.iter().map(|&row| classes.class(row)).collect();
        let mut quoted = vec![false; view.low.len()];
        for q in crate::quotations(view) {
            for flag in &mut quoted[q] {
                *flag = true;
            }
        }
        let mut sentence_quoted = vec![false; view.sentences.len()];
        for (k, &q) in quoted.iter().enumerate() {
            if q && let Some(flag) = sentence_quoted.get_mut(view.sentence_of[k]) {
                *flag = true;
            }
        }
        let near = (0..view.low.len()).map(|k| class(view, k)).collect();
        let candidate = masked
            .iter()
            .enumerate()
            .map(|(k, m)| view.is_word(k) && m != "<name>" && !before_head(view.t(k)))
            .collect();
        Input {
            words,
            rows,
            classes,
            quoted,
            sentence_quoted,
            near,
            candidate,
        }
    }

    /// The rows of token `i`'s dense words: its own and the next word's in its sentence.
    fn dense_rows(&self, i: usize) -> [u32; DENSE_WORDS] {
        let next = self.rows.get(i + 1).copied().unwrap_or(rhetor_doc::NO_ROW);
        [self.rows[i], next]
    }

    /// The feature buckets of token `i`.
    fn features(&self, view: &View, i: usize) -> [u32; FEATURES] {
        let sentence: Range<usize> = view.sentence(i);
        // Neighbours within the sentence; outside it, a boundary marker per side.
        let word = |d: isize| -> u64 {
            let k = i as isize + d;
            if k < sentence.start as isize {
                1
            } else if k >= sentence.end as isize {
                2
            } else {
                self.words[k as usize]
            }
        };
        let near = |d: isize| -> u8 {
            let k = i as isize + d;
            if k < sentence.start as isize || k >= sentence.end as isize {
                0
            } else {
                self.near[k as usize]
            }
        };
        let w = view.t(i);
        let rules = u8::from(view.lexicon_cue(i))
            | u8::from(speech_verb(w)) << 1
            | u8::from(finding_verb(w)) << 2
            | u8::from(tell_verb(w)) << 3
            | u8::from(noun_like(w)) << 4;
        let suffix = &w[w.char_indices().rev().nth(2).map_or(0, |(b, _)| b)..];
        let place = match (i == sentence.start, i + 1 == sentence.end) {
            (true, _) => 1u8,
            (_, true) => 2,
            _ if i + 2 >= sentence.end => 3,
            _ => 0,
        };
        let f = |template: u8| Fnv::new(template);
        let pair = |template: u8, a: u64, b: u64| {
            f(template).bytes(&a.to_le_bytes()).bytes(&b.to_le_bytes())
        };
        let (w0, p1, p2, n1, n2) = (word(0), word(-1), word(-2), word(1), word(2));
        let quoted = u8::from(self.quoted[i]);
        // What comes after the word within a few tokens: a "that", a quotation, a colon.
        let ahead = (i + 1..sentence.end.min(i + 5)).fold(0u8, |m, k| {
            m | match self.near[k] {
                1 => 1,
                2 => 2,
                3 if view.t(k) == ":" => 4,
                _ => 0,
            }
        });
        let sentence_quoted = u8::from(self.sentence_quoted[view.sentence_of[i]]);
        let stem = stem(w);
        let kind = |d: isize| -> u8 {
            let k = i as isize + d;
            if k < sentence.start as isize || k >= sentence.end as isize {
                WordClasses::NONE - 1
            } else {
                self.classes[k as usize]
            }
        };
        let capital = u8::from(view.capital[i] && i != sentence.start);
        [
            f(1),
            f(2).bytes(&w0.to_le_bytes()),
            f(3).bytes(&p1.to_le_bytes()),
            f(4).bytes(&n1.to_le_bytes()),
            f(5).bytes(&p2.to_le_bytes()),
            f(6).bytes(&n2.to_le_bytes()),
            pair(7, p1, w0),
            pair(8, w0, n1),
            pair(9, n1, n2),
            pair(10, p2, p1).bytes(&w0.to_le_bytes()),
            f(11).bytes(suffix.as_bytes()),
            f(12).bytes(&[rules]),
            f(13).bytes(&[rules, near(-1), near(1)]),
            f(14).bytes(&[near(-1), near(-2)]).bytes(&w0.to_le_bytes()),
            f(15).bytes(&[near(1), near(2)]).bytes(&w0.to_le_bytes()),
            f(16).bytes(&[quoted, rules]),
            f(17).bytes(&[quoted]).bytes(&w0.to_le_bytes()),
            f(18).bytes(&[capital, place]).bytes(&w0.to_le_bytes()),
            f(19).bytes(&[place, near(-1), near(1)]),
            f(20).bytes(&[self.near[i], near(-1), near(1)]),
            f(21).bytes(&[ahead]).bytes(&w0.to_le_bytes()),
            f(22).bytes(&[ahead, rules, sentence_quoted, quoted]),
            f(23).bytes(stem.as_bytes()),
            f(24)
                .bytes(stem.as_bytes())
                .sep()
                .bytes(&[near(-1), near(1)]),
            f(25).bytes(&[kind(0)]),
            f(26).bytes(&[kind(0), near(-1), near(1)]),
            f(27).bytes(&[kind(-1), kind(0)]),
            f(28).bytes(&[kind(0), kind(1)]),
            f(29).bytes(&[kind(0), ahead, rules]),
            // Two words a little further on each side, as a bag (where exactly matters less).
            f(30).bytes(&word(-4).to_le_bytes()),
            f(30).bytes(&word(-3).to_le_bytes()),
            f(31).bytes(&word(3).to_le_bytes()),
            f(31).bytes(&word(4).to_le_bytes()),
            f(32).bytes(&[kind(-3), kind(-2)]),
            f(33).bytes(&[kind(2), kind(3)]),
        ]
        .map(|h| h.bucket(BITS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_model_reads_back_and_refuses_damaged_files() {
        let model = CueModel::from_bytes(crate::BUNDLED).unwrap();
        assert_eq!(CueModel::from_bytes(&model.to_bytes()).unwrap(), model);
        assert!(model.fits(&rhetor_represent::bundled().unwrap()));
        let bytes = model.to_bytes();
        assert!(matches!(
            CueModel::from_bytes(&bytes[..bytes.len() / 2]),
            Err(ModelError::Truncated)
        ));
        assert!(matches!(
            CueModel::from_bytes(b"RHNER\x05"),
            Err(ModelError::Magic)
        ));
        let mut newer = bytes.clone();
        newer[5] = VERSION + 1;
        assert!(matches!(
            CueModel::from_bytes(&newer),
            Err(ModelError::Version(_))
        ));
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic_the_reader(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            keep in 0usize..600_000,
        ) {
            let _ = CueModel::from_bytes(&bytes);
            // A real header and weights cut anywhere, or followed by noise.
            let mut damaged = crate::BUNDLED[..keep.min(crate::BUNDLED.len())].to_vec();
            damaged.extend(&bytes);
            let _ = CueModel::from_bytes(&damaged);
        }
    }

    #[test]
    fn heads_skip_auxiliaries_and_stop_before_particles() {
        let text = "Ruiz has long said so. Obi talked about the pier.";
        let mut doc = Doc::new("t", text);
        rhetor_text::analyze(&mut doc);
        let view = View::new(&doc);
        let span = |s: &str| {
            let at = text.find(s).unwrap();
            Span::new(at, at + s.len())
        };
        let found = heads(&view, &[span("has long said"), span("talked about")]);
        let words: Vec<&str> = (0..found.len())
            .filter(|&k| found[k])
            .map(|k| view.t(k))
            .collect();
        assert_eq!(words, ["said", "talked"]);
    }
}
