//! Scraped plain text: what a copy of a web page's text carries besides the article.
//!
//! A text dump keeps the page's navigation ("Skip to main content", "Home | News | Contact"), the
//! byline ("Written By | Jan 7, 2020") and tag lines above the article, related-article headlines
//! dropped between its paragraphs (some repeated), and the author's bio at the end. This module
//! finds them by their form and position, moves what is metadata into [`Meta`], and returns the
//! article text without them. The rules look at layout and wording, never at what a text is about.

use std::collections::{HashMap, HashSet};

use rhetor_doc::{DateEvidence, EvidenceKind, Meta};

use crate::dates::find_written;

/// Interface words that make up navigation lines.
const NAV_WORDS: &[&str] = &[
    "skip to main content",
    "skip to content",
    "skip to navigation",
    "menu",
    "main menu",
    "search",
    "log in",
    "login",
    "sign in",
    "sign up",
    "subscribe",
    "home",
    "close",
    "toggle navigation",
    "open menu",
    "back to top",
    "share",
    "print",
    "email",
    "newsletter",
    "register",
    "account",
];

/// How related-article lines announce themselves.
const RELATED_CUES: &[&str] = &[
    "read also",
    "read more",
    "also read",
    "related",
    "see also",
    "recommended",
    "more from",
    "you may also like",
    "you might also like",
    "trending",
    "most read",
    "popular",
];

/// Words too common to tell one section's topic from another's.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "are", "as", "at", "be", "been",
    "but", "by", "can", "for", "from", "had", "has", "have", "he", "her", "his", "how", "in",
    "into", "is", "it", "its", "more", "new", "next", "not", "of", "on", "or", "our", "over",
    "she", "so", "than", "that", "the", "their", "them", "they", "this", "to", "up", "was", "we",
    "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
];

/// The article text and the metadata found around it.
pub struct Scraped {
    pub text: String,
    pub meta: Meta,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Article,
    Navigation,
    Title,
    Byline,
    Tags,
    Related,
    BioName,
    Bio,
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
}

/// A line that reads like a heading: short, capitalised, without a final full stop.
fn headline_like(s: &str) -> bool {
    let n = s.split_whitespace().count();
    let first = s.chars().next().unwrap_or(' ');
    (2..=20).contains(&n)
        && (first.is_uppercase() || first.is_ascii_digit() || "“\"‘'".contains(first))
        && !s.ends_with(['.', ',', ';', ':', '”', '"'])
}

/// A line of running text: a sentence or more.
fn prose(s: &str) -> bool {
    s.split_whitespace().count() >= 12 && s.ends_with(['.', '!', '?', '"', '”', '’', ')', ':'])
}

fn is_navigation(s: &str) -> bool {
    let lower = s.to_lowercase();
    if NAV_WORDS.contains(&lower.trim()) {
        return true;
    }
    // "Home | News | Opinion | Contact": three or more short items between bars or bullets.
    let items: Vec<&str> = s.split(['|', '•', '·', '»', '›']).map(str::trim).collect();
    items.len() >= 3
        && items
            .iter()
            .all(|i| !i.is_empty() && i.split_whitespace().count() <= 3)
}

/// "By Ann Lee | Jan 7, 2020", "Written By | Jan 7, 2020", "Posted on 7 January 2020 by Ann":
/// the authors and the date of a byline, if `s` is one.
fn byline(s: &str) -> Option<(Vec<String>, Option<String>)> {
    if s.split_whitespace().count() > 16 || s.ends_with('.') && !s.ends_with(".com") {
        return None;
    }
    let lower = s.to_lowercase();
    let cue = [
        "written by",
        "posted by",
        "published by",
        "by ",
        "author:",
        "posted on",
        "published on",
        "published:",
        "updated:",
    ]
    .iter()
    .find(|c| lower.starts_with(*c));
    let date = find_written(s);
    if cue.is_none() && date.as_ref().is_none_or(|(_, r)| r.len() * 2 < s.len()) {
        return None;
    }
    // Authors: what follows "by", up to a separator or the date.
    let mut authors = Vec::new();
    if let Some(at) = lower
        .find("by ")
        .filter(|&at| at == 0 || lower[..at].ends_with(' '))
    {
        let rest = &s[at + 3..];
        let end = rest
            .find(['|', '•', '·', '—', '–'])
            .into_iter()
            .chain(date.as_ref().and_then(|(_, r)| r.start.checked_sub(at + 3)))
            .min()
            .unwrap_or(rest.len());
        for name in rest[..end].split([',', '&']).flat_map(|n| n.split(" and ")) {
            let name = name.trim().trim_end_matches(['-', ',']).trim();
            let capitalised = words(name).all(|w| w.chars().next().is_some_and(char::is_uppercase));
            if !name.is_empty() && capitalised && name.split_whitespace().count() <= 4 {
                authors.push(name.to_string());
            }
        }
    }
    Some((authors, date.map(|(d, _)| d)))
}

/// "al-muhandis, soleimani, qods, Iran": three or more short comma-separated items.
fn tags(s: &str) -> Option<Vec<String>> {
    let items: Vec<&str> = s.split(',').map(str::trim).collect();
    let ok = items.len() >= 3
        && !s.ends_with(['.', '!', '?'])
        && items
            .iter()
            .all(|i| !i.is_empty() && i.split_whitespace().count() <= 4);
    ok.then(|| items.iter().map(|i| i.to_string()).collect())
}

fn related_cue(s: &str) -> bool {
    let lower = s.to_lowercase();
    RELATED_CUES.iter().any(|c| {
        lower.starts_with(c)
            && lower[c.len()..]
                .trim_start()
                .starts_with([':', '-', '–', '—', '»', '>', '|'])
    }) || lower == "related articles"
        || lower == "related stories"
}

/// A person's name on its own: two to four capitalised words.
fn name_line(s: &str) -> bool {
    let n = s.split_whitespace().count();
    (2..=4).contains(&n)
        && s.split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !s.ends_with(['.', ':', '?', '!'])
}

/// Cleans one scraped text (already normalised by [`crate::plain::clean`]).
pub fn clean(text: &str) -> Scraped {
    // Units are lines, each with the separator that came before it.
    let mut lines: Vec<(&str, &str)> = Vec::new();
    let mut rest = text;
    let mut sep = "";
    while !rest.is_empty() {
        let (line, after) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        lines.push((sep, line));
        let gap = after.len() - after.trim_start_matches('\n').len();
        sep = if gap >= 2 { "\n\n" } else { "\n" };
        rest = &after[gap..];
    }
    let mut roles = vec![Role::Article; lines.len()];
    let mut meta = Meta::default();

    // The header: everything before the first line of running text.
    let body_start = lines
        .iter()
        .position(|(_, l)| prose(l))
        .unwrap_or(lines.len());
    for i in 0..body_start {
        let line = lines[i].1;
        if is_navigation(line) {
            roles[i] = Role::Navigation;
        } else if let Some((authors, date)) = byline(line) {
            roles[i] = Role::Byline;
            if meta.authors.is_empty() {
                meta.authors = authors;
            }
            if meta.published.is_none()
                && let Some(date) = date
            {
                meta.published = Some(date);
                meta.published_evidence = Some(DateEvidence {
                    kind: EvidenceKind::Byline,
                    detail: line.to_string(),
                });
            }
        } else if let Some(tags) = tags(line).filter(|_| meta.tags.is_empty()) {
            roles[i] = Role::Tags;
            meta.tags = tags;
        } else if meta.title.is_none() && headline_like(line) {
            roles[i] = Role::Title;
            meta.title = Some(line.to_string());
        }
    }

    // Related headlines between the paragraphs.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (_, line) in &lines[body_start..] {
        *seen.entry(line).or_default() += 1;
    }
    let topic = Topic::new(&lines.iter().map(|(_, l)| *l).collect::<Vec<_>>());
    for i in body_start..lines.len() {
        let line = lines[i].1;
        let repeated = headline_like(line) && seen.get(line).is_some_and(|&n| n >= 2);
        if related_cue(line)
            || repeated
            || (headline_like(line) && topic.off_topic(i, line.split_whitespace().count(), &roles))
        {
            roles[i] = Role::Related;
        }
    }

    // The author's bio: a last paragraph "<Name> is ...", maybe after the name on its own.
    if let Some(last) = (body_start..lines.len())
        .rev()
        .find(|&i| roles[i] == Role::Article)
    {
        let line = lines[last].1;
        let name: Vec<&str> = line
            .split_whitespace()
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        let after = line.split_whitespace().nth(name.len());
        if (2..=4).contains(&name.len())
            && matches!(after, Some("is" | "was" | "has" | "writes" | "covers"))
        {
            let name = name.join(" ");
            roles[last] = Role::Bio;
            meta.author_bio = Some(line.to_string());
            if last > 0 && lines[last - 1].1 == name && name_line(&name) {
                roles[last - 1] = Role::BioName;
            }
            if meta.authors.is_empty() {
                meta.authors.push(name);
            }
        }
    }

    let mut out = String::with_capacity(text.len());
    for ((sep, line), role) in lines.iter().zip(&roles) {
        if *role == Role::Article {
            if !out.is_empty() {
                out.push_str(sep);
            }
            out.push_str(line);
        }
    }
    if out.is_empty() {
        // Nothing but header-like lines (a lone headline, a list of tags): keep them as the text.
        return Scraped {
            text: text.to_string(),
            meta: Meta::default(),
        };
    }
    Scraped { text: out, meta }
}

/// Which words are distinctive of which lines, to tell a section heading (whose rare words recur
/// in the paragraphs after it) from a headline of another article dropped into the text.
struct Topic {
    /// The distinctive words of each line, as five-letter stems ("created" and "creating" meet).
    rare: Vec<HashSet<String>>,
}

impl Topic {
    fn new(lines: &[&str]) -> Self {
        let bags: Vec<HashSet<String>> = lines
            .iter()
            .map(|l| {
                words(l)
                    .map(|w| w.to_lowercase())
                    .filter(|w| {
                        w.chars().count() > 2
                            && !STOPWORDS.contains(&w.as_str())
                            && !w.chars().all(|c| c.is_ascii_digit())
                    })
                    .map(|w| w.chars().take(5).collect())
                    .collect()
            })
            .collect();
        let mut df: HashMap<&str, usize> = HashMap::new();
        for bag in &bags {
            for w in bag {
                *df.entry(w.as_str()).or_default() += 1;
            }
        }
        let rare = bags
            .iter()
            .map(|bag| {
                bag.iter()
                    .filter(|w| df[w.as_str()] <= 3)
                    .cloned()
                    .collect()
            })
            .collect();
        Topic { rare }
    }

    /// Whether heading-like line `i` is a headline of its own (six words or more, three of them
    /// distinctive) that shares none of its distinctive words with the three article paragraphs
    /// after it. Short headings ("What went wrong?") never count: they carry too little topic.
    fn off_topic(&self, i: usize, words: usize, roles: &[Role]) -> bool {
        let rare = &self.rare[i];
        if words < 6 || rare.len() < 3 {
            return false;
        }
        let mut following = (i + 1..self.rare.len())
            .filter(|&j| roles[j] == Role::Article)
            .take(3)
            .peekable();
        following.peek().is_some() && following.all(|j| self.rare[j].is_disjoint(rare))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "Skip to main content\n\nMenu\nHome | World | Opinion | Contact\n\n\
The Harbour Bridge Nobody Wants to Pay For\n\nBy Elena Ruiz | Mar 12, 2024\nharbour bridge, Port Calder, city council, budget\n\n\
PORT CALDER: The council voted on Monday to delay the repair of the Harbour Bridge for a second time, again.\n\n\
Read also: Ferry fares to rise in June\n\n\
What went wrong?\n\n\
Engineers found corrosion in the main cables in 2019, and the cost of the repair has doubled since then.\n\n\
Lighthouse Festival Draws Record Crowds Despite Storm Warnings\n\n\
Shop owners near the northern ramp say deliveries now take twice as long as they did before.\n\n\
Why the Cables Corroded\n\n\
Salt spray reached the cables because the protective wrapping was never replaced after the storm.\n\n\
Lighthouse Festival Draws Record Crowds Despite Storm Warnings\n\n\
The council will meet again in two weeks to discuss the repair and its cost once more.\n\n\
Elena Ruiz\n\nElena Ruiz is a freelance journalist who covers local government.";

    #[test]
    fn moves_header_lines_into_metadata() {
        let s = clean(DUMP);
        assert_eq!(
            s.meta.title.as_deref(),
            Some("The Harbour Bridge Nobody Wants to Pay For")
        );
        assert_eq!(s.meta.authors, ["Elena Ruiz"]);
        assert_eq!(s.meta.published.as_deref(), Some("2024-03-12"));
        assert_eq!(
            s.meta.published_evidence.as_ref().unwrap().kind,
            EvidenceKind::Byline
        );
        assert_eq!(
            s.meta.tags,
            ["harbour bridge", "Port Calder", "city council", "budget"]
        );
        assert!(
            s.text.starts_with("PORT CALDER: The council voted"),
            "{}",
            s.text
        );
    }

    #[test]
    fn drops_related_headlines_and_the_bio_but_keeps_section_headings() {
        let s = clean(DUMP);
        assert!(s.text.contains("\n\nWhat went wrong?\n\n"), "{}", s.text);
        assert!(!s.text.contains("Read also"), "{}", s.text);
        assert!(!s.text.contains("Lighthouse Festival"), "{}", s.text);
        assert!(
            s.text.contains("\n\nWhy the Cables Corroded\n\n"),
            "{}",
            s.text
        );
        assert!(s.text.ends_with("its cost once more."), "{}", s.text);
        assert_eq!(
            s.meta.author_bio.as_deref(),
            Some("Elena Ruiz is a freelance journalist who covers local government.")
        );
    }

    #[test]
    fn a_headline_off_the_topic_is_related_even_once() {
        let text = "A long opening paragraph about the harbour bridge repair and the council vote on it.\n\n\
Celebrity Chef Opens Seaside Restaurant Downtown\n\n\
The bridge repair was first proposed years ago when engineers found corrosion in the cables.\n\n\
More about the bridge repair and the corrosion that engineers found in the cables then.\n\n\
The council says the repair of the bridge cables cannot wait for another year at all.";
        let s = clean(text);
        assert!(!s.text.contains("Celebrity Chef"), "{}", s.text);
    }

    #[test]
    fn a_lone_headline_stays_the_text() {
        let s = clean("MAYOR VISITS LAGOS AFTER THE FLOODS");
        assert_eq!(s.text, "MAYOR VISITS LAGOS AFTER THE FLOODS");
    }

    #[test]
    fn plain_articles_pass_unchanged() {
        let text = "The council met on Monday to discuss the bridge and voted to delay the repair again.\n\nIt will meet again soon.";
        let s = clean(text);
        assert_eq!(s.text, text);
        assert!(s.meta.title.is_none() && s.meta.authors.is_empty());
    }

    /// Neutrality: the same layout with other names gives the same structure.
    #[test]
    fn swapping_names_changes_nothing() {
        let swapped = DUMP
            .replace("Elena Ruiz", "Omar Haddad")
            .replace("Port Calder", "Tel Shimron")
            .replace("PORT CALDER", "TEL SHIMRON")
            .replace("Harbour Bridge", "Qasr Bridge");
        let (a, b) = (clean(DUMP), clean(&swapped));
        assert_eq!(
            a.text.matches("\n\n").count(),
            b.text.matches("\n\n").count()
        );
        assert_eq!(b.meta.authors, ["Omar Haddad"]);
        assert_eq!(a.meta.published, b.meta.published);
        assert_eq!(a.meta.tags.len(), b.meta.tags.len());
        assert_eq!(
            b.meta.title.as_deref(),
            Some("The Qasr Bridge Nobody Wants to Pay For")
        );
        assert!(b.meta.author_bio.is_some());
    }
}
