//! The site a page belongs to, and names that are the site's rather than a person's.
//!
//! Pages put other things where the site's name goes (`og:site_name`, the JSON-LD publisher): a
//! social handle ("@politifact") or the section the page is in ("U.S." on `/world/us/...`). Those
//! are passed over; among the names left, one that fits the page's host wins ("AP" on
//! apnews.com); with none left, the host names the site. The same test for every site: no list
//! of outlets.

/// The site's name for a page at `url`: the first candidate that fits its host, else the first
/// that is neither a handle nor a section named in the URL's path, else the host.
pub fn site_name<'a>(
    candidates: impl IntoIterator<Item = &'a str>,
    url: Option<&str>,
) -> Option<String> {
    // Hosts are written in any case; names compare in lower case.
    let host = url
        .and_then(rhetor_doc::url_host)
        .map(str::to_ascii_lowercase)
        .filter(|h| h.contains('.'));
    let sections: Vec<String> = url
        .and_then(|u| u.split_once("://"))
        .map(|(_, rest)| rest.split(['?', '#']).next().unwrap_or(rest))
        .map(|path| path.split('/').skip(1).map(compact).collect())
        .unwrap_or_default();
    let names: Vec<&str> = candidates
        .into_iter()
        .map(str::trim)
        .filter(|name| !name.is_empty() && !name.starts_with('@'))
        .collect();
    let fitting = host
        .as_deref()
        .and_then(|h| names.iter().find(|name| fits_host(name, h)));
    // A name that fits the host is the site's even when a path repeats it ("/coerll/...").
    fitting
        .or_else(|| names.iter().find(|name| !sections.contains(&compact(name))))
        .map(|name| name.to_string())
        .or(host)
}

/// Letters and digits only, lower case, accents and umlauts written out ("Süddeutsche" →
/// "sueddeutsche", as hosts write them).
fn compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'æ' => out.push_str("ae"),
            'ö' | 'ø' | 'œ' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'à'..='å' => out.push('a'),
            'ç' => out.push('c'),
            'è'..='ë' => out.push('e'),
            'ì'..='ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò'..='õ' => out.push('o'),
            'ù'..='û' => out.push('u'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `name` is the name of the site at `host`: written compactly it is one of the host's
/// labels, or starts one ("AP" / apnews.com), or holds one, or is held by one ("Fox News" /
/// foxnews.com, "DER SPIEGEL" / spiegel.de,
/// "CNN" / edition.cnn.com), or its initials start one ("The New York Times" / nytimes.com,
/// "Deutsche Welle" / dw.com), or it is the host ("DW.COM").
pub fn fits_host(name: &str, host: &str) -> bool {
    let name_compact = compact(name);
    if name_compact.is_empty() {
        return false;
    }
    let words: Vec<String> = name
        .split_whitespace()
        .map(compact)
        .filter(|w| !w.is_empty())
        .collect();
    let initials = |skip_the: bool| -> String {
        words
            .iter()
            .filter(|w| !(skip_the && *w == "the"))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    let (all, without_the) = (initials(false), initials(true));
    // The host itself, written as a name ("DW.COM").
    if name_compact.len() >= 4 && name_compact == compact(host) {
        return true;
    }
    // The labels before the top-level domain.
    let labels: Vec<&str> = host.split('.').collect();
    labels[..labels.len().saturating_sub(1)]
        .iter()
        .any(|&label| {
            name_compact == label
                || (name_compact.len() >= 2 && label.starts_with(name_compact.as_str()))
                || (label.len() >= 4 && name_compact.contains(label))
                || (name_compact.len() >= 4 && label.contains(name_compact.as_str()))
                || [&all, &without_the]
                    .iter()
                    .any(|i| i.len() >= 2 && label.starts_with(i.as_str()))
        })
}

/// Whether an author's name is the site's or its publisher's, not a person's: it holds a web
/// address ("Deutsche Welle (www.dw.com)") or is the publisher's name.
pub fn names_publisher(author: &str, publisher: Option<&str>) -> bool {
    let web_address = author
        .split(|c: char| c.is_whitespace() || "()[]<>,".contains(c))
        .any(|word| {
            let word = word.trim_end_matches('.');
            let lower = word.to_ascii_lowercase();
            // "www.dw.com", "https://...", or a lower-case host such as "dw.com".
            let host_like = word == lower
                && word.split('.').count() >= 2
                && word.split('.').all(|label| !label.is_empty())
                && word.rsplit('.').next().is_some_and(|tld| {
                    (2..=4).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase())
                });
            lower.starts_with("www.")
                || lower.starts_with("http") && lower.contains("://")
                || host_like
        });
    web_address || publisher.is_some_and(|p| compact(p) == compact(author))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_fit_their_host() {
        for (name, host) in [
            ("Reuters", "reuters.com"),
            ("AP News", "apnews.com"),
            ("Fox News", "foxnews.com"),
            ("The New York Times", "nytimes.com"),
            ("Deutsche Welle", "dw.com"),
            ("DW.COM", "dw.com"),
            ("DER SPIEGEL", "spiegel.de"),
            ("Süddeutsche Zeitung", "sueddeutsche.de"),
            ("CNN", "edition.cnn.com"),
            ("The Guardian", "theguardian.com"),
            ("PolitiFact", "politifact.com"),
            ("Al Jazeera", "aljazeera.com"),
        ] {
            assert!(fits_host(name, host), "{name} / {host}");
        }
        for (name, host) in [
            ("U.S.", "reuters.com"),
            ("Hosted", "apnews.com"),
            ("World", "bbc.co.uk"),
            ("Politics", "foxnews.com"),
        ] {
            assert!(!fits_host(name, host), "{name} / {host}");
        }
    }

    #[test]
    fn a_section_or_a_handle_gives_way_to_the_publisher_or_the_host() {
        let site = |c: &[&str], url: &str| site_name(c.iter().copied(), Some(url));
        let reuters = "https://www.reuters.com/world/us/a-story-2020-01-19/";
        assert_eq!(
            site(&["U.S.", "Reuters"], reuters).as_deref(),
            Some("Reuters")
        );
        assert_eq!(site(&["U.S."], reuters).as_deref(), Some("reuters.com"));
        assert_eq!(
            site(&["Hosted", "AP"], "https://apnews.com/article/1").as_deref(),
            Some("AP")
        );
        let politifact = "https://www.politifact.com/a/";
        assert_eq!(
            site(&["@politifact"], politifact).as_deref(),
            Some("politifact.com")
        );
        assert_eq!(
            site(&["@politifact", "PolitiFact"], politifact).as_deref(),
            Some("PolitiFact")
        );
        // A name that does not spell the host is still the site's name.
        let cfpb = "https://www.consumerfinance.gov/consumer-tools/";
        let name = "Consumer Financial Protection Bureau";
        assert_eq!(site(&[name], cfpb).as_deref(), Some(name));
        // Without a URL there is nothing to test against: any name but a handle.
        assert_eq!(
            site_name(["Harbour Gazette"], None).as_deref(),
            Some("Harbour Gazette")
        );
        assert_eq!(site_name(["@gazette"], None).as_deref(), None);
    }

    #[test]
    fn publishers_are_no_people() {
        assert!(names_publisher("Deutsche Welle (www.dw.com)", None));
        assert!(names_publisher("Harbour Gazette", Some("Harbour Gazette")));
        assert!(!names_publisher("Mara Lindqvist", Some("Harbour Gazette")));
        assert!(!names_publisher("Ann B. Writer", None));
        assert!(!names_publisher("John Smith Jr.", None));
    }
}
