//! Calibrated confidence: a map from the layer's raw score of a span to the share of such spans
//! that were right on the training folds (isotonic: pool adjacent violators over score bins), so
//! that among spans given 0.8 about 8 in 10 are right.

/// Points `(raw, calibrated)` with both ascending; scores between them are interpolated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calibration {
    pub points: Vec<(f32, f32)>,
}

/// The fewest spans a bin of raw scores holds before fitting (the few sure spans at the top
/// must keep a bin of their own, or they are pooled with the many unsure ones).
const BIN: usize = 30;

impl Calibration {
    /// Fits the map to held-out spans: each one's raw score and whether it was right.
    pub fn fit(examples: &[(f32, bool)]) -> Self {
        let mut sorted: Vec<(f32, bool)> = examples.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        if sorted.is_empty() {
            return Calibration::default();
        }
        // Bins of at least BIN spans, never splitting equal scores: (mean raw score, share
        // right, count).
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        let mut start = 0;
        while start < sorted.len() {
            let mut end = (start + BIN).min(sorted.len());
            while end < sorted.len() && sorted[end].0 == sorted[end - 1].0 {
                end += 1;
            }
            let bin = &sorted[start..end];
            let n = bin.len() as f64;
            let raw = bin.iter().map(|x| x.0 as f64).sum::<f64>() / n;
            let right = bin.iter().filter(|x| x.1).count() as f64 / n;
            blocks.push((raw, right, n));
            start = end;
        }
        // Pool adjacent violators: merge neighbours until the shares rise with the score.
        let mut i = 0;
        while i + 1 < blocks.len() {
            if blocks[i].1 > blocks[i + 1].1 {
                let (a, b) = (blocks[i], blocks[i + 1]);
                let n = a.2 + b.2;
                blocks[i] = ((a.0 * a.2 + b.0 * b.2) / n, (a.1 * a.2 + b.1 * b.2) / n, n);
                blocks.remove(i + 1);
                i = i.saturating_sub(1);
            } else {
                i += 1;
            }
        }
        Calibration {
            points: blocks.iter().map(|b| (b.0 as f32, b.1 as f32)).collect(),
        }
    }

    /// The calibrated confidence of a raw score.
    pub fn apply(&self, raw: f32) -> f32 {
        let p = &self.points;
        match p.iter().position(|&(x, _)| x >= raw) {
            None => p.last().map_or(raw, |l| l.1),
            Some(0) => p[0].1,
            Some(i) => {
                let ((x0, y0), (x1, y1)) = (p[i - 1], p[i]);
                let t = if x1 > x0 { (raw - x0) / (x1 - x0) } else { 1.0 };
                y0 + t * (y1 - y0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_rises_and_matches_the_shares() {
        // Raw 0.2: right 1 in 4; raw 0.9: right 3 in 4.
        let mut examples = Vec::new();
        for i in 0..400 {
            examples.push((0.2, i % 4 == 0));
            examples.push((0.9, i % 4 != 0));
        }
        let c = Calibration::fit(&examples);
        assert!((c.apply(0.2) - 0.25).abs() < 0.01);
        assert!((c.apply(0.9) - 0.75).abs() < 0.01);
        assert!(c.apply(0.5) > c.apply(0.3) && c.apply(0.5) < c.apply(0.8));
        assert!(c.points.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
