//! The dense half of the technique layer's input: each token's vector from the representation
//! stage (a static word vector in the fast tier, a contextual one in the accurate tier), scaled
//! to unit length, with names left out as the sparse features leave them out (a name has no
//! vector, so who is named never moves a finding).

use rhetor_doc::{NO_ROW, TokenVectors};
use rhetor_represent::Vectors;

/// Vectors as the technique layer reads them, every row at unit length: the static word
/// vectors (one row per word of the table), or a document's contextual vectors (one row per
/// token).
#[derive(Clone, Debug)]
pub struct Lexicon {
    dim: usize,
    units: Vec<f32>,
}

impl Lexicon {
    pub fn new(vectors: &Vectors) -> Self {
        Lexicon {
            dim: vectors.dim(),
            units: vectors.units(),
        }
    }

    /// A document's contextual vectors as a table whose row `i` is token `i`, and each token's
    /// row ([`NO_ROW`] for a token without a vector).
    pub fn contextual(vectors: &TokenVectors) -> (Self, Vec<u32>) {
        let dim = vectors.dim();
        let mut units = vec![0f32; vectors.len() * dim];
        let rows = units
            .chunks_exact_mut(dim)
            .enumerate()
            .map(|(i, out)| {
                let norm = if vectors.get(i, out) {
                    out.iter().map(|v| v * v).sum::<f32>().sqrt()
                } else {
                    0.0
                };
                if norm > 0.0 {
                    out.iter_mut().for_each(|v| *v /= norm);
                    i as u32
                } else {
                    NO_ROW
                }
            })
            .collect();
        (Lexicon { dim, units }, rows)
    }

    /// An empty table of `dim`-value rows.
    pub fn empty(dim: usize) -> Self {
        Lexicon {
            dim,
            units: Vec::new(),
        }
    }

    /// Appends `other`'s rows; returns the row the first of them now has.
    pub fn append(&mut self, other: &Lexicon) -> u32 {
        let first = self.rows() as u32;
        self.units.extend_from_slice(&other.units);
        first
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn rows(&self) -> usize {
        self.units.len() / self.dim
    }

    /// Row `row`'s unit vector; `None` for [`NO_ROW`].
    pub fn unit(&self, row: u32) -> Option<&[f32]> {
        (row != NO_ROW).then(|| &self.units[row as usize * self.dim..][..self.dim])
    }

    /// The mean unit vector of the rows that have one, into `out` (zero if none has).
    pub fn mean(&self, rows: &[u32], out: &mut [f32]) {
        out.fill(0.0);
        let known: Vec<&[f32]> = rows.iter().filter_map(|&r| self.unit(r)).collect();
        for v in &known {
            for (o, x) in out.iter_mut().zip(v.iter()) {
                *o += x / known.len() as f32;
            }
        }
    }
}

/// The rows of one sentence's tokens as the layer reads them: a masked name (`<name>` in
/// `masked`) has none.
pub fn sentence_rows(rows: &[u32], masked: &[String]) -> Vec<u32> {
    rows.iter()
        .zip(masked)
        .map(|(&r, m)| if m == "<name>" { NO_ROW } else { r })
        .collect()
}
