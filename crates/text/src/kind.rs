//! How a text is written: edited prose or conversation. Forum posts, reviews, e-mail and social
//! media speak in the first and second person, often start sentences in lower case, exclaim and
//! ask, and mail carries its header; news and reports rarely do any of it outside quotations. The
//! entity tagger reads names differently in each.

use rhetor_doc::{Doc, PageKind, TextKind, TokenKind};

/// Share of words that are first- or second-person pronouns or chat forms from which a text
/// reads as conversation. Tuned on the NER dev sets: CoNLL-2003 news stays below it (quoted
/// speech included), half of UNER's web posts are above it.
const PERSONAL_WORDS: f32 = 0.06;

/// Share of sentences starting in lower case from which a text reads as conversation.
const LOWER_CASE_STARTS: f32 = 0.25;

/// Share of sentences ending in an exclamation or a question mark from which a text reads as
/// conversation: reviews, posts and how-to pages exclaim and ask; news reports (CoNLL-2003's
/// have none) state.
const EXCLAIMED_OR_ASKED: f32 = 0.1;

/// The kind of `doc`'s text, from its tokens and sentences (and its page kind: forum threads and
/// product pages are conversation).
pub fn text_kind(doc: &Doc) -> TextKind {
    if matches!(
        doc.meta.page_kind,
        Some(PageKind::Forum | PageKind::Product)
    ) || is_mail(doc)
    {
        return TextKind::Conversational;
    }
    let words = doc.tokens.iter().filter(|t| t.kind == TokenKind::Word);
    let (mut total, mut personal) = (0usize, 0usize);
    for t in words {
        total += 1;
        personal += usize::from(is_personal(doc.slice(t.span)));
    }
    // A sentence's first letter (the text layer's sentences, not rebuilt as token ranges).
    let (mut lower_starts, mut exclaimed_or_asked) = (0usize, 0usize);
    for s in &doc.layers.sentences {
        let text = doc.slice(*s);
        lower_starts += usize::from(
            text.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_lowercase),
        );
        exclaimed_or_asked += usize::from(text.trim_end().ends_with(['!', '?']));
    }
    let sentences = doc.layers.sentences.len().max(1) as f32;
    let personal_share = personal as f32 / total.max(1) as f32;
    if personal_share >= PERSONAL_WORDS
        || lower_starts as f32 / sentences >= LOWER_CASE_STARTS
        || exclaimed_or_asked as f32 / sentences >= EXCLAIMED_OR_ASKED
    {
        TextKind::Conversational
    } else {
        TextKind::Edited
    }
}

/// Paragraphs at the top of a text in which a mail's header is looked for.
const HEADER_PARAGRAPHS: usize = 4;

/// Whether `doc` is a mail or a post as a mail client writes it: among its first paragraphs, a
/// header field (`From: ...@...`) or a line holding only a date and a time
/// (`08/17/2000 11:21 AM`).
fn is_mail(doc: &Doc) -> bool {
    doc.layers
        .paragraphs
        .iter()
        .take(HEADER_PARAGRAPHS)
        .any(|p| is_header_line(doc.slice(p.span).trim()))
}

fn is_header_line(line: &str) -> bool {
    const FIELDS: &[&str] = &["From:", "To:", "Cc:", "Sent:", "Email:", "E-mail:"];
    if FIELDS.iter().any(|f| line.starts_with(f)) {
        return line.contains('@');
    }
    // A numeric date, a clock time, and at most AM or PM.
    let mut parts = line.split_whitespace();
    let date = parts.next().unwrap_or("");
    let time = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let numeric = |s: &str, sep: char, n: usize| {
        let fields: Vec<&str> = s.split(sep).collect();
        fields.len() == n
            && fields
                .iter()
                .all(|f| (1..=4).contains(&f.len()) && f.chars().all(|c| c.is_ascii_digit()))
    };
    numeric(date, '/', 3)
        && (numeric(time, ':', 2) || numeric(time, ':', 3))
        && matches!(rest.as_slice(), [] | ["AM" | "PM" | "am" | "pm"])
}

/// First- and second-person pronouns, and the forms chat writes them in.
fn is_personal(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "i", "me", "my", "mine", "we", "us", "our", "you", "your", "u", "im", "dont", "cant", "lol",
    ];
    word.len() <= 4 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> TextKind {
        let mut doc = Doc::new("k", text);
        crate::analyze(&mut doc);
        doc.meta.text_kind.unwrap()
    }

    #[test]
    fn news_is_edited_and_posts_are_conversation() {
        assert_eq!(
            kind(
                "The harbour council voted on Monday to keep the night ferries. The operator \
                  said it would appeal. \"We will fight this,\" its chief told reporters."
            ),
            TextKind::Edited
        );
        assert_eq!(
            kind(
                "anyone know where i can get my bike fixed near the pier? the shop on main \
                  st closed and you cant find anything open on sundays lol"
            ),
            TextKind::Conversational
        );
    }

    #[test]
    fn reviews_that_exclaim_and_ask_are_conversation() {
        assert_eq!(
            kind(
                "Best noodles on the pier! The broth is rich and the staff are quick. Parking \
                  is easy after six. Would we go back? Absolutely. The prices went up this \
                  year. Dessert is worth the wait."
            ),
            TextKind::Conversational
        );
    }

    #[test]
    fn a_mail_header_makes_a_mail() {
        assert!(is_header_line("03/14/2019 09:05 AM"));
        assert!(is_header_line("From: Dana Ortiz <dana@harbour.example>"));
        assert!(!is_header_line("From: the harbour to the hills"));
        assert!(!is_header_line("03/14/2019 the council met"));
        assert_eq!(
            kind(
                "Dana Ortiz\n03/14/2019 09:05 AM\nThe ferry schedule for the spring is \
                  attached. The council approved it on Tuesday. Comments go to the operator."
            ),
            TextKind::Conversational
        );
    }
}
