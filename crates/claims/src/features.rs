//! Sentence features for check-worthiness: words and word pairs, and the marks of checkable
//! content (numbers, amounts, years, comparisons, names), hashed with FNV-1a.

use rhetor_text::hash::Fnv;
use rhetor_text::linear::masked_words;

/// log2 of the number of feature buckets.
pub const BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BITS;

const COMPARATIVES: &[&str] = &[
    "more",
    "less",
    "fewer",
    "most",
    "least",
    "than",
    "highest",
    "lowest",
    "largest",
    "biggest",
    "smallest",
    "first",
    "record",
    "double",
    "doubled",
    "tripled",
    "half",
    "percent",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "rose",
    "fell",
    "cut",
    "grew",
    "average",
];

const SCALES: &[&str] = &[
    "hundred", "thousand", "million", "millions", "billion", "billions", "trillion",
];

/// The feature buckets of one sentence, from its tokens as written. Names are features only as
/// names (`<name>`), never as themselves: who is named must not change how check-worthy a
/// statement looks.
pub fn extract(tokens: &[&str]) -> Vec<u32> {
    let low = masked_words(tokens);
    let mut out = Vec::with_capacity(low.len() * 2 + 12);
    let mut push = |h: Fnv| out.push(h.bucket(BITS));
    push(Fnv::new(0));
    for (i, w) in low.iter().enumerate() {
        push(Fnv::new(1).bytes(w.as_bytes()));
        let prev = if i == 0 { "<s>" } else { low[i - 1].as_str() };
        push(Fnv::new(2).bytes(prev.as_bytes()).sep().bytes(w.as_bytes()));
    }
    let words = low
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let has = |f: &dyn Fn(&str) -> bool| low.iter().any(|w| f(w));
    let digits = |w: &str| w.chars().any(|c| c.is_ascii_digit());
    let flags: [(&str, bool); 9] = [
        ("number", has(&digits)),
        ("percent", has(&|w| w == "%" || w == "percent")),
        (
            "money",
            has(&|w| w.starts_with('$') || w == "$" || w == "dollars"),
        ),
        (
            "year",
            has(&|w| {
                w.len() == 4
                    && (w.starts_with("19") || w.starts_with("20"))
                    && w.chars().all(|c| c.is_ascii_digit())
            }),
        ),
        ("scale", has(&|w| SCALES.contains(&w))),
        ("comparative", has(&|w| COMPARATIVES.contains(&w))),
        (
            "first-person",
            has(&|w| matches!(w, "i" | "we" | "my" | "our" | "me" | "us")),
        ),
        ("question", low.last().is_some_and(|w| w == "?")),
        (
            "modal",
            has(&|w| matches!(w, "will" | "would" | "should" | "could" | "going")),
        ),
    ];
    for (name, on) in flags {
        if on {
            push(Fnv::new(3).bytes(name.as_bytes()));
        }
    }
    // Names inside the sentence (capitalised words not first), and its length, bucketed.
    let names = tokens
        .iter()
        .skip(1)
        .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
        .count();
    push(Fnv::new(4).bytes(&[names.min(4) as u8]));
    let length = match words {
        0..=4 => 0u8,
        5..=9 => 1,
        10..=19 => 2,
        20..=34 => 3,
        _ => 4,
    };
    push(Fnv::new(5).bytes(&[length]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_features_only_as_names() {
        assert_eq!(
            extract(&["Rivera", "cut", "taxes", "for", "Chen", "'s", "voters", "."]),
            extract(&["Chen", "cut", "taxes", "for", "Rivera", "'s", "voters", "."])
        );
    }

    #[test]
    fn deterministic_and_marked() {
        let a = extract(&["Unemployment", "fell", "to", "4", "%", "in", "2019", "."]);
        assert_eq!(
            a,
            extract(&["Unemployment", "fell", "to", "4", "%", "in", "2019", "."])
        );
        assert!(a.contains(&Fnv::new(3).bytes(b"percent").bucket(BITS)));
        assert!(a.contains(&Fnv::new(3).bytes(b"year").bucket(BITS)));
        assert!(!a.contains(&Fnv::new(3).bytes(b"question").bucket(BITS)));
    }
}
