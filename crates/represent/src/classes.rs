//! Word classes from the static vectors: the table's rows grouped by spherical k-means, so a
//! linear model over hashed features can read "a word like these" as one feature ("voiced",
//! "stated" and "asserted" share a class that "said" taught it). A model keeps the classes it
//! was trained with, and the table's fingerprint to refuse another one.

use rhetor_doc::NO_ROW;

use crate::Vectors;

/// Passes of k-means.
const ITERATIONS: usize = 12;

/// Each row's class in one vector table.
#[derive(Clone, Debug, PartialEq)]
pub struct WordClasses {
    fingerprint: u64,
    of_row: Vec<u8>,
}

impl WordClasses {
    /// The class of a word the table does not know.
    pub const NONE: u8 = u8::MAX;

    /// Groups the rows of `vectors` into `k` classes (at most 255).
    pub fn cluster(vectors: &Vectors, k: usize) -> Self {
        let units = vectors.units();
        let of_row = spherical_kmeans(
            &units,
            vectors.dim(),
            k.min(Self::NONE as usize),
            ITERATIONS,
        )
        .into_iter()
        .map(|c| c as u8)
        .collect();
        WordClasses {
            fingerprint: vectors.fingerprint(),
            of_row,
        }
    }

    /// The class of a row ([`WordClasses::NONE`] for [`NO_ROW`]).
    pub fn class(&self, row: u32) -> u8 {
        if row == NO_ROW {
            return Self::NONE;
        }
        self.of_row.get(row as usize).copied().unwrap_or(Self::NONE)
    }

    /// Whether these are the classes of `vectors`' rows.
    pub fn fits(&self, vectors: &Vectors) -> bool {
        self.fingerprint == vectors.fingerprint() && self.of_row.len() == vectors.rows()
    }

    /// Appends the classes: the table's fingerprint (u64), the row count (u32), a byte per row.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        out.extend_from_slice(&(self.of_row.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.of_row);
    }

    /// Reads classes written by [`WordClasses::write`]; also returns the bytes after them.
    /// `None` when the bytes run out.
    pub fn read(bytes: &[u8]) -> Option<(Self, &[u8])> {
        let fingerprint = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
        let rows = u32::from_le_bytes(bytes.get(8..12)?.try_into().ok()?) as usize;
        let of_row = bytes.get(12..12 + rows)?.to_vec();
        Some((
            WordClasses {
                fingerprint,
                of_row,
            },
            &bytes[12 + rows..],
        ))
    }
}

/// Spherical k-means over unit vectors (`rows`, each `dim` values), seeded with evenly spaced
/// rows (a table ranked by frequency gives seeds of every kind); returns each row's cluster.
/// Deterministic: same rows, same clusters. Small inputs (tests) get fewer clusters: about four
/// rows each at least.
pub fn spherical_kmeans(rows: &[f32], dim: usize, k: usize, iterations: usize) -> Vec<usize> {
    let n = rows.len() / dim.max(1);
    let k = k.min(n / 4).max(1);
    let row = |i: usize| &rows[i * dim..(i + 1) * dim];
    let mut centroids: Vec<f32> = (0..k).flat_map(|i| row(i * n / k).to_vec()).collect();
    let mut assign = vec![0; n];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    for _ in 0..iterations {
        for (i, a) in assign.iter_mut().enumerate() {
            let v = row(i);
            // The last of equal best, as `Iterator::max_by` picks.
            let mut best = (0, f32::NEG_INFINITY);
            for c in 0..k {
                let d = dot(v, &centroids[c * dim..(c + 1) * dim]);
                if d.total_cmp(&best.1).is_ge() {
                    best = (c, d);
                }
            }
            *a = best.0;
        }
        let mut sums = vec![0f32; k * dim];
        for (i, &a) in assign.iter().enumerate() {
            for (s, x) in sums[a * dim..(a + 1) * dim].iter_mut().zip(row(i)) {
                *s += x;
            }
        }
        for (c, s) in centroids
            .chunks_exact_mut(dim)
            .zip(sums.chunks_exact_mut(dim))
        {
            if s.iter().any(|x| *x != 0.0) {
                let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    s.iter_mut().for_each(|x| *x /= norm);
                }
                c.copy_from_slice(s);
            }
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_vectors_share_a_class_and_far_ones_do_not() {
        let rows: Vec<Vec<f32>> = (0..40)
            .map(|i| match i % 2 {
                0 => vec![1.0, 0.1 * (i % 5) as f32, 0.0],
                _ => vec![0.0, 0.1 * (i % 5) as f32, 1.0],
            })
            .collect();
        let words = (0..40u16).map(|i| (crate::word_key(&format!("w{i}")), i));
        let vectors = Vectors::new(3, &rows, words);
        let classes = WordClasses::cluster(&vectors, 2);
        assert_eq!(classes.class(0), classes.class(2));
        assert_ne!(classes.class(0), classes.class(1));
        assert_eq!(classes.class(NO_ROW), WordClasses::NONE);
        assert!(classes.fits(&vectors));
        let mut bytes = Vec::new();
        classes.write(&mut bytes);
        assert_eq!(WordClasses::read(&bytes).unwrap().0, classes);
        assert!(WordClasses::read(&bytes[..bytes.len() - 1]).is_none());
    }
}
