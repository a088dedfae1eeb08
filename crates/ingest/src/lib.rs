//! Reading articles into rhetor [`Doc`]s.
//!
//! [`Inputs`] turns paths (files, directories, `-`, `.gz`, JSONL, WARC) into a lazy stream of
//! [`Input`]s; [`ingest`] turns one input into a `Doc` with its clean text, metadata (with
//! evidence) and, for HTML, paragraph kinds. Every failure is an [`Error`] that names its input,
//! so a batch can report it and go on.

mod byline;
mod content;
mod dates;
mod decode;
mod gzip;
mod html;
mod language;
mod page_index;
mod part;
mod plain;
mod prescan;
mod read;
mod scraped;
mod site;
mod sniff;
mod warc;

pub use part::warc_gz_part;
pub use read::Inputs;
pub use sniff::{Sniffed, sniff};
pub use warc::{WarcReader, WarcStats};

use rhetor_doc::{
    DateEvidence, Doc, EvidenceKind, Format, LayerSet, Paragraph, ParagraphKind, Span, Tier,
};

/// The default for [`Options::max_bytes`]: 20 MB.
pub const DEFAULT_MAX_BYTES: usize = 20_000_000;

/// Why an input could not become a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{input}: cannot read: {source}")]
    Io {
        input: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{input}: binary data, not text or HTML")]
    Binary { input: String },
    #[error("{input}: the document has no text")]
    Empty { input: String },
    #[error(
        "{input}: {}over the limit of {max} bytes (--max-bytes)",
        size.map(|s| format!("{s} bytes is ")).unwrap_or_default()
    )]
    TooLarge {
        input: String,
        /// The size, when known (a file's; a stream is read only up to the limit).
        size: Option<u64>,
        max: usize,
    },
    #[error(
        "{input}: over the limit of {max} bytes (--max-bytes) once decompressed{}",
        compressed.map(|c| format!(" (the file holds {c} compressed bytes)")).unwrap_or_default()
    )]
    Inflated {
        input: String,
        compressed: Option<u64>,
        max: usize,
    },
    #[error("{input}: line {line}: {message}")]
    Record {
        input: String,
        line: u64,
        message: String,
    },
    #[error(
        "{input}: WARC record {} {offset}: {message}",
        if *gzip { "in the gzip member at compressed byte" } else { "at byte" }
    )]
    Warc {
        input: String,
        /// Where the record starts in the file, or in a `.warc.gz` where the gzip member that
        /// holds it starts (the offset a CDX index gives).
        offset: u64,
        gzip: bool,
        message: String,
    },
    #[error("{input}: {message}")]
    Unsupported { input: String, message: String },
}

impl Error {
    /// The id of the error record written in the failed input's place ("batch.jsonl:7" for a
    /// line, "crawl.warc.gz@1234" for a WARC record), and where the input is. Errors met while
    /// analysing a document name it by its own id and source instead.
    pub fn origin(&self) -> (String, rhetor_doc::json::Origin) {
        let input = self.input();
        let mut origin = rhetor_doc::json::Origin {
            path: Some(input.to_string()),
            ..Default::default()
        };
        let id = match self {
            Error::Record { line, .. } => {
                origin.line = Some(*line);
                format!("{input}:{line}")
            }
            Error::Warc { offset, .. } => {
                origin.offset = Some(*offset);
                format!("{input}@{offset}")
            }
            _ => input.to_string(),
        };
        (id, origin)
    }

    /// The input the error is about: a path, a record id or a URL.
    pub fn input(&self) -> &str {
        match self {
            Error::Io { input, .. }
            | Error::Binary { input }
            | Error::Empty { input }
            | Error::TooLarge { input, .. }
            | Error::Inflated { input, .. }
            | Error::Record { input, .. }
            | Error::Warc { input, .. }
            | Error::Unsupported { input, .. } => input,
        }
    }
}

/// The content of one input, as far as it is known before ingestion.
#[derive(Clone, Debug)]
pub enum Content {
    /// Bytes of a file: sniffed as HTML or plain text, decoded with charset detection.
    Bytes(Vec<u8>),
    /// An HTML page's bytes.
    Html(Vec<u8>),
    /// Plain text (a JSONL record's `text`).
    Text(String),
}

/// One document to ingest.
#[derive(Clone, Debug)]
pub struct Input {
    pub id: String,
    pub source: rhetor_doc::Source,
    pub content: Content,
    /// A date given with the input (a JSONL record's `published`): it wins over the page's own.
    pub published: Option<String>,
    /// The charset named outside the bytes (an HTTP `Content-Type` header).
    pub charset: Option<String>,
    /// When a crawler fetched the page (`WARC-Date`): weak evidence of the publication date.
    pub fetched: Option<String>,
}

impl Input {
    /// An input of bytes of unknown kind.
    pub fn bytes(id: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(id, Content::Bytes(bytes.into()))
    }

    /// An input of plain text.
    pub fn text(id: impl Into<String>, text: impl Into<String>) -> Self {
        Self::new(id, Content::Text(text.into()))
    }

    /// An input of HTML.
    pub fn html(id: impl Into<String>, html: impl Into<String>) -> Self {
        Self::new(id, Content::Html(html.into().into_bytes()))
    }

    fn new(id: impl Into<String>, content: Content) -> Self {
        let format = match content {
            Content::Html(_) => Format::Html,
            _ => Format::Text,
        };
        Input {
            id: id.into(),
            source: rhetor_doc::Source {
                format,
                ..Default::default()
            },
            content,
            published: None,
            charset: None,
            fetched: None,
        }
    }
}

/// How inputs become documents.
#[derive(Clone, Debug)]
pub struct Options {
    /// Take the text verbatim: no clean-up and no HTML parsing, so offsets index the input exactly.
    pub raw: bool,
    /// The reference date (`YYYY-MM-DD`) for documents that have none of their own.
    pub published: Option<String>,
    /// Documents larger than this are refused.
    pub max_bytes: usize,
    /// The representation the learned layers read (`fast` or `accurate`); the pipeline, not
    /// ingestion, uses it.
    pub tier: Tier,
    /// The layers the pipeline runs (default: all).
    pub layers: LayerSet,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            raw: false,
            published: None,
            max_bytes: DEFAULT_MAX_BYTES,
            tier: Tier::default(),
            layers: LayerSet::all(),
        }
    }
}

/// Parses a `YYYY-MM-DD` date (or an ISO date-time), rejecting impossible dates.
pub fn parse_date(s: &str) -> Option<String> {
    dates::parse_iso(s)
}

/// Turns one input into a document with clean text and metadata (no analysis layers yet).
pub fn ingest(input: Input, options: &Options) -> Result<Doc, Error> {
    let Input {
        id,
        mut source,
        content,
        published,
        charset,
        fetched,
    } = input;
    let size = match &content {
        Content::Bytes(b) | Content::Html(b) => b.len(),
        Content::Text(t) => t.len(),
    };
    if size > options.max_bytes {
        return Err(Error::TooLarge {
            input: id,
            size: Some(size as u64),
            max: options.max_bytes,
        });
    }
    let (bytes, is_html) = match content {
        Content::Text(text) => (Err(text), false),
        Content::Html(b) => (Ok(b), true),
        Content::Bytes(b) => match sniff(&b[..b.len().min(8192)]) {
            Sniffed::Binary => return Err(Error::Binary { input: id }),
            Sniffed::Warc => {
                return Err(Error::Unsupported {
                    input: id,
                    message: "a WARC file holds many documents: read it with Inputs".into(),
                });
            }
            Sniffed::Html => (Ok(b), true),
            Sniffed::Text | Sniffed::Jsonl => (Ok(b), false),
        },
    };
    let mut notes = Vec::new();
    let decoded = match bytes {
        Err(text) => text,
        Ok(b) if options.raw && std::str::from_utf8(&b).is_ok() => {
            String::from_utf8(b).unwrap_or_default()
        }
        Ok(b) => {
            let d = decode::decode(&b, charset.as_deref(), is_html);
            notes.extend(d.note);
            d.text
        }
    };

    let repaired = (!options.raw)
        .then(|| decode::repair_double_encoding(&decoded))
        .flatten();
    let decoded = match repaired {
        Some((fixed, repaired)) => {
            notes.push((
                "double-encoding-repaired",
                format!("{repaired} characters were encoded as UTF-8 twice; repaired"),
            ));
            fixed
        }
        None => decoded,
    };
    let mut doc = Doc::new(id, String::new());
    if source.format != Format::Jsonl && source.format != Format::Warc {
        source.format = if is_html { Format::Html } else { Format::Text };
    }
    if options.raw {
        doc.text = decoded;
    } else if is_html {
        let (page, flattened) = html::read(&decoded, source.url.as_deref());
        if flattened {
            notes.push((
                "html-flattened",
                format!(
                    "elements nested deeper than {} were flattened",
                    prescan::MAX_DEPTH
                ),
            ));
        }
        if page.repeats.0 > 0 {
            notes.push((
                "repeated-text-dropped",
                format!(
                    "{} paragraphs ({} bytes) repeated earlier ones word for word and were read once",
                    page.repeats.0, page.repeats.1
                ),
            ));
        }
        if page.meta.paywalled {
            notes.push((
                "paywalled",
                "the page shows only part of the article (a paywall or a subscription prompt \
                 cuts it): every layer saw only that part"
                    .to_string(),
            ));
        }
        doc.text = page.text;
        doc.layers.paragraphs = page.paragraphs;
        doc.meta = page.meta;
    } else {
        let scraped = scraped::clean(&plain::clean(&decoded));
        doc.text = scraped.text;
        doc.meta = scraped.meta;
    }
    if !options.raw {
        lead_with_headline(&mut doc);
    }
    for (code, message) in notes {
        doc.warn(code, message);
    }
    if doc.meta.url.is_none() {
        doc.meta.url = source.url.clone();
    }
    // The page's own language tag wins; else the text says.
    if doc.meta.language.is_none() {
        doc.meta.language = language::identify(&doc.text);
    }
    doc.source = source;

    if doc.text.trim().is_empty() {
        return Err(Error::Empty { input: doc.id });
    }
    resolve_published(&mut doc, published, fetched, options);
    Ok(doc)
}

/// Puts the headline (`meta.title`) at the head of the text, as its first paragraph (a heading),
/// when the text does not start with it already: a headline is written to persuade as much as
/// any sentence, and every layer then reads it and anchors its spans in it like anywhere else
/// (PTC's articles, which the technique layer learned from, start with their title too).
fn lead_with_headline(doc: &mut Doc) {
    let Some(title) = doc.meta.title.as_deref().map(str::trim) else {
        return;
    };
    if title.is_empty() || doc.text.trim_start().starts_with(title) {
        return;
    }
    let shift = title.len() + 2;
    doc.text = format!("{title}\n\n{}", doc.text);
    if !doc.layers.paragraphs.is_empty() {
        for p in &mut doc.layers.paragraphs {
            p.span = Span::new(p.span.start + shift, p.span.end + shift);
        }
        doc.layers.paragraphs.insert(
            0,
            Paragraph {
                span: Span::new(0, title.len()),
                kind: ParagraphKind::Heading,
            },
        );
    }
}

/// Chooses the reference date: a record's own date, else the page's, else `--published`, else the
/// crawl date (flagged as weak).
fn resolve_published(
    doc: &mut Doc,
    record: Option<String>,
    fetched: Option<String>,
    options: &Options,
) {
    let set = |doc: &mut Doc, date: String, kind, detail: &str| {
        doc.meta.published = Some(date);
        doc.meta.published_evidence = Some(DateEvidence {
            kind,
            detail: detail.to_string(),
        });
    };
    if let Some(raw) = record {
        match parse_date(&raw) {
            Some(date) => return set(doc, date, EvidenceKind::Record, "published"),
            None => doc.warn(
                "bad-published",
                format!("the record's `published` {raw:?} is not a valid ISO date; ignored"),
            ),
        }
    }
    if doc.meta.published.is_some() {
        return;
    }
    if let Some(date) = options.published.clone() {
        return set(doc, date, EvidenceKind::Option, "--published");
    }
    if let Some(date) = fetched.as_deref().and_then(parse_date) {
        set(
            doc,
            date,
            EvidenceKind::Warc,
            "WARC-Date (when it was fetched)",
        );
        doc.warn(
            "weak-date",
            "the only date is when the page was crawled; it may be later than publication",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_text_is_verbatim() {
        let text = "  Odd\r\n\r\n\r\nspacing\t here \u{FEFF}";
        let doc = ingest(
            Input::bytes("x", text),
            &Options {
                raw: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(doc.text, text);
    }

    #[test]
    fn the_text_leads_with_the_headline() {
        let html = "<html><head><title>Harbour vote: a shameful plan</title></head><body>\
                    <article><h1>Harbour vote: a shameful plan</h1><p>The council met on \
                    Monday and voted on the harbour plan after a long debate.</p><p>The vote \
                    was close, and the plan passed by one vote.</p></article></body></html>";
        let doc = ingest(Input::html("x", html), &Options::default()).unwrap();
        let title = doc.meta.title.as_deref().unwrap();
        assert!(doc.text.starts_with(title), "{:?}", doc.text);
        assert_eq!(doc.text.matches(title).count(), 1);
        let first = doc.layers.paragraphs[0];
        assert_eq!(doc.slice(first.span), title);
        for p in &doc.layers.paragraphs {
            assert!(!doc.slice(p.span).trim().is_empty());
        }
    }

    #[test]
    fn cleans_plain_text_and_html() {
        let doc = ingest(
            Input::bytes("x", "Line  one.\r\n\r\n\r\nLine two."),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(doc.text, "Line one.\n\nLine two.");
        assert_eq!(doc.source.format, Format::Text);
        let doc = ingest(
            Input::bytes("y", "<html><body><p>Hello <i>there</i>.</p></body></html>"),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(doc.text, "Hello there.");
        assert_eq!(doc.source.format, Format::Html);
    }

    #[test]
    fn refuses_binary_empty_and_oversized_input() {
        let opts = Options {
            max_bytes: 10,
            ..Options::default()
        };
        assert!(matches!(
            ingest(Input::bytes("b", b"\x89PNG\r\n".to_vec()), &opts),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            ingest(Input::bytes("e", " \n "), &opts),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            ingest(Input::bytes("l", "x".repeat(11)), &opts),
            Err(Error::TooLarge { .. })
        ));
        let err = ingest(Input::bytes("e", "<html></html>"), &Options::default()).unwrap_err();
        assert_eq!(err.to_string(), "e: the document has no text");
    }

    #[test]
    fn repeated_paragraphs_read_once_leave_a_warning() {
        // Four paragraphs of 400 bytes or more make a run that can repeat.
        let page =
            "<p>The pier opens at dawn, and the ferries wait in the harbour for the tide to \
                    turn before they cross to the far side.</p>"
                .repeat(500);
        let doc = ingest(Input::html("r", page), &Options::default()).unwrap();
        assert_eq!(doc.layers.paragraphs.len(), 4);
        let warning = &doc.layers.warnings[0];
        assert_eq!(warning.code, "repeated-text-dropped");
        assert!(
            warning.message.starts_with("496 paragraphs"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_warning() {
        let doc = ingest(
            Input::bytes("x", b"caf\xE9 au lait".to_vec()),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(doc.text, "café au lait");
        assert_eq!(doc.layers.warnings[0].code, "charset-detected");
    }

    #[test]
    fn the_record_date_wins_then_the_page_then_the_option() {
        let opts = Options {
            published: Some("2020-01-01".into()),
            ..Options::default()
        };
        let mut input = Input::html(
            "r",
            r#"<meta property="article:published_time" content="2021-05-05"><p>Text</p>"#,
        );
        input.published = Some("2022-02-02".into());
        let doc = ingest(input.clone(), &opts).unwrap();
        assert_eq!(doc.meta.published.as_deref(), Some("2022-02-02"));
        assert_eq!(
            doc.meta.published_evidence.unwrap().kind,
            EvidenceKind::Record
        );
        input.published = None;
        assert_eq!(
            ingest(input, &opts).unwrap().meta.published.as_deref(),
            Some("2021-05-05")
        );
        let doc = ingest(Input::text("t", "Plain."), &opts).unwrap();
        assert_eq!(doc.meta.published.as_deref(), Some("2020-01-01"));
        assert_eq!(
            doc.meta.published_evidence.unwrap().kind,
            EvidenceKind::Option
        );
    }
}
