//! `rhetor eval extract`: main text and metadata extraction on the WCXB dev split.
//!
//! Per page: bag-of-words F1 of the body against `main_content` (articles and other page kinds
//! reported apart), and exact match of title (white space normalised), authors (as a set of names)
//! and publication date (`YYYY-MM-DD`; an empty gold date is matched only by no date). Dates given
//! where the gold has none are counted as invented. Page kinds are scored as accuracy over all
//! pages and as recall per non-article kind. News articles (the articles whose page declares a
//! schema.org `NewsArticle`, the closest subset to a news benchmark) get their body and date
//! scores apart too.

use std::io::Read;
use std::path::Path;

use rhetor::{Input, Options};
use serde::Deserialize;

use crate::{Error, Scores, bag_of_words_f1};

#[derive(Deserialize)]
struct Truth {
    #[serde(default)]
    url: Option<String>,
    #[serde(rename = "_internal")]
    internal: Internal,
    ground_truth: Gold,
}

#[derive(Deserialize)]
struct Internal {
    page_type: PageType,
}

#[derive(Deserialize)]
struct PageType {
    primary: String,
}

#[derive(Deserialize)]
struct Gold {
    title: Option<String>,
    author: Option<String>,
    publish_date: Option<String>,
    main_content: Option<String>,
}

/// One page's outcome, for error analysis.
pub struct PageResult {
    pub id: String,
    pub kind: String,
    /// An article whose page declares a schema.org `NewsArticle` (or a subtype).
    pub news: bool,
    pub body_f1: f64,
    pub title_ok: bool,
    pub author_ok: bool,
    pub date_ok: bool,
    pub invented_date: bool,
    /// The date found and the benchmark's date (`-` for none), as `YYYY-MM-DD`.
    pub date_found: String,
    pub date_gold: String,
    /// The page kind found, as WCXB names it (`service` is rhetor's `other`).
    pub found_kind: String,
}

fn normalise(s: &str) -> String {
    // The gold writes straight quotes even where every source on the page has curly ones.
    s.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The names in an author string: split on commas, `and` and `&`.
fn names(s: &str) -> Vec<String> {
    let mut names: Vec<String> = s
        .replace(", and ", ",")
        .replace(" and ", ",")
        .replace(" & ", ",")
        .split(',')
        .map(normalise)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn read_page(html: &Path) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(html).map_err(|source| Error::Io {
        path: html.to_path_buf(),
        source,
    })?;
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: html.to_path_buf(),
            source,
        })?;
    Ok(bytes)
}

/// Scores every page of the WCXB dev split in `dir` (with `html/` and `ground-truth/`).
pub fn evaluate(dir: &Path) -> Result<(Scores, Vec<PageResult>), Error> {
    let truth_dir = dir.join("ground-truth");
    let mut files: Vec<_> = std::fs::read_dir(&truth_dir)
        .map_err(|source| Error::Io {
            path: truth_dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Data {
            path: truth_dir,
            message: "no ground-truth files".into(),
        });
    }
    let options = Options::default();
    let mut results = Vec::new();
    for path in files {
        let id = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let raw = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let truth: Truth = serde_json::from_str(&raw).map_err(|e| Error::Data {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let bytes = read_page(&dir.join("html").join(format!("{id}.html.gz")))?;
        let news = memchr::memmem::find(&bytes, b"NewsArticle").is_some();
        let mut input = Input::bytes(id.clone(), bytes);
        input.source.url = truth.url.clone();
        let doc = rhetor::ingest(input, &options).ok();
        let gold = &truth.ground_truth;
        // WCXB's main content leaves the headline out; rhetor's text leads with it.
        let text = doc.as_ref().map_or("", |d| {
            d.meta
                .title
                .as_deref()
                .and_then(|t| d.text.strip_prefix(t))
                .unwrap_or(&d.text)
        });
        let meta = doc.as_ref().map(|d| &d.meta);
        let predicted_date = meta
            .and_then(|m| m.published.as_deref())
            .map(|d| d[..10.min(d.len())].to_string());
        let gold_date = gold.publish_date.clone().filter(|d| !d.is_empty());
        let authors = meta.map(|m| m.authors.join(", ")).unwrap_or_default();
        results.push(PageResult {
            id,
            kind: truth.internal.page_type.primary.clone(),
            news,
            body_f1: bag_of_words_f1(text, gold.main_content.as_deref().unwrap_or("")),
            title_ok: normalise(gold.title.as_deref().unwrap_or(""))
                == normalise(meta.and_then(|m| m.title.as_deref()).unwrap_or("")),
            author_ok: names(gold.author.as_deref().unwrap_or("")) == names(&authors),
            date_ok: predicted_date == gold_date,
            invented_date: gold_date.is_none() && predicted_date.is_some(),
            date_found: predicted_date.clone().unwrap_or_else(|| "-".into()),
            date_gold: gold_date.clone().unwrap_or_else(|| "-".into()),
            found_kind: match meta.and_then(|m| m.page_kind) {
                Some(rhetor::PageKind::Other) | None => "service".to_string(),
                Some(kind) => serde_json::to_value(kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            },
        });
    }
    Ok((summarise(&results), results))
}

fn summarise(results: &[PageResult]) -> Scores {
    let mut scores = Scores::default();
    let mean = |xs: &[f64]| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let articles: Vec<&PageResult> = results.iter().filter(|r| r.kind == "article").collect();
    let others: Vec<&PageResult> = results.iter().filter(|r| r.kind != "article").collect();
    let rate = |rs: &[&PageResult], f: fn(&PageResult) -> bool| {
        mean(&rs.iter().map(|r| f(r) as u8 as f64).collect::<Vec<_>>())
    };
    scores.set("pages.articles", articles.len() as f64);
    scores.set("pages.other", others.len() as f64);
    scores.set(
        "body_f1.articles",
        mean(&articles.iter().map(|r| r.body_f1).collect::<Vec<_>>()),
    );
    scores.set(
        "body_f1.other",
        mean(&others.iter().map(|r| r.body_f1).collect::<Vec<_>>()),
    );
    scores.set("title_acc.articles", rate(&articles, |r| r.title_ok));
    scores.set("author_acc.articles", rate(&articles, |r| r.author_ok));
    scores.set("date_acc.articles", rate(&articles, |r| r.date_ok));
    let news: Vec<&PageResult> = articles.iter().copied().filter(|r| r.news).collect();
    scores.set("pages.news", news.len() as f64);
    scores.set(
        "body_f1.news",
        mean(&news.iter().map(|r| r.body_f1).collect::<Vec<_>>()),
    );
    scores.set("date_acc.news", rate(&news, |r| r.date_ok));
    scores.set(
        "dates_invented.articles",
        articles.iter().filter(|r| r.invented_date).count() as f64,
    );
    let all: Vec<&PageResult> = results.iter().collect();
    scores.set("page_kind_acc", rate(&all, |r| r.found_kind == r.kind));
    let mut kinds: Vec<&str> = others.iter().map(|r| r.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let of: Vec<f64> = others
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.body_f1)
            .collect();
        scores.set(format!("body_f1.{kind}"), mean(&of));
        let found = others
            .iter()
            .filter(|r| r.kind == kind && r.found_kind == kind)
            .count();
        scores.set(
            format!("page_kind_recall.{kind}"),
            found as f64 / of.len() as f64,
        );
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_names_compare_as_sets() {
        assert_eq!(names("Ada Obi and Sam Lee"), names("Sam Lee, Ada  Obi"));
        assert_eq!(names("A B, C D, and E F"), names("A B, C D, E F"));
        assert_ne!(names("Ada Obi"), names("Ada Obi, Sam Lee"));
        assert!(names("").is_empty());
    }
}
