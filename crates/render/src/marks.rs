//! Every span of every layer as a labelled mark, the one list both reports draw from.

use rhetor_doc::{Doc, Span, Speaker};

/// One highlighted span.
pub struct Mark {
    pub span: Span,
    /// The layer it belongs to (also its CSS class prefix).
    pub layer: &'static str,
    /// A finer class, e.g. the entity label.
    pub class: String,
    /// What a reader sees on hover.
    pub label: String,
}

/// The layers that can be switched on and off, in legend order.
pub const LAYERS: &[(&str, &str)] = &[
    ("entity", "Entities"),
    ("timex", "Time expressions"),
    ("source", "Sources"),
    ("cue", "Cues"),
    ("content", "Reported content"),
    ("claim", "Claims"),
    ("technique", "Techniques"),
    ("sentence", "Sentences"),
];

fn pct(x: f32) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The marks of `doc`, sorted by start.
pub fn marks(doc: &Doc) -> Vec<Mark> {
    let l = &doc.layers;
    let mut out = Vec::new();
    let clusters = l.clusters.as_deref().unwrap_or_default();
    for (i, s) in l.sentences.iter().enumerate() {
        out.push(Mark {
            span: *s,
            layer: "sentence",
            class: format!("s{}", i % 2),
            label: format!("sentence {}", i + 1),
        });
    }
    for e in l.entities.iter().flatten() {
        let name = clusters.get(e.cluster).map_or("", |c| c.name.as_str());
        out.push(Mark {
            span: e.span,
            layer: "entity",
            class: format!("{:?}", e.label),
            label: format!("{:?} · {name} ({})", e.label, pct(e.confidence)),
        });
    }
    for t in l.timexes.iter().flatten() {
        out.push(Mark {
            span: t.span,
            layer: "timex",
            class: String::new(),
            label: format!(
                "{:?}: {} ({}, {})",
                t.kind,
                crate::dates::worded(&t.value),
                t.value,
                pct(t.confidence)
            ),
        });
    }
    for (i, a) in l.attributions.iter().flatten().enumerate() {
        let n = i + 1;
        if let Some(s) = a.source {
            out.push(Mark {
                span: s,
                layer: "source",
                class: String::new(),
                label: format!("source of attribution {n}"),
            });
        }
        if let Some(c) = a.cue {
            out.push(Mark {
                span: c,
                layer: "cue",
                class: String::new(),
                label: format!("cue of attribution {n} ({})", pct(a.confidence)),
            });
        }
        for c in &a.content {
            out.push(Mark {
                span: *c,
                layer: "content",
                class: String::new(),
                label: format!("content of attribution {n} ({:?})", a.kind),
            });
        }
    }
    for c in l.claims.iter().flatten() {
        let who = match c.speaker {
            Speaker::Author => "the author".to_string(),
            Speaker::Attribution(i) => format!("attribution {}", i + 1),
        };
        out.push(Mark {
            span: c.span,
            layer: "claim",
            class: String::new(),
            label: format!("claim by {who}, check-worthiness {}", pct(c.checkworthy)),
        });
    }
    for t in crate::reported(l.techniques.as_deref().unwrap_or_default()) {
        out.push(Mark {
            span: t.span,
            layer: "technique",
            class: crate::technique_class(t.technique).to_string(),
            label: format!(
                "{} ({}): {}",
                t.technique.name(),
                pct(t.confidence),
                t.evidence
            ),
        });
    }
    out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    out
}
