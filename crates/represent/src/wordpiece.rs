//! BERT's uncased WordPiece tokenizer, as the contextual encoder was trained with it: lower
//! case, accents stripped, punctuation and CJK characters split off, then each word cut into
//! the longest pieces of the vocabulary from its start ("un", "##believ", "##able").
//!
//! Punctuation is ASCII punctuation and the Unicode punctuation that news text uses (quotes,
//! dashes, ellipses, guillemets, CJK marks), where BERT reads Unicode's whole punctuation
//! category; symbols such as "€" stay inside words, as in BERT. rhetor tokenises each of its
//! own tokens separately, so the pieces of a token are known without alignment.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A word longer than this (in characters) is one unknown piece, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// The vocabulary and the ids of its special pieces.
#[derive(Clone, Debug)]
pub struct WordPiece {
    ids: HashMap<String, u32>,
    pub cls: u32,
    pub sep: u32,
    pub unk: u32,
    pub mask: u32,
    pub pad: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    #[error("the vocabulary has no {0} piece")]
    Missing(&'static str),
}

impl WordPiece {
    /// A vocabulary in BERT's `vocab.txt` format: one piece per line, its id its line number.
    pub fn new(vocab: &str) -> Result<Self, VocabError> {
        let ids: HashMap<String, u32> = vocab
            .lines()
            .enumerate()
            .map(|(i, piece)| (piece.to_string(), i as u32))
            .collect();
        let special = |name: &'static str| ids.get(name).copied().ok_or(VocabError::Missing(name));
        Ok(WordPiece {
            cls: special("[CLS]")?,
            sep: special("[SEP]")?,
            unk: special("[UNK]")?,
            mask: special("[MASK]")?,
            pad: special("[PAD]")?,
            ids,
        })
    }

    /// Appends the piece ids of `text` (one token or more) to `out`.
    pub fn pieces(&self, text: &str, out: &mut Vec<u32>) {
        for word in basic_words(text) {
            self.word_pieces(&word, out);
        }
    }

    fn word_pieces(&self, word: &str, out: &mut Vec<u32>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let before = out.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < chars.len() {
            let from = chars[start].0;
            let found = (start + 1..=chars.len()).rev().find_map(|end| {
                let to = chars.get(end).map_or(word.len(), |c| c.0);
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[from..to]);
                self.ids.get(&piece).map(|&id| (end, id))
            });
            match found {
                Some((end, id)) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(before);
                    out.push(self.unk);
                    return;
                }
            }
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// Whether BERT splits `c` off as punctuation.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c as u32,
            0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF | 0x2010..=0x2027 | 0x2030..=0x205E
            | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F)
}

/// BERT's basic tokenizer: the words of `text`, lower case, accents stripped, punctuation and
/// CJK characters as words of their own, control characters dropped.
fn basic_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    for c in text.nfd() {
        if is_combining_mark(c) || (c.is_control() && !c.is_whitespace()) || c == '\u{FFFD}' {
            continue;
        }
        if c.is_whitespace() {
            flush(&mut word, &mut words);
        } else if is_cjk(c) || is_punctuation(c) {
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else {
            word.extend(c.to_lowercase());
        }
    }
    flush(&mut word, &mut words);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> WordPiece {
        let pieces = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##believ", "##able", "cafe", "'",
            "s", ",", "a", "##b",
        ];
        WordPiece::new(&pieces.join("\n")).unwrap()
    }

    #[test]
    fn words_are_cut_into_the_longest_pieces() {
        let v = vocab();
        let mut out = Vec::new();
        v.pieces("Unbelievable", &mut out);
        assert_eq!(out, [5, 6, 7]);
        out.clear();
        v.pieces("Café's,", &mut out);
        assert_eq!(out, [8, 9, 10, 11]);
        out.clear();
        v.pieces("unknownish ab", &mut out);
        assert_eq!(out, [v.unk, 12, 13]);
    }

    #[test]
    fn any_text_gives_pieces_without_panicking() {
        let v = vocab();
        let mut out = Vec::new();
        for text in [
            "",
            "\u{0}\u{FFFD}",
            "中文",
            &"a".repeat(500),
            "ﬁ Ǆ İ",
            "\u{301}",
        ] {
            v.pieces(text, &mut out);
        }
        assert!(out.iter().all(|&id| id <= 13));
    }

    /// The ids BERT's reference tokenizer (Hugging Face `tokenizers`, the model's
    /// `tokenizer.json`) gives these texts, without `[CLS]` and `[SEP]`.
    #[test]
    fn the_bundled_vocabulary_cuts_as_the_reference_does() {
        let v = WordPiece::new(include_str!("../../../models/minilm-vocab.txt")).unwrap();
        let cases: [(&str, &[u32]); 2] = [
            (
                "Café’s warmongering thugs — \"brutally\" suppressing Zelenskiy’s 3.5% naïve €20 co-operation",
                &[
                    7668, 1521, 1055, 4010, 5063, 7999, 24106, 1517, 1000, 23197, 1000, 16081,
                    2075, 27838, 7770, 5488, 2100, 1521, 1055, 1017, 1012, 1019, 1003, 15743, 1574,
                    11387, 2522, 1011, 3169,
                ],
            ),
            ("中文 İstanbul ﬁne", &[1746, 1861, 9960, 1984, 2638]),
        ];
        for (text, ids) in cases {
            let mut out = Vec::new();
            v.pieces(text, &mut out);
            assert_eq!(out, ids, "{text}");
        }
    }
}
