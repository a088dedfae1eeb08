//! The check-worthiness model: logistic regression over hashed sentence features
//! ([`Logistic`]), trained with the classes balanced (check-worthy sentences are about one in
//! forty), in a small versioned binary format.
//!
//! Format (little endian): `RHCW` and a format version byte, the feature bits (u32), the weight
//! scale (f32), then the weights quantised to i16.

use rhetor_text::linear::Logistic;

use crate::features::{BITS, BUCKETS};

const MAGIC: &[u8; 4] = b"RHCW";
const VERSION: u8 = 1;

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a rhetor check-worthiness model (bad magic bytes)")]
    Magic,
    #[error(
        "check-worthiness model format {0} is not supported (this build reads format {VERSION})"
    )]
    Version(u8),
    #[error("the check-worthiness model was built for {0} feature bits, not {BITS}")]
    Shape(u32),
    #[error("the check-worthiness model file is truncated")]
    Truncated,
}

/// A trained model: one weight per feature bucket.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub linear: Logistic,
}

impl Model {
    /// How worth checking a sentence with these features is, in `[0, 1]`; 0.5 is as likely as
    /// not once the classes are balanced.
    pub fn score(&self, features: &[u32]) -> f32 {
        self.linear.score(features)
    }

    /// Trains on `(features, check-worthy?)` examples, the two classes weighted to balance.
    pub fn train(examples: &[(Vec<u32>, bool)], epochs: usize) -> Model {
        let positives = examples.iter().filter(|e| e.1).count().max(1);
        let negatives = (examples.len() - positives).max(1);
        let balance = negatives as f32 / positives as f32;
        let (features, labels): (Vec<Vec<u32>>, Vec<bool>) = examples.iter().cloned().unzip();
        Model {
            linear: Logistic::train(&features, &labels, BUCKETS, epochs, balance),
        }
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(BUCKETS * 2 + 16);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&BITS.to_le_bytes());
        self.linear.write(&mut out);
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        if bytes.len() < 9 {
            return Err(ModelError::Truncated);
        }
        if &bytes[..4] != MAGIC {
            return Err(ModelError::Magic);
        }
        if bytes[4] != VERSION {
            return Err(ModelError::Version(bytes[4]));
        }
        let bits = u32::from_le_bytes(bytes[5..9].try_into().expect("4 bytes"));
        if bits != BITS {
            return Err(ModelError::Shape(bits));
        }
        let (linear, _) = Logistic::read(&bytes[9..], BUCKETS).ok_or(ModelError::Truncated)?;
        Ok(Model { linear })
    }
}
