//! The static word-vector table: a few thousand vectors, each shared by many words (spaCy's
//! pruned vectors map 684,830 words onto 20,000 rows), and the words that point to each.
//!
//! Format (little endian): `RHVE`, a format version byte, the dimension (u32), the number of
//! rows (u32), then per row its scale (f32) and its values as i8 in units of the scale; then the
//! number of words (u32), the words' keys ([`word_key`], u64, ascending) and each word's row
//! (u16, in the same order).

use rhetor_text::hash::Fnv;
use rhetor_text::linear::Reader;

const MAGIC: &[u8; 4] = b"RHVE";
const VERSION: u8 = 1;

/// Why a vector file could not be read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum VectorsError {
    #[error("not a rhetor vector table (bad magic bytes)")]
    Magic,
    #[error("vector table format {0} is not supported (this build reads format {VERSION})")]
    Version(u8),
    #[error("the vector table is truncated")]
    Truncated,
    #[error("the vector table is inconsistent: {0}")]
    Invalid(&'static str),
}

/// Word vectors quantised to i8 per row, and the words that point to them.
#[derive(Clone, Debug, PartialEq)]
pub struct Vectors {
    dim: usize,
    values: Vec<i8>,
    scales: Vec<f32>,
    keys: Vec<u64>,
    key_rows: Vec<u16>,
    /// Where the keys of each value of their top [`BUCKET_BITS`] bits start in `keys` (one more
    /// entry at the end): a word is looked up among some ten keys, not binary-searched over
    /// all 684,830, whose twenty steps missed the cache on most tokens (6% of all analysis).
    starts: Vec<u32>,
}

/// The top bits of a key that pick its bucket (FNV-1a keys spread evenly over them).
const BUCKET_BITS: u32 = 16;

/// For each bucket of keys (their top [`BUCKET_BITS`] bits), where it starts in the sorted
/// `keys`, and the end of the last.
fn bucket_starts(keys: &[u64]) -> Vec<u32> {
    (0..=1u64 << BUCKET_BITS)
        .map(|b| keys.partition_point(|&k| k >> (64 - BUCKET_BITS) < b) as u32)
        .collect()
}

/// The key a word is stored under: FNV-1a of its bytes (fixed forever, so saved tables and the
/// models over them keep their meaning).
pub fn word_key(word: &str) -> u64 {
    Fnv::new(0).bytes(word.as_bytes()).0
}

impl Vectors {
    /// A table of `rows` (each `dim` values) and the words pointing to them; words that repeat
    /// keep their first row.
    pub fn new(dim: usize, rows: &[Vec<f32>], words: impl IntoIterator<Item = (u64, u16)>) -> Self {
        let mut values = Vec::with_capacity(rows.len() * dim);
        let mut scales = Vec::with_capacity(rows.len());
        for row in rows {
            let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
            let scale = (max / i8::MAX as f32).max(f32::MIN_POSITIVE);
            scales.push(scale);
            values.extend(row.iter().map(|v| (v / scale).round() as i8));
        }
        let mut pairs: Vec<(u64, u16)> = words.into_iter().collect();
        pairs.sort_by_key(|&(k, _)| k);
        pairs.dedup_by_key(|&mut (k, _)| k);
        let keys: Vec<u64> = pairs.iter().map(|&(k, _)| k).collect();
        Vectors {
            dim,
            values,
            scales,
            starts: bucket_starts(&keys),
            keys,
            key_rows: pairs.iter().map(|&(_, r)| r).collect(),
        }
    }

    /// The length of every vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// How many distinct vectors the table holds.
    pub fn rows(&self) -> usize {
        self.scales.len()
    }

    /// How many words have a vector.
    pub fn words(&self) -> usize {
        self.keys.len()
    }

    /// The row of a word as written, else of its lower case; `None` for a word the table does
    /// not know.
    pub fn row(&self, word: &str) -> Option<u32> {
        self.row_of_key(word_key(word)).or_else(|| {
            let lower = word.to_lowercase();
            (lower != word)
                .then(|| self.row_of_key(word_key(&lower)))
                .flatten()
        })
    }

    fn row_of_key(&self, key: u64) -> Option<u32> {
        let bucket = (key >> (64 - BUCKET_BITS)) as usize;
        let (from, to) = (
            self.starts[bucket] as usize,
            self.starts[bucket + 1] as usize,
        );
        self.keys[from..to]
            .binary_search(&key)
            .ok()
            .map(|i| self.key_rows[from + i] as u32)
    }

    /// A hash of which row each word has: a model whose features are rows (the NER tagger's)
    /// keeps it to refuse another table.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv::new(0).bytes(&(self.dim as u32).to_le_bytes());
        for (k, r) in self.keys.iter().zip(&self.key_rows) {
            h = h.bytes(&k.to_le_bytes()).bytes(&r.to_le_bytes());
        }
        h.0
    }

    /// Writes row `row`'s values into `out` (of length [`Vectors::dim`]).
    pub fn vector(&self, row: u32, out: &mut [f32]) {
        let row = row as usize;
        let scale = self.scales[row];
        for (o, &v) in out
            .iter_mut()
            .zip(&self.values[row * self.dim..(row + 1) * self.dim])
        {
            *o = v as f32 * scale;
        }
    }

    /// Every row scaled to unit length, one after another (a row of zeros stays zeros).
    pub fn units(&self) -> Vec<f32> {
        let dim = self.dim;
        let mut units = vec![0f32; self.rows() * dim];
        for (row, out) in units.chunks_exact_mut(dim).enumerate() {
            self.vector(row as u32, out);
            let norm = out.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                out.iter_mut().for_each(|v| *v /= norm);
            }
        }
        units
    }

    /// The table in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.values.len() + self.keys.len() * 10 + 64);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&(self.dim as u32).to_le_bytes());
        out.extend_from_slice(&(self.rows() as u32).to_le_bytes());
        for (row, scale) in self.scales.iter().enumerate() {
            out.extend_from_slice(&scale.to_le_bytes());
            out.extend(
                self.values[row * self.dim..(row + 1) * self.dim]
                    .iter()
                    .map(|&v| v as u8),
            );
        }
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for r in &self.key_rows {
            out.extend_from_slice(&r.to_le_bytes());
        }
        out
    }

    /// Reads a table written by [`Vectors::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VectorsError> {
        let mut r = Reader::new(bytes, VectorsError::Truncated);
        r.header(MAGIC, VERSION, VectorsError::Magic, VectorsError::Version)?;
        let dim = r.u32()? as usize;
        let rows = r.u32()? as usize;
        if dim == 0 || rows > u16::MAX as usize + 1 {
            return Err(VectorsError::Invalid("dimension or row count out of range"));
        }
        let mut values = Vec::with_capacity(rows.saturating_mul(dim).min(bytes.len()));
        let mut scales = Vec::with_capacity(rows.min(bytes.len()));
        for _ in 0..rows {
            scales.push(f32::from_le_bytes(r.array()?));
            values.extend(r.take(dim)?.iter().map(|&b| b as i8));
        }
        let words = r.u32()? as usize;
        let keys: Vec<u64> = r
            .take(words.checked_mul(8).ok_or(VectorsError::Truncated)?)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect();
        let key_rows: Vec<u16> = r
            .take(words * 2)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        if !keys.windows(2).all(|w| w[0] < w[1]) {
            return Err(VectorsError::Invalid("word keys out of order"));
        }
        if key_rows.iter().any(|&r| r as usize >= rows) {
            return Err(VectorsError::Invalid("a word points past the last row"));
        }
        Ok(Vectors {
            dim,
            values,
            scales,
            starts: bucket_starts(&keys),
            keys,
            key_rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Vectors {
        let rows = vec![vec![1.0, -2.0, 0.5], vec![0.0, 4.0, -4.0]];
        Vectors::new(
            3,
            &rows,
            [
                (word_key("cat"), 0),
                (word_key("Cat"), 0),
                (word_key("dog"), 1),
            ],
        )
    }

    #[test]
    fn words_find_their_row_as_written_or_in_lower_case() {
        let v = small();
        assert_eq!(v.row("cat"), Some(0));
        assert_eq!(v.row("DOG"), Some(1));
        assert_eq!(v.row("bird"), None);
        let mut out = [0f32; 3];
        v.vector(1, &mut out);
        assert!((out[1] - 4.0).abs() < 0.05 && (out[2] + 4.0).abs() < 0.05);
    }

    #[test]
    fn tables_round_trip_and_bad_ones_are_refused() {
        let v = small();
        let bytes = v.to_bytes();
        assert_eq!(Vectors::from_bytes(&bytes).unwrap(), v);
        for cut in 0..bytes.len() {
            assert!(Vectors::from_bytes(&bytes[..cut]).is_err());
        }
        assert!(matches!(
            Vectors::from_bytes(b"XXXX\x01"),
            Err(VectorsError::Magic)
        ));
    }
}
