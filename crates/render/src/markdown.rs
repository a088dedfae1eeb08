//! A Markdown report: metadata, the article with its structure, then each layer that ran.

use std::fmt::Write;

use rhetor_doc::{Doc, ParagraphKind};

fn or_dash(v: Option<&str>) -> String {
    v.filter(|s| !s.is_empty())
        .map_or_else(|| "—".to_string(), escape)
}

/// Escapes the characters that would change a Markdown table or paragraph.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The report of one document.
pub fn markdown(doc: &Doc) -> String {
    let mut out = String::new();
    let m = &doc.meta;
    let title = m.title.as_deref().unwrap_or(&doc.id);
    let _ = writeln!(out, "# {}\n", escape(title));
    let evidence = m.published_evidence.as_ref().map(crate::date_evidence);
    let published = match (&m.published, evidence) {
        (Some(p), Some(e)) => format!("{} (from {})", escape(p), escape(&e)),
        (p, _) => or_dash(p.as_deref()),
    };
    let rows = [
        ("Id", escape(&doc.id)),
        ("Authors", or_dash(Some(&m.authors.join(", ")))),
        ("Published", published),
        ("Modified", or_dash(m.modified.as_deref())),
        ("Site", or_dash(m.site.as_deref())),
        ("URL", or_dash(m.url.as_deref())),
        ("Language", or_dash(m.language.as_deref())),
        ("Tags", or_dash(Some(&m.tags.join(", ")))),
        (
            "Source",
            format!(
                "{} ({})",
                or_dash(doc.source.path.as_deref()),
                doc.source.format.as_str()
            ),
        ),
        (
            "Size",
            format!(
                "{} paragraphs, {} sentences, {} tokens",
                doc.layers.paragraphs.len(),
                doc.layers.sentences.len(),
                doc.tokens.len()
            ),
        ),
    ];
    out.push_str("| | |\n|---|---|\n");
    for (k, v) in rows {
        let _ = writeln!(out, "| {k} | {v} |");
    }
    for (k, v) in crate::profile(doc) {
        let _ = writeln!(out, "| {k} | {} |", escape(&v));
    }
    if let Some(d) = &m.description {
        let _ = writeln!(out, "\n> {}", escape(d));
    }

    out.push_str("\n## Text\n\n");
    for p in &doc.layers.paragraphs {
        let text = escape(doc.slice(p.span));
        let _ = match p.kind {
            ParagraphKind::Heading => writeln!(out, "### {text}\n"),
            ParagraphKind::Quote => writeln!(out, "> {text}\n"),
            ParagraphKind::List => writeln!(out, "- {text}\n"),
            ParagraphKind::Body => writeln!(out, "{text}\n"),
        };
    }

    if let (Some(clusters), Some(entities)) = (&doc.layers.clusters, &doc.layers.entities) {
        let _ = writeln!(
            out,
            "## Entities\n\n| Entity | Type | Mentions |\n|---|---|---|"
        );
        let mut sorted: Vec<_> = clusters.iter().collect();
        sorted.sort_by_key(|c| c.salience);
        for c in sorted {
            let _ = writeln!(
                out,
                "| {} | {:?} | {} |",
                escape(&c.name),
                c.label,
                c.mentions
            );
        }
        let _ = writeln!(out, "\n{} mentions in all.\n", entities.len());
    }
    if let Some(timeline) = &doc.layers.timeline {
        let _ = writeln!(
            out,
            "## Timeline\n\n| Date | Event | Reported by |\n|---|---|---|"
        );
        for e in timeline {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape(&crate::dates::worded(&e.value)),
                escape(doc.slice(e.span)),
                escape(crate::speaker(doc, e))
            );
        }
        out.push('\n');
    }
    if doc.layers.claims.is_some() {
        let _ = writeln!(
            out,
            "## Claims, most check-worthy first\n\n| Check-worthiness | Claimed by | Claim |\n|---|---|---|"
        );
        for c in crate::ranked_claims(doc) {
            let _ = writeln!(
                out,
                "| {:.2} | {} | {} |",
                c.checkworthy,
                escape(&crate::claimant(doc, c)),
                escape(doc.slice(c.span))
            );
        }
        out.push('\n');
    }
    if let Some(attributions) = &doc.layers.attributions {
        let _ = writeln!(
            out,
            "## Who says what\n\n| Source | Cue | Content |\n|---|---|---|"
        );
        for a in attributions {
            let part = |s: Option<rhetor_doc::Span>| {
                s.map_or_else(|| "—".to_string(), |s| escape(doc.slice(s)))
            };
            let content: Vec<String> = a.content.iter().map(|c| escape(doc.slice(*c))).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                crate::source_label(doc, a).map_or_else(|| "—".to_string(), |s| escape(&s)),
                part(a.cue),
                content.join(" … ")
            );
        }
        out.push('\n');
    }
    if let Some(techniques) = &doc.layers.techniques {
        let _ = writeln!(
            out,
            "## Persuasion techniques\n\n| Technique | Span | Confidence | Evidence |\n|---|---|---|---|"
        );
        for t in crate::reported(techniques) {
            let _ = writeln!(
                out,
                "| {} | {} | {:.2} | {} |",
                t.technique.name(),
                escape(doc.slice(t.span)),
                t.confidence,
                escape(&t.evidence)
            );
        }
        out.push('\n');
    }
    if !doc.layers.warnings.is_empty() {
        out.push_str("## Warnings\n\n");
        for w in &doc.layers.warnings {
            let _ = writeln!(out, "- `{}`: {}", w.code, escape(&w.message));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rhetor_doc::{Paragraph, Span};

    #[test]
    fn reports_metadata_and_structure() {
        let mut doc = Doc::new("d1", "Bridge | Vote\n\nThe *council* met.");
        doc.meta.title = Some("Bridge vote".into());
        doc.meta.authors = vec!["Lena Ortiz".into()];
        doc.layers.paragraphs = vec![
            Paragraph {
                span: Span::new(0, 13),
                kind: ParagraphKind::Heading,
            },
            Paragraph {
                span: Span::new(15, 33),
                kind: ParagraphKind::Body,
            },
        ];
        doc.warn("test", "a note");
        let md = markdown(&doc);
        assert!(md.starts_with("# Bridge vote\n"));
        assert!(md.contains("| Authors | Lena Ortiz |"));
        assert!(md.contains("### Bridge \\| Vote\n"));
        assert!(md.contains("The \\*council\\* met."));
        assert!(md.contains("- `test`: a note"));
    }

    #[test]
    fn a_pronoun_source_is_reported_as_the_entity_it_stands_for() {
        let text = "Ana Ruiz said no. She said it twice.";
        let mut doc = Doc::new("d2", text);
        doc.layers.clusters = Some(vec![rhetor_doc::Cluster {
            id: 0,
            label: rhetor_doc::EntityLabel::PER,
            name: "Ana Ruiz".into(),
            mentions: 1,
            salience: 1,
        }]);
        let said = |source: Span, cue: Span, content: Span| rhetor_doc::Attribution {
            source: Some(source),
            cue: Some(cue),
            content: vec![content],
            kind: rhetor_doc::AttributionKind::Indirect,
            cluster: Some(0),
            confidence: 0.9,
        };
        doc.layers.attributions = Some(vec![
            said(Span::new(0, 8), Span::new(9, 13), Span::new(14, 16)),
            said(Span::new(18, 21), Span::new(22, 26), Span::new(27, 35)),
        ]);
        let md = markdown(&doc);
        assert!(md.contains("| She (Ana Ruiz) | said |"), "{md}");
        assert!(
            md.contains("from 1 sources") && md.contains("most cited: Ana Ruiz (2)"),
            "{md}"
        );
        // Pronouns that name no one are no sources, whatever their case.
        for a in doc.layers.attributions.iter_mut().flatten() {
            a.cluster = None;
        }
        for (lone, pronoun) in [
            ("Ana Ruiz said no. she said it twice.", "she"),
            ("Ana Ruiz said no. Nobody said it twice.", "Nobody"),
        ] {
            doc.text = lone.into();
            if let Some(a) = doc.layers.attributions.as_mut().and_then(|a| a.get_mut(1)) {
                a.source = Some(Span::new(18, 18 + pronoun.len()));
            }
            let md = markdown(&doc);
            assert!(
                md.contains("2 attributions from 1 sources")
                    && md.contains("most cited: Ana Ruiz (1)"),
                "{md}"
            );
        }
    }
}
