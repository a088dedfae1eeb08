//! Logistic regression over hashed features, shared by rhetor's learned sentence and token
//! classifiers: averaged stochastic gradient descent with a weight for the positive class, a
//! fixed shuffle (the same model on every machine), and weights stored quantised to i16.

use crate::hash::Fnv;

/// A binary classifier: one weight per feature bucket.
#[derive(Clone, Debug, PartialEq)]
pub struct Logistic {
    pub weights: Vec<f32>,
}

/// Words that open sentences: kept as words when capitalised there.
const OPENERS: &[&str] = &[
    "the", "a", "an", "we", "i", "it", "this", "that", "these", "those", "they", "he", "she",
    "you", "our", "my", "their", "his", "her", "there", "in", "on", "at", "and", "but", "so", "if",
    "when", "what", "why", "how", "who", "now", "today", "no", "yes", "not", "as", "for", "of",
    "to", "by", "with", "after", "before", "since", "over", "more", "most", "every", "all", "some",
    "many", "one", "two", "three", "last", "next", "because", "while", "let", "let's", "well",
    "look", "thank", "nobody", "everyone", "people",
];

/// The words as the learned classifiers see them: lower case, and every name masked as
/// `<name>` (a capitalised word that is not a sentence opener, or an acronym), so who is named
/// never moves a score. Shouted words ("DISGRACEFUL") stay words.
pub fn masked_words(tokens: &[&str]) -> Vec<String> {
    tokens
        .iter()
        .map(|t| {
            let w = t.to_lowercase().replace('’', "'");
            let capital = t.chars().next().is_some_and(char::is_uppercase);
            let shouted = t.chars().count() > 5 && t.chars().all(|c| !c.is_lowercase());
            if capital && !shouted && w != "i" && !OPENERS.contains(&w.as_str()) {
                "<name>".to_string()
            } else {
                w
            }
        })
        .collect()
}

/// [`masked_words`] over a whole document whose sentences are `sentences` (token ranges). A
/// headline in title case capitalises its words: there, a capitalised word is a name only if
/// the document's other sentences write it as one ("Killer of Children" are words).
pub fn masked_document(words: &[&str], sentences: &[std::ops::Range<usize>]) -> Vec<String> {
    let mut masked = masked_words(words);
    let title_case: Vec<bool> = sentences
        .iter()
        .map(|r| is_title_case(&words[r.clone()]))
        .collect();
    if !title_case.contains(&true) {
        return masked;
    }
    let mut names = std::collections::HashSet::new();
    for (range, &title) in sentences.iter().zip(&title_case) {
        if !title {
            for i in range.clone() {
                if masked[i] == "<name>" {
                    names.insert(words[i].to_lowercase());
                }
            }
        }
    }
    for (range, &title) in sentences.iter().zip(&title_case) {
        if title {
            for i in range.clone() {
                let lower = words[i].to_lowercase();
                if masked[i] == "<name>" && !names.contains(&lower) {
                    masked[i] = lower;
                }
            }
        }
    }
    masked
}

/// Whether a sentence is written in title case: at least three words, and four in five of its
/// words of more than three letters capitalised.
fn is_title_case(words: &[&str]) -> bool {
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    let capitalised = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    long.len() >= 3 && capitalised * 5 >= long.len() * 4
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Logistic {
    pub fn zeros(buckets: usize) -> Self {
        Logistic {
            weights: vec![0.0; buckets],
        }
    }

    /// The summed weights of the features (the log-odds).
    pub fn margin(&self, features: &[u32]) -> f32 {
        features.iter().map(|&f| self.weights[f as usize]).sum()
    }

    /// The probability of the positive class, in `[0, 1]`.
    pub fn score(&self, features: &[u32]) -> f32 {
        sigmoid(self.margin(features))
    }

    /// Trains on examples (their features, and whether each is positive), a positive counting
    /// `positive_weight` times. The weights returned are the average over all steps
    /// (w - acc / c, the running-sum trick), which ranks more stably than the last ones.
    pub fn train(
        examples: &[Vec<u32>],
        labels: &[bool],
        buckets: usize,
        epochs: usize,
        positive_weight: f32,
    ) -> Self {
        let mut w = vec![0f32; buckets];
        let mut acc = vec![0f32; buckets];
        let mut c = 1f32;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        for epoch in 0..epochs {
            order.sort_by_key(|&i| Fnv::new(epoch as u8).bytes(&i.to_le_bytes()).0);
            let rate = 0.05 / (1.0 + epoch as f32);
            for &i in &order {
                let features = &examples[i];
                let p = sigmoid(features.iter().map(|&f| w[f as usize]).sum());
                let (y, weight) = if labels[i] {
                    (1.0, positive_weight)
                } else {
                    (0.0, 1.0)
                };
                let g = rate * weight * (p - y);
                for &f in features {
                    let f = f as usize;
                    let delta = -g - rate * 1e-4 * w[f];
                    w[f] += delta;
                    acc[f] += c * delta;
                }
                c += 1.0;
            }
        }
        Logistic {
            weights: w.iter().zip(&acc).map(|(w, a)| w - a / c).collect(),
        }
    }

    /// Appends the weights: a scale (f32), then each weight as i16 in units of the scale.
    pub fn write(&self, out: &mut Vec<u8>) {
        let scale = i16_scale(&self.weights);
        out.extend_from_slice(&scale.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
    }

    /// Reads `buckets` weights written by [`Logistic::write`]; also returns the bytes after
    /// them. `None` when the bytes run out.
    pub fn read(bytes: &[u8], buckets: usize) -> Option<(Self, &[u8])> {
        let scale = f32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
        let raw = bytes.get(4..4 + buckets * 2)?;
        let weights = raw
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * scale)
            .collect();
        Some((Logistic { weights }, &bytes[4 + buckets * 2..]))
    }
}

/// The unit that stores `weights` as i16 without overflow: the largest magnitude maps to
/// `i16::MAX`.
pub fn i16_scale(weights: &[f32]) -> f32 {
    let max = weights
        .iter()
        .fold(0f32, |m, w| m.max(w.abs()))
        .max(f32::MIN_POSITIVE);
    max / i16::MAX as f32
}

/// Reads a model file's fields in order; a read past the end gives the caller's `truncated`
/// error.
pub struct Reader<'a, E> {
    pub bytes: &'a [u8],
    truncated: E,
}

impl<'a, E: Clone> Reader<'a, E> {
    pub fn new(bytes: &'a [u8], truncated: E) -> Self {
        Reader { bytes, truncated }
    }

    /// Checks the file's magic bytes and format version, giving the caller's errors when they
    /// are not the expected ones.
    pub fn header(
        &mut self,
        magic: &[u8],
        version: u8,
        bad_magic: E,
        bad_version: impl FnOnce(u8) -> E,
    ) -> Result<(), E> {
        if self.take(magic.len())? != magic {
            return Err(bad_magic);
        }
        let found = self.take(1)?[0];
        if found != version {
            return Err(bad_version(found));
        }
        Ok(())
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], E> {
        if self.bytes.len() < n {
            return Err(self.truncated.clone());
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], E> {
        Ok(self.take(N)?.try_into().expect("take returns N bytes"))
    }

    pub fn u32(&mut self) -> Result<u32, E> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// A u32 that must equal `expected` (a model's feature bits): `other` names the one found.
    pub fn expect_u32(&mut self, expected: u32, other: impl FnOnce(u32) -> E) -> Result<(), E> {
        match self.u32()? {
            found if found == expected => Ok(()),
            found => Err(other(found)),
        }
    }

    /// Weights written by [`Logistic::write`], `buckets` of them.
    pub fn logistic(&mut self, buckets: usize) -> Result<Logistic, E> {
        let (linear, rest) =
            Logistic::read(self.bytes, buckets).ok_or_else(|| self.truncated.clone())?;
        self.bytes = rest;
        Ok(linear)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_wherever_they_stand() {
        assert_eq!(
            masked_words(&["Rivera", "met", "Chen", "and", "NATO", "."]),
            masked_words(&["Chen", "met", "Rivera", "and", "OSCE", "."])
        );
        assert_eq!(
            masked_words(&["The", "SHAMEFUL", "plan"]),
            ["the", "shameful", "plan"]
        );
    }

    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        // Feature 1 means positive, feature 2 negative; 0 is the bias.
        let examples: Vec<Vec<u32>> = (0..200).map(|i| vec![0, 1 + (i % 2)]).collect();
        let labels: Vec<bool> = (0..200).map(|i| i % 2 == 0).collect();
        let model = Logistic::train(&examples, &labels, 4, 5, 1.0);
        assert!(model.score(&[0, 1]) > 0.5 && model.score(&[0, 2]) < 0.5);
        let mut bytes = Vec::new();
        model.write(&mut bytes);
        bytes.push(7);
        let (back, rest) = Logistic::read(&bytes, 4).unwrap();
        assert_eq!(rest, [7]);
        assert!((back.weights[1] - model.weights[1]).abs() < 1e-3);
        assert!(Logistic::read(&bytes[..5], 4).is_none());
    }
}
