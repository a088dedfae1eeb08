//! rhetor's representation stage: what each token means beyond its spelling, computed once per
//! document after the text layer and read by every learned layer that wants it (as spaCy's
//! components share one `tok2vec` or transformer).
//!
//! Two tiers ([`Tier`]):
//! - `fast` gives each token its row in a table of pretrained static word vectors ([`Vectors`]:
//!   spaCy's `en_core_web_md` vectors, learned from web, Wikipedia, subtitles and news text,
//!   imported by [`spacy::import`] and shipped as `models/vectors.bin`), so a layer trained on
//!   "thugs" also knows "monsters";
//! - `accurate` gives each token a contextual vector from a small transformer run on the CPU
//!   ([`encoder`]: all-MiniLM-L6-v2 as int8 ONNX, `models/minilm-l6.onnx`).
//!
//! Layers read [`rhetor_doc::Doc::representation`]: `rows` in the fast tier, `contextual` in
//! the accurate one.

pub mod classes;
pub mod encoder;
pub mod spacy;
pub mod vectors;
pub mod wordpiece;

use std::sync::{Arc, OnceLock};

pub use rhetor_doc::Tier;
use rhetor_doc::{Analyzer, Doc, NO_ROW};

pub use crate::classes::{WordClasses, spherical_kmeans};
pub use crate::encoder::{Encoder, EncoderError};
pub use crate::vectors::{Vectors, VectorsError, word_key};

const BUNDLED_VECTORS: &[u8] = include_bytes!("../../../models/vectors.bin");
const BUNDLED_ENCODER: &[u8] = include_bytes!("../../../models/minilm-l6.onnx");
const BUNDLED_VOCAB: &str = include_str!("../../../models/minilm-vocab.txt");

/// The word-vector table compiled into rhetor (`models/vectors.bin`), loaded once per process
/// and shared by every layer that reads it.
pub fn bundled() -> Result<Arc<Vectors>, VectorsError> {
    static VECTORS: OnceLock<Result<Arc<Vectors>, VectorsError>> = OnceLock::new();
    VECTORS
        .get_or_init(|| Vectors::from_bytes(BUNDLED_VECTORS).map(Arc::new))
        .clone()
}

/// The contextual encoder compiled into rhetor, loaded once per process (it takes a moment).
pub fn bundled_encoder() -> Result<Arc<Encoder>, RepresentError> {
    static ENCODER: OnceLock<Result<Arc<Encoder>, String>> = OnceLock::new();
    ENCODER
        .get_or_init(|| {
            Encoder::new(BUNDLED_ENCODER, BUNDLED_VOCAB)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(RepresentError::Encoder)
}

/// Why a representation could not be built.
#[derive(Clone, Debug, thiserror::Error)]
pub enum RepresentError {
    #[error("the word vectors: {0}")]
    Vectors(String),
    #[error("the contextual encoder: {0}")]
    Encoder(String),
}

/// What computes a tier's representation.
#[derive(Clone)]
pub enum Representer {
    Fast(Arc<Vectors>),
    Accurate(Arc<Encoder>),
}

impl Representer {
    /// The representer of `tier` from the files compiled into rhetor.
    pub fn bundled(tier: Tier) -> Result<Self, RepresentError> {
        Ok(match tier {
            Tier::Fast => {
                Representer::Fast(bundled().map_err(|e| RepresentError::Vectors(e.to_string()))?)
            }
            Tier::Accurate => Representer::Accurate(bundled_encoder()?),
        })
    }

    pub fn tier(&self) -> Tier {
        match self {
            Representer::Fast(_) => Tier::Fast,
            Representer::Accurate(_) => Tier::Accurate,
        }
    }

    /// Whether `doc` already holds this tier's representation.
    pub fn done(&self, doc: &Doc) -> bool {
        match self {
            Representer::Fast(_) => doc.representation.rows.len() == doc.tokens.len(),
            Representer::Accurate(_) => doc.representation.contextual.len() == doc.tokens.len(),
        }
    }

    /// Computes this tier's representation of `doc` (its text layer must have run). Should the
    /// encoder fail, the document says so in a warning and its tokens have no vectors.
    pub fn represent(&self, doc: &mut Doc) {
        match self {
            Representer::Fast(vectors) => doc.representation.rows = rows(vectors, doc),
            Representer::Accurate(encoder) => {
                let names = names(doc);
                doc.representation.contextual = match encoder.encode(doc, &names) {
                    Ok(vectors) => vectors,
                    Err(e) => {
                        doc.warn("encoder-failed", e.to_string());
                        let mut none = rhetor_doc::TokenVectors::new(encoder.dim());
                        (0..doc.tokens.len()).for_each(|_| none.push(None));
                        none
                    }
                };
            }
        }
    }
}

/// Which tokens are names (as [`rhetor_text::linear::masked_document`] masks them): the
/// encoder reads them as `[MASK]`.
pub fn names(doc: &Doc) -> Vec<bool> {
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    rhetor_text::linear::masked_document(&words, &doc.sentence_tokens())
        .into_iter()
        .map(|m| m == "<name>")
        .collect()
}

/// The representation stage as a pipeline stage.
pub struct RepresentationLayer {
    representer: Representer,
}

impl RepresentationLayer {
    pub fn new(representer: Representer) -> Self {
        RepresentationLayer { representer }
    }
}

/// Each token's row in `vectors` ([`NO_ROW`] for a word it does not know).
pub fn rows(vectors: &Vectors, doc: &Doc) -> Vec<u32> {
    doc.tokens
        .iter()
        .map(|t| row(vectors, doc.slice(t.span)))
        .collect()
}

/// A word's row in `vectors` as written, else in lower case, else with a curly apostrophe
/// straightened; [`NO_ROW`] for a word it does not know.
pub fn row(vectors: &Vectors, word: &str) -> u32 {
    vectors
        .row(word)
        .or_else(|| {
            word.contains('’')
                .then(|| vectors.row(&word.replace('’', "'")))?
        })
        .unwrap_or(NO_ROW)
}

impl Analyzer for RepresentationLayer {
    fn name(&self) -> &'static str {
        "representation"
    }

    /// The vectors and the encoder were learned from English text.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        self.representer.represent(doc);
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
        RepresentationLayer::new(Representer::Fast(bundled().unwrap())).analyze(&mut doc);
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

    #[test]
    fn the_encoder_reads_words_in_context_and_masks_names() {
        let representer = Representer::bundled(Tier::Accurate).unwrap();
        let encode = |text: &str| {
            let mut doc = Doc::new("t", text);
            rhetor_text::analyze(&mut doc);
            representer.represent(&mut doc);
            assert_eq!(doc.representation.contextual.len(), doc.tokens.len());
            let at = |word: &str| {
                let i = doc
                    .tokens
                    .iter()
                    .position(|t| doc.slice(t.span) == word)
                    .unwrap();
                let mut v = vec![0f32; 384];
                assert!(doc.representation.contextual.get(i, &mut v));
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                v.into_iter().map(|x| x / norm).collect::<Vec<f32>>()
            };
            (at("bank"), at("said"))
        };
        let cos = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        let (river, _) = encode("They sat on the river bank and fished. Mr Smith said so.");
        let (money, said) =
            encode("She took a loan from the bank to buy a house. Mr Jones said so.");
        let (fishing, said2) = encode("They sat on the grassy bank and fished. Mr Smith said so.");
        assert!(cos(&river, &fishing) > cos(&river, &money));
        // Smith and Jones are both [MASK]: "said" differs only through the other sentence.
        assert!(cos(&said, &said2) > 0.9);
        let empty = encode_empty(&representer);
        assert_eq!(empty, 0);
    }

    fn encode_empty(representer: &Representer) -> usize {
        let mut doc = Doc::new("t", "");
        rhetor_text::analyze(&mut doc);
        representer.represent(&mut doc);
        doc.representation.contextual.len()
    }
}
