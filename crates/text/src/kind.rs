//! How a text is written: edited prose or conversation. Forum posts, reviews, e-mail and social
//! media speak in the first and second person and often start sentences in lower case; news and
//! reports rarely do outside quotations. The entity tagger reads names differently in each.

use rhetor_doc::{Doc, PageKind, TextKind, TokenKind};

/// Share of words that are first- or second-person pronouns or chat forms from which a text
/// reads as conversation. Tuned on the NER dev sets: CoNLL-2003 news stays below it (quoted
/// speech included), half of UNER's web posts are above it.
const PERSONAL_WORDS: f32 = 0.06;

/// Share of sentences starting in lower case from which a text reads as conversation.
const LOWER_CASE_STARTS: f32 = 0.25;

/// The kind of `doc`'s text, from its tokens and sentences (and its page kind: forum threads and
/// product pages are conversation).
pub fn text_kind(doc: &Doc) -> TextKind {
    if matches!(
        doc.meta.page_kind,
        Some(PageKind::Forum | PageKind::Product)
    ) {
        return TextKind::Conversational;
    }
    let words = doc.tokens.iter().filter(|t| t.kind == TokenKind::Word);
    let (mut total, mut personal) = (0usize, 0usize);
    for t in words {
        total += 1;
        personal += usize::from(is_personal(doc.slice(t.span)));
    }
    // A sentence's first letter (the text layer's sentences, not rebuilt as token ranges).
    let lower_starts = doc
        .layers
        .sentences
        .iter()
        .filter(|s| {
            doc.slice(**s)
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_lowercase)
        })
        .count();
    let sentences = doc.layers.sentences.len();
    let personal_share = personal as f32 / total.max(1) as f32;
    let lower_share = lower_starts as f32 / sentences.max(1) as f32;
    if personal_share >= PERSONAL_WORDS || lower_share >= LOWER_CASE_STARTS {
        TextKind::Conversational
    } else {
        TextKind::Edited
    }
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
}
