//! BIO labels over the four CoNLL-2003 types.

use rhetor_doc::EntityLabel;

pub const TYPES: [EntityLabel; 4] = [
    EntityLabel::PER,
    EntityLabel::ORG,
    EntityLabel::LOC,
    EntityLabel::MISC,
];

/// Label 0 is `O`; then `B-` and `I-` of each type in [`TYPES`] order.
pub const N_LABELS: usize = 1 + 2 * TYPES.len();

pub fn begin(t: usize) -> usize {
    1 + 2 * t
}

pub fn inside(t: usize) -> usize {
    2 + 2 * t
}

/// The type index of a non-`O` label.
pub fn type_of(label: usize) -> Option<usize> {
    (label > 0).then(|| (label - 1) / 2)
}

pub fn is_inside(label: usize) -> bool {
    label > 0 && label.is_multiple_of(2)
}

/// Whether `next` may follow `prev` in BIO (`I-X` only after `B-X` or `I-X`).
pub fn allowed(prev: Option<usize>, next: usize) -> bool {
    !is_inside(next) || prev.is_some_and(|p| p != 0 && type_of(p) == type_of(next))
}

/// Parses `O`, `B-PER`, `I-LOC`, ... (`None` for an unknown tag).
pub fn parse(tag: &str) -> Option<usize> {
    if tag == "O" {
        return Some(0);
    }
    let (bio, kind) = tag.split_once('-')?;
    let t = match kind {
        "PER" => 0,
        "ORG" => 1,
        "LOC" => 2,
        "MISC" => 3,
        _ => return None,
    };
    match bio {
        "B" => Some(begin(t)),
        "I" => Some(inside(t)),
        _ => None,
    }
}

/// Entity chunks `(start, end, type)` of a label sequence, end exclusive (an `I-` without its
/// `B-` starts a chunk, as conlleval counts).
pub fn chunks(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let t = type_of(l);
        let continues = is_inside(l) && open.is_some_and(|(_, ot)| Some(ot) == t);
        if !continues {
            if let Some((s, ot)) = open.take() {
                out.push((s, i, ot));
            }
            if let Some(t) = t {
                open = Some((i, t));
            }
        }
    }
    if let Some((s, t)) = open {
        out.push((s, labels.len(), t));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_conlleval() {
        let seq: Vec<usize> = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG"]
            .iter()
            .map(|t| parse(t).unwrap())
            .collect();
        assert_eq!(chunks(&seq), [(0, 2, 0), (3, 4, 2), (4, 5, 1), (5, 7, 1)]);
        assert!(!allowed(Some(0), inside(0)));
        assert!(allowed(Some(begin(2)), inside(2)));
        assert!(!allowed(None, inside(1)));
    }
}
