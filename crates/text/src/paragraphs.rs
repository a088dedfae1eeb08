//! Paragraphs of plain text, with a guess at their kind.
//!
//! Blank lines always separate paragraphs. Inside a block of lines, a hard-wrapped block (most lines
//! about as long as the longest) is one paragraph that ends where the next word would have fitted on
//! the line; otherwise every line
//! is a paragraph of its own (scraped text puts one paragraph on a line), except that a line starting
//! in lower case continues a long line that stops mid-sentence.

use rhetor_doc::{Paragraph, ParagraphKind, Span};

/// One line of text without its line ending, trimmed of surrounding white space.
#[derive(Clone, Copy)]
struct Line {
    span: Span,
    chars: usize,
}

fn lines(text: &str) -> impl Iterator<Item = Option<Line>> + '_ {
    let mut at = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = at;
        at += raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        (!body.is_empty()).then(|| Line {
            span: Span::new(start + lead, start + lead + body.len()),
            chars: body.chars().count(),
        })
    })
}

/// The paragraphs of `text`.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut block: Vec<Line> = Vec::new();
    for line in lines(text).chain(std::iter::once(None)) {
        match line {
            Some(line) => block.push(line),
            None if !block.is_empty() => {
                split_block(text, &block, &mut out);
                block.clear();
            }
            None => {}
        }
    }
    let single = out.len() == 1;
    for p in &mut out {
        p.kind = kind(&text[p.span.start..p.span.end], single);
    }
    out
}

fn split_block(text: &str, block: &[Line], out: &mut Vec<Paragraph>) {
    let longest = block.iter().map(|l| l.chars).max().unwrap_or(0);
    let long = |l: &Line| l.chars * 4 >= longest * 3;
    let wrapped = block.len() >= 3
        && longest <= 100
        && block[..block.len() - 1].iter().filter(|l| long(l)).count() * 10
            >= (block.len() - 1) * 7;
    let mut start = block[0].span.start;
    for (k, line) in block.iter().enumerate() {
        let last = k + 1 == block.len();
        let line_text = &text[line.span.start..line.span.end];
        let next = block.get(k + 1).map(|n| &text[n.span.start..n.span.end]);
        let breaks = last
            || list_marker(line_text).is_some()
            || next.is_some_and(|n| list_marker(n).is_some())
            || if wrapped {
                // A wrapper would have moved the next word up had the line not ended there.
                let next_word = next.map_or(0, |n| {
                    n.split_whitespace().next().map_or(0, |w| w.chars().count())
                });
                line.chars + 1 + next_word <= longest
            } else {
                // A long line that stops mid-sentence before a lower-case line was wrapped.
                !(line.chars >= 40 && next.is_some_and(|n| n.starts_with(char::is_lowercase)))
                    || ends_sentence(line_text)
            };
        if breaks {
            out.push(Paragraph {
                span: Span::new(start, line.span.end),
                kind: ParagraphKind::Body,
            });
            if let Some(n) = block.get(k + 1) {
                start = n.span.start;
            }
        }
    }
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', '!', '?', '…', '"', '”', '’', ')'])
}

/// The length of a list marker ("- ", "• ", "1. ", "a) ") at the start of `s`.
fn list_marker(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, c) = chars.next()?;
    let after = |i: usize| s[i..].starts_with([' ', '\t']).then_some(i + 1);
    if matches!(c, '-' | '*' | '•' | '·' | '▪' | '‣' | '◦' | '–') {
        return after(c.len_utf8());
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && s[digits..].starts_with(['.', ')']) {
        return after(digits + 1);
    }
    if c.is_ascii_lowercase() && s[1..].starts_with(')') {
        return after(2);
    }
    None
}

/// Guesses the kind of one plain-text paragraph.
fn kind(p: &str, only_paragraph: bool) -> ParagraphKind {
    if list_marker(p).is_some() {
        return ParagraphKind::List;
    }
    if p.starts_with("# ") || p.starts_with("## ") || p.starts_with("### ") {
        return ParagraphKind::Heading;
    }
    let quoted =
        p.starts_with(['“', '"', '«']) && p.trim_end_matches('.').ends_with(['”', '"', '»']);
    if quoted
        && p.chars()
            .filter(|&c| matches!(c, '“' | '”' | '"' | '«' | '»'))
            .count()
            == 2
    {
        return ParagraphKind::Quote;
    }
    if only_paragraph || p.contains('\n') {
        return ParagraphKind::Body;
    }
    let words = p.split_whitespace().count();
    let first = p.chars().next().unwrap_or(' ');
    let headline_start = first.is_uppercase() || first.is_ascii_digit() || "“\"'‘".contains(first);
    let question = p.ends_with(['?', '!']);
    let open_end = !p.ends_with(['.', ',', ';', ':', '…', '”', '"', ')']) && !question;
    if headline_start && ((open_end && words <= 20) || (question && words <= 12)) {
        ParagraphKind::Heading
    } else {
        ParagraphKind::Body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<(ParagraphKind, &str)> {
        paragraphs(text)
            .into_iter()
            .map(|p| (p.kind, &text[p.span.start..p.span.end]))
            .collect()
    }

    #[test]
    fn blank_lines_and_single_lines_separate_paragraphs() {
        use ParagraphKind::*;
        let text = "The Harbour Bridge Question\n\nThe council met on Monday.\nIt voted twice.\n\n  Why did it fail?  \n";
        assert_eq!(
            paras(text),
            [
                (Heading, "The Harbour Bridge Question"),
                (Body, "The council met on Monday."),
                (Body, "It voted twice."),
                (Heading, "Why did it fail?"),
            ]
        );
    }

    #[test]
    fn hard_wrapped_text_is_joined() {
        let text = "The council met on Monday to discuss the cost of the\nbridge, which has doubled since the first estimate was\npublished by the city engineers in the spring.\nA second paragraph starts here and it is long enough to\nlook wrapped.";
        let got = paras(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].1.ends_with("in the spring."));
    }

    #[test]
    fn lower_case_lines_continue() {
        let text = "The mayor said on Tuesday that the whole plan\nwould be ready by June.";
        assert_eq!(paras(text).len(), 1);
    }

    #[test]
    fn lists_and_quotes() {
        use ParagraphKind::*;
        let text = "- first item\n- second item\n\n“We will rebuild it.”\n\n1. Numbered point";
        assert_eq!(
            paras(text),
            [
                (List, "- first item"),
                (List, "- second item"),
                (Quote, "“We will rebuild it.”"),
                (List, "1. Numbered point"),
            ]
        );
    }

    #[test]
    fn crlf_and_empty_text() {
        assert!(paras("").is_empty());
        assert!(paras("\n \n\t\n").is_empty());
        assert_eq!(paras("One.\r\n\r\nTwo.").len(), 2);
    }
}
