//! What an attribution's confidence means: the share of attributions like it that were right on
//! PolNeAR, out of fold. "Like it" is the rule that built it (each rule states its own prior
//! confidence: quotations 0.85 or 0.9, reported speech 0.75, ...) and how sure the cue model was
//! of its cue (the log-odds of the cue's head, in bins). Within a rule the confidence never falls
//! as the cue model grows surer (pooled adjacent bins).

/// Upper edges of the log-odds bins (the last bin is open); a cue the model never weighed (a
/// colon, a bracket) falls in the first.
const EDGES: [f32; 8] = [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5.0];
const BINS: usize = EDGES.len() + 1;

/// How many attributions of its rule a bin borrows, so that a bin seen rarely stays near its
/// rule's rate.
const PRIOR_WEIGHT: f64 = 10.0;

/// The confidence of each rule's attributions, per bin of the cue's log-odds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calibration {
    /// (the rule's own confidence, the calibrated confidence per bin)
    rules: Vec<(f32, [f32; BINS])>,
}

fn bin(margin: f32) -> usize {
    EDGES.partition_point(|&e| e <= margin)
}

impl Calibration {
    /// Fits the table from attributions found out of fold: the rule's confidence, the cue head's
    /// log-odds, and whether the attribution matched a gold one.
    pub fn fit(observed: &[(f32, f32, bool)]) -> Self {
        let mut rules: Vec<f32> = observed.iter().map(|o| o.0).collect();
        rules.sort_by(f32::total_cmp);
        rules.dedup();
        let rules = rules
            .into_iter()
            .map(|rule| {
                let mut hits = [0f64; BINS];
                let mut seen = [0f64; BINS];
                for &(_, margin, right) in observed.iter().filter(|o| o.0 == rule) {
                    seen[bin(margin)] += 1.0;
                    hits[bin(margin)] += f64::from(u8::from(right));
                }
                let rate = (hits.iter().sum::<f64>() + 1.0) / (seen.iter().sum::<f64>() + 2.0);
                let rates: Vec<f64> = (0..BINS)
                    .map(|b| (hits[b] + PRIOR_WEIGHT * rate) / (seen[b] + PRIOR_WEIGHT))
                    .collect();
                let weights: Vec<f64> = seen.iter().map(|s| s + PRIOR_WEIGHT).collect();
                let monotone = pool_adjacent(&rates, &weights);
                (rule, std::array::from_fn(|b| monotone[b] as f32))
            })
            .collect();
        Calibration { rules }
    }

    /// The calibrated confidence of an attribution its rule gave `rule` and whose cue head had
    /// log-odds `margin`; a rule the table lacks keeps its own.
    pub fn confidence(&self, rule: f32, margin: f32) -> f32 {
        self.rules
            .iter()
            .find(|(r, _)| *r == rule)
            .map_or(rule, |(_, table)| table[bin(margin)])
    }

    /// Appends the table: the rule count (u32), then per rule its confidence and its bins (f32).
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.rules.len() as u32).to_le_bytes());
        for (rule, table) in &self.rules {
            for v in [rule].into_iter().chain(table) {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
    }

    /// Reads a table written by [`Calibration::write`]; `None` when the bytes run out or the
    /// count is beyond reason.
    pub fn read(bytes: &[u8]) -> Option<(Self, &[u8])> {
        let n = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        let size = 4 * (1 + BINS);
        let body = bytes.get(4..4 + n.checked_mul(size)?)?;
        let float = |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let rules = body
            .chunks_exact(size)
            .map(|c| (float(c), std::array::from_fn(|b| float(&c[4 * (b + 1)..]))))
            .collect();
        Some((Calibration { rules }, &bytes[4 + body.len()..]))
    }
}

/// The non-decreasing sequence nearest to `values` (weighted least squares): adjacent values
/// that fall are pooled into their weighted mean.
fn pool_adjacent(values: &[f64], weights: &[f64]) -> Vec<f64> {
    // Blocks of (mean, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (&v, &w) in values.iter().zip(weights) {
        blocks.push((v, w, 1));
        while blocks.len() > 1 && blocks[blocks.len() - 2].0 > blocks[blocks.len() - 1].0 {
            let (v2, w2, n2) = blocks.pop().expect("two blocks");
            let (v1, w1, n1) = blocks.pop().expect("two blocks");
            blocks.push(((v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(v, _, n)| std::iter::repeat_n(v, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_follows_what_was_right_and_never_falls_with_the_log_odds() {
        let mut observed = Vec::new();
        for k in 0..200 {
            // Sure cues right nine times in ten, unsure ones three in ten.
            observed.push((0.75, 3.5, k % 10 != 0));
            observed.push((0.75, -1.5, k % 10 < 3));
            observed.push((0.9, 4.0, true));
        }
        let c = Calibration::fit(&observed);
        assert!((c.confidence(0.75, 3.5) - 0.9).abs() < 0.05);
        assert!((c.confidence(0.75, -1.5) - 0.3).abs() < 0.05);
        assert!(c.confidence(0.75, 0.2) >= c.confidence(0.75, -1.5));
        assert!(c.confidence(0.75, 0.2) <= c.confidence(0.75, 3.5));
        assert!(c.confidence(0.9, 4.0) > 0.95);
        assert_eq!(
            c.confidence(0.6, 1.0),
            0.6,
            "a rule never seen keeps its own"
        );
        let mut bytes = Vec::new();
        c.write(&mut bytes);
        assert_eq!(Calibration::read(&bytes).unwrap().0, c);
        assert!(Calibration::read(&bytes[..bytes.len() - 1]).is_none());
        assert!(Calibration::read(&[255, 255, 255, 255]).is_none());
    }

    #[test]
    fn pooling_makes_a_sequence_non_decreasing() {
        let pooled = pool_adjacent(&[0.2, 0.6, 0.4, 0.8], &[1.0, 1.0, 1.0, 1.0]);
        assert_eq!(pooled, [0.2, 0.5, 0.5, 0.8]);
    }
}
