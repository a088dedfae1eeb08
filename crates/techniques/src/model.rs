//! The technique models: one logistic regression per technique ([`Logistic`]) over token
//! features, with the probability from which a token counts as part of a span. The classes are
//! weighted by the square root of their imbalance (a technique covers a few percent of tokens).
//!
//! Format (little endian): `RHPT` and a format version byte, the feature bits (u32), the number
//! of techniques (u32), then per technique its label's length (u8) and label, its threshold
//! (f32), its extent (u8: 0 words, 1 sentence) and its weights (see [`Logistic::write`]).

use rhetor_doc::Technique;
use rhetor_text::linear::{Logistic, Reader};

use crate::features::{BITS, BUCKETS};

const MAGIC: &[u8; 4] = b"RHPT";
/// The format, and the feature set the weights belong to (2: with the document's repetition
/// levels; 3: with each technique's extent).
const VERSION: u8 = 3;

/// The probability from which a token is inside a technique's span.
pub const THRESHOLD: f32 = 0.6;

/// Why a model file could not be read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a rhetor technique model (bad magic bytes)")]
    Magic,
    #[error("technique model format {0} is not supported (this build reads format {VERSION})")]
    Version(u8),
    #[error("the technique model was built for {0} feature bits, not {BITS}")]
    Shape(u32),
    #[error("the technique model names an unknown technique {0:?}")]
    Label(String),
    #[error("the technique model gives an unknown extent {0}")]
    Extent(u8),
    #[error("the technique model file is truncated")]
    Truncated,
}

/// What a technique's span covers once its tokens score high enough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// The run of tokens that scores high: a loaded word, a label.
    Words,
    /// The whole sentence: doubt or a causal oversimplification is a matter of the clause.
    Sentence,
}

/// One technique's classifier.
#[derive(Clone, Debug, PartialEq)]
pub struct TechniqueModel {
    pub technique: Technique,
    pub threshold: f32,
    pub extent: Extent,
    pub linear: Logistic,
}

/// Every technique's classifier.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub techniques: Vec<TechniqueModel>,
}

/// Training examples: each token's features, and the techniques whose spans hold it (bit `k`
/// for `Technique::ALL[k]`).
pub struct Examples {
    pub features: Vec<Vec<u32>>,
    pub labels: Vec<u16>,
}

impl Model {
    /// Trains one classifier per technique.
    pub fn train(examples: &Examples, epochs: usize) -> Model {
        let train_one = |k: usize, technique: Technique| {
            let labels: Vec<bool> = examples.labels.iter().map(|l| l & (1 << k) != 0).collect();
            let positives = labels.iter().filter(|&&l| l).count().max(1);
            let negatives = (labels.len() - positives).max(1);
            let weight = (negatives as f32 / positives as f32).powf(0.5);
            TechniqueModel {
                technique,
                threshold: THRESHOLD,
                extent: Extent::Words,
                linear: Logistic::train(&examples.features, &labels, BUCKETS, epochs, weight),
            }
        };
        // The techniques are independent: one thread each (deterministic whatever the order).
        let techniques = std::thread::scope(|scope| {
            let handles: Vec<_> = Technique::ALL
                .iter()
                .enumerate()
                .map(|(k, &technique)| scope.spawn(move || train_one(k, technique)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        Model { techniques }
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.techniques.len() * (BUCKETS * 2 + 64));
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend_from_slice(&(self.techniques.len() as u32).to_le_bytes());
        for t in &self.techniques {
            let label = t.technique.label();
            out.push(label.len() as u8);
            out.extend_from_slice(label.as_bytes());
            out.extend_from_slice(&t.threshold.to_le_bytes());
            out.push(match t.extent {
                Extent::Words => 0,
                Extent::Sentence => 1,
            });
            t.linear.write(&mut out);
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes, ModelError::Truncated);
        r.header(MAGIC, VERSION, ModelError::Magic, ModelError::Version)?;
        let bits = r.u32()?;
        if bits != BITS {
            return Err(ModelError::Shape(bits));
        }
        let count = r.u32()?;
        let mut techniques = Vec::new();
        for _ in 0..count {
            let len = r.take(1)?[0] as usize;
            let label = String::from_utf8_lossy(r.take(len)?).into_owned();
            let technique = Technique::from_label(&label).ok_or(ModelError::Label(label))?;
            let threshold = f32::from_bits(r.u32()?);
            let extent = match r.take(1)?[0] {
                0 => Extent::Words,
                1 => Extent::Sentence,
                other => return Err(ModelError::Extent(other)),
            };
            let (linear, rest) = Logistic::read(r.bytes, BUCKETS).ok_or(ModelError::Truncated)?;
            r.bytes = rest;
            techniques.push(TechniqueModel {
                technique,
                threshold,
                extent,
                linear,
            });
        }
        Ok(Model { techniques })
    }
}
