//! Linear models over two kinds of input at once: hashed sparse features (words, their
//! neighbours, shapes) and a dense vector (pretrained word vectors), trained together by
//! averaged stochastic gradient descent in a fixed order (the same model on every machine).
//! [`Binary`] tags tokens (persuasive spans, the heads of attribution cues), [`Multiclass`]
//! names a span's technique.

use crate::hash::Fnv;

/// Training examples, read one at a time so the dense part is never stored for all of them.
pub trait Examples: Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Example `i`'s sparse features (buckets).
    fn sparse(&self, i: usize) -> &[u32];
    /// Writes example `i`'s dense input into `out`.
    fn dense(&self, i: usize, out: &mut [f32]);
}

/// Averaged SGD: weights and the running sum that turns them into their average.
struct Averaged {
    w: Vec<f32>,
    acc: Vec<f32>,
}

impl Averaged {
    fn new(len: usize) -> Self {
        Averaged {
            w: vec![0.0; len],
            acc: vec![0.0; len],
        }
    }

    fn step(&mut self, i: usize, delta: f32, c: f32) {
        self.w[i] += delta;
        self.acc[i] += c * delta;
    }

    fn average(self, c: f32) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.acc)
            .map(|(w, a)| w - a / c)
            .collect()
    }
}

/// The order of one pass: a fixed shuffle per epoch.
fn order(len: usize, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by_key(|&i| Fnv::new(epoch as u8).bytes(&i.to_le_bytes()).0);
    order
}

const L2: f32 = 1e-4;

/// Makes `epochs` passes over the examples in a fixed order at a falling rate, calling `step`
/// with each example's index, sparse features, dense input, the rate and the step's count (from
/// 1, for [`Averaged`]); returns the count after the last step.
fn passes(
    examples: &dyn Examples,
    dense_len: usize,
    epochs: usize,
    mut step: impl FnMut(usize, &[u32], &[f32], f32, f32),
) -> f32 {
    let mut x = vec![0f32; dense_len];
    let mut c = 1f32;
    for epoch in 0..epochs {
        let rate = 0.05 / (1.0 + epoch as f32);
        for i in order(examples.len(), epoch) {
            examples.dense(i, &mut x);
            step(i, examples.sparse(i), &x, rate, c);
            c += 1.0;
        }
    }
    c
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// A binary classifier: a weight per sparse bucket and per dense input, and a bias.
#[derive(Clone, Debug, PartialEq)]
pub struct Binary {
    pub sparse: Vec<f32>,
    pub dense: Vec<f32>,
    pub bias: f32,
}

impl Binary {
    /// The log-odds of the positive class.
    pub fn margin(&self, sparse: &[u32], dense: &[f32]) -> f32 {
        self.bias
            + sparse.iter().map(|&f| self.sparse[f as usize]).sum::<f32>()
            + dot(&self.dense, dense)
    }

    /// Trains on `examples` (their labels in `labels`), a positive counting `positive_weight`
    /// times.
    pub fn train(
        examples: &dyn Examples,
        labels: &[bool],
        buckets: usize,
        dense_len: usize,
        epochs: usize,
        positive_weight: f32,
    ) -> Self {
        let mut sparse = Averaged::new(buckets);
        let mut dense = Averaged::new(dense_len + 1);
        let c = passes(examples, dense_len, epochs, |i, features, x, rate, c| {
            let margin = dense.w[dense_len]
                + features.iter().map(|&f| sparse.w[f as usize]).sum::<f32>()
                + dot(&dense.w[..dense_len], x);
            let (y, weight) = if labels[i] {
                (1.0, positive_weight)
            } else {
                (0.0, 1.0)
            };
            let g = rate * weight * (sigmoid(margin) - y);
            for &f in features {
                let f = f as usize;
                sparse.step(f, -g - rate * L2 * sparse.w[f], c);
            }
            for (j, &v) in x.iter().enumerate() {
                if v != 0.0 {
                    dense.step(j, -g * v - rate * L2 * dense.w[j], c);
                }
            }
            dense.step(dense_len, -g, c);
        });
        let mut dense = dense.average(c);
        let bias = dense.pop().unwrap_or_default();
        Binary {
            sparse: sparse.average(c),
            dense,
            bias,
        }
    }
}

/// A classifier over `classes` classes (softmax): per class, a weight per sparse bucket and per
/// dense input, and a bias.
#[derive(Clone, Debug, PartialEq)]
pub struct Multiclass {
    pub classes: usize,
    /// `[bucket * classes + class]`: a feature's weights for every class side by side.
    pub sparse: Vec<f32>,
    /// `[class * dense_len + j]`.
    pub dense: Vec<f32>,
    pub bias: Vec<f32>,
}

impl Multiclass {
    /// The probability of each class.
    pub fn probabilities(&self, sparse: &[u32], dense: &[f32]) -> Vec<f32> {
        let k = self.classes;
        let dense_len = self.dense.len() / k.max(1);
        let mut margins = self.bias.clone();
        for &f in sparse {
            for (m, w) in margins.iter_mut().zip(&self.sparse[f as usize * k..][..k]) {
                *m += w;
            }
        }
        for (c, m) in margins.iter_mut().enumerate() {
            *m += dot(&self.dense[c * dense_len..][..dense_len], dense);
        }
        softmax(&mut margins);
        margins
    }

    /// Trains on `examples`, each of class `labels[i]`.
    pub fn train(
        examples: &dyn Examples,
        labels: &[usize],
        classes: usize,
        buckets: usize,
        dense_len: usize,
        epochs: usize,
    ) -> Self {
        let mut sparse = Averaged::new(buckets * classes);
        let mut dense = Averaged::new(classes * dense_len);
        let mut bias = Averaged::new(classes);
        let c = passes(examples, dense_len, epochs, |i, features, x, rate, c| {
            let mut p = bias.w.clone();
            for &f in features {
                for (m, w) in p
                    .iter_mut()
                    .zip(&sparse.w[f as usize * classes..][..classes])
                {
                    *m += w;
                }
            }
            for (k, m) in p.iter_mut().enumerate() {
                *m += dot(&dense.w[k * dense_len..][..dense_len], x);
            }
            softmax(&mut p);
            for (k, &pk) in p.iter().enumerate() {
                let g = rate * (pk - if labels[i] == k { 1.0 } else { 0.0 });
                for &f in features {
                    let at = f as usize * classes + k;
                    sparse.step(at, -g - rate * L2 * sparse.w[at], c);
                }
                for (j, &v) in x.iter().enumerate() {
                    let at = k * dense_len + j;
                    dense.step(at, -g * v - rate * L2 * dense.w[at], c);
                }
                bias.step(k, -g, c);
            }
        });
        Multiclass {
            classes,
            sparse: sparse.average(c),
            dense: dense.average(c),
            bias: bias.average(c),
        }
    }
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn softmax(margins: &mut [f32]) {
    let max = margins.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let mut sum = 0.0;
    for m in margins.iter_mut() {
        *m = (*m - max).exp();
        sum += *m;
    }
    for m in margins.iter_mut() {
        *m /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Toy(Vec<(Vec<u32>, [f32; 2])>);

    impl Examples for Toy {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn sparse(&self, i: usize) -> &[u32] {
            &self.0[i].0
        }
        fn dense(&self, i: usize, out: &mut [f32]) {
            out.copy_from_slice(&self.0[i].1);
        }
    }

    #[test]
    fn both_inputs_are_learned() {
        // Class 1: sparse feature 1, or a dense input pointing along the first axis.
        let toy = Toy((0..200)
            .map(|i| match i % 4 {
                0 => (vec![1], [0.0, 0.0]),
                1 => (vec![2], [1.0, 0.0]),
                2 => (vec![2], [0.0, 1.0]),
                _ => (vec![3], [0.0, 1.0]),
            })
            .collect());
        let labels: Vec<bool> = (0..200).map(|i| i % 4 < 2).collect();
        let binary = Binary::train(&toy, &labels, 4, 2, 10, 1.0);
        assert!(binary.margin(&[1], &[0.0, 0.0]) > 0.0);
        assert!(binary.margin(&[2], &[1.0, 0.0]) > 0.0);
        assert!(binary.margin(&[2], &[0.0, 1.0]) < 0.0);
        let classes: Vec<usize> = (0..200).map(|i| (i % 4).min(2)).collect();
        let multi = Multiclass::train(&toy, &classes, 3, 4, 2, 10);
        let best = |s: &[u32], d: &[f32]| {
            let p = multi.probabilities(s, d);
            (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap()
        };
        assert_eq!(best(&[1], &[0.0, 0.0]), 0);
        assert_eq!(best(&[2], &[1.0, 0.0]), 1);
        assert_eq!(best(&[3], &[0.0, 1.0]), 2);
    }
}
