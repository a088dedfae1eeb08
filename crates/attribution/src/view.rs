//! The document's tokens as the attribution rules read them: lower-cased words, capitals,
//! names, sentences and paragraphs, the cue model's verdicts, and the phrases around a cue
//! (a source before or after it, with its asides and brackets).

use std::ops::Range;

use rhetor_doc::{Doc, EntityLabel, Span, TokenKind};

use crate::cues::{
    self, auxiliary, closing_quote, evidence, finding_verb, noun_like, opening_quote,
    source_pronoun, source_stop, speech_verb, straight_quote, verb_only,
};
use crate::{aside_mark, month, trim_end};

/// The document's tokens as the rules read them.
pub(crate) struct View {
    pub(crate) low: Vec<String>,
    pub(crate) spans: Vec<Span>,
    pub(crate) kinds: Vec<TokenKind>,
    pub(crate) capital: Vec<bool>,
    /// The entity type of the name the token is part of, when the entity layer ran.
    pub(crate) named: Vec<Option<EntityLabel>>,
    /// Whether the token is written in capitals only ("CALDER").
    pub(crate) shouted: Vec<bool>,
    pub(crate) sentences: Vec<Range<usize>>,
    pub(crate) sentence_of: Vec<usize>,
    pub(crate) paragraphs: Vec<Range<usize>>,
    /// Whether each token heads a cue, as the cue model finds (empty until it ran).
    pub(crate) cue: Vec<bool>,
    /// Whether the cue model is sure enough of token `i` to find a cue inside the content of
    /// another report (`Ruiz said Obi accused the board of lying`: PolNeAR marks both).
    pub(crate) sure_cue: Vec<bool>,
}

impl View {
    pub(crate) fn new(doc: &Doc) -> Self {
        let low = doc
            .tokens
            .iter()
            .map(|t| doc.slice(t.span).to_lowercase().replace('’', "'"))
            .collect();
        let capital = doc
            .tokens
            .iter()
            .map(|t| {
                doc.slice(t.span)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            })
            .collect();
        let shouted = doc
            .tokens
            .iter()
            .map(|t| !doc.slice(t.span).chars().any(char::is_lowercase))
            .collect();
        let mut named = vec![None; doc.tokens.len()];
        for e in doc.layers.entities.as_deref().unwrap_or_default() {
            let first = doc.tokens.partition_point(|t| t.span.start < e.span.start);
            for (t, n) in doc.tokens[first..].iter().zip(&mut named[first..]) {
                if t.span.end > e.span.end {
                    break;
                }
                *n = Some(e.label);
            }
        }
        let mut sentences = doc.sentence_tokens();
        // A dateline opens no clause: `LOS ANGELES (AP) — Clinton said ...` starts at "Clinton",
        // as do `WASHINGTON, June 24 (UPI) ―` and `MYRTLE BEACH, S.C. - `.
        for r in &mut sentences {
            let word = |k: usize| doc.slice(doc.tokens[k].span);
            let Some(dash) = r
                .clone()
                .take(9)
                .find(|&k| matches!(word(k), "—" | "–" | "―" | "--" | "-"))
            else {
                continue;
            };
            let agency = dash >= r.start + 3 && word(dash - 1) == ")";
            let place = word(r.start).chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !word(r.start).chars().any(char::is_lowercase);
            let names = (r.start..dash).all(|k| {
                let w = word(k);
                w.chars().next().is_some_and(|c| c.is_uppercase())
                    || w.bytes().all(|b| b.is_ascii_digit())
                    || matches!(w, "," | "." | "(" | ")")
            });
            if (agency || place) && names && dash + 1 < r.end {
                r.start = dash + 1;
            }
        }
        let mut sentence_of = vec![0; doc.tokens.len()];
        for (k, r) in sentences.iter().enumerate() {
            for s in &mut sentence_of[r.clone()] {
                *s = k;
            }
        }
        let mut paragraphs = Vec::with_capacity(doc.layers.paragraphs.len());
        let mut t = 0;
        for p in &doc.layers.paragraphs {
            while t < doc.tokens.len() && doc.tokens[t].span.start < p.span.start {
                t += 1;
            }
            let from = t;
            while t < doc.tokens.len() && doc.tokens[t].span.end <= p.span.end {
                t += 1;
            }
            paragraphs.push(from..t);
        }
        View {
            low,
            spans: doc.tokens.iter().map(|t| t.span).collect(),
            kinds: doc.tokens.iter().map(|t| t.kind).collect(),
            capital,
            named,
            shouted,
            sentences,
            sentence_of,
            paragraphs,
            cue: Vec::new(),
            sure_cue: Vec::new(),
        }
    }

    pub(crate) fn t(&self, i: usize) -> &str {
        self.low.get(i).map_or("", String::as_str)
    }

    pub(crate) fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.spans[r.start].start, self.spans[r.end - 1].end)
    }

    pub(crate) fn sentence(&self, i: usize) -> Range<usize> {
        self.sentences
            .get(self.sentence_of[i])
            .cloned()
            .unwrap_or(i..i + 1)
    }

    pub(crate) fn is_word(&self, i: usize) -> bool {
        matches!(self.kinds.get(i), Some(TokenKind::Word | TokenKind::Clitic))
    }

    /// A word or a number: sources can be counted ("22 percent", "nine in 10").
    pub(crate) fn is_phrase_word(&self, i: usize) -> bool {
        self.is_word(i) || self.kinds.get(i) == Some(&TokenKind::Number)
    }

    /// The source phrase that ends at token `end` (inclusive): a pronoun, or up to eight words
    /// back to a clause boundary ("the state's attorney general", "a spokesman for the party").
    /// A lower-case adverb in -ly ("profoundly", "recently"), never part of a source.
    pub(crate) fn adverb(&self, i: usize) -> bool {
        let w = self.t(i);
        // (Past the last token there is none.)
        self.capital.get(i) == Some(&false)
            && w.len() > 4
            && w.ends_with("ly")
            && !matches!(
                w,
                "family"
                    | "assembly"
                    | "supply"
                    | "rally"
                    | "monopoly"
                    | "anomaly"
                    | "bully"
                    | "daily"
                    | "weekly"
                    | "monthly"
                    | "quarterly"
                    | "reply"
                    | "belly"
                    | "jelly"
                    | "tally"
                    | "ally"
            )
    }

    /// A word that can open a sentence as an adverb before a comma ("Rather", "However").
    pub(crate) fn adverb_like(&self, i: usize) -> bool {
        self.adverb(i)
            || self.capital[i] && self.t(i).ends_with("ly")
            || matches!(
                self.t(i),
                "rather" | "however" | "but" | "yet" | "still" | "indeed" | "instead" | "meanwhile"
            )
    }

    /// A source without the words around the speaker that the phrase rules take in: an adverb
    /// or a word of time before or after it (`[Even] some of the allies`, `Priebus [later
    /// Thursday]`, `he [first]`) and a clitic (`He['s] predicting`, `Trump['s] opposition`).
    pub(crate) fn trim_source(&self, mut r: Range<usize>) -> Range<usize> {
        let around = |k: usize| {
            matches!(
                self.t(k),
                "even"
                    | "only"
                    | "yet"
                    | "meanwhile"
                    | "maybe"
                    | "perhaps"
                    | "how"
                    | "what"
                    | "then"
                    | "now"
                    | "so"
                    | "still"
                    | "also"
                    | "too"
                    | "first"
                    | "again"
                    | "however"
                    | "once"
                    | "sometimes"
                    | "lately"
                    | "moreover"
                    | "furthermore"
                    | "besides"
                    | "night"
                    | "morning"
                    | "afternoon"
                    | "evening"
            ) || self.adverb(k)
                || (cues::when_word(self.t(k)) && self.t(k) != "this" && self.t(k) != "last")
        };
        loop {
            if r.len() > 1 && (around(r.start) || self.t(r.start) == "just") {
                r.start += 1;
            } else if r.len() > 2
                && matches!(self.t(r.start), "this" | "last" | "next")
                && self.t(r.start + 2) != "'s"
                && matches!(
                    self.t(r.start + 1),
                    "year" | "month" | "week" | "time" | "spring" | "summer" | "fall" | "winter"
                )
            {
                r.start += 2;
            } else {
                break;
            }
        }
        // (A participle keeps its time: `a poll released Monday`.)
        while r.len() > 1
            && !self.t(r.end - 2).ends_with("ed")
            && (around(r.end - 1)
                || auxiliary(self.t(r.end - 1))
                || matches!(
                    self.t(r.end - 1),
                    "'s" | "'re"
                        | "'ve"
                        | "'d"
                        | "'ll"
                        | "'m"
                        | "am"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                ))
        {
            r.end -= 1;
        }
        // A full date after the speaker: `Lomond [on April 26, 2011,]`.
        if let Some(on) = (r.start + 1..r.end)
            .rev()
            .find(|&k| matches!(self.t(k), "on" | "in" | "since" | "during"))
        {
            let after = on + 1..r.end;
            let dated = after.clone().any(|k| month(self.t(k)));
            let only_date = after.clone().all(|k| {
                month(self.t(k))
                    || self.kinds[k] == TokenKind::Number
                    || matches!(self.t(k), "," | ".")
            });
            if dated && only_date {
                r.end = on;
            }
        }
        // When it was said: `Clark [in October]`, `officials in Hong Kong [on Monday]`.
        loop {
            let last = r.end.saturating_sub(1);
            if r.len() > 2
                && (month(self.t(last)) || around(last))
                && matches!(self.t(last - 1), "in" | "on" | "during" | "since")
            {
                r.end -= 2;
            } else if r.len() > 1 && matches!(self.t(last), "in" | "on" | "at" | "during") {
                r.end -= 1;
            } else {
                break;
            }
        }
        r
    }

    /// Whether a phrase is a piece of a clause rather than a noun phrase: it starts on a clitic
    /// (`['s leading conferences] promise`), ends on a determiner or a possessive (`Read my]
    /// review`, `Avoid the] ...`: its cue was a noun), opens its sentence with an imperative
    /// (`Start] by identifying`, `Make sure you] know`) or starts on a participle taking an
    /// object (`helping you] decide`): no speaker.
    pub(crate) fn is_clause_piece(&self, r: &Range<usize>) -> bool {
        let first = self.t(r.start);
        let last = self.t(r.end - 1);
        let second = (r.len() > 1).then(|| self.t(r.start + 1));
        let starts_instruction = r.start == self.sentence(r.start).start
            && self.named[r.start].is_none()
            && cues::imperative(first)
            // `Figure 2 shows` names a document.
            && second.is_none_or(|w| !w.starts_with(|c: char| c.is_ascii_digit()));
        let participle_with_object = first.len() > 5
            && first.ends_with("ing")
            // ("including" lists the speakers.)
            && first != "including"
            && self.named[r.start].is_none()
            && second.is_some_and(|w| {
                matches!(
                    w,
                    "you"
                        | "me"
                        | "us"
                        | "them"
                        | "him"
                        | "people"
                        | "beyond"
                        // `discrediting an earlier report] saying`
                        | "a"
                        | "an"
                        | "the"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                )
            });
        first.starts_with('\'') && first.len() > 1
            || r.len() > 1
                && matches!(
                    last,
                    "a" | "an"
                        | "the"
                        | "my"
                        | "your"
                        | "its"
                        | "our"
                        | "their"
                        | "this"
                        | "these"
                        | "those"
                )
            || starts_instruction
            || participle_with_object
    }

    /// Whether a trimmed source holds a modal verb of its own (`This guide will walk you
    /// through everything you] need`, `you can rest] assured`), before any relative clause,
    /// aside or bracket that may hold one: a clause, no speaker. (A modal at the end is the
    /// cue's: `Trump would] say`.)
    pub(crate) fn holds_modal(&self, r: &Range<usize>) -> bool {
        (r.start + 1..r.end.saturating_sub(1))
            .take_while(|&k| {
                !matches!(
                    self.t(k),
                    "who" | "which" | "that" | "whose" | "whom" | "," | "(" | "—" | "–"
                )
            })
            .any(|k| {
                !self.capital[k]
                    && matches!(
                        self.t(k),
                        "can" | "could" | "will" | "would" | "should" | "must" | "might" | "may"
                    )
            })
    }

    /// Whether a phrase holds only determiners, possessives and adverbs ("A", "my", "Still",
    /// "Additionally", "Now"), or is one word in -ing that names no one ("Refinishing involves",
    /// "Answering"): no speaker.
    pub(crate) fn is_function_words(&self, r: &Range<usize>) -> bool {
        let gerund = |i: usize| {
            let w = self.t(i);
            w.len() > 5 && w.ends_with("ing") && self.named[i].is_none()
        };
        if r.len() == 1 && gerund(r.start) {
            return true;
        }
        r.clone().all(|i| {
            self.adverb(i)
                // "Frequently", "Additionally" opening a sentence; not a name ("Kelly said").
                || (self.t(i).ends_with("ly")
                    && i == self.sentence(i).start
                    && self.named[i].is_none())
                || matches!(
                    self.t(i),
                    "a" | "an"
                        | "the"
                        | "this"
                        | "that"
                        | "these"
                        | "those"
                        | "my"
                        | "your"
                        | "his"
                        | "her"
                        | "its"
                        | "our"
                        | "their"
                        | "being"
                        | "however"
                        | "moreover"
                        | "furthermore"
                        | "thus"
                        | "therefore"
                        | "once"
                        | "yet"
                        | "even"
                        | "also"
                        | "only"
                        | "first"
                        | "still"
                        | "now"
                        | "here"
                        | "there"
                        | "then"
                        | "instead"
                        | "meanwhile"
                        | "sometimes"
                        | "always"
                        | "often"
                        | "never"
                )
        })
    }

    /// Whether a source is a date ("April 26, 2011", "Monday"): words of the calendar and
    /// numbers only, so no speaker.
    pub(crate) fn is_date(&self, r: &Range<usize>) -> bool {
        r.clone()
            .filter(|&i| self.kinds[i] != TokenKind::Punct)
            .all(|i| {
                self.kinds[i] == TokenKind::Number || cues::when_word(self.t(i)) || month(self.t(i))
            })
    }

    /// Whether token `i` says when: a number, a day, a month or a word of time ("last", "week",
    /// "ago").
    pub(crate) fn time_word(&self, i: usize) -> bool {
        let w = self.t(i);
        let time_noun = |w: &str| {
            matches!(
                w,
                "week"
                    | "weeks"
                    | "month"
                    | "months"
                    | "year"
                    | "years"
                    | "day"
                    | "days"
                    | "ago"
                    | "past"
                    | "night"
                    | "morning"
                    | "afternoon"
                    | "evening"
            )
        };
        let count = self.kinds[i] == TokenKind::Number
            || matches!(
                w,
                "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "several"
            );
        (count && time_noun(self.t(i + 1)))
            || time_noun(w)
            || month(w)
            || (cues::when_word(w)
                && !matches!(
                    w,
                    "also" | "repeatedly" | "publicly" | "privately" | "separately" | "again"
                ))
    }

    /// Whether token `i` is a pronoun standing for the source: "one", "some" and "many" only
    /// when no noun follows (`said [one]`, not `said [one former official]`).
    pub(crate) fn pronoun_at(&self, i: usize) -> bool {
        let w = self.t(i);
        let next = self.t(i + 1);
        source_pronoun(w)
            && !(matches!(w, "one" | "some" | "many")
                && self.is_word(i + 1)
                && !source_stop(next)
                && !verb_only(next)
                && !auxiliary(next)
                && !self.quote_cue_at(i + 1))
    }

    pub(crate) fn source_before(&self, end: usize, floor: usize) -> Option<Range<usize>> {
        let w = self.t(end);
        if !self.is_phrase_word(end) || source_stop(w) || verb_only(w) {
            return None;
        }
        // A pronoun is the whole phrase, also one that stands for nobody in particular: in the
        // headline `The Harbour Bridge Nobody Wants to Pay For` the source is "Nobody".
        if source_pronoun(w)
            || matches!(
                w,
                "nobody" | "everybody" | "everyone" | "somebody" | "someone" | "anybody" | "anyone"
            )
        {
            return Some(end..end + 1);
        }
        // A possessive before a cue that is a noun is its speaker: `her [criticism of]`.
        if matches!(w, "his" | "her" | "their" | "its" | "our" | "my" | "your") {
            return Some(end..end + 1);
        }
        let mut start = end;
        while start > floor && end - start < 7 {
            let k = start - 1;
            let w = self.t(k);
            // "nine in 10", "teachers and union officials".
            // "exit polls in Iowa", "a poll by the institute", "a projection from the report":
            // a preposition between two nouns (not after a verb or a clause's comma).
            let between_nouns = matches!(w, "in" | "by" | "from" | "at" | "with" | "to" | "on")
                && k > floor
                && self.is_word(k - 1)
                && !source_stop(self.t(k - 1))
                && !verb_only(self.t(k - 1))
                && !auxiliary(self.t(k - 1))
                && !self.t(k - 1).ends_with("ed")
                && !self.adverb(k - 1);
            let joins = matches!(w, "of" | "for" | "'s" | "the" | "a" | "an" | "-" | "and")
                || (w == "in" && self.kinds[start] == TokenKind::Number)
                || between_nouns;
            let part = joins || (self.is_phrase_word(k) && !source_stop(w));
            // (A verb's form inside a compound noun, "the think tank", or naming the speaker's
            // source: "a government source citing the Courier".)
            let compound = (w == "think" && matches!(self.t(k + 1), "tank" | "tanks"))
                || (matches!(w, "citing" | "quoting") && k > floor && self.is_word(k - 1));
            // (A question word opens a clause of its own: `why [critics] say`.)
            let question = matches!(w, "why" | "how" | "what" | "whatever" | "whenever");
            if !part || question || (verb_only(w) && !compound) {
                break;
            }
            start = k;
        }
        // A phrase does not start with a joining word ("of the party").
        while start < end && matches!(self.t(start), "of" | "for" | "'s" | "-" | "and" | "in") {
            start += 1;
        }
        // The phrase ends a relative clause or a phrase about the source: `officials who spoke
        // with the paper said`, `two aides familiar with the talks said`.
        if let Some(who) = (start.saturating_sub(4).max(floor)..start)
            .rev()
            .find(|&k| matches!(self.t(k), "who" | "whose" | "familiar" | "close"))
            && who > floor
            && (who + 1..start).all(|k| self.is_word(k))
            && let Some(head) = self.source_before(who - 1, floor)
            && !source_pronoun(self.t(head.start))
        {
            start = head.start;
        }
        Some(start..end + 1)
    }

    /// The source phrase that starts at token `start`: "said [the senator from Ohio] in a
    /// statement" stops at the preposition or punctuation.
    pub(crate) fn source_after(&self, start: usize, limit: usize) -> Option<Range<usize>> {
        let w = self.t(start);
        if start >= limit || !self.is_word(start) || source_stop(w) || verb_only(w) {
            return None;
        }
        if self.pronoun_at(start) {
            return Some(start..start + 1);
        }
        let mut end = start + 1;
        while end < limit && end - start < 10 {
            let w = self.t(end);
            let joins = matches!(w, "of" | "for" | "'s" | "-");
            // "a 2024 survey of tax preparers".
            let part = joins || (self.is_phrase_word(end) && !source_stop(w));
            if !part || verb_only(w) {
                break;
            }
            end += 1;
        }
        while end > start + 1
            && (matches!(self.t(end - 1), "of" | "for" | "-") || self.adverb(end - 1))
        {
            end -= 1;
        }
        Some(start..end)
    }

    /// Whether words said about a source hold a clause of their own: a form of "be" or "have"
    /// outside a relative clause (`495 reviews, 85% [are] positive`, but `Obi, who [has] sat on
    /// the board`).
    pub(crate) fn has_clause(&self, r: Range<usize>) -> bool {
        let finite = r.clone().find(|&k| {
            matches!(
                self.t(k),
                "is" | "are" | "was" | "were" | "has" | "have" | "had"
            )
        });
        let relative = r
            .clone()
            .find(|&k| matches!(self.t(k), "who" | "which" | "that" | "whose" | "whom"));
        finite.is_some_and(|f| relative.is_none_or(|r| r > f))
    }

    /// A source named after its cue, at the end of its sentence, runs on over what the text
    /// says about it (PolNeAR's extent): `said [Wilcox, an Orlando Republican who founded a
    /// firm]`, `said [Rachel Woolard, 20, of Jacksonville, Fla.]`. It stops short of a quotation
    /// or another report (`said Smith, adding that ...`).
    pub(crate) fn source_tail(&self, source: Range<usize>, limit: usize) -> Range<usize> {
        if self.t(source.end) != "," {
            return source;
        }
        let mut tail = trim_end(self, source.end + 1..limit);
        // A relative clause that reports is an attribution of its own: `said Ana Ruiz, an
        // engineer, [who said the cranes were old]`.
        if let Some(who) = tail.clone().find(|&k| {
            matches!(self.t(k), "who" | "which")
                && self.lexicon_cue(
                    k + 1 + (k + 1..limit).take_while(|&j| auxiliary(self.t(j))).count(),
                )
        }) {
            tail.end = who;
            tail = trim_end(self, tail);
        }
        // (Nor a clause joined to the sentence: `said Ana Ruiz, though she added that ...`.)
        let about_source = !tail.is_empty()
            && tail.len() <= 40
            && !self.has_clause(tail.clone())
            && !self.quote_cue_at(tail.start)
            && !matches!(
                self.t(tail.start),
                "though" | "although" | "but" | "while" | "because" | "if" | "so" | "yet"
            )
            && !tail.clone().any(|k| {
                let w = self.t(k);
                opening_quote(w) || closing_quote(w) || straight_quote(w)
            });
        if about_source {
            source.start..tail.end
        } else {
            source
        }
    }

    /// A source with an aside between it and the cue: `Maria Okafor, who runs a bakery, told`,
    /// `The transport agency, TransCoast, said` or `Ada Obi — a teacher — says` (the aside
    /// belongs to the source).
    pub(crate) fn source_with_aside(&self, cue: usize, floor: usize) -> Option<Range<usize>> {
        // The mark that closes the aside, before the cue or before a closing quotation mark
        // (`Okafor, who calls the tunnel a “folly,” said`).
        let mut at = cue.checked_sub(1)?;
        let w = self.t(at);
        if at > floor
            && (closing_quote(w) || straight_quote(w) || opening_quote(w))
            && aside_mark(self.t(at - 1))
        {
            at -= 1;
        }
        let mark = self.t(at);
        if at < floor + 2 || !aside_mark(mark) {
            return None;
        }
        // The aside may itself hold commas ("Cory James, 22, of Flint, Mich., said"): try the
        // earlier marks in turn, up to 24 words back (`Bill Okoro, a businessman who had sat on the
        // campaign’s board until last month, said`).
        let mut open = at;
        for _ in 0..4 {
            open = (floor.max(open.saturating_sub(24))..open)
                .rev()
                .find(|&k| self.t(k) == mark)?;
            let aside = open + 1..at;
            if aside.is_empty() || open == floor || aside.len() > 24 {
                return None;
            }
            // A relative clause, a participle, a noun phrase in apposition ("the owner of a
            // bakery on Main Street") or a place and time ("during a town hall in Columbus,
            // Ohio") may be long; other asides are short ("33", "D-Ore.", "Utah’s junior senator").
            let first = self.t(aside.start);
            let long = matches!(
                first,
                "who"
                    | "which"
                    | "whose"
                    | "whom"
                    | "during"
                    | "in"
                    | "at"
                    | "on"
                    | "of"
                    | "a"
                    | "an"
                    | "the"
            ) || (first.len() > 4 && (first.ends_with("ing") || first.ends_with("ed")))
                // A title: "chairman of the House Ways and Means Committee".
                || aside.clone().take(4).any(|k| matches!(self.t(k), "of" | "for" | "at" | "to"));
            if !long && aside.len() > 8 {
                continue;
            }
            // A clause of its own after a comma is no aside: `Khomeini, the founder, has always
            // had a dream, relying on ...`.
            if (aside.start + 1..aside.end).any(|k| self.t(k - 1) == "," && auxiliary(self.t(k)))
                || self.has_clause(aside.clone())
            {
                return None;
            }
            let clause_like = matches!(
                first,
                "who"
                    | "which"
                    | "whose"
                    | "whom"
                    | "where"
                    | "when"
                    | "in"
                    | "at"
                    | "on"
                    | "during"
            ) || (first.len() > 4
                && (first.ends_with("ing") || first.ends_with("ed")));
            let adverbial = self.adverb_like(aside.start)
                || matches!(first, "for" | "though" | "too" | "by" | "like" | "also");
            let head = match self.t(open - 1) {
                ")" => self.source_with_brackets(open, floor),
                // An abbreviation's full stop: `R-Fla.,`.
                "." if open >= floor + 2 => self.source_before(open - 2, floor),
                _ => self.source_before(open - 1, floor),
            };
            let Some(mut head) = head else {
                continue;
            };
            // A head after a preposition or a participle that opens an aside is inside that
            // aside (`Clinton, during a town hall in Columbus, Ohio, said`, `Grassley, facing a
            // challenge in Iowa, a swing state, said`): the speaker comes before it.
            let opens_aside = |k: usize| {
                let w = self.t(k);
                k > floor
                    && self.t(k - 1) == mark
                    && !self.capital[k]
                    && (cues::preposition(w)
                        || w == "during"
                        || (w.len() > 4 && w.ends_with("ing") && w != "including"))
            };
            if opens_aside(head.start) || (head.start > floor && opens_aside(head.start - 1)) {
                continue;
            }
            // What comes before may be one more aside between marks: an adverb, an age, a
            // party or a state (`Sanders, meanwhile, who ..., said`, `Ada Obi, R-Ore., appearing
            // on ..., said`, `Cory James, 22, of Flint, Mich., said`).
            let mut last = head.clone();
            for _ in 0..3 {
                let aside_like = |r: &Range<usize>| {
                    r.len() <= 3
                        && r.clone().all(|k| {
                            !self.capital[k]
                                || self.kinds[k] == TokenKind::Number
                                || self.t(k).contains('-')
                                || self.t(k + 1) == "."
                        })
                };
                let before = match (
                    self.t(last.start.wrapping_sub(1)),
                    self.t(last.start.wrapping_sub(2)),
                ) {
                    (m, _) if m == mark && aside_like(&last) => last.start.checked_sub(2),
                    ("of", m) if m == mark && last.len() <= 3 => last.start.checked_sub(3),
                    _ => None,
                };
                match before
                    .filter(|&k| k >= floor)
                    .and_then(|k| self.source_before(k, floor))
                {
                    Some(earlier) => {
                        head.start = earlier.start;
                        last = earlier;
                    }
                    None => break,
                }
            }
            if !source_pronoun(self.t(head.start)) || head.len() > 1 {
                // PolNeAR's extent: a noun phrase in apposition belongs to the source with its
                // closing comma (`[Ada Obi, a teacher,] said`); a clause or an adverbial does
                // not (`[Ada Obi], who runs a bakery, said`, `[Ada Obi], for one, said`).
                let mut end = open;
                while end >= head.start + 3 && self.t(end - 2) == "," && self.adverb_like(end - 1) {
                    end -= 2;
                }
                // An earlier aside keeps its comma: `[Sen. Ada Obi, R-Ore.,] appearing on ...`.
                let aside_before = end == open && (head.start..open).any(|k| self.t(k) == ",");
                return Some(match mark {
                    "," if (clause_like || adverbial) && aside_before => head.start..open + 1,
                    "," if clause_like || adverbial => head.start..end,
                    "," => head.start..at + 1,
                    _ => head.start..at,
                });
            }
        }
        None
    }

    /// A source with a bracket between it and the cue: `Sen. Mitch McConnell (R-Ky.) said`,
    /// `Gov. John Kasich (R-OH), said`.
    pub(crate) fn source_with_brackets(&self, cue: usize, floor: usize) -> Option<Range<usize>> {
        let close = cue.checked_sub(1 + usize::from(self.t(cue.wrapping_sub(1)) == ","))?;
        if close < floor + 2 || self.t(close) != ")" {
            return None;
        }
        let open = (floor..close).rev().take(8).find(|&k| self.t(k) == "(")?;
        let head = self.source_before(open.checked_sub(1)?, floor)?;
        Some(head.start..close + 1)
    }

    /// The subject of an earlier verb the cue is joined to: `Mayor Valdez called the vote a
    /// gamble and said ...`.
    pub(crate) fn coordinated_subject(&self, cue: usize, s: Range<usize>) -> Option<Range<usize>> {
        // "... and said", or a participle after a comma or "by": "..., saying", "by saying".
        let joined = cue > s.start
            && match self.t(cue - 1) {
                "and" | "but" => true,
                "," | "by" => self.t(cue).ends_with("ing"),
                _ => false,
            };
        if !joined {
            return None;
        }
        // An opening phrase before a comma is no subject: `In an interview, Trump questioned
        // ..., saying`.
        let s = match (s.start..cue - 1).find(|&k| self.t(k) == ",") {
            Some(comma) if cues::never_starts_source(self.t(s.start)) && comma + 1 < cue - 1 => {
                comma + 1..s.end
            }
            _ => s,
        };
        // Without parts of speech, the subject is a pronoun or a run of capitalised words.
        let mut end = if self.pronoun_at(s.start) {
            s.start + 1
        } else {
            (s.start..cue - 1)
                .find(|&k| !self.capital[k] && !matches!(self.t(k), "of" | "the"))
                .unwrap_or(cue - 1)
        };
        // "The union rejected ...": after a lone determiner the noun comes in lower case; it
        // runs to the first word that looks like a verb.
        if end == s.start + 1 && matches!(self.t(s.start), "the" | "a" | "an" | "this" | "its") {
            while end < cue - 1
                && end - s.start < 4
                && self.is_word(end)
                && !self.capital[end]
                && !self.t(end).ends_with("ed")
                && !speech_verb(self.t(end))
                && !auxiliary(self.t(end))
                && !source_stop(self.t(end))
            {
                end += 1;
            }
        }
        // `Republican nominee Donald Trump`, `Clinton top aide Huma Abedin`: a title in lower
        // case between capitalised words belongs to the name.
        if end > s.start && self.capital[end - 1] {
            let title = (end..(end + 3).min(cue - 1))
                .take_while(|&k| {
                    self.is_word(k)
                        && !self.capital[k]
                        && !source_stop(self.t(k))
                        && !speech_verb(self.t(k))
                        && !auxiliary(self.t(k))
                })
                .count();
            if title > 0 && end + title < cue - 1 && self.capital[end + title] {
                end = (end + title..cue - 1)
                    .find(|&k| !self.capital[k])
                    .unwrap_or(cue - 1);
            }
        }
        // "Trump, explaining his plan, said": a participle right after a short subject (the
        // whole phrase before the comma) is an aside.
        let aside = self.t(cue - 1) == ","
            && cue >= s.start + 2
            && cue - 1 - s.start <= 3
            && self
                .source_before(cue - 2, s.start)
                .is_some_and(|p| p.start == s.start);
        (end > s.start && end - s.start <= 8 && !aside).then_some(s.start..end)
    }

    /// Whether token `i` heads a cue (the cue model's verdict).
    pub(crate) fn cue_at(&self, i: usize) -> bool {
        self.cue.get(i).copied().unwrap_or(false)
    }

    /// Whether token `i`, next to a quotation, is its cue: the cue model's or the word lists'
    /// verdict (a reporting verb beside quote marks needs no more evidence, and a headline's
    /// capitalised "Said" is masked from the model as a name would be).
    pub(crate) fn quote_cue_at(&self, i: usize) -> bool {
        self.cue_at(i) || self.lexicon_cue(i)
    }

    /// The word lists' verdict on token `i` as a reporting verb, one of the cue model's
    /// features: a form that is also a noun ("report", "claims") only right after a pronoun or
    /// a name.
    pub(crate) fn lexicon_cue(&self, i: usize) -> bool {
        let w = self.t(i);
        if finding_verb(w) {
            let before = self.cue_back(i, 0).start;
            return self.t(i + 1) == "that"
                || before.checked_sub(1).is_some_and(|p| evidence(self.t(p)));
        }
        if !speech_verb(w) {
            return false;
        }
        // A word that is also a noun is a verb after a personal pronoun or a name ("she
        // states", "Ruiz claims"), not after a quantifier ("many states", "some reports"), and
        // not when it is a name's part itself ("the United States", "State Department").
        !noun_like(w)
            || (!(self.capital[i] && self.sentence(i).start != i)
                && i.checked_sub(1).is_some_and(|p| {
                    (source_pronoun(self.t(p)) && !matches!(self.t(p), "some" | "many" | "one"))
                        || (self.capital[p] && self.sentence(p).start != p)
                }))
    }

    /// The cue ending at the verb `verb`, with the auxiliaries and adverbs before it ("has also
    /// said").
    pub(crate) fn cue_back(&self, verb: usize, floor: usize) -> Range<usize> {
        let mut start = verb;
        while start > floor && auxiliary(self.t(start - 1)) && verb - start < 3 {
            start -= 1;
        }
        start..verb + 1
    }
}
