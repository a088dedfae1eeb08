//! The elements the metadata readers look at (head tags, JSON-LD, headings, date places, content
//! containers), gathered in one walk over the parsed page: a selector search walks the whole
//! tree each time, and a page needs a dozen of them.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use dom_query::{Document, NodeRef};

/// The elements of one page that the readers use, each list in document order.
pub struct PageIndex<'a> {
    pub html: Option<NodeRef<'a>>,
    pub body: Option<NodeRef<'a>>,
    /// The first `<title>`.
    pub title: Option<NodeRef<'a>>,
    /// `<meta>` and `<link rel>`.
    pub head_tags: Vec<NodeRef<'a>>,
    /// `<script type="application/ld+json">`.
    pub json_ld: Vec<NodeRef<'a>>,
    /// Every `<h1>`, with whether it sits inside an `<article>` or `<main>`.
    pub h1: Vec<(NodeRef<'a>, bool)>,
    /// `h1`-`h4`, `legend` and elements with "title" in their class.
    pub headings: Vec<NodeRef<'a>>,
    /// The first `<time datetime>`.
    pub time: Option<NodeRef<'a>>,
    /// `time` and elements whose class says they hold a date or byline (or whose id has
    /// "date"), as [`CLASS_PARTS`] lists.
    pub date_places: Vec<NodeRef<'a>>,
    /// `[itemprop=articleBody]`, `<article>`, `<main>`, `[role=main]`: the page's own content
    /// containers, most specific first (none inside an `<aside>`).
    pub containers: [Vec<NodeRef<'a>>; 4],
    /// The links inside the body.
    pub body_links: Vec<NodeRef<'a>>,
    /// Where pages show their byline, most specific first (the first [`PLACE_NODES`] of each):
    /// `[itemprop=author] [itemprop=name]`, `a[rel=author]`, `[itemprop=author]`,
    /// `[class*=author-name]`, `[class*=byline] a`, `[class*=author] a`, `[class*=byline]`,
    /// `[class*=author]`.
    pub author_places: [Vec<NodeRef<'a>>; 8],
}

/// How many elements of each author place are kept.
pub const PLACE_NODES: usize = 6;

/// What the elements around a node say about it (for the author places).
#[derive(Clone, Copy, Default)]
struct Inside {
    article: bool,
    /// Inside an `<aside>`: a link preview's `<article>` is no content container.
    aside: bool,
    body: bool,
    itemprop_author: bool,
    byline: bool,
    author: bool,
}

/// What an element's class says, found in one pass over it: a bit per kind of class part.
const TITLE: u8 = 1;
const DATE: u8 = 2;
const AUTHOR_NAME: u8 = 4;
const BYLINE: u8 = 8;
const AUTHOR: u8 = 16;

/// Class parts and what they mark: a heading, a place for the date or byline, an author.
const CLASS_PARTS: &[(&str, u8)] = &[
    ("title", TITLE),
    ("date", DATE),
    ("publish", DATE),
    ("posted", DATE),
    ("byline", DATE | BYLINE),
    ("entry-meta", DATE),
    ("post-meta", DATE),
    ("article-meta", DATE),
    ("author", DATE | AUTHOR),
    ("author-name", AUTHOR_NAME),
];

static CLASS_AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(CLASS_PARTS.iter().map(|(part, _)| part))
        .expect("a few short literal patterns always build")
});

fn class_parts(class: &str) -> u8 {
    if class.is_empty() {
        return 0;
    }
    CLASS_AUTOMATON
        .find_overlapping_iter(class)
        .fold(0, |found, m| found | CLASS_PARTS[m.pattern().as_usize()].1)
}

impl<'a> PageIndex<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let mut index = PageIndex {
            html: None,
            body: None,
            title: None,
            head_tags: Vec::new(),
            json_ld: Vec::new(),
            h1: Vec::new(),
            headings: Vec::new(),
            time: None,
            date_places: Vec::new(),
            containers: Default::default(),
            body_links: Vec::new(),
            author_places: Default::default(),
        };
        let mut stack = vec![(doc.root(), Inside::default())];
        while let Some((node, inside)) = stack.pop() {
            let inside = match node.element_ref() {
                Some(el) => {
                    let name: &str = &el.name.local;
                    let attr = |key: &str| {
                        el.attrs
                            .iter()
                            .find(|a| &*a.name.local == key)
                            .map(|a| &*a.value)
                    };
                    let class = class_parts(attr("class").unwrap_or(""));
                    match name {
                        "html" => index.html = index.html.or(Some(node)),
                        "body" => index.body = index.body.or(Some(node)),
                        "title" => index.title = index.title.or(Some(node)),
                        "meta" => index.head_tags.push(node),
                        "link" if attr("rel").is_some() => index.head_tags.push(node),
                        "script" if attr("type") == Some("application/ld+json") => {
                            index.json_ld.push(node)
                        }
                        "h1" => index.h1.push((node, inside.article)),
                        "time" if index.time.is_none() && attr("datetime").is_some() => {
                            index.time = Some(node)
                        }
                        "a" if inside.body => index.body_links.push(node),
                        _ => {}
                    }
                    if matches!(name, "h1" | "h2" | "h3" | "h4" | "legend") || class & TITLE != 0 {
                        index.headings.push(node);
                    }
                    if name == "time"
                        || class & DATE != 0
                        || attr("id").is_some_and(|id| id.contains("date"))
                    {
                        index.date_places.push(node);
                    }
                    let container = [
                        attr("itemprop") == Some("articleBody"),
                        name == "article",
                        name == "main",
                        attr("role") == Some("main"),
                    ];
                    for (list, is) in index.containers.iter_mut().zip(container) {
                        if is && !inside.aside {
                            list.push(node);
                        }
                    }
                    let itemprop_author = attr("itemprop") == Some("author");
                    let places = [
                        inside.itemprop_author && attr("itemprop") == Some("name"),
                        name == "a" && attr("rel") == Some("author"),
                        itemprop_author,
                        class & AUTHOR_NAME != 0,
                        inside.byline && name == "a",
                        inside.author && name == "a",
                        class & BYLINE != 0,
                        class & AUTHOR != 0,
                    ];
                    for (list, is) in index.author_places.iter_mut().zip(places) {
                        if is && list.len() < PLACE_NODES {
                            list.push(node);
                        }
                    }
                    Inside {
                        article: inside.article || matches!(name, "article" | "main"),
                        aside: inside.aside || name == "aside",
                        body: inside.body || name == "body",
                        itemprop_author: inside.itemprop_author || itemprop_author,
                        byline: inside.byline || class & BYLINE != 0,
                        author: inside.author || class & AUTHOR != 0,
                    }
                }
                None => inside,
            };
            stack.extend(
                node.children_it(true)
                    .filter(|c| c.is_element())
                    .map(|c| (c, inside)),
            );
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_parts_are_found_in_one_pass() {
        assert_eq!(class_parts("post-author-name"), AUTHOR_NAME | AUTHOR | DATE);
        assert_eq!(class_parts("entry-title"), TITLE);
        assert_eq!(class_parts("byline"), BYLINE | DATE);
        assert_eq!(class_parts("x"), 0);
    }

    #[test]
    fn a_link_preview_in_an_aside_is_no_content_container() {
        let doc = Document::from(
            "<body><div role=main><p>Post</p><aside class=onebox><article>Preview</article>\
             </aside></div></body>",
        );
        let index = PageIndex::new(&doc);
        assert!(index.containers[1].is_empty());
        assert_eq!(index.containers[3].len(), 1);
    }

    #[test]
    fn gathers_what_the_selectors_would_in_document_order() {
        let doc = Document::from(
            "<html lang=en><head><title>T</title><meta name=a content=1>\
             <link rel=canonical href=/x><script type='application/ld+json'>{}</script></head>\
             <body><h1>Site</h1><main><h1>Story</h1><time datetime=2024-01-02>Jan 2</time>\
             <span class='post-date'>x</span><div class='entry-title'>y</div>\
             <a href=/a>a</a><p class='byline'>By <a href=/w>Ann Writer</a></p></main>\
             <article></article><article></article></body></html>",
        );
        let index = PageIndex::new(&doc);
        assert_eq!(index.head_tags.len(), 2);
        assert_eq!(index.json_ld.len(), 1);
        let h1: Vec<(String, bool)> = index
            .h1
            .iter()
            .map(|(n, inside)| (n.text().to_string(), *inside))
            .collect();
        assert_eq!(h1, [("Site".into(), false), ("Story".into(), true)]);
        assert_eq!(index.headings.len(), 3);
        assert_eq!(index.date_places.len(), 3, "time, post-date, byline");
        assert!(index.time.is_some());
        assert_eq!(index.containers[1].len(), 2);
        assert_eq!(index.containers[2].len(), 1);
        assert_eq!(index.body_links.len(), 2);
        let place = |i: usize| -> Vec<String> {
            index.author_places[i]
                .iter()
                .map(|n| n.text().to_string())
                .collect()
        };
        assert_eq!(place(4), ["Ann Writer"], "[class*=byline] a");
        assert_eq!(place(6), ["By Ann Writer"], "[class*=byline]");
        assert!(place(0).is_empty() && place(1).is_empty());
        assert_eq!(index.title.unwrap().text().as_ref(), "T");
    }
}
