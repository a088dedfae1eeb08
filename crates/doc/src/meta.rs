use serde::{Deserialize, Serialize};

/// The kind of input a document was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    #[default]
    Text,
    Warc,
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Text => "text",
            Format::Warc => "warc",
            Format::Jsonl => "jsonl",
        }
    }
}

/// The host of a URL (`https://www.reuters.com/world/` → `reuters.com`): no scheme, user, port or
/// leading `www.`; `None` when there is no host made of letters, digits, dots and hyphens.
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
    .then_some(host)
}

/// Where a document came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file it was read from (`-` for standard input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The URL it was fetched from, when known (a record's `url`, a WARC target URI).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The kind of input that held it.
    pub format: Format,
    /// For a record in a JSONL file: its line number (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// For a record in a WARC file: the byte offset of the record in the file; in a `.warc.gz`,
    /// of the gzip member that holds it (the offset a CDX index gives).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// Where a date was found: the user sees how much to trust it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// Schema.org JSON-LD in the page (`datePublished`).
    JsonLd,
    /// A `<meta>` tag (`article:published_time`, `date`, ...).
    Meta,
    /// A `<time datetime>` element.
    Time,
    /// A date in the URL path.
    Url,
    /// The byline ("By X | Jan 7, 2020").
    Byline,
    /// A date written in the article text.
    Text,
    /// The `published` field of a JSONL record.
    Record,
    /// The `--published` option.
    Option,
    /// The `WARC-Date` of the crawl: when it was fetched, not written (weak).
    Warc,
}

impl EvidenceKind {
    /// The name used in JSON (`json-ld`, `meta`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::JsonLd => "json-ld",
            EvidenceKind::Meta => "meta",
            EvidenceKind::Time => "time",
            EvidenceKind::Url => "url",
            EvidenceKind::Byline => "byline",
            EvidenceKind::Text => "text",
            EvidenceKind::Record => "record",
            EvidenceKind::Option => "option",
            EvidenceKind::Warc => "warc",
        }
    }
}

/// A date's evidence: the kind of place it came from and what exactly was read there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateEvidence {
    pub kind: EvidenceKind,
    /// The selector, field or text the date was read from.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub detail: String,
}

/// How a text is written: edited prose (news, reports, essays) or conversation (forum posts,
/// reviews, e-mail, social media), which names things differently (lower-case names, first and
/// second person, no datelines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextKind {
    Edited,
    Conversational,
}

/// What kind of web page a document looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// A news story, opinion piece or blog post.
    Article,
    /// A list of links to articles (a section front, a category or tag page).
    Listing,
    /// One product for sale.
    Product,
    /// A set of products or items (a shop category, a catalogue).
    Collection,
    /// A discussion thread or question-and-answer page.
    Forum,
    /// Technical documentation.
    Documentation,
    /// Anything else: a service or landing page, a home page.
    Other,
}

/// Document metadata. Dates are ISO 8601 (`YYYY-MM-DD`, or a full date-time when the source gives
/// one); a field is empty rather than guessed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub published_evidence: Option<DateEvidence>,
    pub modified: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    /// BCP 47 language tag, e.g. `en`.
    pub language: Option<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    /// What kind of page an HTML document looks like (`None` for plain text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_kind: Option<PageKind>,
    /// The author's biography, when the page ends with one ("Ann Lee is a reporter who ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_bio: Option<String>,
    /// How the text is written, as the text layer reads it (see [`TextKind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_kind: Option<TextKind>,
    /// The page shows only part of the article: a paywall or a subscription prompt cuts it
    /// (or its JSON-LD says it is not free to read). Every layer then saw only the part shown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paywalled: bool,
}

impl Meta {
    /// The reference date (`YYYY-MM-DD`) that relative time expressions are resolved against.
    pub fn reference_date(&self) -> Option<&str> {
        self.published.as_deref().and_then(|p| p.get(..10))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            url_host("https://www.reuters.com/world/us/x"),
            Some("reuters.com")
        );
        assert_eq!(
            url_host("http://user@edition.cnn.com:80/a"),
            Some("edition.cnn.com")
        );
        assert_eq!(url_host("not a url"), None);
        assert_eq!(url_host("https:///path"), None);
    }
}
