//! Cheap linear passes over raw HTML before it is parsed.
//!
//! [`strip_inert`] removes what never holds article text (scripts, styles, SVG, templates, comments;
//! not `<noscript>`, where some forums serve their posts): over
//! half the bytes of a typical news page, so parsing takes half the time. JSON-LD scripts stay for
//! the metadata. [`flatten`] guards against pathologically deep HTML: html5ever's tree builder
//! scans its stack of open elements for every tag, so 100,000 nested `<div>`s take minutes; real
//! pages stay far below [`MAX_DEPTH`], and tags past it are dropped (their text stays).

use std::borrow::Cow;
use std::collections::HashMap;

/// Nesting deeper than this is flattened. Real pages stay under 200 (the deepest of 943 WCXB
/// pages: 180); past that, nesting is an attack, not a layout, and every walk up the ancestors
/// would cost its depth.
pub const MAX_DEPTH: usize = 256;

/// Elements the parser closes implicitly or that never hold children: not counted as nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd",
];

/// Elements whose content is raw text, where `<` is not a tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    closing: bool,
    self_closing: bool,
}

/// The tags of `html`, skipping comments and raw-text content.
fn tags(html: &str) -> impl Iterator<Item = Tag<'_>> {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let open = at + memchr::memchr(b'<', bytes.get(at..)?)?;
            if bytes[open..].starts_with(b"<!--") {
                at = memchr::memmem::find(&bytes[open + 4..], b"-->")
                    .map_or(bytes.len(), |e| open + 4 + e + 3);
                continue;
            }
            let closing = bytes.get(open + 1) == Some(&b'/');
            let name_start = open + 1 + closing as usize;
            let name_len = bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 {
                at = open + 1;
                continue;
            }
            let close = memchr::memchr(b'>', &bytes[name_start..])
                .map_or(bytes.len(), |e| name_start + e + 1);
            let name = &html[name_start..name_start + name_len];
            at = close;
            if !closing && RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
                at = raw_text_end(bytes, close, name.as_bytes());
            }
            return Some(Tag {
                start: open,
                end: close,
                name,
                closing,
                self_closing: close >= 2 && bytes[close - 2] == b'/',
            });
        }
    })
}

/// Elements whose content is never article text, removed with their content.
const INERT: &[&str] = &["script", "style", "svg", "template"];

/// `html` without comments and inert elements (keeping `<script type="application/ld+json">`).
pub fn strip_inert(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let (mut copied, mut at) = (0, 0);
    while let Some(open) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let skip_to = if bytes[open..].starts_with(b"<!--") {
            memchr::memmem::find(&bytes[open + 4..], b"-->")
                .map_or(bytes.len(), |e| open + 4 + e + 3)
        } else if let Some(name) = INERT
            .iter()
            .find(|n| starts_tag(&bytes[open + 1..], n.as_bytes()))
        {
            let tag_end =
                memchr::memchr(b'>', &bytes[open..]).map_or(bytes.len(), |e| open + e + 1);
            let json_ld = *name == "script" && {
                let tag = html[open..tag_end].to_ascii_lowercase();
                tag.contains("ld+json")
            };
            if json_ld {
                at = tag_end;
                continue;
            }
            let close = raw_text_end(bytes, tag_end, name.as_bytes());
            memchr::memchr(b'>', &bytes[close..]).map_or(bytes.len(), |e| close + e + 1)
        } else {
            at = open + 1;
            continue;
        };
        out.push_str(&html[copied..open]);
        copied = skip_to;
        at = skip_to;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// React streams the slow parts of a page after the rest: each part arrives as
/// `<div hidden id="S:n">` near the end of the body, and a script moves it into the boundary
/// marked `<template id="B:n">`, replacing the fallback ("Loading...") that runs to the
/// boundary's `<!--/$-->`. Without scripts the article would sit hidden at the end (or be lost
/// to readability), so this puts each part where the script would. `None` when the page has no
/// such parts or they are not well formed.
pub fn resolve_suspense(html: &str) -> Option<String> {
    const SEGMENT: &[u8] = b"<div hidden id=\"S:";
    let bytes = html.as_bytes();
    memchr::memmem::find(bytes, SEGMENT)?;
    let mut segments: Vec<Segment> = Vec::new();
    let mut end = 0;
    for start in memchr::memmem::find_iter(bytes, SEGMENT) {
        if start < end {
            continue;
        }
        let id_start = start + SEGMENT.len();
        let id_end = id_start + memchr::memchr(b'"', &bytes[id_start..])?;
        let open_end = id_end + memchr::memchr(b'>', &bytes[id_end..])? + 1;
        let mut depth = 1;
        let close = tags(&html[open_end..]).find(|tag| {
            if tag.name.eq_ignore_ascii_case("div") && !tag.self_closing {
                depth = if tag.closing { depth - 1 } else { depth + 1 };
            }
            depth == 0
        })?;
        end = open_end + close.end;
        segments.push(Segment {
            id: &html[id_start..id_end],
            content: &html[open_end..open_end + close.start],
            whole: start..end,
            used: false,
        });
    }
    let mut page = String::with_capacity(html.len());
    let mut at = 0;
    for segment in &segments {
        page.push_str(&html[at..segment.whole.start]);
        at = segment.whole.end;
    }
    page.push_str(&html[at..]);
    let by_id: HashMap<&str, usize> = segments
        .iter()
        .enumerate()
        .rev()
        .map(|(k, s)| (s.id, k))
        .collect();
    let mut out = String::with_capacity(html.len());
    fill_boundaries(&page, &mut segments, &by_id, &mut out, 0);
    // A part whose boundary is missing stays, visible, at the end.
    for segment in segments.iter().filter(|s| !s.used) {
        out.push_str("<div>");
        out.push_str(segment.content);
        out.push_str("</div>");
    }
    Some(out)
}

/// One streamed part of a React page.
struct Segment<'a> {
    id: &'a str,
    content: &'a str,
    whole: std::ops::Range<usize>,
    used: bool,
}

/// Copies `html` into `out` with each boundary's template and fallback replaced by its part
/// (parts may hold boundaries of their own, up to a small depth).
fn fill_boundaries<'a>(
    html: &str,
    segments: &mut [Segment<'a>],
    by_id: &HashMap<&str, usize>,
    out: &mut String,
    depth: usize,
) {
    const BOUNDARY: &str = "<template id=\"B:";
    let mut at = 0;
    while let Some(found) = html[at..].find(BOUNDARY).map(|i| at + i) {
        let id_start = found + BOUNDARY.len();
        let id = html[id_start..].split('"').next().unwrap_or_default();
        let part = by_id
            .get(id)
            .copied()
            .filter(|&k| !segments[k].used && depth < 8);
        let Some(k) = part else {
            out.push_str(&html[at..id_start]);
            at = id_start;
            continue;
        };
        segments[k].used = true;
        let content: &'a str = segments[k].content;
        out.push_str(&html[at..found]);
        fill_boundaries(content, segments, by_id, out, depth + 1);
        at = fallback_end(html, id_start);
    }
    out.push_str(&html[at..]);
}

/// Where a boundary's fallback ends: just after its `<!--/$-->` (boundaries nested in the
/// fallback skipped), or else after its template.
fn fallback_end(html: &str, from: usize) -> usize {
    // A fallback is a spinner or a skeleton: looking further than this for its end would make
    // pages without end markers quadratic.
    const FALLBACK_MAX: usize = 100_000;
    let mut depth = 1;
    let mut at = from;
    let limit = (from + FALLBACK_MAX).min(html.len());
    while let Some(open) = html[at..limit].find("<!--").map(|i| at + i) {
        let rest = &html[open + 4..];
        if rest.starts_with("/$-->") {
            depth -= 1;
            if depth == 0 {
                return open + 9;
            }
        } else if rest.starts_with('$') {
            depth += 1;
        }
        at = open + 4;
    }
    html[from..]
        .find("</template>")
        .map_or(from, |e| from + e + "</template>".len())
}

/// Whether `rest` (what follows a `<`) starts with tag `name`, ignoring case.
fn starts_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
}

/// Where the end tag `</name` of a raw-text element starts, searching from `from`.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(e) = memchr::memmem::find(&bytes[at..], b"</") {
        let tag = at + e + 2;
        if bytes
            .get(tag..tag + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return at + e;
        }
        at = tag;
    }
    bytes.len()
}

fn nests(tag: &Tag) -> bool {
    !tag.self_closing && !NOT_NESTING.iter().any(|n| n.eq_ignore_ascii_case(tag.name))
}

/// `html` with the tags nested deeper than [`MAX_DEPTH`] removed, or `None` if none are.
pub fn flatten(html: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut too_deep = false;
    for tag in tags(html).filter(nests) {
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            too_deep |= depth > MAX_DEPTH;
        }
        if too_deep {
            break;
        }
    }
    if !too_deep {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    depth = 0;
    for tag in tags(html).filter(nests) {
        let drop = if tag.closing {
            let deep = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > MAX_DEPTH
        };
        if drop {
            out.push_str(&html[copied..tag.start]);
            copied = tag.end;
        }
    }
    out.push_str(&html[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_inert_elements_but_keeps_json_ld() {
        let page = "<p>A</p><script>var x = '<p>no</p>';</script><!-- c --><STYLE>p{}</STYLE>\
            <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script><svg><path/></svg><p>B</p>";
        assert_eq!(
            strip_inert(page),
            "<p>A</p><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script><p>B</p>"
        );
        assert!(matches!(strip_inert("<p>plain</p>"), Cow::Borrowed(_)));
        assert_eq!(strip_inert("<p>A</p><script>never closed"), "<p>A</p>");
        assert_eq!(
            strip_inert("<scripts>kept</scripts>"),
            "<scripts>kept</scripts>"
        );
    }

    #[test]
    fn puts_streamed_parts_in_their_boundaries() {
        let page = "<body><h1>T</h1><!--$?--><template id=\"B:0\"></template><p>Loading...</p><!--/$-->\
            <p>Footer</p><div hidden id=\"S:0\"><div><p>Story <!--$?--><template id=\"B:1\"></template>\
            wait<!--/$--></p></div></div><div hidden id=\"S:1\">text</div>\
            <div hidden id=\"S:7\"><p>orphan</p></div><script>$RC(\"B:0\",\"S:0\")</script></body>";
        let out = resolve_suspense(page).unwrap();
        assert_eq!(
            strip_inert(&out),
            "<body><h1>T</h1><div><p>Story text</p></div><p>Footer</p></body><div><p>orphan</p></div>"
        );
        assert_eq!(resolve_suspense("<div hidden>x</div>"), None);
        assert_eq!(
            resolve_suspense("<div hidden id=\"S:0\"><div>unclosed"),
            None
        );
    }

    #[test]
    fn leaves_normal_pages_alone() {
        assert_eq!(
            flatten("<div><p>One<p>Two<script>if (a<b) {}</script></div>"),
            None
        );
    }

    #[test]
    fn drops_tags_past_the_limit_and_keeps_text() {
        let n = MAX_DEPTH + 50;
        let deep = "<div>".repeat(n) + "deep text" + &"</div>".repeat(n);
        let flat = flatten(&deep).unwrap();
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("deep text"));
    }
}
