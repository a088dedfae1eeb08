//! The check-worthiness model: logistic regression over hashed sentence features
//! ([`Logistic`]), trained with the classes balanced (check-worthy sentences are about one in
//! forty), in a small versioned binary format.
//!
//! Scores are reported as percentiles of the training sentences' scores ("more check-worthy
//! than 97% of the sentences of the debates"), which spread where the balanced probability
//! crowds near 1.
//!
//! A sentence is a claim when its log-odds reach a threshold chosen for precision on held-out
//! debates ([`Model::with_claim_threshold`]): balanced classes put half of a news article's
//! sentences above 0, opinions among them.
//!
//! Format (little endian): `RHCW` and a format version byte, the feature bits (u32), the weight
//! scale (f32), the weights quantised to i16, then the number of percentile points (u32) and
//! the training log-odds at each (f32), then the claim threshold (f32).

use rhetor_text::linear::{Logistic, Reader};

use crate::features::{BITS, BUCKETS};

const MAGIC: &[u8; 4] = b"RHCW";
const VERSION: u8 = 3;

/// Why a model file could not be read.
#[derive(Clone, Debug, thiserror::Error)]
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

/// A trained model: one weight per feature bucket, the training sentences' log-odds at each
/// percentile (0, 1, ..., 100), and the log-odds from which a sentence is a claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub linear: Logistic,
    pub percentiles: Vec<f32>,
    pub claim_threshold: f32,
}

impl Model {
    /// The log-odds that a sentence with these features is check-worthy, the classes balanced:
    /// 0 or more is more likely than not.
    pub fn margin(&self, features: &[u32]) -> f32 {
        self.linear.margin(features)
    }

    /// Whether a sentence with this log-odds is a claim.
    pub fn is_claim(&self, margin: f32) -> bool {
        margin >= self.claim_threshold
    }

    /// The model with claims from `threshold` on.
    pub fn with_claim_threshold(self, threshold: f32) -> Self {
        Model {
            claim_threshold: threshold,
            ..self
        }
    }

    /// Where a log-odds falls among the training sentences', in `[0, 1]`.
    pub fn percentile(&self, margin: f32) -> f32 {
        let below = self.percentiles.partition_point(|&p| p <= margin);
        below.saturating_sub(1) as f32 / (self.percentiles.len().max(2) - 1) as f32
    }

    /// Trains on `(features, check-worthy?)` examples, the two classes weighted to balance.
    pub fn train(examples: &[(Vec<u32>, bool)], epochs: usize) -> Model {
        let positives = examples.iter().filter(|e| e.1).count().max(1);
        let negatives = (examples.len() - positives).max(1);
        let balance = negatives as f32 / positives as f32;
        let (features, labels): (Vec<Vec<u32>>, Vec<bool>) = examples.iter().cloned().unzip();
        let linear = Logistic::train(&features, &labels, BUCKETS, epochs, balance);
        let mut margins: Vec<f32> = features.iter().map(|f| linear.margin(f)).collect();
        margins.sort_by(f32::total_cmp);
        let percentiles = (0..=100)
            .map(|p| {
                margins
                    .get(p * (margins.len().max(1) - 1) / 100)
                    .copied()
                    .unwrap_or(0.0)
            })
            .collect();
        Model {
            linear,
            percentiles,
            claim_threshold: 0.0,
        }
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(BUCKETS * 2 + 512);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&BITS.to_le_bytes());
        self.linear.write(&mut out);
        out.extend_from_slice(&(self.percentiles.len() as u32).to_le_bytes());
        for p in &self.percentiles {
            out.extend_from_slice(&p.to_le_bytes());
        }
        out.extend_from_slice(&self.claim_threshold.to_le_bytes());
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes, ModelError::Truncated);
        r.header(MAGIC, VERSION, ModelError::Magic, ModelError::Version)?;
        r.expect_u32(BITS, ModelError::Shape)?;
        let linear = r.logistic(BUCKETS)?;
        let n = r.u32()? as usize;
        let percentiles = (0..n)
            .map(|_| Ok(f32::from_le_bytes(r.array()?)))
            .collect::<Result<_, ModelError>>()?;
        let claim_threshold = f32::from_le_bytes(r.array()?);
        Ok(Model {
            linear,
            percentiles,
            claim_threshold,
        })
    }
}
