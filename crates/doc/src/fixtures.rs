//! Documents written for tests: one with a span in every layer, for the crates that turn a
//! [`Doc`] into another form and must lose nothing on the way.

use crate::*;

/// A document with a span in every layer, over text where bytes and characters differ.
pub fn full_doc() -> Doc {
    let text = "“Café” – Zoë said on 3 März.";
    let at = |needle: &str| {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    };
    let mut doc = Doc::new("t1", text);
    doc.meta.title = Some("Zoë".into());
    doc.meta.authors = vec!["A. Writer".into()];
    doc.meta.published_evidence = Some(DateEvidence {
        kind: EvidenceKind::Byline,
        detail: "By A. Writer".into(),
    });
    doc.layers.paragraphs = vec![Paragraph {
        span: Span::new(0, text.len()),
        kind: ParagraphKind::Body,
    }];
    doc.layers.sentences = vec![Span::new(0, text.len())];
    doc.layers.entities = Some(vec![Entity {
        span: at("Zoë"),
        label: EntityLabel::PER,
        cluster: 0,
        confidence: 0.9,
    }]);
    doc.layers.clusters = Some(vec![Cluster {
        id: 0,
        label: EntityLabel::PER,
        name: "Zoë".into(),
        mentions: 1,
        salience: 1,
    }]);
    doc.layers.timexes = Some(vec![Timex {
        span: at("3 März"),
        kind: TimexType::Date,
        value: "XXXX-03-03".into(),
        confidence: 0.8,
        evidence: "day month".into(),
    }]);
    doc.layers.timeline = Some(vec![TimelineEvent {
        span: Span::new(0, text.len()),
        timex: 0,
        value: "XXXX-03-03".into(),
        precision: Precision::Day,
        clusters: vec![0],
        speaker: Some(0),
    }]);
    doc.layers.attributions = Some(vec![Attribution {
        source: Some(at("Zoë")),
        cue: Some(at("said")),
        content: vec![at("“Café”")],
        kind: AttributionKind::Direct,
        cluster: Some(0),
        confidence: 0.7,
    }]);
    doc.layers.claims = Some(vec![
        Claim {
            span: at("Café"),
            speaker: Speaker::Attribution(0),
            checkworthy: 0.1,
        },
        Claim {
            span: at("März"),
            speaker: Speaker::Author,
            checkworthy: 0.2,
        },
    ]);
    doc.layers.checkworthiness = Some(vec![SentenceScore {
        span: at("Café"),
        score: 0.4,
    }]);
    doc.layers.techniques = Some(vec![TechniqueSpan {
        span: at("Café"),
        technique: Technique::LoadedLanguage,
        confidence: 0.5,
        evidence: "test".into(),
    }]);
    doc.layers.warnings.push(Warning {
        code: "test".into(),
        message: "a warning".into(),
        span: Some(at("said")),
    });
    doc
}
