//! Page shapes that real news sites use, each written here from scratch: metadata that names a
//! section or the publisher where the site or the writer belongs, paywalls, hover cards and
//! datelines glued to the text.

use rhetor_ingest::{Input, Options, ingest};

fn read(html: &str, url: &str) -> rhetor_doc::Doc {
    let mut input = Input::html("page", html);
    input.source.url = (!url.is_empty()).then(|| url.to_string());
    ingest(input, &Options::default()).unwrap()
}

const STORY: &str = "<p>The levy would add a small charge to every ticket sold in the three \
    towns, and the money would go to the night service that the operator wants to cut.</p>\
    <p>Supporters said the ferries are the only way home for hundreds of shift workers. \
    Opponents said the charge falls on those who can least afford it.</p>";

#[test]
fn a_section_label_or_a_handle_is_no_site_name() {
    let page = |site: &str| {
        format!(
            "<html><head><title>Levy vote</title><meta property=\"og:site_name\" \
             content=\"{site}\"></head><body><article><h1>Levy vote</h1>{STORY}</article>\
             </body></html>"
        )
    };
    let site = |site: &str, url: &str| read(&page(site), url).meta.site;
    let section = "https://www.harbourwire.com/world/us/levy-vote-2020-01-19/";
    assert_eq!(site("U.S.", section).as_deref(), Some("harbourwire.com"));
    assert_eq!(
        site("@harbourcheck", "https://www.harbourcheck.com/a/").as_deref(),
        Some("harbourcheck.com")
    );
    assert_eq!(
        site("Harbour Wire", section).as_deref(),
        Some("Harbour Wire")
    );
    assert_eq!(
        site("Gazette of the Bay", "https://gotb.example.org/a").as_deref(),
        Some("Gazette of the Bay")
    );
    assert_eq!(
        site("Harbour Gazette", "").as_deref(),
        Some("Harbour Gazette")
    );
}

#[test]
fn the_byline_wins_over_a_publisher_named_as_author() {
    let page = format!(
        "<html lang=\"en\"><head><title>Levy vote | News | HW</title>\
         <meta name=\"author\" content=\"Harbour Wire (www.hw.com)\"></head><body><div>\
         <h1>Harbour towns vote on ferry levy</h1>{STORY}\
         <ul class=\"smallList\"><li><strong>Date</strong> 19.01.2020</li>\
         <li><strong>Author</strong> Mara Lindqvist</li>\
         <li><strong>Keywords</strong> ferry, levy</li></ul></div></body></html>"
    );
    let doc = read(&page, "https://www.hw.com/en/levy/a-1");
    assert_eq!(doc.meta.authors, ["Mara Lindqvist"]);
    assert_eq!(doc.meta.published.as_deref(), Some("2020-01-19"));
    // The labelled fields are the page's metadata, not its text.
    assert!(!doc.text.contains("Date 19.01.2020"), "{}", doc.text);
    assert!(!doc.text.contains("Author Mara"), "{}", doc.text);
    assert!(!doc.text.contains("Keywords"), "{}", doc.text);
}

#[test]
fn a_paywalled_page_is_marked_and_its_prompts_and_headline_lists_stay_out() {
    let page = format!(
        "<html><head><title>Operator weighs sale</title></head><body><div>\
         <h1>Operator weighs sale of night routes</h1>{STORY}\
         <div class=\"wall\"><h3>To Read the Full Story</h3><p><a href=\"/s\">Subscribe</a> \
         <a href=\"/l\">Sign In</a></p></div>\
         <h2>Most Popular Videos</h2><ul><li><a href=\"/v/1\">Storm closes the bridge</a></li>\
         <li><a href=\"/v/2\">Inside the new fish market</a></li></ul></div></body></html>"
    );
    let doc = read(&page, "");
    assert!(doc.meta.paywalled);
    assert!(doc.layers.warnings.iter().any(|w| w.code == "paywalled"));
    for gone in [
        "To Read",
        "Subscribe",
        "Most Popular",
        "Storm closes",
        "fish market",
    ] {
        assert!(!doc.text.contains(gone), "{gone}: {}", doc.text);
    }
    // JSON-LD can say so too.
    let declared = format!(
        "<html><head><script type=\"application/ld+json\">{{\"@type\": \"NewsArticle\", \
         \"datePublished\": \"2020-01-19\", \"isAccessibleForFree\": false}}</script></head>\
         <body><article><h1>Levy</h1>{STORY}</article></body></html>"
    );
    assert!(read(&declared, "").meta.paywalled);
    assert!(
        !read(
            &format!("<html><body><article>{STORY}</article></body></html>"),
            ""
        )
        .meta
        .paywalled
    );
}

#[test]
fn hover_cards_and_glued_datelines() {
    let page = format!(
        "<html><body><article><h1>Talks stall</h1><p><cite><span>(Harbour Wire Business)</span>\
         </cite>A muddled plan stalled on Sunday after <a href=\"/p/1\">Kara Nolan<span \
         class=\"hovercard\"><span>Kara Lynn Nolan</span><span>Harbour District</span></span></a> \
         said the council had not seen the figures.</p><p>Wind and rain <span role=\"tooltip\">\
         (a note on the forecast)</span>kept the ferries in port.</p>{STORY}</article></body></html>"
    );
    let doc = read(&page, "");
    assert!(
        doc.text.contains(
            "(Harbour Wire Business) A muddled plan stalled on Sunday after Kara Nolan said"
        ),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("Wind and rain kept"), "{}", doc.text);
}
