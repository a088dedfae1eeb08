//! Human-readable reports of analysed documents.
//!
//! [`markdown`] writes a plain report; [`html`] a self-contained page (inline CSS and script, no
//! external assets) that shows the article with the spans of every layer highlighted and a
//! switch per layer. Both render whatever layers a [`Doc`](rhetor_doc::Doc) has.

pub mod dates;
pub mod html;
pub mod markdown;

mod marks;

use rhetor_doc::{
    Attribution, Claim, Doc, REPORTED_CONFIDENCE, Speaker, TechniqueSpan, TimelineEvent,
};

/// The technique spans a report shows: those at [`REPORTED_CONFIDENCE`] or more.
fn reported(techniques: &[TechniqueSpan]) -> Vec<&TechniqueSpan> {
    techniques
        .iter()
        .filter(|t| t.confidence >= REPORTED_CONFIDENCE)
        .collect()
}

/// Where a publication date was read, in words: "the page's metadata: article:published_time".
fn date_evidence(e: &rhetor_doc::DateEvidence) -> String {
    use rhetor_doc::EvidenceKind;
    let place = match e.kind {
        EvidenceKind::JsonLd => "the page's JSON-LD",
        EvidenceKind::Meta => "the page's metadata",
        EvidenceKind::Time => "a <time> element",
        EvidenceKind::Url => "the URL",
        EvidenceKind::Byline => "the byline",
        EvidenceKind::Text => "the text",
        EvidenceKind::Record => "the record's published field",
        EvidenceKind::Option => "the --published option",
        EvidenceKind::Warc => "the crawl date (when the page was fetched)",
    };
    // The meta readers name their tag "meta NAME": the place says it already.
    let detail = e.detail.trim();
    let detail = detail.strip_prefix("meta ").unwrap_or(detail);
    if detail.is_empty() {
        place.to_string()
    } else {
        format!("{place}: {detail}")
    }
}

/// Each technique's colour, in the order of [`rhetor_doc::Technique::ALL`]: the reader's
/// underlines (`technique-t0` to `technique-t13` in its style) and the charts use them.
const TECHNIQUE_COLOURS: [&str; 14] = [
    "#e67e22", "#c0392b", "#8e44ad", "#2980b9", "#16a085", "#27ae60", "#d35400", "#7f8c8d",
    "#f1c40f", "#e84393", "#6c5ce7", "#00b894", "#a0522d", "#2d3436",
];

fn technique_index(technique: rhetor_doc::Technique) -> usize {
    rhetor_doc::Technique::ALL
        .iter()
        .position(|t| *t == technique)
        .unwrap_or(0)
}

/// The class that gives a technique its own colour in the reader: `t0` to `t13`, in the order
/// of [`rhetor_doc::Technique::ALL`].
fn technique_class(technique: rhetor_doc::Technique) -> &'static str {
    const CLASSES: [&str; 14] = [
        "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11", "t12", "t13",
    ];
    CLASSES[technique_index(technique)]
}

/// The technique's colour in the reader and in charts.
pub fn technique_colour(technique: rhetor_doc::Technique) -> &'static str {
    TECHNIQUE_COLOURS[technique_index(technique)]
}

/// The canonical name of the entity an attribution's source points to.
fn cluster_name<'a>(doc: &'a Doc, a: &Attribution) -> Option<&'a str> {
    let id = a.cluster?;
    let cluster = doc.layers.clusters.as_ref()?.iter().find(|c| c.id == id)?;
    Some(cluster.name.as_str())
}

/// An attribution's source as the reports write it: its words, and the entity it stands for
/// when the words do not name it ("she (Ana Ruiz)").
pub(crate) fn source_label(doc: &Doc, a: &Attribution) -> Option<String> {
    let words = doc.slice(a.source?);
    Some(match cluster_name(doc, a) {
        Some(name) if !words.contains(name) && !name.contains(words) => {
            format!("{words} ({name})")
        }
        _ => words.to_string(),
    })
}

/// Who reports a timeline event: the source of the attribution whose content holds it ("" when
/// the article states it in its own voice, "unnamed source" when the attribution names none).
fn speaker<'a>(doc: &'a Doc, event: &TimelineEvent) -> &'a str {
    let attribution = event
        .speaker
        .and_then(|i| doc.layers.attributions.as_ref()?.get(i));
    match attribution {
        None => "",
        Some(a) => a.source.map_or("unnamed source", |s| doc.slice(s)),
    }
}

/// Who makes a claim: the cited source, or the author.
fn claimant(doc: &Doc, claim: &Claim) -> String {
    match claim.speaker {
        Speaker::Attribution(i) => doc
            .layers
            .attributions
            .as_ref()
            .and_then(|a| a.get(i))
            .and_then(|a| a.source)
            .map_or("unnamed source".to_string(), |s| doc.slice(s).to_string()),
        Speaker::Author => "author".to_string(),
    }
}

/// The article at a glance: who speaks in it, what it claims, how it persuades and what time
/// it covers, as (label, value) rows; a row appears only when its layer ran.
fn profile(doc: &Doc) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let chars = doc.text.chars().count().max(1);
    if let Some(attributions) = &doc.layers.attributions {
        let mut sources: Vec<(String, usize)> = Vec::new();
        for a in attributions {
            // One count per entity, however the text names it ("Ruiz", "she"); a pronoun that
            // names no one is no source of its own.
            let Some(name) = doc.source_name(a) else {
                continue;
            };
            match sources
                .iter_mut()
                .find(|(n, _)| n.to_lowercase() == name.to_lowercase())
            {
                Some((_, c)) => *c += 1,
                None => sources.push((name, 1)),
            }
        }
        sources.sort_by_key(|s| std::cmp::Reverse(s.1));
        let reported: usize = attributions
            .iter()
            .flat_map(|a| &a.content)
            .map(|c| doc.slice(*c).chars().count())
            .sum();
        let top: Vec<String> = sources
            .iter()
            .take(3)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        rows.push((
            "Voices",
            format!(
                "{} attributions from {} sources; {}% of the text is reported{}",
                attributions.len(),
                sources.len(),
                (reported * 100 / chars).min(100),
                if top.is_empty() {
                    String::new()
                } else {
                    format!("; most cited: {}", top.join(", "))
                }
            ),
        ));
    }
    if let Some(claims) = &doc.layers.claims {
        let own = claims
            .iter()
            .filter(|c| c.speaker == Speaker::Author)
            .count();
        rows.push((
            "Claims",
            format!(
                "{} check-worthy statements: {own} in the author's voice, {} from cited sources",
                claims.len(),
                claims.len() - own
            ),
        ));
    }
    if let Some(techniques) = &doc.layers.techniques {
        let shown = reported(techniques);
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for t in &shown {
            let name = t.technique.name();
            match counts.iter_mut().find(|(l, _)| *l == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name, 1)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let list: Vec<String> = counts.iter().map(|(l, c)| format!("{l} ({c})")).collect();
        let unsure = techniques.len() - shown.len();
        let below = if unsure > 0 {
            format!(
                "; {unsure} less sure (under {:.0}%) only in the JSON",
                REPORTED_CONFIDENCE * 100.0
            )
        } else {
            String::new()
        };
        rows.push((
            "Techniques",
            if list.is_empty() {
                format!("none found with confidence{below}")
            } else {
                format!("{} spans: {}{below}", shown.len(), list.join(", "))
            },
        ));
    }
    if let Some(timeline) = &doc.layers.timeline
        && let (Some(first), Some(last)) = (timeline.first(), timeline.last())
    {
        rows.push((
            "Time covered",
            format!(
                "{} to {}, {} dated events",
                dates::worded(&first.value),
                dates::worded(&last.value),
                timeline.len()
            ),
        ));
    }
    rows
}

/// The claims, most check-worthy first.
fn ranked_claims(doc: &Doc) -> Vec<&Claim> {
    let mut claims: Vec<&Claim> = doc.layers.claims.iter().flatten().collect();
    claims.sort_by(|a, b| b.checkworthy.total_cmp(&a.checkworthy));
    claims
}
