//! From token scores to spans: runs of tokens the tagger is sure of, extended while it stays
//! fairly sure (hysteresis), with nearby runs of one sentence joined (a tagger scores the
//! function words inside a loaded phrase lower than its edges, and a span cut into fragments
//! reads as several findings), trimmed of punctuation, and kept only with a content word.

use std::ops::Range;

/// How token scores become spans; tuned on the training folds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decoding {
    /// The score from which a token starts a span.
    pub threshold: f32,
    /// How far below the threshold a span goes on once started.
    pub hysteresis: f32,
    /// Runs at most this many tokens apart are one span.
    pub gap: u8,
}

/// The spans of one sentence, with the mean score of each.
pub fn spans(tokens: &[&str], scores: &[f32], decoding: &Decoding) -> Vec<(Range<usize>, f32)> {
    let low = decoding.threshold - decoding.hysteresis;
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < scores.len() {
        if scores[i] < decoding.threshold {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > 0 && scores[start - 1] >= low {
            start -= 1;
        }
        while i < scores.len() && scores[i] >= low {
            i += 1;
        }
        match runs.last_mut() {
            Some(last) if start <= last.end + decoding.gap as usize => last.end = i,
            _ => runs.push(start..i),
        }
    }
    runs.into_iter()
        .filter_map(|run| {
            let (mut a, mut b) = (run.start, run.end);
            while a < b && !is_word(tokens[a]) {
                a += 1;
            }
            while b > a && !is_word(tokens[b - 1]) {
                b -= 1;
            }
            let mean = scores[a..b].iter().sum::<f32>() / (b - a).max(1) as f32;
            tokens[a..b]
                .iter()
                .any(|t| is_content_word(t))
                .then_some((a..b, mean))
        })
        .collect()
}

pub fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Words that carry no technique on their own: a span of nothing but these ("a", "of the") is
/// the tagger's context spilling over, not a finding.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or",
    "but", "that", "this", "these", "those", "it", "its", "is", "are", "was", "were", "be", "been",
    "has", "have", "had", "as", "so", "than", "then", "he", "she", "they", "we", "i", "you", "his",
    "her", "their", "our", "my", "your", "him", "them", "us", "me", "which", "who", "what", "not",
    "do", "does", "did", "will", "would", "can", "could", "there", "here", "if", "about", "into",
    "'s", "s", "n't",
];

pub fn is_content_word(token: &str) -> bool {
    is_word(token) && !FUNCTION_WORDS.contains(&token.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_extended_joined_and_trimmed() {
        let tokens = ["a", "truly", "vile", "and", "shameful", "plan", "."];
        let scores = [0.1, 0.5, 0.9, 0.2, 0.8, 0.5, 0.6];
        let d = |gap| Decoding {
            threshold: 0.7,
            hysteresis: 0.25,
            gap,
        };
        let found = |gap| -> Vec<Range<usize>> {
            spans(&tokens, &scores, &d(gap))
                .into_iter()
                .map(|(r, _)| r)
                .collect()
        };
        assert_eq!(found(0), [1..3, 4..6]);
        assert_eq!(found(1).first(), Some(&(1..6)));
        assert_eq!(found(1).len(), 1);
        // Function words alone are no finding.
        assert!(spans(&["of", "the"], &[0.9, 0.9], &d(0)).is_empty());
    }
}
