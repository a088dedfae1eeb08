//! The elements the metadata readers look at (head tags, JSON-LD, headings, date places, content
//! containers), gathered in one walk over the parsed page: a selector search walks the whole
//! tree each time, and a page needs a dozen of them.

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
    /// "date"), as [`DATE_CLASSES`] lists.
    pub date_places: Vec<NodeRef<'a>>,
    /// `[itemprop=articleBody]`, `<article>`, `<main>`, `[role=main]`: the page's own content
    /// containers, most specific first.
    pub containers: [Vec<NodeRef<'a>>; 4],
    /// The links inside the body.
    pub body_links: Vec<NodeRef<'a>>,
}

/// Class parts of elements that hold the article's date or byline.
const DATE_CLASSES: &[&str] = &[
    "date",
    "publish",
    "posted",
    "byline",
    "entry-meta",
    "post-meta",
    "article-meta",
    "author",
];

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
        };
        // (node, inside an article or main, inside the body)
        let mut stack = vec![(doc.root(), false, false)];
        while let Some((node, in_article, in_body)) = stack.pop() {
            let (in_article, in_body) = match node.element_ref() {
                Some(el) => {
                    let name: &str = &el.name.local;
                    let attr = |key: &str| {
                        el.attrs
                            .iter()
                            .find(|a| &*a.name.local == key)
                            .map(|a| &*a.value)
                    };
                    let class = attr("class").unwrap_or("");
                    match name {
                        "html" => index.html = index.html.or(Some(node)),
                        "body" => index.body = index.body.or(Some(node)),
                        "title" => index.title = index.title.or(Some(node)),
                        "meta" => index.head_tags.push(node),
                        "link" if attr("rel").is_some() => index.head_tags.push(node),
                        "script" if attr("type") == Some("application/ld+json") => {
                            index.json_ld.push(node)
                        }
                        "h1" => index.h1.push((node, in_article)),
                        "time" if index.time.is_none() && attr("datetime").is_some() => {
                            index.time = Some(node)
                        }
                        "a" if in_body => index.body_links.push(node),
                        _ => {}
                    }
                    if matches!(name, "h1" | "h2" | "h3" | "h4" | "legend")
                        || class.contains("title")
                    {
                        index.headings.push(node);
                    }
                    if name == "time"
                        || DATE_CLASSES.iter().any(|c| class.contains(c))
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
                        if is {
                            list.push(node);
                        }
                    }
                    (
                        in_article || matches!(name, "article" | "main"),
                        in_body || name == "body",
                    )
                }
                None => (in_article, in_body),
            };
            stack.extend(
                node.children_it(true)
                    .filter(|c| c.is_element())
                    .map(|c| (c, in_article, in_body)),
            );
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gathers_what_the_selectors_would_in_document_order() {
        let doc = Document::from(
            "<html lang=en><head><title>T</title><meta name=a content=1>\
             <link rel=canonical href=/x><script type='application/ld+json'>{}</script></head>\
             <body><h1>Site</h1><main><h1>Story</h1><time datetime=2024-01-02>Jan 2</time>\
             <span class='post-date'>x</span><div class='entry-title'>y</div>\
             <a href=/a>a</a></main><article></article><article></article></body></html>",
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
        assert_eq!(index.date_places.len(), 2);
        assert!(index.time.is_some());
        assert_eq!(index.containers[1].len(), 2);
        assert_eq!(index.containers[2].len(), 1);
        assert_eq!(index.body_links.len(), 1);
        assert_eq!(index.title.unwrap().text().as_ref(), "T");
    }
}
