//! A rule-based tokenizer for English news text, in the spirit of the Penn Treebank conventions:
//! clitics (`'s`, `n't`) are split off, hyphenated words, abbreviations (`Gen.`, `U.S.`), numbers
//! (`1,000.5`, `10:30`, `3/1/2020`) and URLs stay whole, and runs of one mark (`...`) are one token.

use rhetor_doc::{Span, Token, TokenKind};

/// Abbreviations that take a full stop but rarely end a sentence (lower-case, without the dot).
const TITLES: &[&str] = &[
    "adm", "amb", "brig", "capt", "cmdr", "col", "cpl", "dr", "fr", "gen", "gov", "hon", "lt",
    "maj", "messrs", "mr", "mrs", "ms", "mt", "pres", "prof", "rep", "rev", "sen", "sgt", "sr",
    "st", "supt", "jr", "no", "nos", "vs", "v", "ft", "approx", "dept", "est", "fig", "vol", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Abbreviations that may end a sentence ("... at Acme Inc. The company ...").
const FINAL_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "bros", "etc", "al", "ave", "blvd", "rd",
];

/// Whether `word` (without its dot) is an abbreviation that takes a full stop.
fn is_abbreviation(word: &str) -> bool {
    if word.len() > 7 {
        return false;
    }
    let mut lower = [0u8; 7];
    for (l, b) in lower.iter_mut().zip(word.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..word.len()];
    TITLES
        .iter()
        .chain(FINAL_ABBREVIATIONS)
        .any(|a| a.as_bytes() == lower)
}

/// Whether an abbreviation token (ending with `.`) can never end a sentence.
pub(crate) fn is_title_abbreviation(token: &str) -> bool {
    let word = token.trim_end_matches('.');
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial
        || (word.len() <= 7
            && TITLES
                .iter()
                .any(|t| t.eq_ignore_ascii_case(word) && !word.contains('.')))
}

pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining(c)
    }
}

/// Combining marks and joiners that belong inside words (Arabic harakat, Indic vowel signs, ...).
fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x200C | 0x200D)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Punctuation (as opposed to symbols such as `$`, `%` or emoji).
pub(crate) fn is_punct(c: char) -> bool {
    matches!(c,
        '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '(' | ')' | '[' | ']' | '{' | '}' | '-'
        | '/' | '\\' | '«' | '»' | '¡' | '¿' | '·' | '‹' | '›' | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}')
}

/// The character at byte `i` of `s` (which must be a character boundary) and its length.
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = s[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// The clitic that starts at byte `i` (an apostrophe or the `n` of `n't`), and its length, if the
/// clitic ends a word there.
fn clitic_at(s: &str, i: usize) -> Option<usize> {
    let (c, _) = char_at(s, i)?;
    let (apostrophe_at, lead) = if is_apostrophe(c) {
        (i, 0)
    } else if c == 'n' || c == 'N' {
        let (a, _) = char_at(s, i + 1)?;
        if !is_apostrophe(a) {
            return None;
        }
        (i + 1, 1)
    } else {
        return None;
    };
    let alen = char_at(s, apostrophe_at)?.1;
    let rest_start = apostrophe_at + alen;
    let mut end = rest_start;
    while let Some((r, rl)) = char_at(s, end) {
        if !r.is_ascii_alphabetic() {
            break;
        }
        end += rl;
    }
    if char_at(s, end).is_some_and(|(r, _)| is_word_char(r)) {
        return None;
    }
    let rest = &s[rest_start..end];
    let ok = if lead == 1 {
        rest.eq_ignore_ascii_case("t")
    } else {
        ["s", "re", "ve", "ll", "d", "m"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(rest))
    };
    ok.then_some(end - i)
}

fn starts_url(s: &str) -> bool {
    let b = s.as_bytes();
    let has = |p: &[u8]| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    has(b"http://") || has(b"https://") || has(b"www.")
}

/// Appends the tokens of `text[within]` to `out`.
pub fn tokenize(text: &str, within: Span, out: &mut Vec<Token>) {
    let mut i = within.start;
    let end = within.end;
    let s = &text[..end];
    while i < end {
        let Some((c, n)) = char_at(s, i) else { break };
        if c.is_whitespace() {
            i += n;
            continue;
        }
        let (len, kind) =
            if let Some(len) = clitic_at(s, i).filter(|_| follows_word(s, i, within.start)) {
                (len, TokenKind::Clitic)
            } else if is_word_char(c) {
                if starts_url(&s[i..]) {
                    (url_len(&s[i..]), TokenKind::Url)
                } else {
                    word(s, i)
                }
            } else if is_punct(c) {
                // A run of the same mark, or of sentence-final marks, is one token.
                let final_mark = matches!(c, '.' | '!' | '?' | '…');
                let mut j = i + n;
                while let Some((d, dl)) = char_at(s, j) {
                    let same = d == c || (final_mark && matches!(d, '.' | '!' | '?' | '…'));
                    if !same {
                        break;
                    }
                    j += dl;
                }
                (j - i, TokenKind::Punct)
            } else {
                (n, TokenKind::Symbol)
            };
        out.push(Token {
            span: Span::new(i, i + len),
            kind,
        });
        i += len;
    }
}

/// Whether the character before byte `i` (and after `floor`) is part of a word.
fn follows_word(s: &str, i: usize, floor: usize) -> bool {
    i > floor && s[floor..i].chars().next_back().is_some_and(is_word_char)
}

fn url_len(s: &str) -> usize {
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let trimmed = s[..end].trim_end_matches(|c: char| is_punct(c) && c != '/');
    trimmed.len().max(1)
}

/// The length and kind of the word or number starting at byte `start` of `s`.
fn word(s: &str, start: usize) -> (usize, TokenKind) {
    let mut i = start;
    let mut letters = false;
    let mut email = false;
    // Length in characters of the current dot-separated segment, to recognise "U.S." and "e.g.".
    let mut segment = 0usize;
    let mut dotted = false;
    while let Some((c, n)) = char_at(s, i) {
        if is_word_char(c) {
            if (c == 'n' || c == 'N') && i > start && clitic_at(s, i).is_some() {
                break; // "do|n't"
            }
            letters |= !c.is_ascii_digit();
            segment += 1;
            i += n;
            continue;
        }
        let next = char_at(s, i + n);
        let next_is = |f: fn(char) -> bool| next.is_some_and(|(d, _)| f(d));
        let prev_digit = s[..i].ends_with(|p: char| p.is_ascii_digit());
        let joins = if is_hyphen(c) {
            next_is(is_word_char) && !email
        } else if is_apostrophe(c) {
            next_is(char::is_alphabetic) && clitic_at(s, i).is_none()
        } else if c == '.' {
            let dots = s[i..].len() - s[i..].trim_start_matches('.').len();
            if letters && !email && obfuscated_host(&s[i + dots..]) {
                // `franz371...@gmail.com`: an address with its user name shortened.
                i += dots;
                segment = 0;
                continue;
            } else if letters && !email && file_or_domain(&s[i + n..]) {
                // `CrudeStocks.pdf`, `Amazon.com`: one name.
                true
            } else if prev_digit && next_is(|d| d.is_ascii_digit()) && !letters {
                true
            } else if segment == 1 && next_is(char::is_alphabetic) {
                // "U.S.", "e.g.": single letters separated by dots.
                let after = next.map_or(0, |(_, l)| l);
                let dot_follows = char_at(s, i + n + after).is_some_and(|(d, _)| d == '.');
                if dot_follows {
                    dotted = true;
                }
                dot_follows || email
            } else {
                email && next_is(is_word_char)
            }
        } else if c == ',' {
            prev_digit && !letters && thousands_group(&s[i + n..])
        } else if c == ':' || c == '/' {
            prev_digit && !letters && next_is(|d| d.is_ascii_digit())
        } else if c == '&' {
            // AT&T, S&P
            s[..i].ends_with(|p: char| p.is_ascii_uppercase())
                && next_is(|d| d.is_ascii_uppercase())
        } else if c == '@' {
            let ok = letters && !email && next_is(is_word_char);
            email |= ok;
            ok
        } else if c == '_' {
            // `Lisa_coverletter`, `user_name@...`: identifiers and file names.
            next_is(is_word_char)
        } else {
            false
        };
        if !joins {
            break;
        }
        segment = 0;
        i += n;
    }
    // Words that take a full stop: "U.S." (ends on a letter after dots), initials and known
    // abbreviations.
    if char_at(s, i).is_some_and(|(c, _)| c == '.') {
        let body = &s[start..i];
        let initial = body.chars().count() == 1 && body.chars().all(char::is_uppercase);
        // "No." abbreviates a number only before one ("No. 5"); "she said no. But" ends there.
        let number_word = body.eq_ignore_ascii_case("no") || body.eq_ignore_ascii_case("nos");
        let numbered = s[i + 1..]
            .trim_start_matches([' ', '\u{a0}'])
            .starts_with(|c: char| c.is_ascii_digit());
        if dotted || initial || (is_abbreviation(body) && (!number_word || numbered)) {
            i += 1;
        }
    }
    let kind = if email {
        TokenKind::Url
    } else if letters {
        TokenKind::Word
    } else {
        TokenKind::Number
    };
    (i - start, kind)
}

/// Whether `rest` (after the dots that shorten a user name) is `@` and a host.
fn obfuscated_host(rest: &str) -> bool {
    rest.strip_prefix('@')
        .is_some_and(|host| host.starts_with(is_word_char) && host.contains('.'))
}

/// Whether `rest` (after a dot) is a file's extension or a web domain's ending, and no more of
/// a word: `pdf` in `Stocks.pdf`, `com` in `Amazon.com`.
fn file_or_domain(rest: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "com", "org", "net", "edu", "gov", "io", "co", "uk", "pdf", "doc", "docx", "xls", "xlsx",
        "ppt", "pptx", "txt", "csv", "zip", "jpg", "jpeg", "png", "gif", "htm", "html",
    ];
    let len = rest
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(rest.len());
    let after = rest[len..].chars().next();
    ENDINGS.contains(&&rest[..len]) && !after.is_some_and(is_word_char)
}

/// Whether `rest` starts with exactly three digits (a thousands group after a comma).
fn thousands_group(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && !b.get(3).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn splits_words_and_punctuation() {
        assert_eq!(toks("Hello, world!"), ["Hello", ",", "world", "!"]);
        assert_eq!(toks("Wait... what?!"), ["Wait", "...", "what", "?!"]);
    }

    #[test]
    fn splits_clitics() {
        assert_eq!(toks("Marlowe's plan"), ["Marlowe", "'s", "plan"]);
        assert_eq!(toks("Okonkwo’s plan"), ["Okonkwo", "’s", "plan"]);
        assert_eq!(toks("they don't know"), ["they", "do", "n't", "know"]);
        assert_eq!(toks("we're here"), ["we", "'re", "here"]);
    }

    #[test]
    fn keeps_inner_apostrophes_and_hyphens() {
        assert_eq!(
            toks("O'Brien met al-Rashid"),
            ["O'Brien", "met", "al-Rashid"]
        );
        assert_eq!(toks("a Shi’ite cleric"), ["a", "Shi’ite", "cleric"]);
        assert_eq!(toks("an eight-year war"), ["an", "eight-year", "war"]);
        assert_eq!(toks("word - word"), ["word", "-", "word"]);
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(toks("Gen. Ortiz"), ["Gen.", "Ortiz"]);
        assert_eq!(toks("the U.S. Navy"), ["the", "U.S.", "Navy"]);
        assert_eq!(toks("e.g. this"), ["e.g.", "this"]);
        assert_eq!(toks("John F. Kennedy"), ["John", "F.", "Kennedy"]);
        assert_eq!(toks("Acme Inc. said"), ["Acme", "Inc.", "said"]);
        assert_eq!(toks("the end."), ["the", "end", "."]);
    }

    #[test]
    fn keeps_numbers_whole() {
        assert_eq!(toks("3.5 and 1,000,000"), ["3.5", "and", "1,000,000"]);
        assert_eq!(
            toks("at 10:30 on 3/1/2020"),
            ["at", "10:30", "on", "3/1/2020"]
        );
        assert_eq!(toks("1, 2, 3"), ["1", ",", "2", ",", "3"]);
        assert_eq!(toks("in 1990."), ["in", "1990", "."]);
        assert_eq!(toks("$5m (20%)"), ["$", "5m", "(", "20", "%", ")"]);
    }

    #[test]
    fn keeps_urls_and_emails() {
        assert_eq!(
            toks("See https://example.org/a?b=1. Or mail desk@example.org."),
            [
                "See",
                "https://example.org/a?b=1",
                ".",
                "Or",
                "mail",
                "desk@example.org",
                "."
            ]
        );
        assert_eq!(
            toks("Mail harbour71...@example.org or read Ferry_Times.pdf on Harbour.com."),
            [
                "Mail",
                "harbour71...@example.org",
                "or",
                "read",
                "Ferry_Times.pdf",
                "on",
                "Harbour.com",
                "."
            ]
        );
        assert_eq!(toks("It ended.Then"), ["It", "ended", ".", "Then"]);
    }

    #[test]
    fn handles_other_scripts() {
        assert_eq!(toks("قاسم سليماني قال"), ["قاسم", "سليماني", "قال"]);
        assert_eq!(toks("東京、日本"), ["東京", "、", "日本"]);
    }

    #[test]
    fn kinds() {
        let text = "Ann's 42 apples, AT&T!";
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        let kinds: Vec<_> = out.iter().map(|t| t.kind).collect();
        use TokenKind::*;
        assert_eq!(kinds, [Word, Clitic, Number, Word, Punct, Word, Punct]);
    }
}
