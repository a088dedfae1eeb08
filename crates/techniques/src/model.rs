//! The technique model: the span tagger, how its scores become spans, the technique classifier
//! and the confidence calibration, all trained by `rhetor train techniques` over the word
//! vectors of the representation stage.
//!
//! Format (little endian): `RHPT` and a format version byte; the taggers' and the classifier's
//! feature bits (u32 each); the vectors' dimension and the static table's rows (u32 each; no
//! rows: the accurate tier's contextual vectors); the techniques (u32 count, then each label's
//! length as u8 and the label); the span taggers (u8 count, then each: its techniques as a u8
//! count and u8 indices into the techniques, the tagger (bias f32, sparse weights, dense
//! weights), the decoding (threshold f32, hysteresis f32, gap u8), the calibration (u32 count,
//! then `(raw, calibrated)` f32 pairs)); the classifier (biases f32, sparse weights, dense
//! weights). Sparse weights are a scale (f32) and an i16 per weight, dense ones f32.

use rhetor_doc::Technique;
use rhetor_text::linear::{Reader, i16_scale};

use crate::calibrate::Calibration;
use crate::classify;
use crate::decode::Decoding;
use crate::dense::Lexicon;
use crate::features;
use crate::tagger::{Dots, SLOTS};
use rhetor_text::learn::{Binary, Multiclass};

const MAGIC: &[u8; 4] = b"RHPT";
/// 6: span taggers each for a kind of technique (words and phrases, clauses), then a technique
/// classifier that also reads the span's largest values per dimension.
const VERSION: u8 = 6;

/// Why a model file could not be read, or does not fit the vector table.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a rhetor technique model (bad magic bytes)")]
    Magic,
    #[error("technique model format {0} is not supported (this build reads format {VERSION})")]
    Version(u8),
    #[error("the technique model was built for other feature bits ({0}, {1})")]
    Shape(u32, u32),
    #[error("the technique model names an unknown technique {0:?}")]
    Label(String),
    #[error(
        "the technique model was trained over the {0} tier's vectors of {1} values, which the {2} tier's representation does not give"
    )]
    Representation(&'static str, u32, &'static str),
    #[error("the technique model's span tagger names technique {0}, which it does not have")]
    Group(u8),
    #[error("the technique model file is truncated")]
    Truncated,
}

/// Everything the technique layer learned.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The vectors the dense weights belong to: their dimension, and the static table's rows
    /// (0 for the contextual encoder's vectors).
    pub dim: u32,
    pub rows: u32,
    pub techniques: Vec<Technique>,
    pub taggers: Vec<SpanTagger>,
    /// One class per entry of `techniques`.
    pub classifier: Multiclass,
}

/// A tagger for one kind of span, and what its spans may be: the techniques the classifier
/// chooses among for them, how its token scores become spans, and how the raw scores of its
/// findings map to confidence.
#[derive(Clone, Debug, PartialEq)]
pub struct SpanTagger {
    pub techniques: Vec<Technique>,
    pub tagger: Binary,
    pub decoding: Decoding,
    pub calibration: Calibration,
}

fn write_f32s(out: &mut Vec<u8>, values: &[f32]) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn write_i16s(out: &mut Vec<u8>, values: &[f32]) {
    let scale = i16_scale(values);
    out.extend_from_slice(&scale.to_le_bytes());
    for w in values {
        out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
    }
}

fn read_f32s(r: &mut Reader<ModelError>, n: usize) -> Result<Vec<f32>, ModelError> {
    let bytes = r.take(n.checked_mul(4).ok_or(ModelError::Truncated)?)?;
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
        .collect())
}

fn read_i16s(r: &mut Reader<ModelError>, n: usize) -> Result<Vec<f32>, ModelError> {
    let scale = f32::from_bits(r.u32()?);
    let bytes = r.take(n.checked_mul(2).ok_or(ModelError::Truncated)?)?;
    Ok(bytes
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * scale)
        .collect())
}

impl Model {
    /// Each tagger's dot products with the rows of `lexicon`.
    pub fn dots(&self, lexicon: &Lexicon) -> Vec<Dots> {
        self.taggers
            .iter()
            .map(|t| Dots::new(&t.tagger, lexicon))
            .collect()
    }

    /// The representation tier the model reads.
    pub fn tier(&self) -> rhetor_represent::Tier {
        if self.rows == 0 {
            rhetor_represent::Tier::Accurate
        } else {
            rhetor_represent::Tier::Fast
        }
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        for v in [features::BITS, classify::BITS, self.dim, self.rows] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.techniques.len() as u32).to_le_bytes());
        for t in &self.techniques {
            out.push(t.label().len() as u8);
            out.extend_from_slice(t.label().as_bytes());
        }
        out.push(self.taggers.len() as u8);
        for t in &self.taggers {
            out.push(t.techniques.len() as u8);
            for technique in &t.techniques {
                let k = self.techniques.iter().position(|x| x == technique);
                out.push(k.expect("a tagger's techniques are the model's") as u8);
            }
            write_f32s(&mut out, &[t.tagger.bias]);
            write_i16s(&mut out, &t.tagger.sparse);
            write_f32s(&mut out, &t.tagger.dense);
            write_f32s(&mut out, &[t.decoding.threshold, t.decoding.hysteresis]);
            out.push(t.decoding.gap);
            out.extend_from_slice(&(t.calibration.points.len() as u32).to_le_bytes());
            for &(raw, calibrated) in &t.calibration.points {
                write_f32s(&mut out, &[raw, calibrated]);
            }
        }
        write_f32s(&mut out, &self.classifier.bias);
        write_i16s(&mut out, &self.classifier.sparse);
        write_f32s(&mut out, &self.classifier.dense);
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes, ModelError::Truncated);
        r.header(MAGIC, VERSION, ModelError::Magic, ModelError::Version)?;
        let (tagger_bits, classifier_bits) = (r.u32()?, r.u32()?);
        if (tagger_bits, classifier_bits) != (features::BITS, classify::BITS) {
            return Err(ModelError::Shape(tagger_bits, classifier_bits));
        }
        let (dim, rows) = (r.u32()?, r.u32()?);
        let count = r.u32()? as usize;
        let mut techniques = Vec::new();
        for _ in 0..count {
            let len = r.take(1)?[0] as usize;
            let label = String::from_utf8_lossy(r.take(len)?).into_owned();
            techniques.push(Technique::from_label(&label).ok_or(ModelError::Label(label))?);
        }
        let d = dim as usize;
        let mut taggers = Vec::new();
        for _ in 0..r.take(1)?[0] {
            let mut group = Vec::new();
            let size = r.take(1)?[0] as usize;
            for &k in r.take(size)? {
                group.push(*techniques.get(k as usize).ok_or(ModelError::Group(k))?);
            }
            let tagger = Binary {
                bias: read_f32s(&mut r, 1)?[0],
                sparse: read_i16s(&mut r, features::BUCKETS)?,
                dense: read_f32s(&mut r, SLOTS * d)?,
            };
            let [threshold, hysteresis] = read_f32s(&mut r, 2)?[..] else {
                return Err(ModelError::Truncated);
            };
            let gap = r.take(1)?[0];
            let points = r.u32()? as usize;
            let points = read_f32s(&mut r, points.checked_mul(2).ok_or(ModelError::Truncated)?)?;
            taggers.push(SpanTagger {
                techniques: group,
                tagger,
                decoding: Decoding {
                    threshold,
                    hysteresis,
                    gap,
                },
                calibration: Calibration {
                    points: points.chunks_exact(2).map(|c| (c[0], c[1])).collect(),
                },
            });
        }
        let bias = read_f32s(&mut r, count)?;
        let sparse = read_i16s(&mut r, classify::BUCKETS * count)?;
        let dense = read_f32s(&mut r, count * classify::DENSE_PARTS * d)?;
        Ok(Model {
            dim,
            rows,
            techniques,
            taggers,
            classifier: Multiclass {
                classes: count,
                sparse,
                dense,
                bias,
            },
        })
    }
}
