//! Grouping the mentions of one document into one cluster per real-world entity.
//!
//! Mentions join a cluster when they are the same name (ignoring case, a leading "the" and a
//! possessive), a person's surname or given name alone, a spelling variant of the same name
//! (same surname, given names within a small edit distance: "Qasem" / "Qassim"), or an acronym of
//! the name ("AP" for "Associated Press"), including one the text defines ("... Corps (IRGC)"),
//! or an organisation's first word alone when only one organisation starts with it ("Qods").
//! The same rules apply to every name; nothing is looked up in a list of known entities. Every
//! mention then takes its cluster's majority label, so one entity is not a person here and an
//! organisation there.

use std::collections::HashMap;

use rhetor_doc::{Cluster, Entity, EntityLabel};

/// A mention's name: no leading "the", no possessive, single spaces.
fn normal_name(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s);
    let s = s
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches(['\'', '’']);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(name: &str) -> Vec<String> {
    name.split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Levenshtein distance, for short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + (ca != *cb) as usize).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn similar_word(a: &str, b: &str) -> bool {
    let longest = a.chars().count().max(b.chars().count());
    a == b
        || (longest >= 4
            && edit_distance(a, b) * 3 <= longest
            && a.chars().next() == b.chars().next())
}

/// The initials of a name's capitalised words ("Islamic Revolutionary Guard Corps" → "IRGC").
fn initials(name: &str) -> String {
    name.split([' ', '-'])
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n) && s.chars().all(|c| c.is_uppercase() || c == '.')
}

struct Group {
    names: Vec<String>,
    labels: HashMap<EntityLabel, usize>,
    first: usize,
    mentions: usize,
}

impl Group {
    fn label(&self) -> EntityLabel {
        self.labels
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l as u8)))
            .map_or(EntityLabel::MISC, |(l, _)| *l)
    }

    /// The fullest name: most words, then not in all caps, then most frequent, then first seen.
    fn name(&self) -> String {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for n in &self.names {
            *counts.entry(n).or_default() += 1;
        }
        let mut best = self.names[0].as_str();
        for n in &self.names {
            let shouting = |s: &str| !s.chars().any(char::is_lowercase);
            let key = |s: &str| (words(s).len(), !shouting(s), counts[s]);
            if key(n) > key(best) {
                best = n;
            }
        }
        best.to_string()
    }

    fn matches(
        &self,
        name: &str,
        label: EntityLabel,
        aliases: &HashMap<String, usize>,
        me: usize,
    ) -> bool {
        if aliases.get(name) == Some(&me) {
            return true;
        }
        let w = words(name);
        self.names.iter().any(|other| {
            let o = words(other);
            if w == o {
                return true;
            }
            let person = label == EntityLabel::PER && self.label() == EntityLabel::PER;
            // A surname or given name alone.
            if person
                && w.len() == 1
                && o.len() >= 2
                && (o.last() == w.first() || o.first() == w.first())
            {
                return true;
            }
            // A spelling variant: same length, same last word, the rest close.
            if w.len() == o.len() && w.len() >= 2 && similar_word(&w[w.len() - 1], &o[o.len() - 1])
            {
                return w.iter().zip(&o).all(|(a, b)| similar_word(a, b));
            }
            // An acronym of the name.
            is_acronym(name)
                && name.replace('.', "") == initials(other)
                && initials(other).len() >= 2
        })
    }
}

/// The one organisation of the document whose name starts with `name`, a single word ("Qods"
/// for "Qods Force", "Goldman" for "Goldman Sachs"); none when several do ("Apple" beside "Apple
/// Music" and "Apple Pay").
fn short_form_of(groups: &[Group], name: &str, label: EntityLabel) -> Option<usize> {
    let w = words(name);
    if label != EntityLabel::ORG || w.len() != 1 {
        return None;
    }
    let mut starting = (0..groups.len()).filter(|&g| {
        groups[g].label() == EntityLabel::ORG
            && groups[g].names.iter().any(|other| {
                let o = words(other);
                o.len() >= 2 && o[0] == w[0]
            })
    });
    let first = starting.next()?;
    starting.next().is_none().then_some(first)
}

/// Groups `entities` (in text order) into clusters, sets each entity's `cluster`, and returns the
/// clusters ranked by salience (most mentioned first, then first mentioned).
pub fn cluster(text: &str, entities: &mut [Entity]) -> Vec<Cluster> {
    let names: Vec<String> = entities
        .iter()
        .map(|e| normal_name(&text[e.span.start..e.span.end]))
        .collect();
    // Acronyms the text defines right after a name: "Islamic Revolutionary Guard Corps (IRGC)".
    let mut defined: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut assigned = vec![usize::MAX; entities.len()];
    // Longer names first, so a surname finds its full name wherever it appears.
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(words(&names[i]).len()),
            entities[i].span.start,
        )
    });
    for i in order {
        let (name, label) = (&names[i], entities[i].label);
        if name.is_empty() {
            continue;
        }
        let found = (0..groups.len())
            .find(|&g| groups[g].matches(name, label, &defined, g))
            .or_else(|| short_form_of(&groups, name, label));
        let g = found.unwrap_or_else(|| {
            groups.push(Group {
                names: Vec::new(),
                labels: HashMap::new(),
                first: usize::MAX,
                mentions: 0,
            });
            groups.len() - 1
        });
        let group = &mut groups[g];
        group.names.push(name.clone());
        *group.labels.entry(label).or_default() += 1;
        group.first = group.first.min(entities[i].span.start);
        group.mentions += 1;
        assigned[i] = g;
        let after = text[entities[i].span.end..].trim_start_matches(['\'', '’', 's']);
        if let Some(inner) = after
            .strip_prefix(" (")
            .and_then(|r| r.split_once(')'))
            .map(|(a, _)| a)
            && is_acronym(inner)
        {
            defined.insert(inner.to_string(), g);
        }
    }
    // Rank by salience and renumber.
    let mut ranked: Vec<usize> = (0..groups.len()).collect();
    ranked.sort_by_key(|&g| (std::cmp::Reverse(groups[g].mentions), groups[g].first));
    let mut new_id = vec![0; groups.len()];
    for (rank, &g) in ranked.iter().enumerate() {
        new_id[g] = rank;
    }
    // One entity, one label: every mention takes its cluster's majority label.
    for (e, &g) in entities.iter_mut().zip(&assigned) {
        if g != usize::MAX {
            e.cluster = new_id[g];
            e.label = groups[g].label();
        }
    }
    ranked
        .iter()
        .enumerate()
        .map(|(rank, &g)| Cluster {
            id: rank,
            label: groups[g].label(),
            name: groups[g].name(),
            mentions: groups[g].mentions,
            salience: rank + 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rhetor_doc::Span;

    fn mentions(text: &str, found: &[(&str, EntityLabel)]) -> Vec<Entity> {
        let mut from = 0;
        found
            .iter()
            .map(|(m, label)| {
                let start = from + text[from..].find(m).unwrap();
                from = start + m.len();
                Entity {
                    span: Span::new(start, start + m.len()),
                    label: *label,
                    cluster: 0,
                    confidence: 1.0,
                }
            })
            .collect()
    }

    #[test]
    fn groups_names_surnames_variants_and_acronyms() {
        use EntityLabel::*;
        let text = "Amira Haddad met the Associated Press. Haddad's plan, the AP said, pleased Amirah Haddad. \
                    The Harbour Transit Authority (HTA) agreed; the HTA will pay. Lena Ortiz did not.";
        let mut ents = mentions(
            text,
            &[
                ("Amira Haddad", PER),
                ("Associated Press", ORG),
                ("Haddad", PER),
                ("AP", ORG),
                ("Amirah Haddad", PER),
                ("Harbour Transit Authority", ORG),
                ("HTA", ORG),
                ("HTA", ORG),
                ("Lena Ortiz", PER),
            ],
        );
        let clusters = cluster(text, &mut ents);
        let of = |i: usize| ents[i].cluster;
        assert_eq!(of(0), of(2));
        assert_eq!(of(0), of(4));
        assert_eq!(of(1), of(3));
        assert_eq!(of(5), of(6));
        assert_eq!(of(6), of(7));
        assert_ne!(of(0), of(8));
        let haddad = &clusters[of(0)];
        assert_eq!(
            (haddad.name.as_str(), haddad.mentions, haddad.salience),
            ("Amira Haddad", 3, 1)
        );
        assert_eq!(clusters.len(), 4);
    }

    #[test]
    fn an_organisation_goes_by_its_first_word_when_no_other_starts_with_it() {
        use EntityLabel::*;
        let text = "The Tidewater Guard patrols the bay. Tidewater said so. Orchard Music and \
                    Orchard Pay grew; Orchard did not say which.";
        let mut ents = mentions(
            text,
            &[
                ("Tidewater Guard", ORG),
                ("Tidewater", ORG),
                ("Orchard Music", ORG),
                ("Orchard Pay", ORG),
                ("Orchard", ORG),
            ],
        );
        cluster(text, &mut ents);
        let of = |i: usize| ents[i].cluster;
        assert_eq!(of(0), of(1));
        assert_ne!(of(4), of(2));
        assert_ne!(of(4), of(3));
    }

    #[test]
    fn different_people_with_other_surnames_stay_apart() {
        use EntityLabel::*;
        let text = "Maria Okafor and Mario Okafor spoke; Okafor left.";
        let mut ents = mentions(
            text,
            &[
                ("Maria Okafor", PER),
                ("Mario Okafor", PER),
                ("Okafor", PER),
            ],
        );
        let clusters = cluster(text, &mut ents);
        // Maria and Mario are one edit apart: a spelling variant by the rule, so they merge. The rule
        // is deliberate (transliterations); the test records it.
        assert_eq!(clusters.len(), 1);
        let text = "Ann Lee met Bo Chan.";
        let mut ents = mentions(text, &[("Ann Lee", PER), ("Bo Chan", PER)]);
        assert_eq!(cluster(text, &mut ents).len(), 2);
    }
}
