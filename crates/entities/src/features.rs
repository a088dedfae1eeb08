//! Token features, hashed into a fixed number of buckets with FNV-1a (deterministic across runs
//! and machines, unlike std's or ahash's seeded hashers, so a saved model stays valid).

use rhetor_doc::NO_ROW;
use rhetor_represent::Vectors;
use rhetor_text::hash::{Fnv, KeyMap};

use crate::clusters::{WordClass, WordClusters};

/// log2 of the number of feature buckets.
pub const BITS: u32 = 19;
pub const BUCKETS: usize = 1 << BITS;

/// The longest gazetteer entry, in tokens.
const GAZ_MAX: usize = 6;

/// The hash of a lower-cased token sequence, as the gazetteer keys it.
pub fn phrase_key<'a>(tokens: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h = Fnv::new(0);
    for t in tokens {
        let t = normal(t);
        h = if t.is_ascii() && !t.bytes().any(|b| b.is_ascii_uppercase()) {
            h.bytes(t.as_bytes())
        } else {
            h.bytes(t.to_lowercase().as_bytes())
        }
        .sep();
    }
    h.0
}

/// Entity names seen in training, by the types they had (a bit mask over the four types).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gazetteer(pub KeyMap<u8>);

impl Gazetteer {
    /// For each token, a bit mask of (type, begin?) gazetteer matches: bit `2t` for a match that
    /// begins there, bit `2t + 1` for one that continues.
    fn matches(&self, lower: &[String]) -> Vec<u8> {
        let mut out = vec![0u8; lower.len()];
        if self.0.is_empty() {
            return out;
        }
        for start in 0..lower.len() {
            let mut h = Fnv::new(0);
            for end in start..lower.len().min(start + GAZ_MAX) {
                h = h.bytes(lower[end].as_bytes()).sep();
                if let Some(&types) = self.0.get(&h.0) {
                    for t in 0..4 {
                        if types & (1 << t) != 0 {
                            out[start] |= 1 << (2 * t);
                            for o in &mut out[start + 1..=end] {
                                *o |= 1 << (2 * t + 1);
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// Typographic variants folded to what the training data uses (curly quotes, dashes).
fn normal(t: &str) -> std::borrow::Cow<'_, str> {
    if t.is_ascii() {
        return t.into();
    }
    t.chars()
        .map(|c| match c {
            '’' | '‘' | 'ʼ' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The word's shape with runs collapsed: `Soleimani` → `Xx`, `IRGC` → `X`, `1979` → `d`,
/// `al-Muhandis` → `x-Xx`.
fn shape(t: &str) -> String {
    let mut out = String::new();
    for c in t.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if !out.ends_with(s) {
            out.push(s);
        }
    }
    out
}

/// The features of every token of a sentence, as bucket ids, flattened: token `i`'s are
/// `ids[starts[i]..starts[i + 1]]`.
#[derive(Default)]
pub struct Features {
    pub ids: Vec<u32>,
    pub starts: Vec<usize>,
    /// Each token's row in the word-vector table ([`NO_ROW`] for none), which the tagger's
    /// head over the static vectors reads too.
    pub rows: Vec<u32>,
}

impl Features {
    pub fn of(&self, i: usize) -> &[u32] {
        &self.ids[self.starts[i]..self.starts[i + 1]]
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The kind of text a sentence comes from. Every feature also fires in a copy of its own for
/// the domain (Daumé's feature augmentation), so the model learns what is general and what is
/// particular to newswire or to web text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    News,
    Web,
}

/// What the features look words up in.
#[derive(Clone, Copy)]
pub struct Tables<'a> {
    pub gazetteer: &'a Gazetteer,
    pub clusters: &'a WordClusters,
    /// The representation stage's word-vector table: a word's row there stands for the many
    /// words of web and news text that share it, so the tagger knows words its training data
    /// never had.
    pub vectors: &'a Vectors,
    /// The table rows the tagger reads as common words: a capitalised word the unlabelled text
    /// nearly always capitalises gets no row when its row is one of them (spaCy's table gives
    /// "Trump" the row of "trump"); training has none, as the head that marks them is what it
    /// learns.
    pub common_rows: Option<&'a [bool]>,
}

/// Computes the features of `tokens` (one sentence). `known` gives, per token, the types the
/// same word had elsewhere in the document (a bit mask), when the tagger runs a second pass.
pub fn extract(
    tokens: &[&str],
    tables: &Tables,
    known: Option<&[u8]>,
    domain: Domain,
    out: &mut Features,
) {
    let Tables {
        gazetteer,
        clusters,
        vectors,
        common_rows,
    } = *tables;
    out.ids.clear();
    out.starts.clear();
    let normal: Vec<std::borrow::Cow<str>> = tokens.iter().map(|t| normal(t)).collect();
    let lower: Vec<String> = normal.iter().map(|t| t.to_lowercase()).collect();
    let shapes: Vec<String> = normal.iter().map(|t| shape(t)).collect();
    let gaz = gazetteer.matches(&lower);
    let cluster: Vec<Option<WordClass>> = lower.iter().map(|w| clusters.get(w)).collect();
    let cluster_at = |i: isize| -> [u8; 2] {
        match usize::try_from(i)
            .ok()
            .and_then(|i| cluster.get(i).copied().flatten())
        {
            Some(class) => class.fine.to_le_bytes(),
            None => [0xff, 0xff],
        }
    };
    let letters = normal
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .count();
    let caps = normal
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase))
        .count();
    let shouting = letters >= 3 && caps * 10 >= letters * 8;
    out.rows.clear();
    out.rows
        .extend(normal.iter().zip(&cluster).map(|(t, class)| {
            let row = rhetor_represent::row(vectors, t);
            let name = class.is_some_and(|c| c.capitals == 4)
                && t.chars().next().is_some_and(char::is_uppercase);
            match common_rows {
                Some(common) if name && common.get(row as usize).copied().unwrap_or(false) => {
                    NO_ROW
                }
                _ => row,
            }
        }));
    let rows = &out.rows;
    let row_at = |i: isize| -> [u8; 4] {
        usize::try_from(i)
            .ok()
            .and_then(|i| rows.get(i))
            .map_or(NO_ROW, |&r| r)
            .to_le_bytes()
    };
    let word = |i: isize| -> &[u8] {
        if i < 0 {
            b"<s>"
        } else {
            lower.get(i as usize).map_or(b"</s>", |w| w.as_bytes())
        }
    };
    let shape_at = |i: isize| -> &[u8] {
        if i < 0 {
            b"<s>"
        } else {
            shapes.get(i as usize).map_or(b"</s>", |w| w.as_bytes())
        }
    };
    for (i, w) in normal.iter().enumerate() {
        out.starts.push(out.ids.len());
        let ii = i as isize;
        let low = lower[i].as_bytes();
        let mut push = |h: Fnv| out.ids.push(h.bucket(BITS));
        push(Fnv::new(0));
        push(Fnv::new(1).bytes(low));
        push(Fnv::new(2).bytes(w.as_bytes()));
        let chars: Vec<(usize, char)> = lower[i].char_indices().collect();
        for k in 1..=4.min(chars.len()) {
            let cut = chars.get(k).map_or(low.len(), |(b, _)| *b);
            push(Fnv::new(2 + k as u8).bytes(&low[..cut]));
            let from = chars[chars.len() - k].0;
            push(Fnv::new(6 + k as u8).bytes(&low[from..]));
        }
        push(Fnv::new(11).bytes(shapes[i].as_bytes()));
        push(
            Fnv::new(12)
                .bytes(&[(i == 0) as u8])
                .bytes(shapes[i].as_bytes()),
        );
        push(Fnv::new(13).bytes(word(ii - 1)));
        push(Fnv::new(14).bytes(word(ii + 1)));
        push(Fnv::new(15).bytes(word(ii - 2)));
        push(Fnv::new(16).bytes(word(ii + 2)));
        push(Fnv::new(17).bytes(shape_at(ii - 1)));
        push(Fnv::new(18).bytes(shape_at(ii + 1)));
        push(Fnv::new(19).bytes(word(ii - 1)).sep().bytes(low));
        push(Fnv::new(20).bytes(low).sep().bytes(word(ii + 1)));
        push(
            Fnv::new(21)
                .bytes(shape_at(ii - 1))
                .sep()
                .bytes(shape_at(ii))
                .sep()
                .bytes(shape_at(ii + 1)),
        );
        push(
            Fnv::new(22)
                .bytes(&[shouting as u8])
                .bytes(shapes[i].as_bytes()),
        );
        if gaz[i] != 0 {
            for bit in 0..8 {
                if gaz[i] & (1 << bit) != 0 {
                    push(Fnv::new(23).bytes(&[bit]));
                    push(Fnv::new(24).bytes(&[bit]).bytes(shapes[i].as_bytes()));
                }
            }
        }
        if let Some(class) = cluster[i] {
            push(Fnv::new(27).bytes(&class.fine.to_le_bytes()));
            push(
                Fnv::new(28)
                    .bytes(&class.coarse.to_le_bytes())
                    .bytes(shapes[i].as_bytes()),
            );
        }
        let capitals = cluster[i].map_or(0, |class| class.capitals);
        let capitals_at = |i: isize| -> u8 {
            usize::try_from(i)
                .ok()
                .and_then(|i| cluster.get(i).copied().flatten())
                .map_or(0, |class| class.capitals)
        };
        push(Fnv::new(32).bytes(&[capitals_at(ii - 1), capitals, capitals_at(ii + 1)]));
        push(
            Fnv::new(31)
                .bytes(&[capitals, (i == 0) as u8])
                .bytes(shapes[i].as_bytes()),
        );
        push(Fnv::new(33).bytes(&row_at(ii)));
        push(Fnv::new(34).bytes(&row_at(ii)).bytes(shapes[i].as_bytes()));
        push(Fnv::new(35).bytes(&row_at(ii - 1)));
        push(Fnv::new(36).bytes(&row_at(ii + 1)));
        push(Fnv::new(29).bytes(&cluster_at(ii - 1)));
        push(Fnv::new(30).bytes(&cluster_at(ii + 1)));
        let general = out.ids.len() - out.starts[i];
        for k in 0..general {
            let id = out.ids[out.starts[i] + k];
            out.ids.push(in_domain(id, domain));
        }
        if let Some(&known) = known.and_then(|k| k.get(i)).filter(|&&k| k != 0) {
            out.ids.extend(known_ids(known, &shapes[i], domain));
        }
    }
    out.starts.push(out.ids.len());
}

/// The domain's copy of feature `id`.
fn in_domain(id: u32, domain: Domain) -> u32 {
    Fnv::new(40 + domain as u8)
        .bytes(&id.to_le_bytes())
        .bucket(BITS)
}

/// The features saying which types a word (of shape `shape`) had elsewhere in its document, and
/// their domain copies: the only features of the tagger's second pass that the first lacks.
fn known_ids(known: u8, shape: &str, domain: Domain) -> [u32; 4] {
    let word = Fnv::new(25).bytes(&[known]).bucket(BITS);
    let with_shape = Fnv::new(26)
        .bytes(&[known])
        .bytes(shape.as_bytes())
        .bucket(BITS);
    [
        word,
        with_shape,
        in_domain(word, domain),
        in_domain(with_shape, domain),
    ]
}

/// [`known_ids`] for `token` as written.
pub fn known_features(token: &str, known: u8, domain: Domain) -> [u32; 4] {
    known_ids(known, &shape(&normal(token)), domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_vectors() -> Vectors {
        Vectors::new(1, &[], [])
    }

    #[test]
    fn each_domain_has_its_own_copy_of_every_feature() {
        let of = |domain| {
            let mut f = Features::default();
            let (g, c) = (Gazetteer::default(), WordClusters::default());
            extract(
                &["Ada", "Obi"],
                &Tables {
                    gazetteer: &g,
                    clusters: &c,
                    vectors: &no_vectors(),
                    common_rows: None,
                },
                None,
                domain,
                &mut f,
            );
            f
        };
        let (news, web) = (of(Domain::News), of(Domain::Web));
        let half = news.of(0).len() / 2;
        assert_eq!(
            news.of(0)[..half],
            web.of(0)[..half],
            "the general features agree"
        );
        assert_ne!(
            news.of(0)[half..],
            web.of(0)[half..],
            "the domain copies differ"
        );
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Soleimani"), "Xx");
        assert_eq!(shape("IRGC"), "X");
        assert_eq!(shape("1979"), "d");
        assert_eq!(shape("al-Muhandis"), "x-Xx");
    }

    #[test]
    fn gazetteer_marks_begin_and_inside() {
        let mut gaz = Gazetteer::default();
        gaz.0.insert(phrase_key(["Port", "Calder"]), 0b100);
        let lower: Vec<String> = ["in", "port", "calder", "today"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(gaz.matches(&lower), [0, 1 << 4, 1 << 5, 0]);
    }

    #[test]
    fn the_second_pass_adds_only_the_known_features() {
        let tokens = ["Ada", "Obi", "visited", "Lagos"];
        let known = [1u8, 1, 0, 4];
        let (mut first, mut second) = (Features::default(), Features::default());
        let (gaz, clusters) = (Gazetteer::default(), WordClusters::default());
        let vectors = no_vectors();
        extract(
            &tokens,
            &Tables {
                gazetteer: &gaz,
                clusters: &clusters,
                vectors: &vectors,
                common_rows: None,
            },
            None,
            Domain::Web,
            &mut first,
        );
        extract(
            &tokens,
            &Tables {
                gazetteer: &gaz,
                clusters: &clusters,
                vectors: &vectors,
                common_rows: None,
            },
            Some(&known),
            Domain::Web,
            &mut second,
        );
        for (i, token) in tokens.iter().enumerate() {
            let mut expected = first.of(i).to_vec();
            if known[i] != 0 {
                expected.extend(known_features(token, known[i], Domain::Web));
            }
            assert_eq!(second.of(i), expected.as_slice(), "{token}");
        }
    }

    #[test]
    fn features_are_deterministic() {
        let mut a = Features::default();
        let mut b = Features::default();
        extract(
            &["Ada", "Obi", "’s", "plan"],
            &Tables {
                gazetteer: &Gazetteer::default(),
                clusters: &WordClusters::default(),
                vectors: &no_vectors(),
                common_rows: None,
            },
            None,
            Domain::News,
            &mut a,
        );
        extract(
            &["Ada", "Obi", "'s", "plan"],
            &Tables {
                gazetteer: &Gazetteer::default(),
                clusters: &WordClusters::default(),
                vectors: &no_vectors(),
                common_rows: None,
            },
            None,
            Domain::News,
            &mut b,
        );
        assert_eq!(
            a.ids, b.ids,
            "curly and straight apostrophes give the same features"
        );
        assert_eq!(a.len(), 4);
    }
}
