//! The rhetor document model.
//!
//! A [`Doc`] holds the clean text of one article, its [`Meta`]data, the tokens, and [`Layers`] of
//! standoff spans that analysers add one at a time (paragraphs, sentences, entities, time
//! expressions, attributions, claims, techniques). Spans are byte ranges into [`Doc::text`]
//! internally; [`json`] writes the `rhetor/1` contract with Unicode-scalar (character) offsets, end
//! exclusive, as PTC, PolNeAR, TimeML and Python slicing count them.

mod layers;
mod meta;
mod run;
mod span;

/// Fixtures for tests in this crate and the crates above it (feature `fixtures`).
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod json;

pub use layers::*;
pub use meta::*;
pub use run::{Layer, LayerSet, Tier};
pub use span::{CharIndex, Span, containing, overlapping};

/// One analyser: reads a [`Doc`] and adds one layer of spans.
///
/// Analysers load their models when built and are shared by reference across threads, so
/// `analyze` takes `&self` and must not keep per-document state.
pub trait Analyzer: Send + Sync {
    /// A short name for reports and benchmarks (`text`, `entities`, ...).
    fn name(&self) -> &'static str;

    /// The languages (BCP 47 primary subtags) this analyser was built for; empty for any. The
    /// pipeline skips it, with a warning, on a document in another language.
    fn languages(&self) -> &'static [&'static str] {
        &[]
    }

    /// Adds this analyser's layer to `doc`.
    fn analyze(&self, doc: &mut Doc);
}

/// What the representation stage (`rhetor-represent`) computed for a document's tokens: computed
/// once, read by every learned layer that wants it (as spaCy's layers share one `tok2vec`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Representation {
    /// Each token's row in the static word-vector table, or [`NO_ROW`] for a word the table
    /// does not know; empty until the stage ran (fast tier).
    pub rows: Vec<u32>,
    /// Each token's contextual vector from the encoder; empty until the stage ran (accurate
    /// tier).
    pub contextual: TokenVectors,
}

/// One vector per token, each stored as bytes and a scale (a quarter of the memory of floats:
/// a long document's vectors stay small).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenVectors {
    dim: usize,
    values: Vec<i8>,
    /// Zero for a token without a vector.
    scales: Vec<f32>,
}

impl TokenVectors {
    pub fn new(dim: usize) -> Self {
        TokenVectors {
            dim,
            ..Default::default()
        }
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// How many tokens have an entry.
    pub fn len(&self) -> usize {
        self.scales.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    /// Appends the next token's vector (`None`: the token has none).
    pub fn push(&mut self, vector: Option<&[f32]>) {
        let max = vector.map_or(0.0, |v| v.iter().fold(0f32, |m, x| m.max(x.abs())));
        let scale = if max.is_finite() { max / 127.0 } else { 0.0 };
        self.scales.push(scale);
        match vector {
            Some(v) if scale > 0.0 => self
                .values
                .extend(v.iter().map(|x| (x / scale).round() as i8)),
            _ => self.values.extend(std::iter::repeat_n(0, self.dim)),
        }
    }

    /// Token `i`'s vector into `out`; false (and `out` untouched) if it has none.
    pub fn get(&self, i: usize, out: &mut [f32]) -> bool {
        let scale = self.scales[i];
        if scale == 0.0 {
            return false;
        }
        for (o, &v) in out.iter_mut().zip(&self.values[i * self.dim..][..self.dim]) {
            *o = v as f32 * scale;
        }
        true
    }
}

/// The row of a token the word-vector table does not know.
pub const NO_ROW: u32 = u32::MAX;

/// One analysed document: clean text, metadata and the span layers found on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    /// Stable identifier: the input path, a JSONL record's `id`, or a WARC record's URI.
    pub id: String,
    /// Where the document came from.
    pub source: Source,
    /// Title, authors, dates and the other metadata, each with its evidence where it has one.
    pub meta: Meta,
    /// The clean article text every span indexes.
    pub text: String,
    /// Word and punctuation tokens, in text order (not part of the JSON contract).
    pub tokens: Vec<Token>,
    /// What the representation stage computed for each token, for the learned layers (not part
    /// of the JSON contract).
    pub representation: Representation,
    /// The span layers; a layer is `None` until its analyser ran.
    pub layers: Layers,
}

impl Doc {
    /// A document over `text`, with no layers yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Doc {
            id: id.into(),
            text: text.into(),
            ..Doc::default()
        }
    }

    /// The name a cited source goes by: its entity cluster's canonical name when the attribution
    /// links one, else the source's own words; `None` for an unnamed source or a bare pronoun
    /// (one the layer could not resolve), so that counts of sources count who speaks.
    pub fn source_name(&self, attribution: &Attribution) -> Option<String> {
        let cluster = attribution
            .cluster
            .and_then(|id| self.layers.clusters.as_ref()?.iter().find(|c| c.id == id));
        if let Some(cluster) = cluster {
            return Some(cluster.name.clone());
        }
        let text = self.slice(attribution.source?).trim();
        // ("Nobody wants to pay" is said by no one in particular.)
        let pronoun = matches!(
            text.to_lowercase().as_str(),
            "he" | "she"
                | "they"
                | "it"
                | "we"
                | "i"
                | "you"
                | "who"
                | "nobody"
                | "everybody"
                | "everyone"
                | "somebody"
                | "someone"
                | "anybody"
                | "anyone"
        );
        (!pronoun && !text.is_empty()).then(|| text.to_string())
    }

    /// The text a span covers.
    ///
    /// # Panics
    /// If the span is out of bounds or not on character boundaries; spans made by rhetor's
    /// analysers never are.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The tokens of each sentence, as index ranges into [`Doc::tokens`] (both are in text order).
    pub fn sentence_tokens(&self) -> Vec<std::ops::Range<usize>> {
        let mut ranges = Vec::with_capacity(self.layers.sentences.len());
        let mut t = 0;
        for s in &self.layers.sentences {
            while t < self.tokens.len() && self.tokens[t].span.start < s.start {
                t += 1;
            }
            let from = t;
            while t < self.tokens.len() && self.tokens[t].span.end <= s.end {
                t += 1;
            }
            ranges.push(from..t);
        }
        ranges
    }

    /// Adds a warning about the whole document.
    pub fn warn(&mut self, code: &'static str, message: impl Into<String>) {
        self.layers.warnings.push(Warning {
            code: code.to_string(),
            message: message.into(),
            span: None,
        });
    }
}
