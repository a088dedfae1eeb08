//! rhetor's text layer: the first analyser of every pipeline.
//!
//! It splits [`Doc::text`](rhetor_doc::Doc) into paragraphs (keeping the kinds that ingestion
//! already knew, e.g. from HTML tags, and guessing them for plain text), tokens and sentences.
//! Everything is a single forward scan over the text with no allocation per token, so it runs at
//! hundreds of MB/s; every later analyser reads these tokens and sentences. [`hash`] (stable
//! feature hashing) and [`linear`] (logistic regression) are shared by the learned layers.

pub mod hash;
mod kind;
pub mod learn;
pub mod linear;
mod paragraphs;
mod sentences;
mod tokens;

pub use kind::text_kind;
pub use paragraphs::paragraphs;
pub use sentences::sentences;
pub use tokens::tokenize;

use rhetor_doc::{Analyzer, Doc};

/// The text layer as a pipeline stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextLayer;

impl Analyzer for TextLayer {
    fn name(&self) -> &'static str {
        "text"
    }

    fn analyze(&self, doc: &mut Doc) {
        analyze(doc);
    }
}

/// Fills `paragraphs` (unless ingestion set them), `tokens` and `sentences`, and says how the
/// text is written (`meta.text_kind`).
pub fn analyze(doc: &mut Doc) {
    if doc.layers.paragraphs.is_empty() {
        doc.layers.paragraphs = paragraphs(&doc.text);
    }
    let mut tokens = Vec::with_capacity(doc.text.len() / 5);
    let mut sentences = Vec::new();
    for p in &doc.layers.paragraphs {
        let first = tokens.len();
        tokenize(&doc.text, p.span, &mut tokens);
        sentences.extend(self::sentences(&doc.text, &tokens[first..]));
    }
    doc.tokens = tokens;
    doc.layers.sentences = sentences;
    doc.meta.text_kind = Some(text_kind(doc));
}
