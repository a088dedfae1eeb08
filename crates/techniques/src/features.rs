//! Token features for technique tagging: the word and its neighbours, its shape, and the words
//! of its sentence (long techniques such as doubt or appeal to fear are a matter of the whole
//! clause). Names are masked ([`masked_words`]), so who is named never moves a finding.

use rhetor_text::hash::Fnv;
use rhetor_text::linear::masked_words;

/// log2 of the number of feature buckets of each technique's model.
pub const BITS: u32 = 17;
pub const BUCKETS: usize = 1 << BITS;

/// The longest stretch of tokens read as one sentence: a run-on "sentence" (a table, a text
/// without full stops) is read in pieces, so the work stays linear in its length.
const PIECE: usize = 64;

/// The features of every token of one sentence; `out[i]` are token `i`'s buckets. The word's
/// own bucket comes first, so callers can read a word's weight as evidence.
pub fn extract(tokens: &[&str]) -> Vec<Vec<u32>> {
    tokens
        .chunks(PIECE)
        .map(extract_piece)
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
pub const OWN: usize = 10;

/// The pieces of a sentence, as [`extract`] reads them.
pub fn pieces(tokens: &[&str]) -> Vec<Piece> {
    tokens.chunks(PIECE).map(extract_piece).collect()
}

fn extract_piece(tokens: &[&str]) -> Piece {
    let low = masked_words(tokens);
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
            ]
        })
        .collect();
    Piece { own, context }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_do_not_change_features() {
        assert_eq!(
            extract(&["They", "call", "Rivera", "a", "traitor", "."]),
            extract(&["They", "call", "Chen", "a", "traitor", "."])
        );
    }
}
