//! HTML pages: the article text with paragraph kinds, and the page's metadata with evidence.
//!
//! The text comes from the main block that readability's scoring finds ([`content`]) or from the
//! page's own content container (see [`read`]),
//! walked iteratively (deeply nested pages cannot overflow the stack), leaving out navigation,
//! asides, forms, scripts, widgets whose class or id says they are boilerplate, and short widget
//! lines ("Share this article").

use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeRef};
use rhetor_doc::{DateEvidence, EvidenceKind, Meta, PageKind, Paragraph, ParagraphKind, Span};

use crate::byline::{self, Headline};
use crate::content;
use crate::dates::{find_numeric, find_written, parse_iso};
use crate::page_index::PageIndex;
use crate::prescan;
use crate::site;

/// What was read from one HTML page.
pub struct Page {
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub meta: Meta,
    /// The paragraphs left out as word-for-word repeats of an earlier run, and their bytes.
    pub repeats: (usize, usize),
}

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "nav"
            | "aside"
            | "footer"
            | "header"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "dialog"
            | "head"
            | "title"
            | "menu"
            | "input"
            // Captions describe a picture: most extraction benchmarks' gold leaves them out (WCXB
            // dev: 91% of them), and they are no part of what the article argues.
            | "figcaption"
    )
}

/// Elements that start a new paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "hr"
            | "figcaption"
            | "figure"
            | "address"
            | "body"
            | "center"
    )
}

/// Class or id words that mark widgets rather than article text.
const BOILERPLATE: &[&str] = &[
    "share",
    "social",
    "related",
    "comment",
    "newsletter",
    "subscribe",
    "cookie",
    "advert",
    "promo",
    "sidebar",
    "breadcrumb",
    "menu",
    "popup",
    "modal",
    "banner",
    "paywall",
    "signup",
    // Picture captions, author boxes, bylines and calls to action (WCXB dev: body F1 on
    // articles 0.9527 -> 0.9540; the gold keeps under a tenth of such text).
    "caption",
    "author",
    "byline",
    "bio",
    "cta",
    // Nonprofit newsrooms' "Republish this article" boxes.
    "republish",
    "republication",
];

fn is_boilerplate(node: &NodeRef, name: &str) -> bool {
    if matches!(name, "html" | "body" | "main" | "article") {
        return false;
    }
    let role = node.attr("role");
    if role.is_some_and(|r| {
        matches!(
            &*r,
            "navigation" | "complementary" | "banner" | "contentinfo"
        )
    }) {
        return true;
    }
    // Whole words of the class and id ("share-buttons" has "share"; "shared-content" has not).
    ["class", "id"].iter().any(|attr| {
        node.attr(attr).is_some_and(|v| {
            v.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| BOILERPLATE.iter().any(|b| w.eq_ignore_ascii_case(b)))
        })
    })
}

/// Reads a page. `flattened` says whether nesting past [`prescan::MAX_DEPTH`] had to be removed.
///
/// The main content is the block readability's scoring finds
/// ([`content::Layout::main_content`]), unless the page's own content container
/// (`[itemprop=articleBody]`, `<article>`, `<main>`) holds more than twice as much text, or the
/// scoring finds next to nothing. A run of paragraphs the page repeats is read once.
pub fn read(html: &str, url: Option<&str>) -> (Page, bool) {
    let resolved = prescan::resolve_suspense(html);
    let html = prescan::strip_inert(resolved.as_deref().unwrap_or(html));
    let flat = prescan::flatten(&html);
    let html = flat.as_deref().unwrap_or(&html);
    let doc = Document::from(html);
    let index = PageIndex::new(&doc);
    let mut meta = read_meta(&doc, &index, url);
    // The page's own content container, and the main block readability's scoring finds.
    let body = index.body.unwrap_or_else(|| doc.root());
    let (root, container) = content_root(&index, meta.page_kind).unwrap_or((body, false));
    let layout = content::Layout::measure(body, meta.title.as_deref());
    let main = layout.main_content();
    let mut text = TextBuilder::default();
    if let Some(main) = &main {
        for block in &main.blocks {
            walk(block, &mut text, &main.dropped);
        }
        text.flush();
    }
    // The scoring sometimes settles on a footer, a teaser or one section: the page's own
    // container wins when it holds clearly more, or when the scoring kept only a short text.
    // Without a container, the body (less navigation, header and footer) wins when the scoring
    // kept under an eighth of it: page builders split a story into many sections and the
    // scoring takes one (WCXB dev: 1/6 to 1/9 change the same four pages, all for the better).
    // The container is read only when its size says it could win (a tenth of the time saved).
    let theirs = text.text.len();
    let wins = |ours: usize| {
        (container && ours > theirs * 2)
            || (!container && ours > theirs * 8)
            || theirs < SHORT_MAIN_TEXT.min(ours)
    };
    let bound = layout.text_bound(&root);
    if bound.is_none_or(wins) {
        let none = HashSet::new();
        let teasers = main.as_ref().map_or(&none, |m| &m.teasers);
        let mut own = TextBuilder::default();
        walk(&root, &mut own, teasers);
        own.flush();
        debug_assert!(bound.is_none_or(|b| own.text.len() <= b));
        if wins(own.text.len()) {
            text = own;
        }
    }
    meta.paywalled |= text.paywall;
    // A "Written by" line in the text names the author of a page whose metadata names none.
    if meta.authors.is_empty() {
        meta.authors = text.credited.clone().into_iter().collect();
    }
    // A lone `<main>` can be a pop-up's; when it and the scoring both come up empty, the page
    // still has text: its body's.
    if container && text.text.is_empty() {
        let mut whole = TextBuilder::default();
        walk(&body, &mut whole, &HashSet::new());
        whole.flush();
        if whole.text.len() > text.text.len() {
            text = whole;
        }
    }
    let (text, paragraphs, repeats) = without_repeated_runs(text.text, text.paragraphs);
    let page = Page {
        text,
        paragraphs,
        meta,
        repeats,
    };
    (page, flat.is_some())
}

/// Paragraphs in a row that make a repeated run: a page that ships its story once per screen
/// size (desktop, tablet, phone; CSS shows one) reads as the story two or three times.
const REPEATED_RUN: usize = 4;
const REPEATED_RUN_BYTES: usize = 400;

/// `text` without the later copies of runs of [`REPEATED_RUN`] paragraphs or more (and
/// [`REPEATED_RUN_BYTES`] or more) that repeat an earlier run word for word. Single repeated
/// lines stay: articles repeat a quote or a chorus, and the gold keeps them. Also says how many
/// paragraphs (and bytes) were left out.
fn without_repeated_runs(
    text: String,
    paragraphs: Vec<Paragraph>,
) -> (String, Vec<Paragraph>, (usize, usize)) {
    let of = |p: &Paragraph| &text[p.span.start..p.span.end];
    if paragraphs.len() < 2 * REPEATED_RUN {
        return (text, paragraphs, (0, 0));
    }
    // Each paragraph is hashed once; a window of paragraphs is keyed by its hashes (every
    // paragraph is in four windows) and a hit is checked word for word.
    let hashes: Vec<u64> = paragraphs
        .iter()
        .map(|p| {
            use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
            BuildHasherDefault::<DefaultHasher>::default().hash_one(of(p))
        })
        .collect();
    let same = |i: usize, j: usize| of(&paragraphs[i]) == of(&paragraphs[j]);
    let mut first: HashMap<&[u64], usize> = HashMap::new();
    let mut dropped = vec![false; paragraphs.len()];
    let mut i = 0;
    while i + REPEATED_RUN <= paragraphs.len() {
        let window = &hashes[i..i + REPEATED_RUN];
        let long = paragraphs[i..i + REPEATED_RUN]
            .iter()
            .map(|p| p.span.end - p.span.start)
            .sum::<usize>()
            >= REPEATED_RUN_BYTES;
        match first.get(window) {
            Some(&j)
                if long
                    && j + REPEATED_RUN <= i
                    && (0..REPEATED_RUN).all(|k| same(i + k, j + k)) =>
            {
                // Extend the copy as far as it goes on matching its original.
                let mut k = 0;
                while i + k < paragraphs.len() && j + k < i && same(i + k, j + k) {
                    dropped[i + k] = true;
                    k += 1;
                }
                i += k;
            }
            _ => {
                first.entry(window).or_insert(i);
                i += 1;
            }
        }
    }
    if !dropped.contains(&true) {
        return (text, paragraphs, (0, 0));
    }
    let mut out = String::with_capacity(text.len());
    let mut kept = Vec::new();
    for (p, _) in paragraphs.iter().zip(&dropped).filter(|(_, d)| !**d) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let start = out.len();
        out.push_str(of(p));
        kept.push(Paragraph {
            span: Span::new(start, out.len()),
            kind: p.kind,
        });
    }
    let repeats = (paragraphs.len() - kept.len(), text.len() - out.len());
    (out, kept, repeats)
}

/// Bytes of main text under which the page's own container (or body), when it holds more, is
/// read instead: on short pages the scoring has too few paragraphs to go by (WCXB dev: 200 ->
/// 1,000 bytes took other pages' body F1 from 0.742 to 0.748, articles' from 0.950 to 0.951).
const SHORT_MAIN_TEXT: usize = 1000;

/// The page's content container (`[itemprop=articleBody]`, `<article>`, `<main>`,
/// `[role=main]`, the first the page has exactly one of) and `true`.
/// On a forum without one, the element holding its posts stands in for the body.
fn content_root<'a>(index: &PageIndex<'a>, kind: Option<PageKind>) -> Option<(NodeRef<'a>, bool)> {
    index
        .containers
        .iter()
        .find(|found| found.len() == 1)
        .map(|found| (found[0], true))
        .or_else(|| {
            let forum = kind == Some(PageKind::Forum);
            forum
                .then(|| posts_parent(&index.containers[1]))?
                .map(|p| (p, false))
        })
}

/// The element holding the most `<article>`s side by side (three or more): a thread's posts.
fn posts_parent<'a>(articles: &[NodeRef<'a>]) -> Option<NodeRef<'a>> {
    let mut counts: HashMap<dom_query::NodeId, (NodeRef<'a>, usize)> = HashMap::new();
    for a in articles {
        if let Some(p) = a.parent() {
            counts.entry(p.id).or_insert((p, 0)).1 += 1;
        }
    }
    counts
        .into_values()
        .filter(|(_, n)| *n >= 3)
        .max_by_key(|(p, n)| (*n, std::cmp::Reverse(p.id)))
        .map(|(p, _)| p)
}

/// How short widget lines start: share and follow buttons, sign-up boxes, ad labels, copyright.
const WIDGET_STARTS: &[&str] = &[
    "share this",
    "share on",
    "share via",
    "follow us",
    "sign up for",
    "subscribe to",
    "advertisement",
    "click here to",
    "all rights reserved",
    "©",
    "copyright ©",
    "listen to this article",
    "listen to this story",
    "read more news on",
    "join our newsletter",
    "join our mailing list",
    "follow us on",
    "pin this",
    "if you like it, please share",
];

/// How a paywall's prompt starts, where a subscriber would read on.
const PAYWALL_STARTS: &[&str] = &[
    "already have an account",
    "this article is exclusive to",
    "this story is exclusive to",
    "this article is for subscribers",
    "this content is for subscribers",
    "to read the rest of this",
    "to continue reading this",
    "unlock this article",
    "unlock this story",
    "subscribe to continue reading",
    "subscribe to read the full",
    "you've reached your limit of free",
    "you have reached your limit of free",
    "to read the full story",
    "to read the full article",
    "subscribe to read",
    "subscribe now to read",
    "subscribe to keep reading",
    "subscribe sign in",
    "subscribe log in",
    "sign in subscribe",
    "log in subscribe",
];

/// How the consent line under a sign-up form starts.
const CONSENT_STARTS: &[&str] = &[
    "by signing up",
    "by subscribing",
    "by clicking",
    "by submitting",
    "by providing my email",
    "by providing your email",
    "by entering your email",
    "by registering",
];

/// How a picture's credit line starts ("Photo: Jane Roe/Agency", "Image credit: ...").
const CREDIT_STARTS: &[&str] = &[
    "photo:",
    "photo by",
    "photo credit",
    "photo courtesy",
    "photos:",
    "photos by",
    "photograph:",
    "photograph by",
    "image:",
    "image by",
    "image credit",
    "image courtesy",
    "image source",
    "images:",
    "illustration:",
    "illustration by",
    "credit:",
    "credits:",
    "featured image",
    "header image",
    "cover image",
    "lead image",
    "top image",
    "(photo",
    "(image",
    "(credit",
];

/// How the article's credit lines start, the names shown apart from the text (the metadata has
/// the authors).
const CREDIT_LINE_STARTS: &[&str] = &[
    "written by",
    "edited by",
    "reviewed by",
    "fact checked by",
    "fact-checked by",
    "medically reviewed by",
];

/// A line that stamps the page with a date and nothing else ("Last updated on September 16th,
/// 2023 at 09:27 am", "Published: 2/14/2025"): the metadata has the dates.
fn is_date_stamp(lower: &str) -> bool {
    const LABELS: &[&str] = &[
        "last updated",
        "last modified",
        "last reviewed",
        "originally published",
        "updated",
        "modified",
        "reviewed",
        "published",
        "posted",
        "date",
    ];
    let Some(rest) = LABELS.iter().find_map(|l| lower.strip_prefix(l)) else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', ':']);
    let rest = rest
        .strip_prefix("on")
        .unwrap_or(rest)
        .trim_start_matches([' ', ':']);
    is_date_only(rest)
}

/// Whether `lower` is a date and nothing else (a weekday before it, a time after it).
fn is_date_only(lower: &str) -> bool {
    let Some((_, range)) = find_written(lower).or_else(|| find_numeric(lower)) else {
        return false;
    };
    let before = lower[..range.start].trim_start_matches("the ");
    let weekday = |w: &str| {
        rhetor_time::lexicon::weekday_or_abbreviation(w.trim_end_matches([',', '.'])).is_some()
    };
    let time = |w: &str| {
        let w = w.trim_matches(['.', ',']);
        w.is_empty()
            || w.chars().all(|c| c.is_ascii_digit() || c == ':')
            || matches!(
                w,
                "at" | "am"
                    | "pm"
                    | "a.m"
                    | "p.m"
                    | "utc"
                    | "gmt"
                    | "et"
                    | "est"
                    | "edt"
                    | "pt"
                    | "pst"
                    | "pdt"
                    | "cet"
                    | "cest"
                    | "bst"
                    | "ist"
            )
    };
    before.split_whitespace().all(weekday) && lower[range.end..].split_whitespace().all(time)
}

/// A newsroom's appeal for money, in lower case.
fn is_donation_call(lower: &str) -> bool {
    let asks = lower.contains("small favor to ask") || lower.contains("small favour to ask");
    let please = lower.contains("please consider")
        && [
            "donat",
            "pitching in",
            "contribut",
            "supporting us",
            "supporting our",
        ]
        .iter()
        .any(|w| lower.contains(w));
    // "Support us ...", "Support our work ...", "Support the Courier! ...".
    let exclaimed = lower
        .split_once('!')
        .is_some_and(|(call, _)| call.split_whitespace().count() <= 4);
    let support = (lower.starts_with("support us")
        || lower.starts_with("support our")
        || (lower.starts_with("support ") && exclaimed))
        && ["donat", "patreon", "our mission"]
            .iter()
            .any(|w| lower.contains(w));
    asks || please || support
}

/// Whether a short paragraph is the text of a widget rather than of the article: a button or
/// label, a table of contents' title, a reading time, a picture's or the article's credits.
fn is_widget_text(p: &str) -> bool {
    // A template's filler text, however long it runs.
    if p.get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("lorem ipsum"))
    {
        return true;
    }
    let words = p.split_whitespace().count();
    if words > 60 {
        return false;
    }
    let lower = p.to_lowercase();
    // A copyright notice, however long it runs.
    if words <= 40 && (lower.starts_with("copyright ©") || lower.starts_with("©")) {
        return true;
    }
    // A newsletter's sign-up call ("For daily news, sign up for the Courier newsletter.").
    if words <= 25
        && lower.contains("newsletter")
        && (lower.contains("sign up") || lower.contains("join our"))
    {
        return true;
    }
    // A call for donations ("... we have a small favour to ask", "Support the Courier! Donate
    // ...").
    if is_donation_call(&lower) {
        return true;
    }
    // A sign-up box's consent line ("By signing up, you agree to ...").
    if CONSENT_STARTS.iter().any(|w| lower.starts_with(w)) {
        return true;
    }
    if words > 20 {
        return false;
    }
    if words <= 12 && is_date_stamp(&lower) {
        return true;
    }
    (words <= 12 && WIDGET_STARTS.iter().any(|w| lower.starts_with(w)))
        || PAYWALL_STARTS.iter().any(|w| lower.starts_with(w))
        || matches!(
            lower
                .trim_start_matches(['<', '^', '↑', ' '])
                .trim_end_matches([':', '.', '…', ' ', '↑']),
            "share"
                | "sponsored"
                | "ad"
                | "like loading"
                | "related"
                | "related articles"
                | "related posts"
                | "related stories"
                | "recommended reading"
                | "read more"
                | "view all"
                | "show caption"
                | "hide caption"
                | "previous post"
                | "next post"
                | "jump to"
                | "jump to section"
                | "learn more"
                | "back to top"
                | "check price"
                | "loading paragraph"
                | "like this"
                | "pin for later"
                | "join the conversation"
                | "be the first to comment"
                | "article continues below"
                | "story continues below"
                | "jump to the list"
                | "loading posts"
                | "search this site"
                | "newsletters"
                | "view in list"
                | "request a quote"
                | "book a demo"
                | "contents"
                | "on this page"
                | "in this article"
                | "in this post"
                | "continue reading"
                | "subscribe"
                | "log in"
                | "sign in"
                | "sign up"
        )
        || is_view_count(&lower)
        || (words <= 15 && (ends_with_agency_credit(p) || starts_with_agency_credit(p)))
        || (words <= 6 && lower.starts_with("table of content"))
        || (words <= 8 && lower.starts_with("view all"))
        || (words <= 12 && CREDIT_LINE_STARTS.iter().any(|w| lower.starts_with(w)))
        || is_reading_time(&lower)
        || CREDIT_STARTS.iter().any(|w| lower.starts_with(w))
        || is_labelled_field(p, &lower)
}

/// A field of the article's metadata shown as a label and its value, in a list under or over
/// the story: "Author Mara Lindqvist", "Keywords ferry, levy", "Related Subjects Europe".
fn is_labelled_field(p: &str, lower: &str) -> bool {
    const LISTS: &[&str] = &[
        "keywords",
        "related subjects",
        "related topics",
        "tags",
        "topics",
    ];
    let value = |label: &str| {
        lower
            .strip_prefix(label)
            .filter(|rest| rest.starts_with([' ', ':']))
            .map(|_| p[label.len()..].trim_start_matches([' ', ':']))
    };
    // A list of values ("Keywords ferry, levy", "Tags: ferry"), not a heading over one
    // ("Topics include:") nor a phrase ("Keywords bringing in traffic").
    let labelled = |l: &str| lower[l.len()..].starts_with(':');
    let list = LISTS
        .iter()
        .find_map(|l| value(l).map(|v| (labelled(l), v)))
        .is_some_and(|(colon, v)| {
            v.split_whitespace().count() <= 12
                && !v.ends_with(['.', '!', '?', ':'])
                && (colon || v.contains(','))
        });
    let author = ["authors", "author"]
        .iter()
        .find_map(|l| value(l))
        .is_some_and(|v| {
            v.split_whitespace().count() <= 5 && !v.ends_with('.') && person_name(v).is_some()
        });
    list || author
}

/// Labels of a line that points to another story: "Related: <a>Ferry fares rise</a>".
const LINK_LABELS: &[&str] = &[
    "related",
    "related article",
    "related story",
    "related stories",
    "related content",
    "related reading",
    "related post",
    "see also",
    "recommended",
    "recommended reading",
    "must read",
    "also see",
];

/// Whether a line is the heading of a list of other stories ("Related articles", "You may
/// also like", "More from the Courier").
fn is_teaser_heading(p: &str) -> bool {
    if p.len() > 80 || p.split_whitespace().count() > 6 {
        return false;
    }
    let lower = p.trim_end_matches([':', '.', ' ']).to_lowercase();
    LINK_LABELS.contains(&lower.as_str())
        || lower.starts_with("related ")
        || lower.starts_with("more from ")
        || lower.starts_with("more stories")
        || lower.starts_with("you may also ")
        || lower.starts_with("you might also ")
        || lower.starts_with("you may be interested in")
        || lower.starts_with("other posts you may")
        || lower.starts_with("what others are reading")
        || lower.starts_with("most popular ")
        || matches!(
            lower.as_str(),
            "read next"
                | "what to read next"
                | "you might like"
                | "you may like"
                | "also in the news"
                | "most popular"
                | "most read"
                | "trending"
                | "latest news"
                | "further reading"
                | "up next"
        )
}

/// The heading of a list of sources ("References", "Article Sources:").
fn is_sources_heading(p: &str) -> bool {
    p.len() <= 20
        && matches!(
            p.trim_end_matches([':', ' ']).to_lowercase().as_str(),
            "references"
                | "sources"
                | "source"
                | "article sources"
                | "citations"
                | "bibliography"
                | "works cited"
        )
}

/// Whether a line starts with a [`LINK_LABELS`] label and a colon, and is short.
fn is_link_label(p: &str) -> bool {
    p.split_whitespace().count() <= 25
        && p.split_once([':', '|']).is_some_and(|(label, _)| {
            let label = label.trim().to_lowercase();
            LINK_LABELS.contains(&label.as_str())
        })
}

/// "1,693 views", "(Visited 1,902 times, 364 visits today)".
fn is_view_count(lower: &str) -> bool {
    let mut words = lower.trim_start_matches('(').split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(n), Some("views" | "reads"), None) => n.replace(',', "").parse::<u64>().is_ok(),
        (Some("visited"), Some(n), Some(t)) => {
            n.replace(',', "").parse::<u64>().is_ok() && t.starts_with("time")
        }
        _ => false,
    }
}

/// A caption's credit line ending with a picture agency: "Harbour at dusk. Ana Ruiz / Getty
/// Images", "Tada Images / Shutterstock".
fn ends_with_agency_credit(p: &str) -> bool {
    p.rsplit_once(['/', '|'])
        .is_some_and(|(_, last)| is_picture_agency(last))
}

fn is_picture_agency(name: &str) -> bool {
    matches!(
        name.trim().trim_end_matches('.').to_lowercase().as_str(),
        "getty images"
            | "getty"
            | "shutterstock"
            | "istock"
            | "istockphoto"
            | "alamy"
            | "ap"
            | "ap photo"
            | "reuters"
            | "afp"
            | "afp via getty images"
            | "epa"
            | "unsplash"
            | "pexels"
            | "adobe stock"
            | "dreamstime"
    )
}

/// A credit line naming the agency first: "Getty Images / Ana Ruiz".
fn starts_with_agency_credit(p: &str) -> bool {
    p.split_once(['/', '|'])
        .is_some_and(|(agency, _)| is_picture_agency(agency))
}

/// "5 min read", "3 MIN. READ", "12 minute read".
fn is_reading_time(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let number = words.next().is_some_and(|n| n.parse::<u32>().is_ok());
    let unit = words.next().is_some_and(|u| {
        matches!(
            u.trim_end_matches('.'),
            "min" | "mins" | "minute" | "minutes"
        )
    });
    number && unit && words.next() == Some("read") && words.next().is_none()
}

/// Collects inline text into paragraphs, collapsing white space.
#[derive(Default)]
struct TextBuilder {
    text: String,
    paragraphs: Vec<Paragraph>,
    current: String,
    kind: ParagraphKind,
    /// Whether the current paragraph is in a table's cell.
    cell: bool,
    space: bool,
    /// Characters of the current paragraph inside links.
    linked: usize,
    /// After a "Related stories" heading: lines that are all link are its teasers.
    in_teasers: bool,
    /// After a "References" or "Sources" heading, until the next heading: the source list.
    in_sources: bool,
    /// The name on the first "Written by Ana Ruiz" line left out of the text: where a page
    /// without author metadata names its author.
    credited: Option<String>,
    /// Whether a paywall's prompt was left out of the text: the page shows part of the story.
    paywall: bool,
}

impl TextBuilder {
    fn push_text(&mut self, s: &str, ctx: Context) {
        let (kind, pre) = (ctx.kind, ctx.pre);
        for c in s.chars() {
            if c.is_whitespace() && !(pre && c == '\n') {
                self.space = true;
                continue;
            }
            if self.current.is_empty() {
                self.kind = kind;
                self.cell = ctx.cell;
            } else if self.space || (pre && c == '\n') {
                self.current.push(if pre && c == '\n' { '\n' } else { ' ' });
            }
            self.space = false;
            if !(pre && c == '\n') {
                self.current.push(c);
                self.linked += usize::from(ctx.link && !c.is_whitespace());
            }
        }
    }

    fn flush(&mut self) {
        // Zero-width characters alone make an empty paragraph (spacers in page builders).
        let body = self.current.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
        });
        let spaced = dateline_spaced(body);
        let body = spaced.as_deref().unwrap_or(body);
        // Links' share of the paragraph, white space left out on both sides.
        let teaser = self.linked > 0 && {
            let chars = body.chars().filter(|c| !c.is_whitespace()).count();
            (self.linked * 2 > chars && is_link_label(body))
                || (self.in_teasers && self.linked * 10 >= chars * 9)
        };
        if !body.is_empty() {
            self.in_teasers = is_teaser_heading(body) || (teaser && self.in_teasers);
        }
        // A date alone outside tables and lists stamps the page (the metadata has the dates).
        let stamp = self.kind == ParagraphKind::Body
            && !self.cell
            && body.len() <= 40
            && is_date_only(&body.to_lowercase());
        let widget = !body.is_empty() && (stamp || is_widget_text(body));
        // A source list is no part of the story (and would fill the timeline with its dates).
        if !body.is_empty() {
            let heads = is_sources_heading(body);
            if heads || self.kind == ParagraphKind::Heading {
                self.in_sources = heads;
            }
        }
        let written_by = body
            .get(..10)
            .is_some_and(|l| l.eq_ignore_ascii_case("written by"));
        if widget && written_by && self.credited.is_none() {
            self.credited = person_name(body);
        }
        if widget && !self.paywall {
            let lower = body.to_lowercase();
            self.paywall = PAYWALL_STARTS.iter().any(|w| lower.starts_with(w));
        }
        if !body.is_empty() && !widget && !teaser && !self.in_teasers && !self.in_sources {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            let start = self.text.len();
            self.text.push_str(body);
            self.paragraphs.push(Paragraph {
                span: Span::new(start, self.text.len()),
                kind: self.kind,
            });
        }
        self.current.clear();
        self.space = false;
        self.linked = 0;
    }
}

/// A paragraph that opens with a source in brackets glued to the first word, as an inline
/// element leaves it ("(CNN Business)A muddled ..."), with the space put back.
fn dateline_spaced(body: &str) -> Option<String> {
    let close = body
        .strip_prefix('(')?
        .char_indices()
        .take(40)
        .find(|(_, c)| *c == ')')?
        .0
        + 1;
    let next = body[close + 1..].chars().next()?;
    next.is_uppercase()
        .then(|| format!("{} {}", &body[..=close], &body[close + 1..]))
}

/// Context of the element being walked: which kind its text gets.
#[derive(Clone, Copy, Default)]
struct Context {
    kind: ParagraphKind,
    pre: bool,
    link: bool,
    /// Inside a table's cell, where a date alone is data.
    cell: bool,
}

/// Collects the text under `root`, leaving out `dropped` elements (and boilerplate).
fn walk(root: &NodeRef, out: &mut TextBuilder, dropped: &HashSet<dom_query::NodeId>) {
    // A "boilerplate" class on an element holding most of the text is a layout name
    // ("main-with-sidebar", "share-btn" on the whole story), not a widget.
    // Measured only when such an element turns up: most pages have none.
    let mut most: Option<usize> = None;
    const MEASURED: usize = 8;
    let mut measured = 0;
    // (node, context, leaving): an explicit stack instead of recursion.
    let mut stack: Vec<(NodeRef, Context, bool)> = vec![(*root, Context::default(), false)];
    while let Some((node, ctx, leaving)) = stack.pop() {
        if node.is_text() {
            out.push_text(&node.text(), ctx);
            continue;
        }
        if !(node.is_element() || node.is_document()) {
            continue;
        }
        // html5ever gives HTML element names in lower case.
        let name = node
            .element_ref()
            .map(|e| e.name.local.clone())
            .unwrap_or_default();
        let name: &str = &name;
        let block = is_block(name);
        if leaving {
            if block {
                out.flush();
            }
            continue;
        }
        // Some sites put the whole story in a `<header>` or the page in a `<form>`. Measuring an
        // element's text costs its size, so only the first few such elements are measured (nested
        // ones would make the walk quadratic).
        let mut holds_most = |node: &NodeRef| {
            measured += 1;
            let most = *most.get_or_insert_with(|| root.text().len() / 2);
            measured <= MEASURED && node.text().len() > most
        };
        let skip = is_skipped(name) && !(matches!(name, "header" | "form") && holds_most(&node));
        // Widgets are blocks: a class on inline text ("hljs-comment" in code) names its style.
        let widget = block && is_boilerplate(&node, name) && !holds_most(&node);
        let left_out = !dropped.is_empty() && dropped.contains(&node.id);
        let hidden = (node.has_attr("hidden") && !content::is_collapsed_panel(&node))
            || (!block && is_hover_card(&node));
        if skip || left_out || widget || hidden {
            continue;
        }
        if block {
            out.flush();
        }
        let inner = Context {
            kind: match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ParagraphKind::Heading,
                "li" | "dt" | "dd" => ParagraphKind::List,
                "blockquote" => ParagraphKind::Quote,
                _ => ctx.kind,
            },
            pre: ctx.pre || name == "pre",
            link: ctx.link || name == "a",
            cell: ctx.cell || matches!(name, "td" | "th"),
        };
        stack.push((node, ctx, true));
        stack.extend(node.children_it(true).map(|child| (child, inner, false)));
    }
}

/// The card a page pops up over a link ("Kristi Lynn Noem, South Dakota" over a senator's name):
/// no part of the sentence it sits in. ARIA's `tooltip` role, or a class naming such a card.
fn is_hover_card(node: &NodeRef) -> bool {
    const CARDS: &[&str] = &[
        "hovercard",
        "hover-card",
        "tooltiptext",
        "tooltip-content",
        "popover-content",
        "popover-body",
    ];
    node.attr("role")
        .is_some_and(|r| r.eq_ignore_ascii_case("tooltip"))
        || node.attr("class").is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            CARDS.iter().any(|w| c.contains(w))
        })
}

/// The page's `<meta>` and `<link rel>` values by lower-cased name (`og:title`, `author`,
/// `datepublished`, `canonical`), read in one pass over the document.
struct HeadTags(HashMap<String, Vec<String>>);

impl HeadTags {
    fn read(index: &PageIndex) -> Self {
        let mut tags: HashMap<String, Vec<String>> = HashMap::new();
        for node in &index.head_tags {
            let (keys, value) = if node.has_attr("rel") {
                (node.attr("rel"), node.attr("href"))
            } else {
                let key = ["property", "name", "itemprop"]
                    .iter()
                    .find_map(|k| node.attr(k));
                (key, node.attr("content"))
            };
            let (Some(keys), Some(value)) = (keys, value) else {
                continue;
            };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            for key in keys.split_whitespace() {
                tags.entry(key.to_ascii_lowercase())
                    .or_default()
                    .push(value.to_string());
            }
        }
        HeadTags(tags)
    }

    /// The first value of the first of `keys` the page has, with that key.
    fn first(&self, keys: &[&'static str]) -> Option<(String, &'static str)> {
        keys.iter()
            .find_map(|k| Some((self.0.get(*k)?.first()?.clone(), *k)))
    }

    fn all(&self, key: &str) -> &[String] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }
}

/// `s` with its white space collapsed to single spaces.
pub(crate) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_meta(doc: &Document, index: &PageIndex, url: Option<&str>) -> Meta {
    let ld = JsonLd::read(index);
    let head = HeadTags::read(index);

    // The name the page gives its site, as titles append it ("Ferry fares rise | Harbour
    // Gazette"); `meta.site` keeps it only when it fits the page's host (see `site`).
    let og_site = head.first(&["og:site_name"]).map(|(s, _)| clean(&s));
    let site = og_site.clone().or_else(|| ld.publisher.clone());
    let head_title = head
        .first(&["og:title", "twitter:title"])
        .map(|(t, _)| clean(&t))
        .or_else(|| ld.headline.clone())
        .or_else(|| Some(clean(&index.title?.text())).filter(|t| !t.is_empty()));
    let stripped = head_title
        .as_deref()
        .map(|t| strip_site(t, site.as_deref()));
    let h1 = heading_node(index);
    let title = match (h1.and_then(|h| main_heading(&h, site.as_deref())), stripped) {
        (Some(h1), Some(head)) => Some(better_title(h1, head)),
        (h1, head) => h1.or(head),
    }
    .map(before_pipe);

    // An author that is the publisher ("Deutsche Welle (www.dw.com)") gives way to the byline.
    let person =
        |a: &str| person_name(a).filter(|n| !site::names_publisher(n, ld.publisher.as_deref()));
    let mut authors: Vec<String> = ld.authors.iter().filter_map(|a| person(a)).collect();
    if authors.is_empty()
        && let Some((a, _)) = head.first(&["author", "article:author"])
    {
        authors.extend(person(&a));
    }
    let headline = h1
        .or_else(|| titled_heading(index, head_title.as_deref()?))
        .and_then(|h1| Headline::read(doc, &h1));
    if authors.is_empty()
        && let Some(headline) = &headline
    {
        authors = headline.authors(person_name);
    }
    if authors.is_empty() {
        authors = visible_authors(index);
    }
    // Scholarly pages name every author of the paper in a tag of its own.
    for key in ["citation_author", "dc.creator", "dcterms.creator"] {
        if authors.is_empty() {
            authors = head
                .all(key)
                .iter()
                .filter_map(|a| person_name(a))
                .collect();
        }
    }
    if authors.is_empty() {
        authors = declared_author(&head).into_iter().collect();
    }
    // The user name a page gives as its author ("kate.r") when it names no one else.
    if authors.is_empty()
        && let Some((a, _)) = head.first(&["author", "article:author"])
    {
        authors.extend(user_name(&a));
    }
    if authors.is_empty() {
        authors = ld
            .author_organisations
            .iter()
            .filter_map(|a| person_name(a))
            .collect();
    }
    tidy_authors(&mut authors);

    const DATE_TAGS: &[&str] = &[
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "published",
        "published-date",
        "publish-date",
        "date",
        "dc.date.issued",
        "dcterms.date",
        // Scholarly pages (Google Scholar's tags).
        "citation_publication_date",
        "citation_date",
        "citation_online_date",
        "sailthru.date",
        "parsely-pub-date",
    ];
    let published = ld
        .published
        .as_deref()
        .and_then(parse_iso)
        .map(|d| (d, EvidenceKind::JsonLd, "datePublished".to_string()))
        .or_else(|| {
            DATE_TAGS.iter().find_map(|key| {
                let value = head.all(key).first()?;
                let date = parse_iso(value)
                    .or_else(|| {
                        // "2019/06/25", as Google Scholar asks citation tags to be written.
                        let slashed = value.trim().as_bytes().get(4) == Some(&b'/');
                        slashed.then(|| parse_iso(&value.replace('/', "-")))?
                    })
                    .or_else(|| {
                        let (date, range) = find_written(value)?;
                        (range.len() * 2 >= value.trim().len()).then_some(date)
                    })?;
                Some((date, EvidenceKind::Meta, format!("meta {key}")))
            })
        })
        .or_else(|| {
            let (date, detail) = headline.as_ref()?.date()?;
            Some((date, EvidenceKind::Byline, detail))
        })
        .or_else(|| {
            let value = index.time?.attr("datetime")?;
            Some((
                parse_iso(&value)?,
                EvidenceKind::Time,
                "time[datetime]".to_string(),
            ))
        })
        .or_else(|| {
            byline::date_element(&index.date_places)
                .map(|(d, detail)| (d, EvidenceKind::Byline, detail))
        });
    let url = head
        .first(&["canonical", "og:url"])
        .map(|(u, _)| u)
        .or(url.map(str::to_string));
    // A date in the URL is the day the site filed the story: it settles a metadata time a few
    // hours across midnight UTC, and stands in when the page states no date at all.
    let published = match (published, url.as_deref().and_then(byline::url_date)) {
        (Some(found), Some(in_url))
            if within_a_day(&found.0, &in_url) && !found.0.starts_with(&in_url) =>
        {
            Some((in_url, EvidenceKind::Url, "date in the URL".to_string()))
        }
        (None, Some(in_url)) => Some((in_url, EvidenceKind::Url, "date in the URL".to_string())),
        (found, _) => found,
    };
    let modified = ld.modified.as_deref().and_then(parse_iso).or_else(|| {
        head.first(&["article:modified_time", "og:updated_time", "datemodified"])
            .and_then(|(v, _)| parse_iso(&v))
    });

    let mut tags: Vec<String> = ld.keywords.clone();
    if let Some((k, _)) = head.first(&["keywords", "news_keywords"]) {
        tags.extend(k.split([',', ';']).map(clean));
    }
    tags.extend(head.all("article:tag").iter().map(|t| clean(t)));
    tags.retain(|t| !t.is_empty());
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.to_lowercase()));

    let (published, published_evidence) = match published {
        Some((date, kind, detail)) => (Some(date), Some(DateEvidence { kind, detail })),
        None => (None, None),
    };
    let bylined = published.is_some() || !authors.is_empty();
    let page_kind = Some(page_kind(index, &ld, &head, url.as_deref(), bylined));
    Meta {
        page_kind,
        title,
        authors,
        published,
        published_evidence,
        modified,
        site: site::site_name(
            og_site.iter().chain(&ld.publisher).map(String::as_str),
            url.as_deref(),
        ),
        url,
        language: index
            .html
            .and_then(|h| h.attr("lang"))
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty()),
        tags,
        description: head
            .first(&["description", "og:description"])
            .map(|(d, _)| clean(&d)),
        author_bio: None,
        text_kind: None,
        paywalled: ld.paywalled,
    }
}

/// The names in the page's visible byline, from its author places, most specific first.
fn visible_authors(index: &PageIndex) -> Vec<String> {
    for place in &index.author_places {
        let text: Vec<String> = place
            .iter()
            .map(|n| n.text().to_string())
            .filter(|t| t.split_whitespace().count() <= 8)
            // Lines are separate items ("Ana Ruiz<br>4 August 2025").
            .flat_map(|t| {
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let names = byline::names_in(&text.join(", "), person_name);
        if !names.is_empty() {
            return names;
        }
        // An author box whose text runs on (a role, a bio): a full name is its first line.
        if let Some(name) = place
            .iter()
            .filter(|n| n.text().split_whitespace().count() > 8)
            .find_map(|n| {
                n.descendants_it()
                    .filter(|d| d.is_text())
                    .map(|d| d.text())
                    .find(|t| !t.trim().is_empty())
                    .and_then(|t| person_name(&t))
                    // Not an avatar's initial.
                    .filter(|name| name.split_whitespace().count() >= 2)
            })
        {
            return vec![name];
        }
    }
    Vec::new()
}

/// `s` as a byline name: "By" and entities removed, and only if it reads like a name (one to
/// five words, no digits, capitalised, not a URL or a user handle).
/// The author a page declares for link previews (`twitter:label1` "Written by" with
/// `twitter:data1`, as WordPress SEO plugins write it) or for its analytics
/// (`cXenseParse:author`): a person's name, or the user name the site shows.
fn declared_author(head: &HeadTags) -> Option<String> {
    let preview = head
        .all("twitter:label1")
        .iter()
        .any(|l| l.eq_ignore_ascii_case("written by"))
        .then(|| head.first(&["twitter:data1"]))
        .flatten();
    let (value, _) = preview.or_else(|| head.first(&["cxenseparse:author"]))?;
    person_name(&value).or_else(|| user_name(&value))
}

/// A site's user name shown as the author ("jsmith", "kate.r"): one word of letters, dots,
/// hyphens or underscores, not a placeholder nor a template's unfilled field ("page.author").
fn user_name(s: &str) -> Option<String> {
    let s = decode_entities(s.trim());
    let ok = (2..=30).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '_'))
        && !is_placeholder_name(&s)
        && !s.to_ascii_lowercase().contains("author");
    ok.then_some(s)
}

/// What forms and templates put where a name goes.
fn is_placeholder_name(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "undefined"
            | "null"
            | "admin"
            | "administrator"
            | "staff"
            | "author"
            | "editor"
            | "webmaster"
            | "user"
            | "home"
            | "name"
    )
}

/// One entry per author: the same name from two places ("Posted by: Ana Ruiz" and "Ana Ruiz")
/// is one author; a role listed beside a name ("Senior Editor") is no author, though a group
/// byline alone ("Our Editors") stays; a name glued to its role ("Ana RuizSenior Editor") goes
/// when the name is there alone.
fn tidy_authors(authors: &mut Vec<String>) {
    let mut seen = HashSet::new();
    authors.retain(|a| seen.insert(a.to_lowercase()));
    if authors.iter().any(|a| !is_role(a)) {
        authors.retain(|a| !is_role(a));
    }
    let names = authors.clone();
    authors.retain(|a| {
        !names
            .iter()
            .any(|b| b.len() < a.len() && a.starts_with(b.as_str()))
    });
}

/// Whether a byline entry is a job title ("Senior Editor", "Former McKinsey Consultant"), by
/// any of its words.
fn is_role(entry: &str) -> bool {
    entry.split_whitespace().any(|w| {
        matches!(
            w.to_lowercase().trim_end_matches([',', '.']),
            "editor"
                | "editors"
                | "writer"
                | "writers"
                | "reporter"
                | "correspondent"
                | "columnist"
                | "columnists"
                | "contributor"
                | "contributors"
                | "director"
                | "manager"
                | "officer"
                | "consultant"
                | "analyst"
                | "specialist"
                | "expert"
                | "founder"
                | "co-founder"
                | "president"
                | "ceo"
                | "cto"
                | "sr"
                | "senior"
                | "former"
                | "chief"
        )
    })
}

fn person_name(s: &str) -> Option<String> {
    let s = decode_entities(&clean(s));
    let mut s = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '-' | '–' | '—' | ':' | '·' | '"' | '“' | '”')
    });
    // "By Ana Ruiz", "Posted by: Ana Ruiz", "Author Ana Ruiz" (the label and a space or colon).
    for prefix in ["written by", "posted by", "reviewed by", "by", "author"] {
        if let Some(rest) = s
            .get(..prefix.len())
            .filter(|h| h.eq_ignore_ascii_case(prefix))
            .map(|h| &s[h.len()..])
            .filter(|rest| rest.starts_with([' ', ':']))
        {
            s = rest.trim_start_matches([' ', ':']).trim();
        }
    }
    let words = s.split_whitespace().count();
    let capitalised = s
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let ok = (1..=5).contains(&words)
        && capitalised * 2 >= words
        && s.chars().count() <= 60
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '@' | '/' | '_' | '*'))
        && !is_placeholder_name(s)
        // A name starts with a capital or a short particle ("de", "van", "al-"), not with a
        // word like "including".
        && s.split_whitespace().next().is_some_and(|w| {
            w.chars().next().is_some_and(|c| !c.is_lowercase()) || w.chars().count() <= 3
        })
        // Labels and buttons near bylines ("Posted by", "Learn More", "Sign In"), and the
        // day of a dateline ("Ana Ruiz on Tuesday").
        && !s.split_whitespace().any(|w| {
            let w = w.to_ascii_lowercase();
            matches!(
                w.as_str(),
                "by" | "more" | "sign" | "email" | "search" | "menu" | "share" | "subscribe"
            ) || rhetor_time::lexicon::weekday(&w).is_some()
        });
    ok.then(|| s.to_string())
}

/// Decodes the HTML entities CMSs leave in JSON-LD and meta values.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some(' '),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether two dates (`YYYY-MM-DD...`) are at most a day apart.
fn within_a_day(a: &str, b: &str) -> bool {
    use rhetor_time::calendar::Day;
    match (Day::parse(a), Day::parse(b)) {
        (Some(a), Some(b)) => (a.number() - b.number()).abs() <= 1,
        _ => false,
    }
}

/// The `<h1>` of the article, or the page's only `<h1>`.
fn heading_node<'a>(index: &PageIndex<'a>) -> Option<NodeRef<'a>> {
    if let Some((inside, _)) = index.h1.iter().find(|(_, inside)| *inside) {
        return Some(*inside);
    }
    match index.h1.as_slice() {
        [(only, _)] => Some(*only),
        _ => None,
    }
}

/// The first heading (or `<legend>`, or element with "title" in its class) whose text is the
/// page's title or part of it, for pages with several `<h1>` or none.
fn titled_heading<'a>(index: &PageIndex<'a>, title: &str) -> Option<NodeRef<'a>> {
    let title = title.to_lowercase();
    index.headings.iter().copied().find(|h| {
        let text = clean(&h.text()).to_lowercase();
        text.chars().count() >= 8 && title.contains(&text)
    })
}

/// The text of the article's `<h1>` as its headline, unless it is the site's name in a logo.
fn main_heading(h1: &NodeRef, site: Option<&str>) -> Option<String> {
    let mut text = clean(&h1.text());
    let is_site = site.is_some_and(|s| s.eq_ignore_ascii_case(&text));
    // "Best Exhibitions of 2025 – Artlyst": the site's name after the headline.
    if let Some(site) = site
        && let Some((head, tail)) = split_tail(&text)
        && tail.eq_ignore_ascii_case(site)
    {
        text = head.to_string();
    }
    (text.chars().count() >= 3 && text.chars().count() <= 300 && !is_site).then_some(text)
}

/// The visible headline, unless the page's `<title>` says it better: the same words not in
/// capitals (a stylesheet's uppercase), or a real title where the `<h1>` is a section label
/// ("Blog", "M&A Updates": up to two words against a title of three or more, up to three
/// against four or more).
fn better_title(h1: String, head: String) -> String {
    let upper = h1.chars().any(char::is_alphabetic) && !h1.chars().any(char::is_lowercase);
    if upper && h1.to_lowercase() == head.to_lowercase() {
        return head;
    }
    let (h1_words, head_words) = (
        h1.split_whitespace().count(),
        head.split_whitespace().count(),
    );
    let label = (h1_words <= 2 && head_words >= 3 || h1_words <= 3 && head_words >= 4)
        && !head.to_lowercase().contains(&h1.to_lowercase());
    if label { head } else { h1 }
}

/// A title's part before " | ": what follows a pipe is a section, a site or a second headline
/// ("Best Movers in NYC 2025 | Top 19 Companies"), when the part before it is a title of three
/// words or more (WCXB dev: nine pages' titles right, one wrong).
fn before_pipe(title: String) -> String {
    match title.split_once(" | ") {
        Some((head, _)) if head.split_whitespace().count() >= 3 => head.trim().to_string(),
        _ => title,
    }
}

/// How titles set the site's name apart.
const TITLE_SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " • "];

/// A title's last part after a [`TITLE_SEPARATORS`] separator, and what comes before it.
fn split_tail(title: &str) -> Option<(&str, &str)> {
    TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rsplit_once(sep))
        .max_by_key(|(head, _)| head.len())
        .map(|(head, tail)| (head.trim(), tail.trim()))
}

/// "Newegg.com", "harbour-gazette.co.uk": a site named by its domain.
fn is_domain(s: &str) -> bool {
    !s.contains(char::is_whitespace)
        && s.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty()
                && (2..=6).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_lowercase())
        })
}

/// A `<title>` without its " | Site" (or " - Site", " — Site") part.
fn strip_site(title: &str, site: Option<&str>) -> String {
    let Some((head, tail)) = split_tail(title) else {
        return title.to_string();
    };
    let tail_is_site = site.is_some_and(|s| {
        let (s, t) = (s.to_lowercase(), tail.to_lowercase());
        t.contains(&s) || s.contains(&t)
    }) || is_domain(tail);
    let short_tail = tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3;
    if tail_is_site || short_tail {
        head.to_string()
    } else {
        title.to_string()
    }
}

/// The article fields of a page's schema.org JSON-LD.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    /// Organisations named as the author.
    author_organisations: Vec<String>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
    keywords: Vec<String>,
    /// The article says it is not free to read (`isAccessibleForFree`: false): a paywall.
    paywalled: bool,
    /// Every `@type` in the page's JSON-LD.
    types: std::collections::HashSet<String>,
}

impl JsonLd {
    fn read(index: &PageIndex) -> Self {
        let mut ld = JsonLd::default();
        for node in &index.json_ld {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(node.text().trim()) {
                ld.visit(&value, 0);
                ld.collect_types(&value, 0);
            }
        }
        ld
    }

    fn visit(&mut self, v: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.visit(i, depth + 1)),
            Value::Object(o) => {
                let is_article = match o.get("@type") {
                    Some(Value::String(t)) => is_article_type(t),
                    Some(Value::Array(ts)) => {
                        ts.iter().any(|t| t.as_str().is_some_and(is_article_type))
                    }
                    _ => false,
                };
                if is_article && self.published.is_none() {
                    let s = |k: &str| o.get(k).and_then(Value::as_str).map(clean);
                    self.headline = s("headline");
                    self.published = s("datePublished");
                    self.modified = s("dateModified");
                    self.publisher = names(o.get("publisher")).into_iter().next();
                    // An organisation named as the author (or the publisher named again) is
                    // the last resort: a person's byline elsewhere on the page wins.
                    let authors = names(o.get("author"));
                    if is_organisation(o.get("author"))
                        || authors.iter().all(|a| Some(a) == self.publisher.as_ref())
                    {
                        self.author_organisations = authors;
                        self.authors = Vec::new();
                    } else {
                        self.authors = authors;
                    }
                    self.paywalled = match o.get("isAccessibleForFree") {
                        Some(Value::Bool(free)) => !free,
                        Some(Value::String(free)) => free.eq_ignore_ascii_case("false"),
                        _ => false,
                    };
                    self.keywords = match o.get("keywords") {
                        Some(Value::String(k)) => k.split(',').map(clean).collect(),
                        Some(Value::Array(ks)) => {
                            ks.iter().filter_map(Value::as_str).map(clean).collect()
                        }
                        _ => Vec::new(),
                    };
                }
                if let Some(graph) = o.get("@graph") {
                    self.visit(graph, depth + 1);
                }
            }
            _ => {}
        }
    }
}

impl JsonLd {
    /// Gathers every `@type`, nested ones included (a `Product` inside an `ItemList`, say).
    fn collect_types(&mut self, v: &serde_json::Value, depth: usize) {
        use serde_json::Value;
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.collect_types(i, depth + 1)),
            Value::Object(o) => {
                match o.get("@type") {
                    Some(Value::String(t)) => {
                        self.types.insert(t.clone());
                    }
                    Some(Value::Array(ts)) => self
                        .types
                        .extend(ts.iter().filter_map(Value::as_str).map(str::to_string)),
                    _ => {}
                }
                o.values().for_each(|i| self.collect_types(i, depth + 1));
            }
            _ => {}
        }
    }
}

/// What kind of page this is, from its JSON-LD types, `og:type`, generator, URL and layout; a
/// page with a byline (a date or an author) that is nothing else is an article.
fn page_kind(
    index: &PageIndex,
    ld: &JsonLd,
    head: &HeadTags,
    url: Option<&str>,
    bylined: bool,
) -> PageKind {
    let has = |t: &str| ld.types.contains(t);
    let og = head
        .first(&["og:type"])
        .map(|(t, _)| t.to_ascii_lowercase())
        .unwrap_or_default();
    let path = url
        .and_then(|u| u.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_ascii_lowercase()))
        .unwrap_or_default();
    let in_path = |parts: &[&str]| parts.iter().any(|p| path.contains(p));
    let host = url
        .and_then(|u| u.split_once("://").map(|(_, rest)| rest))
        .map(|rest| rest.split('/').next().unwrap_or("").to_ascii_lowercase())
        .unwrap_or_default();
    let generator = head
        .first(&["generator"])
        .map(|(g, _)| g.to_ascii_lowercase())
        .unwrap_or_default();
    let article_type = ld.types.iter().any(|t| is_article_type(t));
    if has("DiscussionForumPosting")
        || has("QAPage")
        || in_path(&[
            "/forum",
            "/t/",
            "/thread",
            "/questions/",
            "/community/",
            "/discussion",
        ])
    {
        PageKind::Forum
    } else if og == "product.group"
        || (has("ItemList") && has("Product"))
        || has("OfferCatalog")
        // A shop's collection ("/collections/wallets"), not one of its products.
        || (in_path(&["/collections/"]) && !in_path(&["/products/"]))
    {
        PageKind::Collection
    } else if (has("Product") && !article_type)
        || og == "product"
        || in_path(&["/product/", "/products/", "/dp/", "/item/"])
    {
        PageKind::Product
    } else if [
        "sphinx",
        "docusaurus",
        "mkdocs",
        "gitbook",
        "hugo-book",
        "jekyll-docs",
    ]
    .iter()
    .any(|g| generator.contains(g))
        || host.starts_with("docs.")
        || host.starts_with("doc.")
        || host.ends_with(".readthedocs.io")
        || in_path(&[
            "/docs/",
            "/doc/",
            "/documentation/",
            "/reference/",
            "/manual/",
            "/api/",
        ])
    {
        PageKind::Documentation
    } else if !article_type
        && matches!(
            path.trim_end_matches('/').rsplit('/').next(),
            Some(
                "news" | "blog" | "articles" | "stories" | "newsroom" | "press-releases" | "latest"
            )
        )
    {
        // A site's section front ("/news", "/blog"): the latest stories, each a teaser.
        PageKind::Listing
    } else if article_type || og == "article" || bylined {
        PageKind::Article
    } else {
        // Listings are mostly links; long running text with few links reads as an article.
        let text = index
            .body
            .map_or(0, |b| {
                b.text().chars().filter(|c| !c.is_whitespace()).count()
            })
            .max(1);
        let links: usize = index
            .body_links
            .iter()
            .map(|a| a.text().chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        let density = links as f64 / text as f64;
        if index.containers[1].len() >= 8
            || in_path(&["/category/", "/tag/", "/tags/", "/topics/"])
            || density >= 0.45
        {
            PageKind::Listing
        } else if text >= 6000 && density < 0.25 {
            PageKind::Article
        } else {
            PageKind::Other
        }
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || matches!(t, "BlogPosting" | "Report" | "LiveBlogPosting")
}

/// Person or organisation names from a JSON-LD value: a string, an object with `name`, or a list.
/// Whether a JSON-LD author is an organisation (`{"@type": "Organization", ...}`) only.
fn is_organisation(v: Option<&serde_json::Value>) -> bool {
    use serde_json::Value;
    let organisation = |o: &serde_json::Map<String, Value>| {
        o.get("@type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.ends_with("Organization") || t == "Corporation")
    };
    match v {
        Some(Value::Object(o)) => organisation(o),
        Some(Value::Array(items)) => {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.as_object().is_some_and(organisation))
        }
        _ => false,
    }
}

fn names(v: Option<&serde_json::Value>) -> Vec<String> {
    use serde_json::Value;
    match v {
        Some(Value::String(s)) if !s.starts_with("http") => vec![clean(s)],
        Some(Value::Object(o)) => o
            .get("name")
            .and_then(Value::as_str)
            .map(clean)
            .into_iter()
            .collect(),
        Some(Value::Array(items)) => items.iter().flat_map(|i| names(Some(i))).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|n| !n.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
        <title>Bridge vote fails | Harbour Gazette</title>
        <meta property="og:site_name" content="Harbour Gazette">
        <meta name="author" content="Lena Ortiz">
        <meta property="article:published_time" content="2024-03-05T08:00:00Z">
        <meta name="keywords" content="bridge, council, budget">
        <link rel="canonical" href="https://gazette.example/bridge-vote">
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article>
          <h1>Bridge vote fails</h1>
          <p>The council   rejected the plan on <b>Monday</b>.</p>
          <div class="share-buttons">Share on social media</div>
          <figure><img src="bridge.jpg"><figcaption>The old bridge at dusk, seen from the quay.</figcaption></figure>
          <blockquote>We will try again.</blockquote>
          <ul><li>Cost: 40 million</li><li>Length: 300 m</li></ul>
          <div class="author-bio">Lena Ortiz covers the harbour for the Gazette.</div>
        </article>
        <footer>Copyright</footer></body></html>"#;

    #[test]
    fn widget_lines_credits_and_contents_titles_are_not_text() {
        for line in [
            "Share",
            "6 min read",
            "3 MIN. READ",
            "Photo credit: Tomas Reyes / Harbour Pictures",
            "Image: city archive",
            "(Photo by Mia Chen)",
            "Table of Contents [Hide]",
            "Like Loading…",
            "Already have an account? Log in",
            "In this article:",
            "For the week's best stories, sign up for the Courier newsletter.",
            "To read the rest of this story subscribe to The Courier.",
            "Subscribe",
            "Related articles:",
            "Written by Ada Obi and Sam Lee",
            "View all posts by Ada Obi",
            "Show Caption",
            "Read More",
            "1,693 views",
            "(Visited 1,902 times, 364 visits today)",
            "The quay at dusk. Ana Ruiz / Getty Images",
            "Getty Images / Ana Ruiz",
            "By signing up, you agree to receive the Courier's newsletter. Unsubscribe at any time.",
            "< Back to top",
            "Loading paragraph...",
            "Listen to this article (4 min)",
            "Copyright © 2025 Harbour Courier. All rights reserved. Visit our terms of use and permissions pages for more.",
            "Last updated on September 16th, 2023 at 09:27 am",
            "Published: 2/14/2025",
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
            "Since you made it to the bottom of this article, we have a small favour to ask.",
            "Support the Courier! Donate once or monthly.",
        ] {
            assert!(is_widget_text(line), "{line}");
        }
        for line in [
            "Share prices fell on Monday.",
            "Read more books, the council says.",
            "The ferry carried 1,693 people / day.",
            "6 minutes later the ferry left.",
            "Back to top form, the striker scored twice.",
            "Photographers lined the quay before dawn, waiting for the ferry to come in.",
            "Written by a committee of twelve over three winters, the charter was never signed.",
            "Updated on March 3, 2025 after readers wrote in",
            "Posted on 15/12/2025 at 19:00 by Ada Obi",
            "Support for the ferry plan grew after the council said it would donate the old pier.",
        ] {
            assert!(!is_widget_text(line), "{line}");
        }
    }

    #[test]
    fn a_source_list_ends_at_the_next_heading() {
        let para = "The ferry timetable changes twice a year, and the harbour office prints \
                    the new one a month before it starts, with the fares for each crossing. ";
        let page = format!(
            "<html><body><article><h1>New ferry times</h1><p>{}</p><h2>Sources:</h2>\
             <ul><li>Harbour Office, Timetable 2025, p. 4</li><li>Port Gazette, 3 May</li></ul>\
             <h2>Fares</h2><p>{}</p></article></body></html>",
            para.repeat(3),
            para.repeat(2)
        );
        let text = read(&page, None).0.text;
        assert!(
            !text.contains("Sources") && !text.contains("Port Gazette"),
            "{text}"
        );
        assert!(text.contains("Fares"), "{text}");
    }

    #[test]
    fn a_date_alone_stamps_the_page_but_is_data_in_a_table() {
        let para = "The ferry timetable changes twice a year, and the harbour office prints \
                    the new one a month before it starts, with the fares for each crossing. ";
        let page = format!(
            "<html><body><article><h1>New ferry times</h1><p>Tuesday, March 4, 2025</p>\
             <p>{}</p><table><tr><td>First sailing</td><td>March 10, 2025</td></tr></table>\
             <p>{}</p></article></body></html>",
            para.repeat(3),
            para.repeat(2)
        );
        let text = read(&page, None).0.text;
        assert!(!text.contains("March 4"), "{text}");
        assert!(text.contains("March 10, 2025"), "{text}");
        assert!(is_date_only("dec. 18, 2025 at 9:30 am"));
        assert!(!is_date_only(
            "december 18, 2025: the day the bridge closed"
        ));
    }

    #[test]
    fn folded_accordion_panels_are_text_other_hidden_blocks_are_not() {
        let para = "Most sailing clubs lend boats to new members for their first season, and the \
                    harbour master keeps a list of the moorings that are free this year. ";
        let page = format!(
            r#"<html><body><article><h1>Learning to sail</h1><p>{}</p><p>{}</p>
            <h3><button aria-expanded="false">Do I need my own boat?</button></h3>
            <div hidden><p>No: the club lends its dinghies to beginners.</p></div>
            <div hidden><p>Thanks for subscribing!</p></div></article></body></html>"#,
            para.repeat(3),
            para.repeat(2)
        );
        let text = read(&page, None).0.text;
        assert!(text.contains("lends its dinghies"), "{text}");
        assert!(!text.contains("subscribing"), "{text}");
    }

    #[test]
    fn a_story_shipped_once_per_screen_size_is_read_once() {
        let story: String = (1..=5)
            .map(|n| format!("<p>Paragraph {n} of the harbour story, long enough to count as text here, with a second clause to make it so.</p>"))
            .collect();
        let page = format!(
            "<html><body><main><div class=desktop>{story}</div><div class=phone>{story}</div>\
             <p>Chorus line.</p><p>Verse.</p><p>Chorus line.</p></main></body></html>"
        );
        let text = read(&page, None).0.text;
        assert_eq!(text.matches("Paragraph 3 of").count(), 1, "{text}");
        assert_eq!(text.matches("Chorus line.").count(), 2, "{text}");
    }

    #[test]
    fn cards_for_other_stories_are_not_text() {
        let story = "The harbour board met on Monday and agreed, after a long debate, to rebuild \
                     the north pier before the winter storms. ";
        let card = |n: u32| {
            format!(
                r#"<article><div class="title"><a href="/story-{n}">Ferry timetable number {n} changes</a></div>
                <div class="date">May {n}, 2025</div>
                <div class="body">THE FERRY company said its summer timetable will start on Monday, wi...</div></article>"#
            )
        };
        let page = format!(
            "<html><body><main><article><h1>Pier to be rebuilt</h1><p>{}</p><p>{}</p></article>\
             <section>{}{}{}</section></main></body></html>",
            story.repeat(4),
            story.repeat(3),
            card(1),
            card(2),
            card(3)
        );
        let text = read(&page, None).0.text;
        assert!(text.contains("north pier"), "{text}");
        assert!(!text.contains("FERRY"), "{text}");
        assert!(!text.contains("May 2"), "{text}");
    }

    #[test]
    fn reads_text_with_kinds() {
        let (page, _) = read(PAGE, None);
        let paras: Vec<_> = page
            .paragraphs
            .iter()
            .map(|p| (p.kind, &page.text[p.span.start..p.span.end]))
            .collect();
        use ParagraphKind::*;
        assert_eq!(
            paras,
            [
                (Heading, "Bridge vote fails"),
                (Body, "The council rejected the plan on Monday."),
                (Quote, "We will try again."),
                (List, "Cost: 40 million"),
                (List, "Length: 300 m"),
            ]
        );
    }

    #[test]
    fn reads_metadata_with_evidence() {
        let meta = read(PAGE, None).0.meta;
        assert_eq!(meta.authors, ["Lena Ortiz"]);
        assert_eq!(meta.published.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert_eq!(meta.published_evidence.unwrap().kind, EvidenceKind::Meta);
        assert_eq!(meta.site.as_deref(), Some("Harbour Gazette"));
        assert_eq!(meta.language.as_deref(), Some("en"));
        assert_eq!(meta.tags, ["bridge", "council", "budget"]);
        assert_eq!(
            meta.url.as_deref(),
            Some("https://gazette.example/bridge-vote")
        );
    }

    #[test]
    fn a_credit_line_names_the_author_when_nothing_else_does() {
        let story = "The ferry will run every hour from May, the harbour board said on Monday. ";
        let page = format!(
            "<html><body><article><h1>Ferry timetable</h1><p>{}</p><p>Written by Ana Ruiz</p>\
             </article></body></html>",
            story.repeat(5)
        );
        let page = read(&page, None).0;
        assert_eq!(page.meta.authors, ["Ana Ruiz"]);
        assert!(!page.text.contains("Written by"), "{}", page.text);
    }

    #[test]
    fn link_preview_and_analytics_tags_declare_the_author() {
        let page =
            |head: &str| format!("<html><head>{head}</head><body><p>Text.</p></body></html>");
        let authors = |head: &str| read(&page(head), None).0.meta.authors;
        let preview = |name: &str| {
            format!(
                r#"<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="{name}">"#
            )
        };
        assert_eq!(authors(&preview("Ana Ruiz")), ["Ana Ruiz"]);
        assert_eq!(authors(&preview("kate.r")), ["kate.r"]);
        assert!(authors(&preview("admin")).is_empty());
        // Another label says what the data is: a reading time is no author.
        let reading = r#"<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">"#;
        assert!(authors(reading).is_empty());
        assert_eq!(
            authors(r#"<meta name="cXenseParse:author" content="Sam Lee">"#),
            ["Sam Lee"]
        );
        assert_eq!(
            authors(
                r#"<meta name="citation_author" content="Ada Obi"><meta name="citation_author" content="Sam Lee">"#
            ),
            ["Ada Obi", "Sam Lee"]
        );
        assert_eq!(
            authors(r#"<meta name="author" content="kate.r">"#),
            ["kate.r"]
        );
        assert!(authors(r#"<meta name="author" content="page.head.author">"#).is_empty());
    }

    #[test]
    fn scholarly_pages_date_their_papers_with_citation_tags() {
        let page = r#"<html><head><meta name="citation_publication_date" content="2019/06/25">
            </head><body><p>Received 4 April 2019. Text.</p></body></html>"#;
        let meta = read(page, None).0.meta;
        assert_eq!(meta.published.as_deref(), Some("2019-06-25"));
        assert_eq!(meta.published_evidence.unwrap().kind, EvidenceKind::Meta);
    }

    #[test]
    fn json_ld_wins_for_dates_and_authors() {
        let page = r#"<html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"H",
             "datePublished":"2023-11-02","author":[{"@type":"Person","name":"Ada Obi"},{"name":"Sam Lee"}]}]}
            </script><meta property="article:published_time" content="2023-11-03"></head>
            <body><p>Text.</p></body></html>"#;
        let meta = read(page, None).0.meta;
        assert_eq!(meta.published.as_deref(), Some("2023-11-02"));
        assert_eq!(meta.published_evidence.unwrap().kind, EvidenceKind::JsonLd);
        assert_eq!(meta.authors, ["Ada Obi", "Sam Lee"]);
    }

    #[test]
    fn an_organisation_is_the_author_only_when_no_person_is_named() {
        let page = |byline: &str| {
            format!(
                r#"<html><head><script type="application/ld+json">
                {{"@type":"NewsArticle","datePublished":"2023-11-02",
                 "author":{{"@type":"Organization","name":"Harbour Gazette"}}}}
                </script></head><body><article><h1>Fares rise</h1>{byline}
                <p>The council voted to raise the ferry fares.</p></article></body></html>"#
            )
        };
        let authors = |html: String| read(&html, None).0.meta.authors;
        assert_eq!(
            authors(page(r#"<span class="byline">By Ana Ruiz</span>"#)),
            ["Ana Ruiz"]
        );
        assert_eq!(authors(page("")), ["Harbour Gazette"]);
    }

    use proptest::prelude::*;

    /// Pieces of pages that reach every metadata and text path.
    const PIECES: &[&str] = &[
        "<div class=\"author\">",
        "<span class=\"byline\">By ",
        "<a rel=\"author\">",
        "</a>",
        "<h1>",
        "</h1>",
        "<article>",
        "</article>",
        "<main>",
        "<p>",
        "</p>",
        "</div>",
        "</span>",
        "<time datetime=\"2020-02-30\">",
        "<time>",
        "</time>",
        "<div class=\"post-date\">",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":",
        "</script>",
        "<meta property=\"og:title\" content=\"",
        "<meta name=\"author\" content=\"",
        "\">",
        "<blockquote>",
        "<li>",
        "<!--",
        "-->",
        "<script>",
        "<style>",
        "<svg>",
        "&amp;",
        "&#x2019;",
        "&#99999999;",
        "Jan 7, 2020",
        "31 Feb 2021",
        "we’ll",
        "Zoë Ørsted",
        "قاسم",
        " and ",
        ", ",
        " | ",
        "\"",
        "Written by ",
        "東京",
        "By",
        "Updated: ",
        "23.07.2025",
        "3/4/2025",
        "<div hidden id=\"S:0\">",
        "<div hidden id=\"S:1\">",
        "<template id=\"B:0\"></template>",
        "<template id=\"B:1\">",
        "<!--$?-->",
        "<!--/$-->",
        "<header>",
        "</header>",
        "<legend>",
        "İ",
        "\u{212A}",
        "\u{FFFD}",
        "<br>",
        "<h1>A</h1>",
        "<img data-src=",
        " srcset='a 2x",
        " data-x",
        "=",
        "'",
        "<title>",
        "</title>",
        "<textarea data-y=\">",
    ];

    proptest! {
        #[test]
        fn random_pages_never_panic(picks in proptest::collection::vec(0..PIECES.len(), 0..60)) {
            let html: String = picks.iter().map(|&i| PIECES[i]).collect();
            let (page, _) = read(&html, Some("https://news.example/2020/01/07/a"));
            for p in &page.paragraphs {
                prop_assert!(page.text.is_char_boundary(p.span.start) && page.text.is_char_boundary(p.span.end));
            }
        }

        /// `read` skips the page's own container when its text bound says it cannot win.
        #[test]
        fn the_text_bound_holds_the_whole_walk(picks in proptest::collection::vec(0..PIECES.len(), 0..60)) {
            let html: String = picks.iter().map(|&i| PIECES[i]).collect();
            let doc = Document::from(html.as_str());
            let body = PageIndex::new(&doc).body.unwrap_or_else(|| doc.root());
            let mut out = TextBuilder::default();
            walk(&body, &mut out, &HashSet::new());
            out.flush();
            let bound = content::Layout::measure(body, None).text_bound(&body);
            prop_assert!(bound.is_none_or(|b| out.text.len() <= b), "{} > {bound:?}", out.text.len());
        }
    }

    #[test]
    fn a_title_ends_at_its_pipe() {
        let t = |s: &str| before_pipe(s.to_string());
        assert_eq!(
            t("Best Movers in Leeds | Top 19 Companies"),
            "Best Movers in Leeds"
        );
        assert_eq!(
            t("How ferries cross the strait | Opinion | Courier"),
            "How ferries cross the strait"
        );
        assert_eq!(
            t("AT&T | Pricing"),
            "AT&T | Pricing",
            "too short to stand alone"
        );
        assert_eq!(
            t("Ferry fares rise - Courier"),
            "Ferry fares rise - Courier"
        );
    }

    #[test]
    fn the_title_tag_wins_over_a_section_label_or_capitals() {
        let t = |h1: &str, head: &str| better_title(h1.into(), head.into());
        assert_eq!(
            t("Blog", "Packing Tips for a Calm Move"),
            "Packing Tips for a Calm Move"
        );
        assert_eq!(t("Our Blog", "Packing Tips Guide"), "Packing Tips Guide");
        assert_eq!(
            t("Beginner Marathon Plan", "Marathon Beginner Plan"),
            "Beginner Marathon Plan"
        );
        assert_eq!(
            t("TIPS FOR A CALM MOVE", "Tips for a Calm Move"),
            "Tips for a Calm Move"
        );
        assert_eq!(
            t(
                "Harbour Bridge Reopens",
                "Harbour Bridge Reopens After Repairs"
            ),
            "Harbour Bridge Reopens"
        );
        assert_eq!(t("Webcams", "Webcams at the Park Gate"), "Webcams");
    }

    #[test]
    fn site_names_after_titles_are_dropped() {
        assert_eq!(
            strip_site("Ferry fares rise | Harbour.com", None),
            "Ferry fares rise"
        );
        assert_eq!(
            strip_site("Ferry fares rise – Courier - Courier", Some("Courier")),
            "Ferry fares rise – Courier"
        );
        assert!(is_domain("harbour-gazette.co.uk") && !is_domain("Part 2.") && !is_domain("v1.2"));
        let h1 = Document::from("<h1>Ferry fares rise – Courier</h1>");
        let h1 = h1.select("h1").nodes()[0];
        assert_eq!(
            main_heading(&h1, Some("Courier")).as_deref(),
            Some("Ferry fares rise")
        );
    }

    #[test]
    fn byline_names_are_cleaned_and_checked() {
        assert_eq!(person_name("By Ada Obi").as_deref(), Some("Ada Obi"));
        assert_eq!(
            person_name("Posted by: Ada Obi").as_deref(),
            Some("Ada Obi")
        );
        assert_eq!(person_name("Byron Lake").as_deref(), Some("Byron Lake"));
        assert_eq!(
            person_name("Maria &amp; Katerina").as_deref(),
            Some("Maria & Katerina")
        );
        assert_eq!(person_name("we’ll dive in"), None);
        assert_eq!(person_name("brandon-peaktwo"), None);
        assert_eq!(person_name("jdoe42"), None);
        assert_eq!(person_name("undefined"), None);
        assert_eq!(person_name("Bé"), Some("Bé".to_string()));
        assert_eq!(person_name("including The Daily Ledger"), None);
        assert_eq!(person_name("Posted by"), None);
        // A comment form's label.
        assert_eq!(person_name("Name *"), None);
        assert_eq!(person_name("Harbour Courier on Tuesday"), None);
        assert_eq!(
            person_name("de la Cruz Ramos").as_deref(),
            Some("de la Cruz Ramos")
        );
    }

    #[test]
    fn survives_deep_nesting_and_empty_bodies() {
        let deep = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        let (page, flattened) = read(&deep, None);
        assert!(page.text.contains("deep text") && flattened);
        assert_eq!(read("<html><body></body></html>", None).0.text, "");
    }

    #[test]
    fn lines_and_lists_pointing_to_other_stories_are_left_out() {
        let page = "<html><body><article>\
            <p>The ferry fares rise in May, the council decided on Monday night.</p>\
            <p>Related: <a href=/fares>Why ferry fares keep rising</a></p>\
            <p>Related: the bus fares stay as they are until next year.</p>\
            <h3>You may also like</h3>\
            <p><a href=/a>Harbour crane returns</a></p><p><a href=/b>Quay market opens</a></p>\
            <p>Fares for children stay free, <a href=/kids>the council said</a>.</p>\
            </article></body></html>";
        assert_eq!(
            read(page, None).0.text,
            "The ferry fares rise in May, the council decided on Monday night.\n\n\
             Related: the bus fares stay as they are until next year.\n\n\
             Fares for children stay free, the council said."
        );
    }

    #[test]
    fn author_lists_hold_names_not_roles() {
        let tidy = |names: &[&str]| {
            let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
            tidy_authors(&mut v);
            v
        };
        assert_eq!(
            tidy(&["Ana Ruiz", "Senior Editor", "ana ruiz"]),
            ["Ana Ruiz"]
        );
        assert_eq!(tidy(&["Ana RuizSenior Editor", "Ana Ruiz"]), ["Ana Ruiz"]);
        assert_eq!(tidy(&["Our Editors"]), ["Our Editors"]);
        assert_eq!(tidy(&["Ana Ruiz", "Sam Lee"]), ["Ana Ruiz", "Sam Lee"]);
    }

    #[test]
    fn an_author_element_gives_the_name_on_its_own_line() {
        let page = "<html><body><article><h1>Ferry fares rise</h1>\
            <p class=\"author\">\n  Ana Ruiz<br>\n  4 August 2025\n</p>\
            <p>The council voted on Monday to raise the ferry fares in May.</p>\
            </article></body></html>";
        assert_eq!(read(page, None).0.meta.authors, ["Ana Ruiz"]);
        // An author box with a bio: the name is its first line.
        let page = "<html><body><article><h1>Ferry fares rise</h1>\
            <p>The council voted on Monday to raise the ferry fares in May.</p>\
            <div class=\"post-author-box\"><b>Ana Ruiz</b><p>Ana covers the harbour, its \
            ferries and the council for the Courier, where she has worked since 2019.</p></div>\
            </article></body></html>";
        assert_eq!(read(page, None).0.meta.authors, ["Ana Ruiz"]);
    }

    #[test]
    fn a_story_split_into_many_deep_sections_is_read_whole() {
        // Each section nested too deep for its paragraph's votes to reach the body.
        let section = |n: usize| {
            let words =
                format!("Section {n} of the harbour story, with its own facts, ").repeat(25);
            format!("{}<p>{words}</p>{}", "<div>".repeat(7), "</div>".repeat(7))
        };
        let page = format!(
            "<html><body>{}</body></html>",
            (0..10).map(section).collect::<String>()
        );
        let text = read(&page, None).0.text;
        assert!(
            (0..10).all(|n| text.contains(&format!("Section {n} "))),
            "{text}"
        );
    }

    #[test]
    fn a_forum_thread_is_read_from_its_posts_not_the_whole_page() {
        let post = |n: u32| {
            format!(
                "<article class=message><p>Reply {n}: the ferry was late again today.</p></article>"
            )
        };
        let menu: String = (0..40)
            .map(|n| format!("<div><a href=/f{n}>Board {n}</a></div>"))
            .collect();
        let page = format!(
            "<html><body><div class=menu-links>{menu}</div><div class=thread>{}{}{}</div>\
             </body></html>",
            post(1),
            post(2),
            post(3)
        );
        let read = read(
            &page,
            Some("https://harbour.example/forum/threads/ferry.12/"),
        )
        .0;
        assert_eq!(read.meta.page_kind, Some(PageKind::Forum));
        assert!(read.text.contains("Reply 3"), "{}", read.text);
        assert!(!read.text.contains("Board 7"), "{}", read.text);
    }

    #[test]
    fn page_kinds_come_from_types_hosts_and_paths() {
        let kind = |url: &str| {
            let page =
                "<html><body><h1>Ownership</h1><p>Each value has one owner.</p></body></html>";
            read(page, Some(url)).0.meta.page_kind
        };
        assert_eq!(
            kind("https://docs.harbour.dev/guide/ownership"),
            Some(PageKind::Documentation)
        );
        assert_eq!(
            kind("https://harbour.readthedocs.io/en/latest/"),
            Some(PageKind::Documentation)
        );
        assert_eq!(
            kind("https://harbour.example/forum/ownership"),
            Some(PageKind::Forum)
        );
        assert_eq!(
            kind("https://harbour.example/docsis-cables"),
            Some(PageKind::Other)
        );
        assert_eq!(
            kind("https://harbour.example/en/news/"),
            Some(PageKind::Listing)
        );
        assert_eq!(
            kind("https://shop.example/collections/wallets"),
            Some(PageKind::Collection)
        );
        assert_eq!(read(PAGE, None).0.meta.page_kind, Some(PageKind::Article));
    }

    #[test]
    fn an_empty_main_element_does_not_hide_the_page() {
        // Lines too short for the scoring to take any of them for a paragraph.
        let page = "<html><body><div><div>Harbour wallets</div><div>Steel and light</div></div>\
            <div role=dialog><main><span></span></main></div></body></html>";
        assert_eq!(
            read(page, None).0.text,
            "Harbour wallets\n\nSteel and light"
        );
    }
}
