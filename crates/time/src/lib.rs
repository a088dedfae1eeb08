//! rhetor's time layer: when things happened.
//!
//! [`tagger`] finds time expressions (DATE, TIME, DURATION, SET) with TIMEX3 values, resolved
//! against the document's reference date (`meta.published`) and the narrative's last mentioned
//! day. The timeline then lists each dated event: the sentence a DATE or TIME anchors, with its
//! value, precision, the entity clusters in it and, when an attribution reports it, that
//! attribution as its speaker, in date order.

pub mod calendar;
pub mod lexicon;
pub mod tagger;

use rhetor_doc::{
    Analyzer, Doc, Precision, Span, TimelineEvent, Timex, TimexType, containing, overlapping,
};

use crate::calendar::Day;
use crate::tagger::{Anchors, tag_sentence};

/// The time layer as a pipeline stage. It runs after the entity and attribution layers: the
/// timeline names their clusters and speakers.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeLayer;

impl Analyzer for TimeLayer {
    fn name(&self) -> &'static str {
        "time"
    }

    /// Its rules and model know English only.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        let reference = doc.meta.reference_date().and_then(Day::parse);
        let quarterly = doc
            .tokens
            .iter()
            .filter(|t| doc.slice(t.span).eq_ignore_ascii_case("quarter"))
            .count()
            >= 2;
        let mut anchors = Anchors {
            reference,
            last: None,
            last_period: None,
            quarterly,
        };
        let mut timexes = Vec::new();
        for sentence in doc.sentence_tokens() {
            let from = sentence.start;
            let tokens: Vec<&str> = doc.tokens[sentence]
                .iter()
                .map(|tok| doc.slice(tok.span))
                .collect();
            for f in tag_sentence(&tokens, &mut anchors) {
                timexes.push(Timex {
                    span: Span::new(
                        doc.tokens[from + f.start].span.start,
                        doc.tokens[from + f.end - 1].span.end,
                    ),
                    kind: f.kind,
                    value: f.value,
                    confidence: f.confidence,
                    evidence: f.evidence,
                });
            }
        }
        if reference.is_none()
            && timexes
                .iter()
                .any(|t| t.value.contains('X') && t.kind != TimexType::Duration)
        {
            doc.warn("no-reference-date", "the document has no publication date (give one with --published): relative time expressions are left unresolved");
        }
        doc.layers.timeline = Some(timeline(doc, &timexes));
        doc.layers.timexes = Some(timexes);
    }
}

/// How precisely a TIMEX3 value names a point in time, if it does.
pub fn precision(value: &str) -> Option<Precision> {
    if value.contains('X') || value.ends_with("_REF") || value.starts_with('P') {
        return None;
    }
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    Some(match (digits, value.len()) {
        (2, 2) => Precision::Century,
        (3, 3) => Precision::Decade,
        (4, 4) => Precision::Year,
        (4, _) if value.contains('T') => Precision::Time,
        (4, 10) => Precision::Day,
        (4, _) => Precision::Month,
        _ => return None,
    })
}

/// The dated events: each sentence holding a resolved DATE or TIME, sorted by date (then by
/// position). A sentence with several dates gives one event per date.
fn timeline(doc: &Doc, timexes: &[Timex]) -> Vec<TimelineEvent> {
    let entities = doc.layers.entities.as_deref().unwrap_or_default();
    let attributions = doc.layers.attributions.as_deref().unwrap_or_default();
    let sentences = &doc.layers.sentences;
    // Looked up by sentence, so a long document is not quadratic: the entities (in text order,
    // `Layers::entities`) by binary search, and the attributions whose content overlaps each
    // sentence.
    let reporting = overlapping(
        sentences,
        attributions
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.content.iter().map(move |c| (i, *c))),
    );
    let mut events: Vec<TimelineEvent> = timexes
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TimexType::Date | TimexType::Time))
        .filter_map(|(i, t)| {
            let precision = precision(&t.value)?;
            let slot = containing(sentences, t.span);
            let sentence = slot.map_or(t.span, |k| sentences[k]);
            let first = entities.partition_point(|e| e.span.start < sentence.start);
            let mut clusters: Vec<usize> = entities[first..]
                .iter()
                .take_while(|e| e.span.start < sentence.end)
                .filter(|e| sentence.contains(e.span))
                .map(|e| e.cluster)
                .collect();
            clusters.sort_unstable();
            clusters.dedup();
            // The attribution whose content holds the date reports the event.
            let speaker = slot.and_then(|k| {
                reporting[k]
                    .iter()
                    .copied()
                    .find(|&a| attributions[a].content.iter().any(|c| c.contains(t.span)))
            });
            Some(TimelineEvent {
                span: sentence,
                timex: i,
                value: t.value.clone(),
                precision,
                clusters,
                speaker,
            })
        })
        .collect();
    events.sort_by(|a, b| a.value.cmp(&b.value).then(a.span.start.cmp(&b.span.start)));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions() {
        assert_eq!(precision("20"), Some(Precision::Century));
        assert_eq!(precision("198"), Some(Precision::Decade));
        assert_eq!(precision("1990"), Some(Precision::Year));
        assert_eq!(precision("2011-04"), Some(Precision::Month));
        assert_eq!(precision("2020-01-03"), Some(Precision::Day));
        assert_eq!(precision("2019-10-29TNI"), Some(Precision::Time));
        assert_eq!(precision("2020-Q3"), Some(Precision::Month));
        assert_eq!(precision("PAST_REF"), None);
        assert_eq!(precision("XXXX-10"), None);
    }
}
