//! What a page shows its readers around the headline, for pages whose metadata lacks it: the
//! byline's date and authors on the short lines just after (or before) the `<h1>` ("By Ann
//! Writer", "Dec 17, 2025 · 6 min read"), a date element (`<span class="post-date">`), and the
//! date in the URL (`/2025/12/18/slug`).
//!
//! A page that shows both a published and an updated date gives the published one; a page that
//! shows only "Last updated: ..." gives that, as readers (and benchmarks) take it.

use dom_query::{Document, NodeRef};

use crate::dates::{find_numeric, find_written, ymd};
use crate::html::clean;

/// A full date written in one of the page's date or byline elements
/// ([`PageIndex::date_places`](crate::page_index::PageIndex)), with the element's class as detail.
pub fn date_element(places: &[NodeRef]) -> Option<(String, String)> {
    places.iter().find_map(|node| {
        let text = node.text();
        if text.len() > 200 {
            return None;
        }
        let (date, _) = find_written(&text)?;
        let place = node
            .attr("class")
            .map(|c| clean(&c))
            .unwrap_or_else(|| node.node_name().map(|n| n.to_string()).unwrap_or_default());
        Some((date, format!("visible date in {place}")))
    })
}

/// Elements whose text is never a byline.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "aside", "footer", "form", "button",
    "select", "textarea", "iframe", "head", "title", "menu", "dialog",
];

/// How much text around the headline is searched: bylines sit just before or after it.
const AFTER: usize = 700;
const BEFORE: usize = 300;
/// A date line has at most this many other words ("Posted on ... at 19:00 by Ann Writer").
const MAX_WORDS_AROUND: usize = 8;
/// A text line longer than this is article text, not a byline; the search stops there.
const LONG_LINE: usize = 200;

/// The visible text lines around a page's headline.
pub struct Headline {
    /// One line per text node, in document order, up to a little past the headline.
    lines: Vec<String>,
    /// Where the headline's own lines start and end.
    start: usize,
    end: usize,
}

impl Headline {
    pub fn read(doc: &Document, h1: &NodeRef) -> Option<Headline> {
        let (lines, start, end) = lines_around(doc, h1)?;
        Some(Headline { lines, start, end })
    }

    /// The short lines a byline can be on, nearest first: after the headline, then before it.
    fn byline_lines(&self) -> impl Iterator<Item = (usize, &str)> {
        // After the headline the search may pass one long line, the standfirst, and stops at
        // the next: the article text has begun.
        let after = self.lines[self.end..]
            .iter()
            .enumerate()
            .scan((0, 0), |(seen, long), (i, line)| {
                if line.len() > LONG_LINE {
                    *long += 1;
                    return (*long <= 1).then_some(None);
                }
                *seen += line.len();
                (*seen <= AFTER).then_some(Some((self.end + i, line.as_str())))
            })
            .flatten();
        let before =
            self.lines[..self.start]
                .iter()
                .enumerate()
                .rev()
                .scan(0, |seen, (i, line)| {
                    *seen += line.len();
                    (*seen <= BEFORE && line.len() <= LONG_LINE).then_some((i, line.as_str()))
                });
        after.chain(before)
    }

    /// The byline's date, with the line as detail. Published dates win over dates labelled
    /// "Updated".
    pub fn date(&self) -> Option<(String, String)> {
        let mut updated = None;
        for (i, line) in self.byline_lines() {
            let Some((date, range)) = find_written(line).or_else(|| find_numeric(line)) else {
                continue;
            };
            // A byline is a date with a few words around it, not a sentence that mentions one.
            let words_around = line[..range.start].split_whitespace().count()
                + line[range.end..].split_whitespace().count();
            if words_around > MAX_WORDS_AROUND {
                continue;
            }
            // The label is the text before the date, on its line or the line before ("Last
            // updated:" and the date are often two elements).
            let mut label = line[..range.start].to_lowercase();
            if label.trim().is_empty() && i > 0 {
                label = self.lines[i - 1].to_lowercase();
            }
            // The date of something else: an event, a deadline, a rule taking effect, or a
            // range ("12 Dec 2025 - 17 Dec 2025").
            let other = [
                "effective",
                "event",
                "deadline",
                "expir",
                "valid",
                "due ",
                "until",
            ]
            .iter()
            .any(|w| label.contains(w))
                || line[range.end..]
                    .trim_start()
                    .strip_prefix(['-', '–', '—'])
                    .is_some_and(|rest| {
                        find_written(rest).or_else(|| find_numeric(rest)).is_some()
                    });
            if other {
                continue;
            }
            let is_update = ["updat", "modif", "edited", "revised", "reviewed"]
                .iter()
                .any(|w| label.contains(w));
            let found = (date, format!("date by the headline: {line}"));
            if !is_update {
                return Some(found);
            }
            updated.get_or_insert(found);
        }
        updated
    }

    /// The names on the byline ("By Ann Writer and Bo Reporter", "Written by: Ann Writer", or
    /// "By" and the names as separate elements), each accepted by `name`.
    pub fn authors(&self, name: impl Fn(&str) -> Option<String>) -> Vec<String> {
        const LABELS: &[&str] = &[
            "written by",
            "posted by",
            "words by",
            "authors",
            "author",
            "by",
        ];
        for (i, line) in self.byline_lines() {
            let low = line.to_lowercase();
            let Some(label) = LABELS.iter().find(|l| {
                low.starts_with(*l)
                    && low[l.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| matches!(c, ' ' | ':'))
            }) else {
                continue;
            };
            let mut rest = line
                .get(label.len()..)
                .unwrap_or_default()
                .trim_start_matches([' ', ':'])
                .trim();
            if rest.is_empty() {
                // "By" in its own element: the names follow.
                rest = self.lines.get(i + 1).map_or("", String::as_str);
            }
            // The names end where the date or a separator starts.
            let names_part = rest.split(['|', '•', '·', '—', '–']).next().unwrap_or("");
            let names_part =
                find_written(names_part).map_or(names_part, |(_, r)| &names_part[..r.start]);
            let names = names_in(names_part, &name);
            if !names.is_empty() {
                return names;
            }
        }
        // Without a label: "Ann Writer | Senior Writer | July 2, 2025", a name of two words or
        // more before a separator, on a line that also gives the date.
        for (_, line) in self.byline_lines().take(3) {
            let mut parts = line.split(['|', '•', '·']);
            let (Some(first), Some(_)) = (parts.next(), parts.next()) else {
                continue;
            };
            if find_written(line).is_none() || first.split_whitespace().count() < 2 {
                continue;
            }
            if let Some(found) = name(first.trim()) {
                return vec![found];
            }
        }
        Vec::new()
    }
}

/// The names in a byline's text ("Ann Writer, Bo Reporter & Cy Editor | Staff"), each accepted
/// by `name`, without repeats, at most five.
pub fn names_in(text: &str, name: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for piece in text.split([',', '&', '|']).flat_map(|p| p.split(" and ")) {
        if let Some(n) = name(piece).filter(|n| !names.contains(n)) {
            names.push(n);
        }
    }
    names.truncate(5);
    names
}

/// The page's visible text lines (one per text node) up to a little past the headline, and
/// where the headline's lines start and end.
fn lines_around(doc: &Document, h1: &NodeRef) -> Option<(Vec<String>, usize, usize)> {
    let mut lines: Vec<String> = Vec::new();
    let (mut start, mut end) = (None, None);
    let mut after = 0;
    // (node, leaving): an explicit stack, so deep pages cannot overflow ours.
    let mut stack: Vec<(NodeRef, bool)> = vec![(doc.root(), false)];
    while let Some((node, leaving)) = stack.pop() {
        if leaving {
            end = Some(lines.len());
            continue;
        }
        if node.is_text() {
            let line = clean(&node.text());
            if line.is_empty() {
                continue;
            }
            if end.is_some() {
                after += line.len();
                if after > AFTER + LONG_LINE {
                    break;
                }
            }
            lines.push(line);
            continue;
        }
        if node.is_element() {
            let name = node.node_name().unwrap_or_default().to_ascii_lowercase();
            // `hidden` is not skipped: streaming React pages keep their content in `<div hidden>`.
            if SKIP.contains(&name.as_str()) {
                continue;
            }
        }
        if node.id == h1.id {
            start = Some(lines.len());
            stack.push((node, true));
        }
        let children = node.children();
        stack.extend(children.into_iter().rev().map(|c| (c, false)));
    }
    Some((lines, start?, end?))
}

/// A full date in the URL's path (`/2025/12/18/`, `/2025-12-17-slug`).
pub fn url_date(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/')?..];
    let b = path.as_bytes();
    (0..b.len()).find_map(|i| {
        let piece = path.get(i..i + 11)?;
        let p = piece.as_bytes();
        let boundary = b[i] == b'/' || b[i] == b'-' || b[i] == b'_';
        let sep = p[5];
        let shape = boundary
            && (sep == b'/' || sep == b'-')
            && p[8] == sep
            && [1, 2, 3, 4, 6, 7, 9, 10]
                .iter()
                .all(|&k| p[k].is_ascii_digit());
        let after_ok = b.get(i + 11).is_none_or(|c| !c.is_ascii_digit());
        if !(shape && after_ok) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| piece[r].parse::<u32>().ok();
        let year = num(1..5)? as i32;
        (1990..=2099)
            .contains(&year)
            .then(|| ymd(year, num(6..8)?, num(9..11)?))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headline(html: &str) -> Option<Headline> {
        let doc = Document::from(html);
        let h1 = doc.select("h1").nodes().first().copied()?;
        Headline::read(&doc, &h1)
    }

    fn headline_date(html: &str) -> Option<String> {
        headline(html)?.date().map(|(d, _)| d)
    }

    #[test]
    fn finds_the_byline_names() {
        let name = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let page = "<body><h1>Headline</h1><p>By Ann Writer and Bo Reporter | Dec 17, 2025</p>\
            <p>A first paragraph long enough to be article text.</p></body>";
        assert_eq!(
            headline(page).unwrap().authors(name),
            ["Ann Writer", "Bo Reporter"]
        );
        let page = "<body><h1>Headline</h1><span>By</span><a>Ann Writer</a></body>";
        assert_eq!(headline(page).unwrap().authors(name), ["Ann Writer"]);
        let page = "<body><h1>Headline</h1><p>Byzantine history, Dec 17, 2025</p></body>";
        assert!(headline(page).unwrap().authors(name).is_empty());
        let page = "<body><h1>Headline</h1><p>Ann Writer | Senior Writer | July 2, 2025</p></body>";
        assert_eq!(headline(page).unwrap().authors(name), ["Ann Writer"]);
        let page = "<body><h1>Headline</h1><p>Ann Writer | Senior Writer</p></body>";
        assert!(
            headline(page).unwrap().authors(name).is_empty(),
            "no date on the line"
        );
    }

    #[test]
    fn finds_the_date_line_after_the_headline() {
        let page = "<body><div>Menu</div><h1>A <em>tidy</em> headline</h1>\
            <div><p>Ann Writer</p><p>Dec 17, 2025</p><p>6 min read</p></div>\
            <p>First paragraph of the story, long enough to be article text.</p></body>";
        assert_eq!(headline_date(page).as_deref(), Some("2025-12-17"));
    }

    #[test]
    fn prefers_the_published_date_to_the_updated_one() {
        let page = "<body><h1>Headline</h1><div>Last updated:</div><div>March 2, 2026</div>\
            <div>Published 22.12.2022</div></body>";
        assert_eq!(headline_date(page).as_deref(), Some("2022-12-22"));
        let page = "<body><h1>Headline</h1><div>Last updated:</div><div>March 2, 2026</div></body>";
        assert_eq!(headline_date(page).as_deref(), Some("2026-03-02"));
    }

    #[test]
    fn ignores_the_dates_of_events_and_deadlines() {
        let page = "<body><h1>Harbour fair</h1><p>Date: 12 Dec 2025 - 17 Dec 2025</p></body>";
        assert_eq!(headline_date(page), None, "a range");
        let page = "<body><h1>New fares</h1><p>Effective June 2, 2025</p></body>";
        assert_eq!(headline_date(page), None);
        let page = "<body><h1>New fares</h1><p>Deadline: June 2, 2025</p>\
            <p>Posted May 1, 2025</p></body>";
        assert_eq!(headline_date(page).as_deref(), Some("2025-05-01"));
    }

    #[test]
    fn ignores_dates_in_the_headline_and_far_away() {
        let long = "word ".repeat(60);
        // Past the standfirst and the first paragraph, a date belongs to the article.
        let page = format!(
            "<body><h1>What changed on May 5, 2024</h1><p>{long}</p><p>{long}</p>\
             <p>June 1, 2024</p></body>"
        );
        assert_eq!(headline_date(&page), None);
        // A byline after the standfirst is found.
        let page = format!(
            "<body><h1>What changed on May 5, 2024</h1><p>{long}</p><p>June 1, 2024</p></body>"
        );
        assert_eq!(headline_date(&page).as_deref(), Some("2024-06-01"));
        let page = "<body><h1>Headline</h1><nav>Jan 1, 2024</nav></body>";
        assert_eq!(headline_date(page), None);
    }

    #[test]
    fn reads_dates_in_urls() {
        assert_eq!(
            url_date("https://example.org/2025/12/18/the-story").as_deref(),
            Some("2025-12-18")
        );
        assert_eq!(
            url_date("https://example.org/blog/2025-12-17-notes").as_deref(),
            Some("2025-12-17")
        );
        assert_eq!(url_date("https://example.org/2025/12/story"), None);
        assert_eq!(url_date("https://example.org/2025/02/30/x"), None);
        assert_eq!(url_date("https://2025-12-17.example.org/x"), None);
        assert_eq!(url_date("https://example.org/id/12025-12-170"), None);
    }
}
