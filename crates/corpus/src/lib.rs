//! The corpus view: many analysed articles searched by entity, source, technique, site and date,
//! and outlets compared side by side.
//!
//! It works on [`Doc`]s as `rhetor analyze` leaves them, one at a time, so a corpus of any size
//! streams through. [`Query::search`] says whether an article matches and anchors every hit to its
//! text (character offsets, end exclusive, as in `rhetor/1`); [`Outlets`] keeps a few counts per
//! site. Every outlet is measured the same way, in rates per 1,000 words, so long and short
//! articles weigh alike and no outlet or viewpoint is singled out.

mod html;
mod markdown;
mod outlets;
mod query;

pub use html::{FoundPage, Named, marked, outlets_page, outlets_table as outlets_html};
pub use markdown::{FoundTable, outlets_table};
pub use outlets::{Measures, Outlet, Outlets, TOP_NAMES, Totals};
pub use query::{Field, Found, Hit, Query, QueryError, parse_date, parse_technique, said_of};

use rhetor_doc::Doc;

/// Where an article comes from: its site name, else its URL's host, else "unknown site".
pub fn site_of(doc: &Doc) -> String {
    if let Some(site) = doc
        .meta
        .site
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        return site.to_string();
    }
    doc.meta
        .url
        .as_deref()
        .and_then(rhetor_doc::url_host)
        .unwrap_or("unknown site")
        .to_string()
}

/// Lower-case words (runs of letters and digits) for matching names whatever their case, spacing
/// or possessive: "Soleimani's" gives `soleimani`, `s`. Every criterion of a [`Query`] matches
/// by these words.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `needle`'s words occur, in order and next to each other, among `haystack`'s.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests_support {
    use rhetor_doc::*;

    /// What a search for the entity "Díaz" finds in [`sample`]`(name, site, ...)`.
    pub fn found_diaz(name: &str, site: &str) -> crate::Found {
        let query = crate::Query {
            entity: Some("Díaz".into()),
            ..crate::Query::default()
        };
        query
            .search(&sample(name, site, "2024-03-12"))
            .expect("a match")
    }

    /// A short article in which `name` speaks, published by `site` on `day`.
    pub fn sample(name: &str, site: &str, day: &str) -> Doc {
        let text = format!(
            "{name} said the bridge will reopen in May. Critics called the delay disgraceful. \
             {name} did not reply."
        );
        let at = |needle: &str, from: usize| {
            let start = from + text[from..].find(needle).expect("in the text");
            Span::new(start, start + needle.len())
        };
        let first = at(name, 0);
        let second = at(name, first.end);
        let end_of = |s: &str| at(s, 0).end;
        let mut doc = Doc::new(format!("{site}/1"), text.clone());
        doc.meta.site = Some(site.to_string());
        doc.meta.published = Some(day.to_string());
        doc.meta.title = Some("The bridge".into());
        doc.layers.sentences = vec![
            Span::new(0, end_of("May.")),
            Span::new(end_of("May.") + 1, end_of("disgraceful.")),
            Span::new(end_of("disgraceful.") + 1, text.len()),
        ];
        doc.layers.entities = Some(
            [first, second]
                .map(|span| Entity {
                    span,
                    label: EntityLabel::PER,
                    cluster: 0,
                    confidence: 0.9,
                })
                .to_vec(),
        );
        doc.layers.clusters = Some(vec![Cluster {
            id: 0,
            label: EntityLabel::PER,
            name: name.to_string(),
            mentions: 2,
            salience: 1,
        }]);
        doc.layers.attributions = Some(vec![Attribution {
            source: Some(first),
            cue: Some(at("said", 0)),
            content: vec![at("the bridge will reopen in May", 0)],
            kind: AttributionKind::Indirect,
            cluster: Some(0),
            confidence: 0.8,
        }]);
        doc.layers.claims = Some(vec![Claim {
            span: at("the bridge will reopen in May", 0),
            speaker: Speaker::Attribution(0),
            checkworthy: 0.7,
        }]);
        doc.layers.techniques = Some(vec![TechniqueSpan {
            span: at("disgraceful", 0),
            technique: Technique::LoadedLanguage,
            confidence: 0.6,
            evidence: "disgraceful".into(),
        }]);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_falls_back_to_the_url_host() {
        let mut doc = Doc::new("a", "Text.");
        doc.meta.url = Some("https://www.example.org/2024/story?x=1".into());
        assert_eq!(site_of(&doc), "example.org");
        doc.meta.site = Some("The Example".into());
        assert_eq!(site_of(&doc), "The Example");
        assert_eq!(site_of(&Doc::new("b", "x")), "unknown site");
    }

    #[test]
    fn names_match_by_whole_words() {
        let name = words("Qasem Soleimani's");
        assert!(contains_words(&name, &words("soleimani")));
        assert!(contains_words(&name, &words("Qasem  Soleimani")));
        assert!(!contains_words(&name, &words("Solei")));
        assert!(!contains_words(&name, &words("")));
    }

    proptest::proptest! {
        /// Analysis files are user input: corrupted numbers and bytes in a line must give a
        /// clean error or a document that searches and tallies without panicking.
        #[test]
        fn corrupted_lines_never_panic(edits in proptest::collection::vec((0usize..4000, 0u8..128), 1..8)) {
            let doc = tests_support::sample("Ana Díaz", "Río Times", "2024-03-12");
            let mut line = Vec::new();
            rhetor_doc::json::write_line(&doc, &mut line).unwrap();
            for (at, byte) in edits {
                let at = at % line.len();
                line[at] = if line[at].is_ascii_digit() { b'0' + byte % 10 } else { byte };
            }
            let Ok(line) = String::from_utf8(line) else { return Ok(()) };
            if let Ok(doc) = rhetor_doc::json::from_str(&line) {
                let query = Query {
                    entity: Some("díaz".into()),
                    source: Some("ana".into()),
                    technique: Some(rhetor_doc::Technique::LoadedLanguage),
                    ..Query::default()
                };
                let _ = query.search(&doc);
                let mut outlets = Outlets::default();
                outlets.add(&doc);
                let _ = outlets.rows();
            }
        }
    }
}
