//! The tagger's model: feature weights per label, label transitions and the gazetteer, with
//! BIO-constrained Viterbi decoding and a small versioned binary format.
//!
//! Format (little endian): `RHNER` and a format version byte, the feature bits, the label count,
//! the fingerprint of the word-vector table it was trained over (u64), the weight scale (f32), the transition matrix (f32), the weights quantised to i16, the
//! gazetteer as (u64 key, u8 type mask) pairs, then the word classes as (u64 key, u16 fine
//! cluster, u16 coarse cluster, u8 capitalisation level with the top bit set for a word that opens
//! sentences) records; then the head over the static word vectors, its dimension (u32) and
//! `N_LABELS * dim` weights (f32); then, in a model of the accurate tier only, the head over
//! contextual vectors in the same way.

use rhetor_text::linear::{Reader, i16_scale};

use crate::clusters::{WordClass, WordClusters};
use crate::features::{BITS, BUCKETS, Features, Gazetteer};
use crate::labels::{N_LABELS, allowed};

const MAGIC: &[u8; 5] = b"RHNER";
const VERSION: u8 = 5;

/// Why a model file could not be read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a rhetor NER model (bad magic bytes)")]
    Magic,
    #[error("NER model format {0} is not supported (this build reads format {VERSION})")]
    Version(u8),
    #[error(
        "the NER model was built for {0} feature bits and {1} labels, not {BITS} and {N_LABELS}"
    )]
    Shape(u32, u32),
    #[error("the NER model file is truncated")]
    Truncated,
    #[error("the NER model was trained over another word-vector table than the one given")]
    OtherVectors,
    #[error("the word vectors the NER tagger reads do not load: {0}")]
    Vectors(String),
}

/// A trained tagger.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// `weights[bucket * N_LABELS + label]`.
    pub weights: Vec<f32>,
    /// `transitions[prev][next]`, with `prev == N_LABELS` for the sentence start.
    pub transitions: Vec<[f32; N_LABELS]>,
    pub gazetteer: Gazetteer,
    pub clusters: WordClusters,
    /// [`rhetor_represent::Vectors::fingerprint`] of the table whose rows its features are.
    pub vectors: u64,
    /// The weights of the head over each token's static word vector, `lexical[label * dim + k]`
    /// (the vector as [`context_input`] scales it); empty in a model without it.
    pub lexical: Vec<f32>,
    /// The accurate tier's weights over a token's contextual vector, `context[label * dim + k]`
    /// (see [`context_input`]); empty in a model of the fast tier.
    pub context: Vec<f32>,
}

/// How much a contextual vector weighs beside the sparse features: it enters the scores as a unit
/// vector times this (a token fires some forty sparse features of weight one).
const CONTEXT_SCALE: f32 = 3.0;

/// A contextual vector as the tagger reads it: of length [`CONTEXT_SCALE`], so long and short
/// vectors weigh alike.
pub fn context_input(vector: &mut [f32]) {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|x| *x *= CONTEXT_SCALE / norm);
    }
}

/// Adds a head's scores (`head[label * dim + k]`) over one vector.
fn add_head(head: &[f32], scores: &mut [f32; N_LABELS], vector: &[f32]) {
    let dim = head.len() / N_LABELS;
    for (l, s) in scores.iter_mut().enumerate() {
        let row = &head[l * dim..(l + 1) * dim];
        *s += row.iter().zip(vector).map(|(w, x)| w * x).sum::<f32>();
    }
}

/// Writes a head: its dimension, then its weights.
fn write_head(out: &mut Vec<u8>, head: &[f32]) {
    out.extend_from_slice(&((head.len() / N_LABELS) as u32).to_le_bytes());
    for w in head {
        out.extend_from_slice(&w.to_le_bytes());
    }
}

impl Model {
    pub fn empty() -> Self {
        Model {
            vectors: 0,
            weights: vec![0.0; BUCKETS * N_LABELS],
            transitions: vec![[0.0; N_LABELS]; N_LABELS + 1],
            gazetteer: Gazetteer::default(),
            clusters: WordClusters::default(),
            lexical: Vec::new(),
            context: Vec::new(),
        }
    }

    /// The dimension of the contextual vectors the model reads (0: it reads none).
    pub fn context_dim(&self) -> usize {
        self.context.len() / N_LABELS
    }

    /// The dimension of the static word vectors the model reads (0: it reads none).
    pub fn lexical_dim(&self) -> usize {
        self.lexical.len() / N_LABELS
    }

    /// Adds one token's contextual vector (as [`context_input`] made it) to its label scores.
    pub fn add_context(&self, scores: &mut [f32; N_LABELS], vector: &[f32]) {
        add_head(&self.context, scores, vector);
    }

    /// Adds one token's static word vector (as [`context_input`] made it) to its label scores.
    pub fn add_lexical(&self, scores: &mut [f32; N_LABELS], vector: &[f32]) {
        add_head(&self.lexical, scores, vector);
    }

    /// Per-token label scores.
    pub fn emissions(&self, features: &Features) -> Vec<[f32; N_LABELS]> {
        (0..features.len())
            .map(|i| {
                let mut scores = [0.0f32; N_LABELS];
                for &f in features.of(i) {
                    let row = &self.weights[f as usize * N_LABELS..(f as usize + 1) * N_LABELS];
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += w;
                    }
                }
                scores
            })
            .collect()
    }

    /// Adds the weights of `ids` to one token's label scores.
    pub fn add_features(&self, scores: &mut [f32; N_LABELS], ids: &[u32]) {
        for &f in ids {
            let row = &self.weights[f as usize * N_LABELS..(f as usize + 1) * N_LABELS];
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }

    /// The best label sequence under BIO constraints; `mask[i]` (bit per label) limits token `i`'s
    /// labels when given (training on partly labelled data).
    pub fn viterbi(&self, emissions: &[[f32; N_LABELS]], mask: Option<&[u16]>) -> Vec<usize> {
        let n = emissions.len();
        if n == 0 {
            return Vec::new();
        }
        let ok = |i: usize, l: usize| mask.is_none_or(|m| m[i] & (1 << l) != 0);
        let mut score = vec![[f32::NEG_INFINITY; N_LABELS]; n];
        let mut back = vec![[0u8; N_LABELS]; n];
        for l in 0..N_LABELS {
            if ok(0, l) && allowed(None, l) {
                score[0][l] = self.transitions[N_LABELS][l] + emissions[0][l];
            }
        }
        for i in 1..n {
            for l in 0..N_LABELS {
                if !ok(i, l) {
                    continue;
                }
                let mut best = (f32::NEG_INFINITY, 0);
                for (p, &prev) in score[i - 1].iter().enumerate() {
                    if prev == f32::NEG_INFINITY || !allowed(Some(p), l) {
                        continue;
                    }
                    let s = prev + self.transitions[p][l];
                    if s > best.0 {
                        best = (s, p);
                    }
                }
                if best.0 > f32::NEG_INFINITY {
                    score[i][l] = best.0 + emissions[i][l];
                    back[i][l] = best.1 as u8;
                }
            }
        }
        let mut last = (0..N_LABELS)
            .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
            .unwrap_or(0);
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = last;
            last = back[i][last] as usize;
        }
        out
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let scale = i16_scale(&self.weights);
        let mut out = Vec::with_capacity(self.weights.len() * 2 + 1024);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend_from_slice(&(N_LABELS as u32).to_le_bytes());
        out.extend_from_slice(&self.vectors.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for row in &self.transitions {
            for t in row {
                out.extend_from_slice(&t.to_le_bytes());
            }
        }
        for w in &self.weights {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
        let mut gaz: Vec<(&u64, &u8)> = self.gazetteer.0.iter().collect();
        gaz.sort();
        out.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
        for (k, v) in gaz {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(*v);
        }
        let mut clusters: Vec<(&u64, &WordClass)> = self.clusters.0.iter().collect();
        clusters.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (k, class) in clusters {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&class.fine.to_le_bytes());
            out.extend_from_slice(&class.coarse.to_le_bytes());
            out.push(class.capitals | u8::from(class.opens_sentences) << 7);
        }
        // The static head is written whenever a head is (with dimension 0 if it has none), so
        // the contextual head is always the second.
        if !self.lexical.is_empty() || !self.context.is_empty() {
            write_head(&mut out, &self.lexical);
        }
        if !self.context.is_empty() {
            write_head(&mut out, &self.context);
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader::new(bytes, ModelError::Truncated);
        r.header(MAGIC, VERSION, ModelError::Magic, ModelError::Version)?;
        let (bits, labels) = (r.u32()?, r.u32()?);
        if bits != BITS || labels as usize != N_LABELS {
            return Err(ModelError::Shape(bits, labels));
        }
        let vectors = u64::from_le_bytes(r.array()?);
        let scale = f32::from_le_bytes(r.array()?);
        let mut transitions = vec![[0f32; N_LABELS]; N_LABELS + 1];
        for row in &mut transitions {
            for t in row.iter_mut() {
                *t = f32::from_le_bytes(r.array()?);
            }
        }
        let raw = r.take(BUCKETS * N_LABELS * 2)?;
        let weights = raw
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * scale)
            .collect();
        let n = r.u32()? as usize;
        let mut gazetteer = Gazetteer::default();
        for _ in 0..n {
            let key = u64::from_le_bytes(r.array()?);
            gazetteer.0.insert(key, r.take(1)?[0]);
        }
        let n = r.u32()? as usize;
        let mut clusters = WordClusters::default();
        for _ in 0..n {
            let key = u64::from_le_bytes(r.array()?);
            let (fine, coarse) = (
                u16::from_le_bytes(r.array()?),
                u16::from_le_bytes(r.array()?),
            );
            let level = r.take(1)?[0];
            let class = WordClass {
                fine,
                coarse,
                capitals: level & 0x7f,
                opens_sentences: level & 0x80 != 0,
            };
            clusters.0.insert(key, class);
        }
        let read_head = |r: &mut Reader<'_, ModelError>| -> Result<Vec<f32>, ModelError> {
            if r.bytes.is_empty() {
                return Ok(Vec::new());
            }
            let dim = r.u32()? as usize;
            let raw = r.take(dim.checked_mul(N_LABELS * 4).ok_or(ModelError::Truncated)?)?;
            Ok(raw
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect())
        };
        let lexical = read_head(&mut r)?;
        let context = read_head(&mut r)?;
        Ok(Model {
            weights,
            transitions,
            gazetteer,
            clusters,
            vectors,
            lexical,
            context,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{begin, inside};

    #[test]
    fn round_trips_and_rejects_bad_files() {
        let mut m = Model::empty();
        m.weights[7] = 1.5;
        m.weights[100] = -3.0;
        m.transitions[2][3] = 0.25;
        m.gazetteer.0.insert(42, 3);
        m.clusters.0.insert(
            7,
            WordClass {
                fine: 3,
                coarse: 1,
                capitals: 4,
                opens_sentences: true,
            },
        );
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert!((back.weights[7] - 1.5).abs() < 1e-3 && (back.weights[100] + 3.0).abs() < 1e-3);
        assert_eq!(back.transitions, m.transitions);
        assert_eq!(back.gazetteer, m.gazetteer);
        assert_eq!(back.clusters, m.clusters);
        assert!(back.context.is_empty() && back.lexical.is_empty());
        let mut fast = m.clone();
        fast.lexical = (0..N_LABELS * 3).map(|i| i as f32 / 4.0).collect();
        let back = Model::from_bytes(&fast.to_bytes()).unwrap();
        assert_eq!((back.lexical_dim(), &back.lexical), (3, &fast.lexical));
        assert!(back.context.is_empty());
        let mut accurate = fast.clone();
        accurate.context = (0..N_LABELS * 4).map(|i| i as f32 / 8.0).collect();
        let back = Model::from_bytes(&accurate.to_bytes()).unwrap();
        assert_eq!((back.context_dim(), &back.context), (4, &accurate.context));
        assert_eq!(back.lexical, fast.lexical);
        assert!(matches!(
            Model::from_bytes(b"nope"),
            Err(ModelError::Truncated)
        ));
        assert!(matches!(
            Model::from_bytes(b"XXXXX\x01"),
            Err(ModelError::Magic)
        ));
        let bytes = m.to_bytes();
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() / 2]),
            Err(ModelError::Truncated)
        ));
    }

    #[test]
    fn viterbi_respects_bio() {
        let m = Model::empty();
        // Emissions prefer I-PER at the start, which BIO forbids.
        let mut e = [[0.0; N_LABELS]; 2];
        e[0][inside(0)] = 5.0;
        e[0][begin(1)] = 1.0;
        e[1][inside(1)] = 2.0;
        assert_eq!(m.viterbi(&e, None), [begin(1), inside(1)]);
        let mask = [1u16 << 0, 1 << 0];
        assert_eq!(m.viterbi(&e, Some(&mask)), [0, 0]);
    }
}
