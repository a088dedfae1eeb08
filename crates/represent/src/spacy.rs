//! Importing spaCy's word vectors (a model package's `vocab/` folder, as
//! `scripts/fetch-pretrained.sh` unpacks it) into rhetor's [`Vectors`] table: `vectors` (a
//! NumPy array of f32 rows), `key2row` (MessagePack: each word's 64-bit spaCy hash to its row)
//! and `strings.json` (the words those hashes stand for, so rhetor can key them its own way).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::vectors::{Vectors, word_key};

/// Why spaCy's files could not be imported.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ImportError {
    pub path: PathBuf,
    pub message: String,
}

/// What an import kept.
#[derive(Debug)]
pub struct Imported {
    pub vectors: Vectors,
    /// Words in spaCy's table.
    pub spacy_words: usize,
    /// Words left out because their lower case has the same vector (lookups fall back to it).
    pub folded: usize,
}

/// Imports the vectors of spaCy's `vocab/` files in `dir`.
pub fn import(dir: &Path) -> Result<Imported, ImportError> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| ImportError {
            message: e.to_string(),
            path,
        })
    };
    let fail = |name: &str, message: String| ImportError {
        path: dir.join(name),
        message,
    };
    let (dim, rows) = read_npy(&read("vectors")?).map_err(|m| fail("vectors", m))?;
    let key2row = read_key2row(&read("key2row")?).map_err(|m| fail("key2row", m))?;
    let strings: Vec<String> = serde_json::from_slice(&read("strings.json")?)
        .map_err(|e| fail("strings.json", e.to_string()))?;
    let mut by_word: HashMap<&str, u16> = HashMap::new();
    for s in &strings {
        if s.chars().any(char::is_whitespace) {
            continue;
        }
        if let Some(&row) = key2row.get(&murmur64a(s.as_bytes(), 1)) {
            let row = u16::try_from(row)
                .ok()
                .filter(|&r| (r as usize) < rows.len())
                .ok_or_else(|| fail("key2row", format!("row {row} is past the table")))?;
            by_word.insert(s, row);
        }
    }
    let spacy_words = by_word.len();
    let kept: Vec<(u64, u16)> = by_word
        .iter()
        .filter(|&(word, row)| {
            let lower = word.to_lowercase();
            lower == *word || by_word.get(lower.as_str()) != Some(row)
        })
        .map(|(word, &row)| (word_key(word), row))
        .collect();
    Ok(Imported {
        folded: spacy_words - kept.len(),
        vectors: Vectors::new(dim, &rows, kept),
        spacy_words,
    })
}

/// A 2-D little-endian f32 NumPy array (`.npy`, format 1 or 2): its width and rows.
fn read_npy(bytes: &[u8]) -> Result<(usize, Vec<Vec<f32>>), String> {
    if bytes.get(..6) != Some(b"\x93NUMPY") {
        return Err("not a NumPy array".into());
    }
    let (len, start) = match bytes.get(6) {
        Some(1) => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        Some(2 | 3) if bytes.len() >= 12 => (
            u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")) as usize,
            12,
        ),
        _ => return Err("unknown NumPy format version".into()),
    };
    let header = bytes
        .get(start..start + len)
        .map(String::from_utf8_lossy)
        .ok_or("truncated header")?;
    if !header.contains("'<f4'") || header.contains("'fortran_order': True") {
        return Err(format!("expected little-endian f32 rows, found {header}"));
    }
    let shape = header
        .split("'shape': (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or("no shape")?;
    let dims: Vec<usize> = shape
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().map_err(|_| format!("bad shape {shape}")))
        .collect::<Result<_, _>>()?;
    let [rows, dim] = dims[..] else {
        return Err(format!("expected a 2-D array, found shape ({shape})"));
    };
    let data = &bytes[start + len..];
    if data.len() != rows * dim * 4 {
        return Err(format!("{} bytes of data for shape ({shape})", data.len()));
    }
    let values: Vec<f32> = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
        .collect();
    Ok((dim, values.chunks(dim).map(<[f32]>::to_vec).collect()))
}

/// A MessagePack map of unsigned integers to unsigned integers (spaCy's `key2row`).
fn read_key2row(bytes: &[u8]) -> Result<HashMap<u64, u64>, String> {
    let (count, mut at) = match bytes.first() {
        Some(0xde) if bytes.len() >= 3 => (u16::from_be_bytes([bytes[1], bytes[2]]) as usize, 3),
        Some(0xdf) if bytes.len() >= 5 => (
            u32::from_be_bytes(bytes[1..5].try_into().expect("4 bytes")) as usize,
            5,
        ),
        _ => return Err("not a MessagePack map".into()),
    };
    let mut uint = || -> Result<u64, String> {
        let tag = *bytes.get(at).ok_or("truncated")?;
        let width = match tag {
            0x00..=0x7f => {
                at += 1;
                return Ok(tag as u64);
            }
            0xcc => 1,
            0xcd => 2,
            0xce => 4,
            0xcf => 8,
            _ => return Err(format!("unexpected MessagePack tag {tag:#x} at byte {at}")),
        };
        let raw = bytes.get(at + 1..at + 1 + width).ok_or("truncated")?;
        at += 1 + width;
        Ok(raw.iter().fold(0u64, |v, &b| v << 8 | b as u64))
    };
    let mut map = HashMap::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let key = uint()?;
        map.insert(key, uint()?);
    }
    Ok(map)
}

/// MurmurHash64A, as spaCy hashes strings (`hash_string`: the UTF-8 bytes, seed 1).
fn murmur64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut k = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= (b as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_pack_maps_of_integers_are_read() {
        // {1: 2, 300: 70000} as a map16.
        let bytes = [
            0xde, 0, 2, 0x01, 0x02, 0xcd, 0x01, 0x2c, 0xce, 0, 1, 0x11, 0x70,
        ];
        let map = read_key2row(&bytes).unwrap();
        assert_eq!(map[&1], 2);
        assert_eq!(map[&300], 70000);
        assert!(read_key2row(&bytes[..7]).is_err());
    }

    #[test]
    fn numpy_rows_are_read() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        for v in [1f32, 2.0, 3.0, 4.0] {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(
            read_npy(&bytes).unwrap(),
            (2, vec![vec![1.0, 2.0], vec![3.0, 4.0]])
        );
        assert!(read_npy(&bytes[..bytes.len() - 1]).is_err());
    }
}
