//! A self-contained HTML reader: the article with every layer's spans highlighted, a switch per
//! layer, and the metadata, entities, timeline and warnings beside it. No external assets: the
//! page works offline and can be mailed as one file.

use std::fmt::Write;

use rhetor_doc::{Doc, ParagraphKind, Span};

use crate::marks::{LAYERS, Mark, marks};

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The reader's style sheet: inline in a static page, a file of its own where a server sends a
/// Content-Security-Policy.
pub const STYLE: &str = r#"
:root { --ink:#1d2430; --muted:#5b6575; --line:#dde2ea; --bg:#fbfbf8; }
* { box-sizing: border-box; }
body { margin:0; font:17px/1.6 Georgia, 'Times New Roman', serif; color:var(--ink); background:var(--bg); }
header.bar { position:sticky; top:0; z-index:2; background:#fff; border-bottom:1px solid var(--line); padding:.5rem 1rem;
  font:14px/1.4 system-ui, sans-serif; display:flex; flex-wrap:wrap; gap:.4rem 1rem; align-items:center; }
header.bar b { margin-right:.5rem; }
header.bar label { cursor:pointer; white-space:nowrap; }
.doc { display:grid; grid-template-columns:minmax(0,44rem) 20rem; gap:2rem; max-width:68rem; margin:2rem auto; padding:0 1rem; }
@media (max-width:60rem) { .doc { grid-template-columns:1fr; } }
article h1 { font-size:1.9rem; line-height:1.25; margin:0 0 .3rem; }
article .byline { color:var(--muted); font:14px/1.5 system-ui, sans-serif; margin-bottom:1.5rem; }
article h2 { font-size:1.25rem; margin:1.6rem 0 .4rem; }
article blockquote { margin:1rem 0; padding-left:1rem; border-left:3px solid var(--line); font-style:italic; }
article li { margin:.2rem 0; }
aside { font:14px/1.45 system-ui, sans-serif; color:var(--ink); }
aside section { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.6rem .8rem; margin-bottom:1rem; }
aside h3 { font-size:.8rem; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); margin:0 0 .4rem; }
aside table { border-collapse:collapse; width:100%; } aside td { padding:.15rem .3rem; vertical-align:top; border-top:1px solid var(--line); }
aside td:first-child { color:var(--muted); white-space:nowrap; }
aside td { overflow-wrap:anywhere; }
.m { border-radius:2px; }
/* Each layer draws with its own CSS property, so switching one off never hides another. */
.sentence.sentence-s1 { background-color:#f2f2ea; }
.entity { background-image:linear-gradient(#dfe8fb,#dfe8fb); }
.entity-PER { background-image:linear-gradient(#dcf0d8,#dcf0d8); }
.entity-ORG { background-image:linear-gradient(#ece0f8,#ece0f8); }
.entity-LOC { background-image:linear-gradient(#fbe9cc,#fbe9cc); }
.timex { outline:1.5px dashed #c0392b; outline-offset:1px; }
.source { font-weight:bold; }
.cue { text-decoration:underline double #0b5394; }
.content { color:#0b3d73; }
.claim { border-bottom:2px dotted #7f8c8d; }
.technique { box-shadow:inset 0 -3px #e67e22; }
/* One colour per technique, in the order of the PTC labels; the side panel is the legend. */
.technique-t0 { box-shadow:inset 0 -3px #e67e22; } .technique-t1 { box-shadow:inset 0 -3px #c0392b; }
.technique-t2 { box-shadow:inset 0 -3px #8e44ad; } .technique-t3 { box-shadow:inset 0 -3px #2980b9; }
.technique-t4 { box-shadow:inset 0 -3px #16a085; } .technique-t5 { box-shadow:inset 0 -3px #27ae60; }
.technique-t6 { box-shadow:inset 0 -3px #d35400; } .technique-t7 { box-shadow:inset 0 -3px #7f8c8d; }
.technique-t8 { box-shadow:inset 0 -3px #f1c40f; } .technique-t9 { box-shadow:inset 0 -3px #e84393; }
.technique-t10 { box-shadow:inset 0 -3px #6c5ce7; } .technique-t11 { box-shadow:inset 0 -3px #00b894; }
.technique-t12 { box-shadow:inset 0 -3px #a0522d; } .technique-t13 { box-shadow:inset 0 -3px #2d3436; }
.swatch { display:inline-block; width:1.6rem; height:.8rem; vertical-align:middle; }
body.hide-sentence .sentence { background-color:transparent; }
body.hide-entity .entity { background-image:none; }
body.hide-timex .timex { outline:none; }
body.hide-source .source { font-weight:inherit; }
body.hide-cue .cue { text-decoration:none; }
body.hide-content .content { color:inherit; }
body.hide-claim .claim { border-bottom:none; }
body.hide-technique .technique { box-shadow:none; }
.warn { color:#8a4b00; }
a[data-jump] { color:inherit; text-decoration:underline dotted #9aa3b1; cursor:pointer; }
.m.focus { outline:2px solid #1d6fdc; outline-offset:1px; }
.popover { position:absolute; z-index:5; max-width:22rem; background:#1d2430; color:#fff; padding:.35rem .55rem;
  border-radius:4px; font:13px/1.4 system-ui, sans-serif; white-space:pre-line; box-shadow:0 2px 8px rgba(0,0,0,.25); }
@media print { header.bar, .popover { display:none; } body { background:#fff; } .doc { display:block; } }
"#;

/// The reader's script: the layer switches.
pub const SCRIPT: &str = r#"
for (const box of document.querySelectorAll('header.bar input[data-layer]')) {
  const apply = () => document.body.classList.toggle('hide-' + box.dataset.layer, !box.checked);
  box.addEventListener('change', apply); apply();
}
// A side-panel entry marks its spans in the text (`data-jump`: byte ranges "start-end,...");
// a highlight, clicked or tapped, shows what it is in a popover.
const popover = document.createElement('div');
popover.className = 'popover'; popover.hidden = true; document.body.append(popover);
function focusRanges(doc, ranges) {
  const wanted = ranges.split(',').map(r => r.split('-').map(Number));
  for (const el of document.querySelectorAll('.m.focus')) el.classList.remove('focus');
  let first = null;
  for (const el of doc.querySelectorAll('article .m[data-s]')) {
    const at = Number(el.dataset.s);
    if (wanted.some(([s, e]) => at >= s && at < e)) { el.classList.add('focus'); first = first || el; }
  }
  if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
document.addEventListener('click', event => {
  const jump = event.target.closest('[data-jump]');
  if (jump) { event.preventDefault(); popover.hidden = true; focusRanges(jump.closest('.doc'), jump.dataset.jump); return; }
  const mark = event.target.closest('article .m');
  if (mark && mark.title) {
    const box = mark.getBoundingClientRect();
    popover.textContent = mark.title;
    popover.style.left = (window.scrollX + box.left) + 'px';
    popover.style.top = (window.scrollY + box.bottom + 6) + 'px';
    popover.hidden = false;
    return;
  }
  popover.hidden = true;
});
"#;

/// The start of a page that will hold one or more documents; `layers` are the switchable layers
/// to offer (those the documents have).
pub fn header(title: &str, layers: &[&str]) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · rhetor</title><style>{STYLE}</style></head><body>\n{}",
        escape(title),
        switches(layers)
    )
}

/// The bar with a switch per layer in `layers` (which the [`SCRIPT`] wires up).
pub fn switches(layers: &[&str]) -> String {
    let mut out = String::from("<header class=\"bar\"><b>rhetor</b>");
    for (layer, name) in LAYERS.iter().filter(|(l, _)| layers.contains(l)) {
        let on = if *layer == "sentence" { "" } else { " checked" };
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" data-layer=\"{layer}\"{on}> <span class=\"{layer}\">{name}</span></label>"
        );
    }
    out.push_str("</header>\n");
    out
}

/// The switchable layers `doc` has.
pub fn present_layers(doc: &Doc) -> Vec<&'static str> {
    let mut layers: Vec<&str> = marks(doc).iter().map(|m| m.layer).collect();
    layers.sort_unstable();
    layers.dedup();
    layers
}

/// The end of the page.
pub fn footer() -> String {
    format!("<script>{SCRIPT}</script>\n</body></html>\n")
}

/// A whole page for one document.
pub fn page(doc: &Doc) -> String {
    let title = doc.meta.title.as_deref().unwrap_or(&doc.id);
    header(title, &present_layers(doc)) + &document(doc) + &footer()
}

/// One document: the highlighted article and its side panel.
pub fn document(doc: &Doc) -> String {
    let marks = marks(doc);
    let mut out = String::with_capacity(doc.text.len() * 3);
    out.push_str("<div class=\"doc\"><article>\n");
    let m = &doc.meta;
    // The text leads with the headline (ingestion puts it there): it is the page's title, with
    // its highlights.
    let headline = doc
        .layers
        .paragraphs
        .first()
        .filter(|p| m.title.as_deref() == Some(doc.slice(p.span)));
    match headline {
        Some(p) => {
            out.push_str("<h1>");
            highlight(&doc.text, p.span, &marks, &mut out);
            out.push_str("</h1>\n");
        }
        None => {
            let _ = writeln!(
                out,
                "<h1>{}</h1>",
                escape(m.title.as_deref().unwrap_or(&doc.id))
            );
        }
    }
    let mut byline = Vec::new();
    if !m.authors.is_empty() {
        byline.push(format!("By {}", escape(&m.authors.join(", "))));
    }
    if let Some(p) = &m.published {
        byline.push(escape(p));
    }
    if let Some(s) = &m.site {
        byline.push(escape(s));
    }
    let _ = writeln!(out, "<div class=\"byline\">{}</div>", byline.join(" · "));
    let mut in_list = false;
    for p in &doc.layers.paragraphs[headline.is_some() as usize..] {
        let list = p.kind == ParagraphKind::List;
        if list != in_list {
            out.push_str(if list { "<ul>\n" } else { "</ul>\n" });
            in_list = list;
        }
        let (open, close) = match p.kind {
            ParagraphKind::Heading => ("<h2>", "</h2>"),
            ParagraphKind::Quote => ("<blockquote>", "</blockquote>"),
            ParagraphKind::List => ("<li>", "</li>"),
            ParagraphKind::Body => ("<p>", "</p>"),
        };
        out.push_str(open);
        highlight(&doc.text, p.span, &marks, &mut out);
        out.push_str(close);
        out.push('\n');
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out.push_str("</article>\n<aside>\n");
    side_panel(doc, &mut out);
    out.push_str("</aside></div>\n");
    out
}

/// Writes `text[within]`, wrapping each stretch in the marks that cover it.
fn highlight(text: &str, within: Span, marks: &[Mark], out: &mut String) {
    // Marks are sorted by start: only those starting before the paragraph ends can cover it.
    let end = marks.partition_point(|m| m.span.start < within.end);
    let here: Vec<&Mark> = marks[..end]
        .iter()
        .filter(|m| m.span.overlaps(within))
        .collect();
    let mut cuts = vec![within.start, within.end];
    for m in &here {
        cuts.push(m.span.start.clamp(within.start, within.end));
        cuts.push(m.span.end.clamp(within.start, within.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let piece = Span::new(pair[0], pair[1]);
        let covering: Vec<&&Mark> = here.iter().filter(|m| m.span.contains(piece)).collect();
        let body = escape(&text[piece.start..piece.end]);
        if covering.is_empty() {
            out.push_str(&body);
            continue;
        }
        let mut class = String::from("m");
        let mut title = Vec::new();
        for m in &covering {
            let _ = write!(class, " {}", m.layer);
            if !m.class.is_empty() {
                let _ = write!(class, " {}-{}", m.layer, m.class);
            }
            title.push(m.label.as_str());
        }
        let _ = write!(
            out,
            "<span class=\"{class}\" data-s=\"{}\" title=\"{}\">{body}</span>",
            piece.start,
            escape(&title.join("\n"))
        );
    }
}

fn side_panel(doc: &Doc, out: &mut String) {
    let m = &doc.meta;
    out.push_str("<section><h3>Document</h3><table>");
    let evidence = m.published_evidence.as_ref().map(crate::date_evidence);
    let rows = [
        ("id", Some(doc.id.clone())),
        (
            "authors",
            (!m.authors.is_empty()).then(|| m.authors.join(", ")),
        ),
        ("published", m.published.clone()),
        ("date from", evidence),
        ("modified", m.modified.clone()),
        ("site", m.site.clone()),
        ("url", m.url.clone()),
        ("language", m.language.clone()),
        ("tags", (!m.tags.is_empty()).then(|| m.tags.join(", "))),
        ("format", Some(doc.source.format.as_str().to_string())),
        (
            "size",
            Some(format!(
                "{} paragraphs · {} sentences · {} tokens",
                doc.layers.paragraphs.len(),
                doc.layers.sentences.len(),
                doc.tokens.len()
            )),
        ),
    ];
    for (k, v) in rows {
        if let Some(v) = v {
            let _ = write!(out, "<tr><td>{k}</td><td>{}</td></tr>", escape(&v));
        }
    }
    out.push_str("</table></section>\n");
    let profile = crate::profile(doc);
    if !profile.is_empty() {
        out.push_str("<section><h3>Profile</h3><table>");
        for (k, v) in profile {
            let _ = write!(out, "<tr><td>{k}</td><td>{}</td></tr>", escape(&v));
        }
        out.push_str("</table></section>\n");
    }
    if let Some(clusters) = &doc.layers.clusters {
        out.push_str("<section><h3>Entities</h3><table>");
        let mut sorted: Vec<_> = clusters.iter().collect();
        sorted.sort_by_key(|c| c.salience);
        let entities = doc.layers.entities.as_deref().unwrap_or_default();
        for c in sorted {
            let spans = entities
                .iter()
                .filter(|e| e.cluster == c.id)
                .map(|e| e.span);
            let _ = write!(
                out,
                "<tr><td><span class=\"entity entity-{:?}\">{:?}</span></td><td>{} ×{}</td></tr>",
                c.label,
                c.label,
                jump(spans, &escape(&c.name)),
                c.mentions
            );
        }
        out.push_str("</table></section>\n");
    }
    let techniques = crate::reported(doc.layers.techniques.as_deref().unwrap_or_default());
    if !techniques.is_empty() {
        out.push_str("<section><h3>Techniques</h3><table>");
        for technique in rhetor_doc::Technique::ALL {
            let spans: Vec<Span> = techniques
                .iter()
                .filter(|t| t.technique == technique)
                .map(|t| t.span)
                .collect();
            if spans.is_empty() {
                continue;
            }
            let _ = write!(
                out,
                "<tr><td><span class=\"swatch technique technique-{}\"></span></td><td>{} ×{}</td></tr>",
                crate::technique_class(technique),
                jump(spans.iter().copied(), technique.name()),
                spans.len()
            );
        }
        out.push_str("</table></section>\n");
    }
    if doc.layers.claims.is_some() {
        out.push_str("<section><h3>Claims, most check-worthy first</h3><table>");
        for c in crate::ranked_claims(doc) {
            let _ = write!(
                out,
                "<tr><td>{:.2}</td><td>{}</td><td>{}</td></tr>",
                c.checkworthy,
                escape(&crate::claimant(doc, c)),
                jump([c.span], &escape(doc.slice(c.span)))
            );
        }
        out.push_str("</table></section>\n");
    }
    if let Some(timeline) = &doc.layers.timeline {
        out.push_str("<section><h3>Timeline</h3><table>");
        for e in timeline {
            let _ = write!(
                out,
                "<tr><td title=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&e.value),
                escape(&crate::dates::worded(&e.value)),
                jump([e.span], &escape(doc.slice(e.span))),
                escape(crate::speaker(doc, e))
            );
        }
        out.push_str("</table></section>\n");
    }
    if !doc.layers.warnings.is_empty() {
        out.push_str("<section><h3>Warnings</h3>");
        for w in &doc.layers.warnings {
            let _ = write!(
                out,
                "<p class=\"warn\"><b>{}</b>: {}</p>",
                escape(&w.code),
                escape(&w.message)
            );
        }
        out.push_str("</section>\n");
    }
}

/// `html` as a side-panel entry that marks `spans` in the text when clicked.
fn jump(spans: impl IntoIterator<Item = Span>, html: &str) -> String {
    let ranges: Vec<String> = spans
        .into_iter()
        .map(|s| format!("{}-{}", s.start, s.end))
        .collect();
    format!(
        "<a href=\"#\" data-jump=\"{}\">{html}</a>",
        ranges.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rhetor_doc::{Cluster, Entity, EntityLabel, Paragraph};

    #[test]
    fn each_technique_underline_has_the_charts_colour() {
        for t in rhetor_doc::Technique::ALL {
            let rule = format!(
                ".technique-{} {{ box-shadow:inset 0 -3px {}; }}",
                crate::technique_class(t),
                crate::technique_colour(t)
            );
            assert!(STYLE.contains(&rule), "{rule}");
        }
    }

    #[test]
    fn highlights_overlapping_layers_and_escapes() {
        let text = "Ada <Obi> spoke.";
        let mut doc = Doc::new("d", text);
        doc.layers.paragraphs = vec![Paragraph {
            span: Span::new(0, text.len()),
            kind: ParagraphKind::Body,
        }];
        doc.layers.sentences = vec![Span::new(0, text.len())];
        doc.layers.entities = Some(vec![Entity {
            span: Span::new(0, 9),
            label: EntityLabel::PER,
            cluster: 0,
            confidence: 0.9,
        }]);
        doc.layers.clusters = Some(vec![Cluster {
            id: 0,
            label: EntityLabel::PER,
            name: "Ada <Obi>".into(),
            mentions: 1,
            salience: 1,
        }]);
        let html = page(&doc);
        assert!(
            html.contains("class=\"m sentence sentence-s0 entity entity-PER\""),
            "{html}"
        );
        assert!(html.contains("Ada &lt;Obi&gt;</span><span class=\"m sentence sentence-s0\""));
        assert!(!html.contains("<Obi>"));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no external assets"
        );
    }

    #[test]
    fn each_technique_has_its_colour_and_a_legend_entry() {
        use rhetor_doc::{Technique, TechniqueSpan};
        let text = "They are thugs and the plan is a disaster.";
        let mut doc = Doc::new("d", text);
        doc.layers.paragraphs = vec![Paragraph {
            span: Span::new(0, text.len()),
            kind: ParagraphKind::Body,
        }];
        let at = |w: &str| {
            let start = text.find(w).unwrap();
            Span::new(start, start + w.len())
        };
        doc.layers.techniques = Some(vec![
            TechniqueSpan {
                span: at("thugs"),
                technique: Technique::NameCallingLabeling,
                confidence: 0.9,
                evidence: "thugs".into(),
            },
            TechniqueSpan {
                span: at("disaster"),
                technique: Technique::LoadedLanguage,
                confidence: 0.8,
                evidence: "disaster".into(),
            },
        ]);
        let html = page(&doc);
        let class = |t| format!("technique technique-{}", crate::technique_class(t));
        let (name_calling, loaded) = (
            class(Technique::NameCallingLabeling),
            class(Technique::LoadedLanguage),
        );
        assert_ne!(name_calling, loaded);
        assert!(html.contains(&format!("m {name_calling}\"")), "{html}");
        assert!(html.contains(&format!("m {loaded}\"")), "{html}");
        assert!(html.contains("<h3>Techniques</h3>"), "{html}");
        assert!(html.contains(&format!(
            "data-jump=\"{}-{}\"",
            at("thugs").start,
            at("thugs").end
        )));
    }
}
