//! Cheap linear passes over raw HTML before it is parsed.
//!
//! [`strip_inert`] removes what never holds article text (scripts, styles, SVG, templates,
//! comments; not `<noscript>`, where some forums serve their posts) and the attributes nothing
//! reads (`data-*`, image sources), and collapses white space between tags outside preformatted
//! text: over half the bytes of a typical news page, so parsing takes half the time. JSON-LD
//! scripts stay for the metadata. [`flatten`] guards against pathologically deep HTML:
//! html5ever's tree builder scans its stack of open elements for every tag, so 100,000 nested
//! `<div>`s take minutes; real pages stay far below [`MAX_DEPTH`], and tags past it are dropped
//! (their text stays).

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

/// Elements whose white space is text.
const PREFORMATTED: &[&str] = &["pre", "listing", "textarea", "plaintext"];

/// Elements whose content is never article text, removed with their content.
const INERT: &[&str] = &["script", "style", "svg", "template"];

/// `html` without comments and inert elements (keeping `<script type="application/ld+json">`),
/// and without the start tags' [unused attributes](is_unused_attribute).
pub fn strip_inert(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = Cutter {
        html,
        out: String::new(),
        copied: 0,
    };
    let mut at = 0;
    let mut preformatted = 0usize;
    let is =
        |name: &[u8], list: &[&str]| list.iter().any(|n| name.eq_ignore_ascii_case(n.as_bytes()));
    let mut dropped = Vec::new();
    while let Some(open) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        if bytes[open..].starts_with(b"<!--") {
            let end = memchr::memmem::find(&bytes[open + 4..], b"-->")
                .map_or(bytes.len(), |e| open + 4 + e + 3);
            out.cut(open, end);
            at = end;
            continue;
        }
        if bytes.get(open + 1) == Some(&b'/') {
            // An end tag: maybe the end of preformatted text.
            let name_len = bytes[open + 2..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let tag_end =
                memchr::memchr(b'>', &bytes[open..]).map_or(bytes.len(), |e| open + e + 1);
            if is(&bytes[open + 2..open + 2 + name_len], PREFORMATTED) {
                preformatted = preformatted.saturating_sub(1);
            }
            if preformatted == 0 {
                out.collapse_space(tag_end);
            }
            at = tag_end;
            continue;
        }
        if !bytes.get(open + 1).is_some_and(u8::is_ascii_alphabetic) {
            at = open + 1;
            continue;
        }
        let (name_end, tag_end) = start_tag(bytes, open, &mut dropped);
        let name = &bytes[open + 1..name_end];
        if is(name, PREFORMATTED) {
            preformatted += 1;
        }
        if is(name, INERT)
            && !(name.eq_ignore_ascii_case(b"script")
                && html[open..tag_end].to_ascii_lowercase().contains("ld+json"))
        {
            dropped.clear();
            let close = raw_text_end(bytes, tag_end, name);
            let end = memchr::memchr(b'>', &bytes[close..]).map_or(bytes.len(), |e| close + e + 1);
            out.cut(open, end);
            at = end;
            continue;
        }
        for range in dropped.drain(..) {
            out.cut(range.start, range.end);
        }
        // Raw text (JSON-LD, a title, a text area) holds no tags: skip to its end tag.
        at = if is(name, RAW_TEXT) {
            raw_text_end(bytes, tag_end, name)
        } else {
            if preformatted == 0 {
                out.collapse_space(tag_end);
            }
            tag_end
        };
    }
    out.finish()
}

/// Copies `html` leaving out the byte ranges it is told to cut, in order.
struct Cutter<'a> {
    html: &'a str,
    out: String,
    copied: usize,
}

impl<'a> Cutter<'a> {
    fn cut(&mut self, from: usize, to: usize) {
        self.out.push_str(&self.html[self.copied..from]);
        self.copied = to;
    }

    /// White space between two tags is one character to every reader outside preformatted text:
    /// a run after `from` that reaches a tag keeps one character, its line break if it has one
    /// (readers of lines, like the byline's, see the same lines).
    fn collapse_space(&mut self, from: usize) {
        let bytes = &self.html.as_bytes()[from..];
        let run = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if run < 2 || bytes.get(run) != Some(&b'<') {
            return;
        }
        let keep = memchr::memchr(b'\n', &bytes[..run]).unwrap_or(0);
        if keep > 0 {
            self.cut(from, from + keep);
        }
        self.cut(from + keep + 1, from + run);
    }

    fn finish(mut self) -> Cow<'a, str> {
        if self.copied == 0 {
            return Cow::Borrowed(self.html);
        }
        self.out.push_str(&self.html[self.copied..]);
        Cow::Owned(self.out)
    }
}

/// Attributes no reader of the page uses: scripts' data (`data-*`) and the sources of images and
/// frames (`src`, `srcset`, `imagesrcset`, `sizes`). They are a tenth of a typical page's bytes,
/// and attributes are the slowest path of the HTML tokenizer.
fn is_unused_attribute(name: &[u8]) -> bool {
    (name.len() > 5 && name[..5].eq_ignore_ascii_case(b"data-"))
        || [&b"src"[..], b"srcset", b"imagesrcset", b"sizes"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
}

/// Reads the start tag at `open` as the HTML tokenizer does: returns where its name ends and
/// where the tag ends, and adds to `dropped` the byte ranges of its unused attributes (each with
/// the white space before it).
fn start_tag(
    bytes: &[u8],
    open: usize,
    dropped: &mut Vec<std::ops::Range<usize>>,
) -> (usize, usize) {
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = open + 1;
    while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
        i += 1;
    }
    let name_end = i;
    let mut token_end = i;
    loop {
        while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return (name_end, bytes.len()),
            Some(b'>') => return (name_end, i + 1),
            Some(_) => {}
        }
        let attr_start = i;
        i += 1; // an attribute name may start with '='
        while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr_name = &bytes[attr_start..i];
        let mut j = i;
        while j < bytes.len() && space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && space(bytes[j]) {
                j += 1;
            }
            i = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    memchr::memchr(q, &bytes[j + 1..]).map_or(bytes.len(), |e| j + 1 + e + 1)
                }
                _ => {
                    let mut k = j;
                    while k < bytes.len() && !space(bytes[k]) && bytes[k] != b'>' {
                        k += 1;
                    }
                    k
                }
            };
        }
        if is_unused_attribute(attr_name) {
            dropped.push(token_end..i);
        }
        token_end = i;
    }
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
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn stripping_never_panics_and_never_grows(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
            noise in "\\PC{0,20}",
        ) {
            let html: String = picks.iter().map(|&i| PIECES[i]).chain([noise.as_str()]).collect();
            prop_assert!(strip_inert(&html).len() <= html.len());
        }
    }

    const PIECES: &[&str] = &[
        "<p",
        "<script",
        "<script type=\"application/ld+json\">",
        "</script>",
        "<title>",
        "</title>",
        "<!--",
        "-->",
        " data-x=",
        "\"",
        "'",
        ">",
        " srcset",
        "=",
        "<svg>",
        "</svg>",
        "<div/data-y=1",
        "</",
        "é",
        " ",
    ];

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
    fn drops_unused_attributes_only_from_tags() {
        let page = "<img src=\"a.jpg\" srcset=\"a-2x.jpg 2x\" data-lazy='{\"x\": \"<b data-y=1>\"}' \
            alt=\"Quay\"><p data-id=7 class=lead>Text <b>data-x=1</b></p>\
            <title>A <i data-z=2> title</title><div data-open hidden>x</div>";
        assert_eq!(
            strip_inert(page),
            "<img alt=\"Quay\"><p class=lead>Text <b>data-x=1</b></p>\
            <title>A <i data-z=2> title</title><div hidden>x</div>"
        );
        assert_eq!(strip_inert("<p data-x=\"never closed"), "<p");
        assert_eq!(
            strip_inert("<script data-x=1>x()</script><p data-y=2>A</p>"),
            "<p>A</p>"
        );
        assert_eq!(strip_inert("<a href=x data-y"), "<a href=x");
    }

    #[test]
    fn white_space_between_tags_is_one_character_outside_preformatted_text() {
        let page =
            "<div>\n    <p>A  b</p>\n\n    <pre>\n  x\n    <b>y</b>\n</pre>  \n  <p>C</p>\n</div>";
        assert_eq!(
            strip_inert(page),
            "<div>\n<p>A  b</p>\n<pre>\n  x\n    <b>y</b>\n</pre>\n<p>C</p>\n</div>"
        );
        assert_eq!(strip_inert("<b>A</b>   <i>B</i>"), "<b>A</b> <i>B</i>");
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
