//! The rhetor document model.
//!
//! A [`Doc`] holds the clean text of one article, its [`Meta`]data, the tokens, and [`Layers`] of
//! standoff spans that analysers add one at a time (paragraphs, sentences, entities, time
//! expressions, attributions, claims, techniques). Spans are byte ranges into [`Doc::text`]
//! internally; [`json`] writes the `rhetor/1` contract with Unicode-scalar (character) offsets, end
//! exclusive, as PTC, PolNeAR, TimeML and Python slicing count them.

mod layers;
mod meta;
mod span;

pub mod json;

pub use layers::*;
pub use meta::*;
pub use span::{CharIndex, Span, containing, first_overlapping, overlapping};

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
    /// does not know; empty until the stage ran.
    pub rows: Vec<u32>,
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
