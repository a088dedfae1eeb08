//! The check-worthiness model: logistic regression over hashed sentence features, trained by
//! averaged stochastic gradient descent with the classes balanced (check-worthy sentences are
//! about one in forty), in a small versioned binary format.
//!
//! Format (little endian): `RHCW` and a format version byte, the feature bits (u32), the weight
//! scale (f32), then the weights quantised to i16.

use rhetor_text::hash::Fnv;

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
    pub weights: Vec<f32>,
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Model {
    /// How worth checking a sentence with these features is, in `[0, 1]`; 0.5 is as likely as
    /// not once the classes are balanced.
    pub fn score(&self, features: &[u32]) -> f32 {
        sigmoid(features.iter().map(|&f| self.weights[f as usize]).sum())
    }

    /// Trains on `(features, check-worthy?)` examples. The weights returned are the average
    /// over all steps (w - acc / c, the running-sum trick), which ranks more stably than the
    /// last ones.
    pub fn train(examples: &[(Vec<u32>, bool)], epochs: usize) -> Model {
        let positives = examples.iter().filter(|e| e.1).count().max(1);
        let negatives = (examples.len() - positives).max(1);
        let positive_weight = negatives as f32 / positives as f32;
        let mut w = vec![0f32; BUCKETS];
        let mut acc = vec![0f32; BUCKETS];
        let mut c = 1f32;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        for epoch in 0..epochs {
            // A fixed shuffle per epoch, so training is the same on every machine.
            order.sort_by_key(|&i| Fnv::new(epoch as u8).bytes(&i.to_le_bytes()).0);
            let rate = 0.05 / (1.0 + epoch as f32);
            for &i in &order {
                let (features, label) = &examples[i];
                let p = sigmoid(features.iter().map(|&f| w[f as usize]).sum());
                let (y, weight) = if *label {
                    (1.0, positive_weight)
                } else {
                    (0.0, 1.0)
                };
                let g = rate * weight * (p - y);
                for &f in features {
                    let f = f as usize;
                    let delta = -g - rate * 1e-4 * w[f];
                    w[f] += delta;
                    acc[f] += c * delta;
                }
                c += 1.0;
            }
        }
        let weights = w.iter().zip(&acc).map(|(w, a)| w - a / c).collect();
        Model { weights }
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(f32::MIN_POSITIVE);
        let scale = max / i16::MAX as f32;
        let mut out = Vec::with_capacity(self.weights.len() * 2 + 16);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        if bytes.len() < 13 {
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
        let scale = f32::from_le_bytes(bytes[9..13].try_into().expect("4 bytes"));
        let raw = bytes
            .get(13..13 + BUCKETS * 2)
            .ok_or(ModelError::Truncated)?;
        let weights = raw
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * scale)
            .collect();
        Ok(Model { weights })
    }
}
