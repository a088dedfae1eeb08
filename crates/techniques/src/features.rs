//! Token features for technique tagging: the word and its neighbours, its shape, how often the
//! document repeats it, and the words of its sentence (long techniques such as doubt or appeal to fear are a matter of the whole
//! clause). The words are read masked as the document masks them
//! ([`rhetor_text::linear::masked_document`]: names as `<name>`, so who is named never moves a
//! finding, while a title-case headline keeps its words).

use rhetor_text::hash::Fnv;

/// log2 of the number of feature buckets of each technique's model.
pub const BITS: u32 = 17;
pub const BUCKETS: usize = 1 << BITS;

/// The longest stretch of tokens read as one sentence: a run-on "sentence" (a table, a text
/// without full stops) is read in pieces, so the work stays linear in its length.
const PIECE: usize = 64;

/// The features of every token of one sentence; `out[i]` are token `i`'s buckets. The word's
/// own bucket comes first, so callers can read a word's weight as evidence. `tokens` are the
/// words as written, `masked` as the document masks them.
pub fn extract(tokens: &[&str], masked: &[String], repeats: &[u8]) -> Vec<Vec<u32>> {
    pieces(tokens, masked, repeats)
        .into_iter()
        .flat_map(|piece| {
            piece.own.into_iter().map(move |own| {
                let mut f = own.to_vec();
                f.extend_from_slice(&piece.context);
                f
            })
        })
        .collect()
}

/// The features of a stretch of at most [`PIECE`] tokens: each token's own, and the context
/// features all of them share.
pub struct Piece {
    pub own: Vec<[u32; OWN]>,
    pub context: Vec<u32>,
}

/// How many features a token has of its own (the word's comes first).
pub const OWN: usize = 12;

/// The pieces of a sentence, as [`extract`] reads them; `repeats` are the tokens' levels of
/// [`repeat_levels`].
pub fn pieces(tokens: &[&str], masked: &[String], repeats: &[u8]) -> Vec<Piece> {
    tokens
        .chunks(PIECE)
        .zip(masked.chunks(PIECE))
        .zip(repeats.chunks(PIECE))
        .map(|((tokens, masked), repeats)| extract_piece(tokens, masked, repeats))
        .collect()
}

/// For each token of a document, how often its word occurs in the whole document: 0 once, 1
/// twice, 2 three or four times, 3 five times or more (repetition is a technique of its own).
pub fn repeat_levels(tokens: &[&str]) -> Vec<u8> {
    // Words by the hash of their lower case, so counting allocates nothing per token.
    let keys: Vec<u64> = tokens
        .iter()
        .map(|t| {
            let mut h = Fnv::new(0);
            for c in t.chars().flat_map(char::to_lowercase) {
                let mut buf = [0; 4];
                h = h.bytes(c.encode_utf8(&mut buf).as_bytes());
            }
            h.0
        })
        .collect();
    let mut counts: std::collections::HashMap<u64, u32> = Default::default();
    for &k in &keys {
        *counts.entry(k).or_default() += 1;
    }
    keys.iter()
        .map(|k| match counts[k] {
            0 | 1 => 0,
            2 => 1,
            3 | 4 => 2,
            _ => 3,
        })
        .collect()
}

fn extract_piece(tokens: &[&str], low: &[String], repeats: &[u8]) -> Piece {
    let word = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else {
            low.get(i as usize).map_or("</s>", String::as_str)
        }
    };
    let exclaims = low.iter().any(|w| w == "!");
    let asks = low.iter().any(|w| w == "?");
    let quotes = low.iter().any(|w| matches!(w.as_str(), "\"" | "“" | "”"));
    let context: Vec<u32> = low
        .iter()
        .map(|w| Fnv::new(20).bytes(w.as_bytes()).bucket(BITS))
        .chain([
            Fnv::new(21)
                .bytes(&[exclaims as u8, asks as u8, quotes as u8])
                .bucket(BITS),
            Fnv::new(22)
                .bytes(&[(low.len() / 8).min(6) as u8])
                .bucket(BITS),
        ])
        .collect();
    let own = (0..low.len())
        .map(|i| {
            let ii = i as isize;
            let t = tokens[i];
            let shape = if t.len() > 1 && t.chars().all(|c| !c.is_lowercase()) {
                0u8
            } else if t.chars().next().is_some_and(char::is_uppercase) {
                1
            } else {
                2
            };
            let suffix: String = {
                let chars: Vec<char> = low[i].chars().collect();
                chars[chars.len().saturating_sub(3)..].iter().collect()
            };
            [
                Fnv::new(1).bytes(low[i].as_bytes()).bucket(BITS),
                Fnv::new(0).bucket(BITS),
                Fnv::new(2).bytes(word(ii - 1).as_bytes()).bucket(BITS),
                Fnv::new(3).bytes(word(ii + 1).as_bytes()).bucket(BITS),
                Fnv::new(4).bytes(word(ii - 2).as_bytes()).bucket(BITS),
                Fnv::new(5).bytes(word(ii + 2).as_bytes()).bucket(BITS),
                Fnv::new(6)
                    .bytes(word(ii - 1).as_bytes())
                    .sep()
                    .bytes(low[i].as_bytes())
                    .bucket(BITS),
                Fnv::new(7)
                    .bytes(low[i].as_bytes())
                    .sep()
                    .bytes(word(ii + 1).as_bytes())
                    .bucket(BITS),
                Fnv::new(8).bytes(&[shape]).bucket(BITS),
                Fnv::new(9).bytes(suffix.as_bytes()).bucket(BITS),
                Fnv::new(10)
                    .bytes(&[repeats[i]])
                    .bytes(low[i].as_bytes())
                    .bucket(BITS),
                Fnv::new(11).bytes(&[repeats[i], shape]).bucket(BITS),
            ]
        })
        .collect();
    Piece { own, context }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features_of(tokens: &[&str]) -> Vec<Vec<u32>> {
        let masked = rhetor_text::linear::masked_words(tokens);
        extract(tokens, &masked, &vec![0; tokens.len()])
    }

    #[test]
    fn names_do_not_change_features() {
        assert_eq!(
            features_of(&["They", "call", "Rivera", "a", "traitor", "."]),
            features_of(&["They", "call", "Chen", "a", "traitor", "."])
        );
    }
}
