//! Self-contained HTML pages of search results (written as they stream) and of outlets: one
//! file, no external assets, every hit shown in its sentence.

use std::io::{self, Write};

use rhetor_render::html::escape;

use crate::{Field, Found, Hit, Outlet};

const STYLE: &str = r#"
:root { --ink:#1d2430; --muted:#5b6575; --line:#dde2ea; --bg:#fbfbf8; --bar:#9db4d8; }
body { margin:0; font:15px/1.5 system-ui, sans-serif; color:var(--ink); background:var(--bg); }
header { background:#fff; border-bottom:1px solid var(--line); padding:.6rem 1rem; }
main { max-width:96rem; margin:1.2rem auto; padding:0 1rem; }
table { border-collapse:collapse; width:100%; background:#fff; }
th, td { text-align:left; vertical-align:top; padding:.35rem .5rem; border-bottom:1px solid var(--line); }
th { font-size:.8rem; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
td.n, td.d { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
td.d { text-align:left; }
.chip { display:inline-block; background:#eef2f8; border-radius:9px; padding:0 .45rem; margin:0 .2rem .2rem 0; font-size:.85rem; }
.chip.source { background:#e4eefb; } .chip.technique { background:#fbeedd; } .chip.entity { background:#e6f3e2; } .chip.word { background:#f0f0f0; }
mark { background:#fff1a8; }
details summary { cursor:pointer; color:var(--muted); font-size:.85rem; }
details li { margin:.25rem 0; }
.bar { display:block; margin-top:.15rem; } .bar rect { fill:var(--bar); }
.muted { color:var(--muted); }
"#;

fn head(out: &mut impl Write, title: &str) -> io::Result<()> {
    write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · rhetor</title><style>{STYLE}</style></head><body>\n\
         <header><b>rhetor</b> · {}</header>\n<main>\n",
        escape(title),
        escape(title)
    )
}

/// The page of matching articles, one table row written per article as it is found.
pub struct FoundPage<W: Write> {
    out: W,
    rows: usize,
}

impl<W: Write> FoundPage<W> {
    /// Writes the page's head; `what` describes the query.
    pub fn new(mut out: W, what: &str) -> io::Result<Self> {
        head(&mut out, &format!("Articles {what}"))?;
        writeln!(
            out,
            "<table><thead><tr><th>published</th><th>site</th><th>title</th><th>hits</th>\
             <th>where</th></tr></thead><tbody>"
        )?;
        Ok(FoundPage { out, rows: 0 })
    }

    pub fn row(&mut self, found: &Found) -> io::Result<()> {
        self.rows += 1;
        let chips: String = found
            .counts()
            .iter()
            .map(|(field, label, n)| {
                format!(
                    "<span class=\"chip {}\">{} ×{n}</span>",
                    field_class(*field),
                    escape(&label.replace('_', " "))
                )
            })
            .collect();
        let title = found.title.as_deref().unwrap_or(&found.id);
        let title = match &found.url {
            Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(title)),
            None => escape(title),
        };
        let hits = match found.hits.split_first() {
            None => String::new(),
            Some((first, rest)) => {
                let more = if rest.is_empty() {
                    String::new()
                } else {
                    let items: String = rest
                        .iter()
                        .map(|h| format!("<li>{}</li>", shown(h)))
                        .collect();
                    format!(
                        "<details><summary>{} more</summary><ul>{items}</ul></details>",
                        rest.len()
                    )
                };
                format!("{}{more}", shown(first))
            }
        };
        writeln!(
            self.out,
            "<tr><td class=\"d\">{}</td><td>{}</td><td>{title}<div class=\"muted\">{}</div></td>\
             <td>{chips}</td><td>{hits}</td></tr>",
            escape(found.published.as_deref().unwrap_or("–")),
            escape(&found.site),
            escape(&found.id),
        )
    }

    /// Ends the page with how many of the `read` articles matched.
    pub fn finish(mut self, read: usize) -> io::Result<W> {
        writeln!(
            self.out,
            "</tbody></table>\n<p class=\"muted\">{} of {read} articles match.</p>\n</main></body></html>",
            self.rows
        )?;
        Ok(self.out)
    }
}

fn field_class(field: Field) -> &'static str {
    match field {
        Field::Word => "word",
        Field::Entity => "entity",
        Field::Source => "source",
        Field::Technique => "technique",
        Field::Claim => "claim",
    }
}

/// A hit in its context, the hit marked, with its character offsets.
fn shown(h: &Hit) -> String {
    format!(
        "{} <span class=\"muted\">[{}–{}]</span>",
        marked(h),
        h.start,
        h.end
    )
}

/// A hit in its context (for a source, what it said), the hit marked, escaped for HTML.
pub fn marked(h: &Hit) -> String {
    match h.field {
        Field::Source => format!("<mark>{}</mark>: “{}”", escape(&h.text), escape(&h.context)),
        Field::Word | Field::Entity | Field::Technique | Field::Claim => {
            match h.context.find(&h.text) {
                Some(at) => format!(
                    "{}<mark>{}</mark>{}",
                    escape(&h.context[..at]),
                    escape(&h.text),
                    escape(&h.context[at + h.text.len()..])
                ),
                None => format!("<mark>{}</mark> · {}", escape(&h.text), escape(&h.context)),
            }
        }
    }
}

/// One of an outlet's rates.
type Rate = fn(&Outlet) -> f64;

/// What a name in the outlets table stands for, so that a page can link it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named<'a> {
    Site(&'a str),
    Entity(&'a str),
    Source(&'a str),
}

/// A page with one row per outlet, each rate drawn as a bar against the largest in its column.
pub fn outlets_page(rows: &[Outlet], mut out: impl Write) -> io::Result<()> {
    head(&mut out, "Outlets compared")?;
    writeln!(out, "{}", outlets_table(rows, |_| None))?;
    writeln!(out, "</main></body></html>")
}

/// The outlets table of [`outlets_page`]; `link` gives the address a name links to, if any.
/// Bars are SVG (no inline style), so the table also shows under a strict Content-Security-
/// Policy.
pub fn outlets_table(rows: &[Outlet], link: impl Fn(Named) -> Option<String>) -> String {
    let mut out = String::from(
        "<p class=\"muted\">Rates are per 1,000 words of article text, the same measure for \
         every outlet.</p>\n<table class=\"outlets\"><thead><tr><th>site</th><th>articles</th>\
         <th>words</th><th>published</th><th>attributions</th><th>reported text</th>\
         <th>claims</th><th>claims by sources</th><th>techniques</th>\
         <th>most used techniques</th><th>most named</th><th>most cited</th></tr></thead><tbody>\n",
    );
    let max = |f: Rate| rows.iter().map(f).fold(0.0f64, f64::max);
    // Each rate, and whether it is a share (shown in per cent).
    let columns: [(Rate, bool); 5] = [
        (|o| o.attributions_per_1k_words, false),
        (|o| o.reported_share, true),
        (|o| o.claims_per_1k_words, false),
        (|o| o.claims_from_sources, true),
        (|o| o.techniques_per_1k_words, false),
    ];
    let maxima: Vec<f64> = columns.iter().map(|(f, _)| max(*f)).collect();
    let linked = |named: Named, text: &str| match link(named) {
        Some(href) => format!("<a href=\"{}\">{}</a>", escape(&href), escape(text)),
        None => escape(text),
    };
    let names = |list: &[(String, usize)], entities: bool| -> String {
        list.iter()
            .map(|(n, c)| {
                let named = if entities {
                    Named::Entity(n)
                } else {
                    Named::Source(n)
                };
                format!("{} ({c})", linked(named, n))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for o in rows {
        let mut cells = String::new();
        for ((value, share), top) in columns.iter().map(|(f, s)| (f(o), *s)).zip(&maxima) {
            let shown = if share {
                format!("{:.0}%", value * 100.0)
            } else {
                format!("{value:.1}")
            };
            let width = if *top > 0.0 { value / top * 100.0 } else { 0.0 };
            cells.push_str(&format!("<td class=\"n\">{shown}{}</td>", bar(width)));
        }
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"d\">{}</td>{cells}\
             <td>{}</td><td>{}</td><td>{}</td></tr>\n",
            linked(Named::Site(&o.site), &o.site),
            o.articles,
            o.words,
            escape(&o.dates()),
            escape(&o.top_techniques()),
            names(&o.most_named, true),
            names(&o.most_cited, false),
        ));
    }
    out.push_str("</tbody></table>");
    out
}

/// A bar `width` per cent of its cell wide.
fn bar(width: f64) -> String {
    format!(
        "<svg class=\"bar\" viewBox=\"0 0 100 4\" preserveAspectRatio=\"none\" width=\"100%\" \
         height=\"6\" aria-hidden=\"true\"><rect width=\"{width:.1}\" height=\"4\" rx=\"1\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Outlets;
    use crate::tests_support::{found_diaz, sample};

    #[test]
    fn a_found_row_marks_its_hits_and_escapes_text() {
        let found = found_diaz("Ana <Díaz>", "Río Times");
        let mut page = FoundPage::new(Vec::new(), "naming Díaz").unwrap();
        page.row(&found).unwrap();
        let out = String::from_utf8(page.finish(2).unwrap()).unwrap();
        assert!(out.starts_with("<!doctype html>"));
        assert!(
            out.contains("<mark>Ana &lt;Díaz&gt;</mark> said the bridge"),
            "{out}"
        );
        assert!(out.contains("1 more"));
        assert!(out.contains("1 of 2 articles match."));
        assert!(!out.contains("<Díaz>"));
    }

    #[test]
    fn the_outlet_page_draws_each_rate_against_the_largest() {
        let mut outlets = Outlets::default();
        outlets.add(&sample("Ana Díaz", "Río Times", "2024-03-12"));
        outlets.add(&sample("Omar Haddad", "Cedar Post", "2024-03-10"));
        let mut out = Vec::new();
        outlets_page(&outlets.rows(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<td>Cedar Post</td>"));
        assert!(out.contains("<rect width=\"100.0\""));
        assert!(!out.contains("style=\""), "no inline style");
        assert!(out.ends_with("</html>\n"));
    }
}
