use serde::{Deserialize, Serialize};

/// A half-open range `start..end` into a text. Inside rhetor it counts bytes; in the JSON contract
/// it counts Unicode scalar values (see [`CharIndex`]).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// Whether the two ranges share at least one position.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies wholly inside `self`.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// The slot that wholly holds `span`, among `slots` in text order that do not overlap (such as
/// sentences or paragraphs): a binary search.
pub fn containing(slots: &[Span], span: Span) -> Option<usize> {
    let i = slots.partition_point(|s| s.end < span.end);
    slots.get(i).filter(|s| s.contains(span)).map(|_| i)
}

/// For each of `slots` (spans in text order that do not overlap, such as sentences), the indices
/// of the `spans` that overlap it, each once, in the order given. Time is linear in the slots,
/// the spans and the pairs found, bar a binary search per span (testing every pair would be
/// quadratic in the document's length).
pub fn overlapping(
    slots: &[Span],
    spans: impl IntoIterator<Item = (usize, Span)>,
) -> Vec<Vec<usize>> {
    let mut found = vec![Vec::new(); slots.len()];
    for (i, span) in spans {
        let first = slots.partition_point(|s| s.end <= span.start);
        for (slot, list) in slots[first..].iter().zip(&mut found[first..]) {
            if slot.start >= span.end {
                break;
            }
            if slot.overlaps(span) && list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    found
}

/// Converts byte offsets of one text into character (Unicode scalar) offsets and back.
///
/// Pure-ASCII texts convert for free. Otherwise the index keeps the character count at the start
/// of every 64-byte block, so a conversion counts at most 63 bytes: memory is 1/8 of the text.
#[derive(Clone, Debug)]
pub struct CharIndex<'a> {
    bytes: &'a [u8],
    /// `None` for ASCII text; else the number of characters before each 64-byte block.
    blocks: Option<Vec<usize>>,
}

const BLOCK: usize = 64;

fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        if text.is_ascii() {
            return CharIndex {
                bytes,
                blocks: None,
            };
        }
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += chunk.iter().filter(|&&b| is_char_start(b)).count();
        }
        blocks.push(count);
        CharIndex {
            bytes,
            blocks: Some(blocks),
        }
    }

    /// The character offset of byte offset `byte` (clamped to the text's length).
    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        match &self.blocks {
            None => byte,
            Some(blocks) => {
                let block = byte / BLOCK;
                let from = block * BLOCK;
                blocks[block]
                    + self.bytes[from..byte]
                        .iter()
                        .filter(|&&b| is_char_start(b))
                        .count()
            }
        }
    }

    /// The byte offset of character offset `ch`, or `None` past the end of the text.
    pub fn byte_of(&self, ch: usize) -> Option<usize> {
        let Some(blocks) = &self.blocks else {
            return (ch <= self.bytes.len()).then_some(ch);
        };
        if ch > *blocks.last().unwrap_or(&0) {
            return None;
        }
        // The last block starting at or before `ch` characters.
        let block = blocks.partition_point(|&c| c <= ch).saturating_sub(1);
        let mut seen = blocks[block];
        let mut at = block * BLOCK;
        while at < self.bytes.len() {
            if is_char_start(self.bytes[at]) {
                if seen == ch {
                    return Some(at);
                }
                seen += 1;
            }
            at += 1;
        }
        (seen == ch).then_some(self.bytes.len())
    }

    /// A byte span as a character span.
    pub fn span_to_chars(&self, span: Span) -> Span {
        Span::new(self.char_of(span.start), self.char_of(span.end))
    }

    /// A character span as a byte span, or `None` if it reaches past the text or ends before it
    /// starts.
    pub fn span_to_bytes(&self, span: Span) -> Option<Span> {
        if span.start > span.end {
            return None;
        }
        Some(Span::new(
            self.byte_of(span.start)?,
            self.byte_of(span.end)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary searches agree with testing every pair, on random slots and spans (non-empty:
    /// sentences and findings are).
    #[test]
    fn lookups_agree_with_testing_every_pair() {
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..200 {
            let mut slots = Vec::new();
            let mut at = 0;
            for _ in 0..next(12) {
                at += next(4);
                let end = at + 1 + next(6);
                slots.push(Span::new(at, end));
                at = end;
            }
            let spans: Vec<Span> = (0..next(8))
                .map(|_| {
                    let start = next(at + 4);
                    Span::new(start, start + 1 + next(10))
                })
                .collect();
            let found = overlapping(&slots, spans.iter().copied().enumerate());
            for (k, slot) in slots.iter().enumerate() {
                let every: Vec<usize> = (0..spans.len())
                    .filter(|&i| slot.overlaps(spans[i]))
                    .collect();
                assert_eq!(found[k], every, "{slots:?} {spans:?}");
            }
            for span in &spans {
                let every = slots.iter().position(|s| s.contains(*span));
                assert_eq!(containing(&slots, *span), every, "{slots:?} {span:?}");
            }
        }
    }

    #[test]
    fn ascii_is_identity() {
        let index = CharIndex::new("plain text");
        assert_eq!(index.char_of(5), 5);
        assert_eq!(index.byte_of(10), Some(10));
        assert_eq!(index.byte_of(11), None);
    }

    #[test]
    fn converts_both_ways_on_mixed_text() {
        let text = "Café “quoted” – naïve 東京 🙂 end ".repeat(20);
        let index = CharIndex::new(&text);
        for (ch, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_of(byte), ch);
            assert_eq!(index.byte_of(ch), Some(byte));
        }
        let chars = text.chars().count();
        assert_eq!(index.char_of(text.len()), chars);
        assert_eq!(index.byte_of(chars), Some(text.len()));
        assert_eq!(index.byte_of(chars + 1), None);
    }
}
