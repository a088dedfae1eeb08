//! rhetor's representation stage: what each token means beyond its spelling, computed once per
//! document after the text layer and read by every learned layer that wants it (as spaCy's
//! components share one `tok2vec`).
//!
//! The stage gives each token its row in a table of pretrained static word vectors
//! ([`Vectors`]: spaCy's `en_core_web_md` vectors, learned from web, Wikipedia, subtitles and news
//! text, imported by [`spacy::import`] and shipped as `models/vectors.bin`), so a layer trained
//! on "thugs" also knows "monsters". Layers read the rows from
//! [`rhetor_doc::Doc::representation`] and the vectors from the shared table.

pub mod spacy;
pub mod vectors;

use std::sync::Arc;

use rhetor_doc::{Analyzer, Doc, NO_ROW};

pub use crate::vectors::{Vectors, VectorsError, word_key};

const BUNDLED: &[u8] = include_bytes!("../../../models/vectors.bin");

/// The word-vector table compiled into rhetor (`models/vectors.bin`).
pub fn bundled() -> Result<Arc<Vectors>, VectorsError> {
    Vectors::from_bytes(BUNDLED).map(Arc::new)
}

/// The representation stage as a pipeline stage: sets each token's row.
pub struct RepresentationLayer {
    vectors: Arc<Vectors>,
}

impl RepresentationLayer {
    pub fn new(vectors: Arc<Vectors>) -> Self {
        RepresentationLayer { vectors }
    }
}

/// Each token's row in `vectors` ([`NO_ROW`] for a word it does not know).
pub fn rows(vectors: &Vectors, doc: &Doc) -> Vec<u32> {
    doc.tokens
        .iter()
        .map(|t| {
            let word = doc.slice(t.span);
            vectors
                .row(word)
                .or_else(|| {
                    word.contains('’')
                        .then(|| vectors.row(&word.replace('’', "'")))?
                })
                .unwrap_or(NO_ROW)
        })
        .collect()
}

impl Analyzer for RepresentationLayer {
    fn name(&self) -> &'static str {
        "representation"
    }

    /// The vectors were learned from English text.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        doc.representation.rows = rows(&self.vectors, doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_vectors_load_and_know_related_words() {
        let vectors = bundled().unwrap();
        assert_eq!((vectors.rows(), vectors.dim()), (20_000, 300));
        let unit = |word: &str| {
            let mut v = vec![0f32; vectors.dim()];
            vectors.vector(vectors.row(word).unwrap(), &mut v);
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.into_iter().map(|x| x / norm).collect::<Vec<f32>>()
        };
        let cos =
            |a: &str, b: &str| -> f32 { unit(a).iter().zip(unit(b)).map(|(x, y)| x * y).sum() };
        assert!(cos("monsters", "thugs") > cos("monsters", "council"));
        assert!(cos("Warmongering", "aggression") > cos("warmongering", "basin"));
    }

    #[test]
    fn every_token_gets_a_row_or_none() {
        let mut doc = Doc::new("t", "The zzqxv council’s plan isn't new.");
        rhetor_text::analyze(&mut doc);
        RepresentationLayer::new(bundled().unwrap()).analyze(&mut doc);
        assert_eq!(doc.representation.rows.len(), doc.tokens.len());
        let row = |word: &str| {
            let i = doc
                .tokens
                .iter()
                .position(|t| doc.slice(t.span) == word)
                .unwrap();
            doc.representation.rows[i]
        };
        assert_eq!(row("zzqxv"), NO_ROW);
        assert_ne!(row("The"), NO_ROW);
        assert_ne!(row("council"), NO_ROW);
    }
}
