//! Sentence boundaries over the tokens of one paragraph.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets after it) when the
//! next token can start a sentence: a capitalised word, a digit, or an opening quote or bracket.
//! Titles and initials (`Gen.`, `J.`) never end a sentence; other abbreviations (`Inc.`, `U.S.`)
//! do only before a word that commonly starts one. A paragraph always ends its last sentence, so
//! headings need no final punctuation.

use rhetor_doc::{Span, Token, TokenKind};

use crate::tokens::{is_title_abbreviation, is_word_char};

/// Words that start sentences far more often than they continue a name ("the U.S. The ...").
const STARTERS: &[&str] = &[
    "A", "After", "All", "An", "And", "As", "At", "But", "By", "For", "He", "Her", "His", "How",
    "I", "If", "In", "It", "Its", "No", "Now", "On", "One", "She", "So", "Some", "That", "The",
    "Their", "There", "These", "They", "This", "Those", "To", "We", "What", "When", "Where",
    "While", "Who", "Why", "Yet", "You",
];

fn is_closing(s: &str) -> bool {
    matches!(s, "”" | "’" | "\"" | "'" | ")" | "]" | "»" | "›" | "}")
}

fn is_final_mark(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Whether the token `t` may open a sentence.
fn can_start(text: &str, t: &Token) -> bool {
    let s = &text[t.span.start..t.span.end];
    let Some(c) = s.chars().next() else {
        return false;
    };
    if is_word_char(c) {
        return !c.is_lowercase();
    }
    matches!(
        c,
        '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '¿' | '¡' | '—' | '–' | '-' | '•'
    )
}

/// The sentences of one paragraph, given its tokens.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let Some(first) = tokens.first() else {
        return out;
    };
    let mut start = first.span.start;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let s = &text[t.span.start..t.span.end];
        let ends = match t.kind {
            TokenKind::Punct => is_final_mark(s),
            // An abbreviation's own dot, as in "... at Acme Inc. The firm ..."
            TokenKind::Word if s.ends_with('.') => !is_title_abbreviation(s),
            _ => false,
        };
        if !ends {
            i += 1;
            continue;
        }
        // Take closing quotes and brackets that hang on the mark ("… it.”").
        let mut j = i + 1;
        while j < tokens.len()
            && tokens[j].span.start == tokens[j - 1].span.end
            && is_closing(&text[tokens[j].span.start..tokens[j].span.end])
        {
            j += 1;
        }
        let Some(next) = tokens.get(j) else { break };
        let boundary = if t.kind == TokenKind::Word {
            STARTERS.contains(&&text[next.span.start..next.span.end])
        } else {
            can_start(text, next)
        };
        if boundary {
            out.push(Span::new(start, tokens[j - 1].span.end));
            start = next.span.start;
        }
        i = j;
    }
    let last = tokens.last().map_or(start, |t| t.span.end);
    out.push(Span::new(start, last));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        sentences(text, &tokens)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            split("The vote failed. Critics cheered! Was it fair?"),
            ["The vote failed.", "Critics cheered!", "Was it fair?"]
        );
    }

    #[test]
    fn no_is_a_number_only_before_one() {
        assert_eq!(
            split(
                "Asked if he was bullied, he said no. But he said it happens. Room No. 5 is shut."
            ),
            [
                "Asked if he was bullied, he said no.",
                "But he said it happens.",
                "Room No. 5 is shut."
            ]
        );
    }

    #[test]
    fn keeps_titles_initials_and_decimals() {
        assert_eq!(
            split("Gen. Ortiz and Dr. J. R. Hale met at 3.5 p.m. on Jan. 3. They left."),
            [
                "Gen. Ortiz and Dr. J. R. Hale met at 3.5 p.m. on Jan. 3.",
                "They left."
            ]
        );
    }

    #[test]
    fn ends_after_a_final_abbreviation_only_before_a_starter() {
        assert_eq!(
            split("She joined Acme Inc. The firm grew. The U.S. Navy sailed."),
            [
                "She joined Acme Inc.",
                "The firm grew.",
                "The U.S. Navy sailed."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            split("“We will rebuild. It is our duty.” The mayor left."),
            ["“We will rebuild.", "It is our duty.”", "The mayor left."]
        );
        assert_eq!(
            split("“Why now?” she asked. Nobody answered."),
            ["“Why now?” she asked.", "Nobody answered."]
        );
    }

    #[test]
    fn a_paragraph_without_final_punctuation_is_one_sentence() {
        assert_eq!(
            split("Who Pays for the Bridge"),
            ["Who Pays for the Bridge"]
        );
    }

    #[test]
    fn ellipsis_before_lower_case_continues() {
        assert_eq!(split("It was... fine. Then"), ["It was... fine.", "Then"]);
    }
}
