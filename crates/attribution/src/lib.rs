//! rhetor's attribution layer: who says what.
//!
//! Every attribution has a cue (the words that report: "said", "told reporters", "according
//! to"), a content (what is reported) and, when the text names one, a source (who reports it).
//! A learned cue model ([`CueModel`]) says which words report; rules over the text layer's
//! tokens read the source and content around them in five shapes:
//!
//! - **quotations** in quote marks with a reporting verb before or after them (`"...," she said`,
//!   `Smith said: "..."`); a quotation that goes on after its cue joins the same attribution;
//! - **reported speech**: a source, a reporting verb and the clause after it (`Officials said the
//!   talks failed`), or the clause first (`The talks failed, officials said`);
//! - **according to**: `According to the report, ...`, `..., according to the report` and a
//!   sentence opening with its poll or study (`In a poll released Monday, 40 percent ...`);
//! - **speaker labels**: a paragraph opening with a named person or organisation and a colon,
//!   as headlines and transcripts write them (`Ana Ruiz: The Port Deal Is Dead`);
//! - **hearsay** with no source: `reportedly`, `is expected to`, `was said to`, `Asked whether
//!   ...,` (what the text passes on without saying who says it).
//!
//! Sources take PolNeAR's extent: what the text says of the speaker in apposition belongs to
//! the source (`[Ada Obi, a teacher,] said`, `said [Ada Obi, who runs a bakery]`), a clause
//! between the speaker and the cue does not, nor do the adverbs, times and clitics around it.
//! The source's entity cluster is linked when the entity layer ran before (speaker labels need
//! its names): the name the source is about, or for "he", "she", "it" and "who" the person or
//! organisation named last before it. An attribution's confidence is how often attributions of
//! its rule, with a cue the model was as sure of, were right on PolNeAR ([`calibrate`]). The
//! rules and the model read no names or topics (the model sees a name only as `<name>`), only
//! the grammar of reporting, so they treat every outlet and side alike.

pub mod calibrate;
mod cue_model;
mod cues;

use std::ops::Range;
use std::sync::Arc;

use rhetor_doc::{Analyzer, Attribution, AttributionKind, Doc, EntityLabel, Span, TokenKind};
use rhetor_represent::Vectors;

use crate::cues::{
    auxiliary, closing_quote, evidence, finding_verb, noun_like, opening_quote, source_pronoun,
    source_stop, speech_verb, straight_quote, tell_verb, verb_only,
};

pub use crate::cue_model::{CLASSES, CueModel, ModelError};

/// The cue model's log-odds from which a cue inside another report's content is taken
/// (PolNeAR five folds, 1 / 2 / 3 / 4 / never: attribution F1 0.6918 / 0.6935 / 0.6939 /
/// 0.6932 / 0.6930).
const NESTED_MARGIN: f32 = 3.0;

const BUNDLED: &[u8] = include_bytes!("../../../models/attribution.bin");

/// The attribution layer as a pipeline stage. It runs after the entity layer, whose clusters
/// the sources point to.
#[derive(Clone, Debug)]
pub struct AttributionLayer {
    cues: CueModel,
    vectors: Arc<Vectors>,
}

impl AttributionLayer {
    /// The layer with a cue model over the word vectors `vectors`.
    pub fn new(cues: CueModel, vectors: Arc<Vectors>) -> Result<Self, ModelError> {
        if !cues.fits(&vectors) {
            return Err(ModelError::OtherVectors);
        }
        Ok(AttributionLayer { cues, vectors })
    }

    /// The layer with the cue model compiled into rhetor (`models/attribution.bin`), over the
    /// bundled word vectors.
    pub fn bundled() -> Result<Self, ModelError> {
        let vectors =
            rhetor_represent::bundled().map_err(|e| ModelError::Vectors(e.to_string()))?;
        AttributionLayer::new(CueModel::from_bytes(BUNDLED)?, vectors)
    }

    /// For each attribution of a document this layer analysed, the cue model's log-odds for its
    /// cue's head: with the rule's confidence, what [`calibrate::Calibration`] is fitted on.
    pub fn head_margins(&self, doc: &Doc) -> Vec<f32> {
        let view = View::new(doc);
        let margins = self.cues.margins(doc, &view, &self.vectors);
        doc.layers
            .attributions
            .iter()
            .flatten()
            .map(|a| {
                a.cue
                    .map_or(f32::NEG_INFINITY, |c| head_margin(&view, &margins, c))
            })
            .collect()
    }
}

/// The log-odds of the head of a cue (minus infinity for a cue the model never weighs).
fn head_margin(view: &View, margins: &[f32], cue: Span) -> f32 {
    cue_model::head(view, cue).map_or(f32::NEG_INFINITY, |k| margins[k])
}

impl Analyzer for AttributionLayer {
    fn name(&self) -> &'static str {
        "attribution"
    }

    /// Its rules and model know English only.
    fn languages(&self) -> &'static [&'static str] {
        &["en"]
    }

    fn analyze(&self, doc: &mut Doc) {
        let mut view = View::new(doc);
        let margins = self.cues.margins(doc, &view, &self.vectors);
        view.cue = margins.iter().map(|&m| self.cues.is_cue(m)).collect();
        view.sure_cue = margins.iter().map(|&m| m >= NESTED_MARGIN).collect();
        let found = find(&view);
        let entities = doc.layers.entities.as_deref().unwrap_or_default();
        let sentences: Vec<Span> = doc.layers.sentences.clone();
        let mut attributions: Vec<Attribution> = Vec::with_capacity(found.len());
        for f in found {
            let trimmed = f.source.clone().map(|r| view.trim_source(r));
            let source = trimmed.clone().map(|r| view.span(r));
            let content: Vec<Span> = f.content.iter().map(|r| view.span(r.clone())).collect();
            let cluster = trimmed
                .and_then(|r| speaker(&view, entities, r))
                .map(|e| entities[e].cluster)
                .or_else(|| {
                    let s = source?;
                    let (kinds, back): (&[EntityLabel], usize) =
                        match doc.slice(s).to_lowercase().as_str() {
                            "he" | "she" => (&[EntityLabel::PER], 2),
                            "it" => (&[EntityLabel::ORG], 2),
                            // `Ada Obi, a teacher from Dunmore, who said`: in its sentence.
                            "who" => (&[EntityLabel::PER, EntityLabel::ORG], 0),
                            "they" => {
                                return group_speaking_before(doc, entities, &attributions, s);
                            }
                            _ => return None,
                        };
                    named_before(entities, &sentences, s, &content, kinds, back)
                        .map(|e| entities[e].cluster)
                });
            let cue = view.span(f.cue);
            let margin = head_margin(&view, &margins, cue);
            attributions.push(Attribution {
                source,
                cue: Some(cue),
                content,
                kind: f.kind,
                cluster,
                confidence: self.cues.confidence(f.confidence, margin),
            });
        }
        doc.layers.attributions = Some(attributions);
    }
}

/// The entity a source names as its speaker. A name that heads the source, or stands in
/// apposition to it, comes first (`Clinton's campaign chairman, [John Podesta]`); then a
/// possessor (`[China]'s ambassador to Britain`); then a name after a preposition (`a spokesman
/// for [the Harbour Trust]`). A word about a group (`[Iranian] officials`) and a name inside what
/// the text says about the speaker (`the spokesman, who works for Senator Smith`) name no one.
fn speaker(v: &View, entities: &[rhetor_doc::Entity], source: Range<usize>) -> Option<usize> {
    let head = source.start
        ..(source.clone())
            .find(|&k| matches!(v.t(k), "who" | "which" | "whose" | "whom" | "where"))
            .unwrap_or(source.end);
    if head.is_empty() {
        return None;
    }
    let span = v.span(head.clone());
    let first = entities.partition_point(|e| e.span.end <= span.start);
    // (rank, entity): 0 heads or stands in apposition, 1 possesses, 2 follows a preposition.
    let mut best: Option<(u8, usize)> = None;
    for (k, e) in entities.iter().enumerate().skip(first) {
        if e.span.start >= span.end {
            break;
        }
        let at = v.spans.partition_point(|t| t.start < e.span.start);
        let after = v.spans.partition_point(|t| t.start < e.span.end);
        let inside = after < head.end;
        let rank = if inside && matches!(v.t(after), "'s" | "'") {
            1
        } else if inside && e.label == EntityLabel::MISC {
            continue;
        } else if at > head.start
            && matches!(
                v.t(at - 1),
                "to" | "of"
                    | "for"
                    | "at"
                    | "in"
                    | "from"
                    | "with"
                    | "by"
                    | "on"
                    | "citing"
                    | "quoting"
            )
        {
            // Where the speaker is, is not who speaks: `officials in Hong Kong`.
            if e.label == EntityLabel::LOC && matches!(v.t(at - 1), "in" | "on" | "at" | "to") {
                continue;
            }
            2
        } else {
            0
        };
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, k));
        }
    }
    best.map(|(_, k)| k)
}

/// The entity "they" (`pronoun`) stands for: the speaker of the attribution just before it, in
/// its sentence or the one before, when that source is nothing but the speaker's name, as in `The
/// Harbour Trust said ... They added ...`, when that speaker is a group: an organisation or a
/// people, never a person. "They" after "officials said" or "Senate leaders said" names no
/// entity, and stays unresolved.
fn group_speaking_before(
    doc: &Doc,
    entities: &[rhetor_doc::Entity],
    attributions: &[Attribution],
    pronoun: Span,
) -> Option<usize> {
    let sentences = &doc.layers.sentences;
    let here = sentences.partition_point(|s| s.end <= pronoun.start);
    let from = sentences.get(here.saturating_sub(1)).map_or(0, |s| s.start);
    let last = attributions
        .iter()
        .rev()
        .find(|a| a.source.is_some_and(|s| s.end <= pronoun.start))?;
    let source = last.source.filter(|s| s.start >= from)?;
    let at = entities.partition_point(|e| e.span.end < source.end);
    // (An entity carries its cluster's label.)
    let name = entities.get(at).filter(|e| {
        matches!(e.label, EntityLabel::ORG | EntityLabel::MISC)
            && e.span.end == source.end
            && e.span.start >= source.start
            && matches!(
                doc.slice(Span::new(source.start, e.span.start)),
                "" | "the " | "The "
            )
    })?;
    Some(name.cluster).filter(|&c| last.cluster == Some(c))
}

/// The entity a source pronoun stands for, a person for "he" and "she", an organisation for
/// "it", either for "who": the last one of the `kinds` named before it in its sentence or the
/// `back` before, outside what the attribution reports (in `“Obi is wrong,” she said` she is not
/// Obi). No gender is guessed from names: the nearest person wins.
fn named_before(
    entities: &[rhetor_doc::Entity],
    sentences: &[Span],
    pronoun: Span,
    content: &[Span],
    kinds: &[EntityLabel],
    back: usize,
) -> Option<usize> {
    let here = sentences.partition_point(|s| s.end <= pronoun.start);
    let from = sentences
        .get(here.saturating_sub(back))
        .map_or(0, |s| s.start);
    let before = entities.partition_point(|e| e.span.end <= pronoun.start);
    (0..before)
        .rev()
        .take_while(|&e| entities[e].span.start >= from)
        .find(|&e| {
            kinds.contains(&entities[e].label)
                && !content.iter().any(|c| c.overlaps(entities[e].span))
        })
}

/// The document's tokens as the rules read them.
struct View {
    low: Vec<String>,
    spans: Vec<Span>,
    kinds: Vec<TokenKind>,
    capital: Vec<bool>,
    /// The entity type of the name the token is part of, when the entity layer ran.
    named: Vec<Option<EntityLabel>>,
    /// Whether the token is written in capitals only ("CALDER").
    shouted: Vec<bool>,
    sentences: Vec<Range<usize>>,
    sentence_of: Vec<usize>,
    paragraphs: Vec<Range<usize>>,
    /// Whether each token heads a cue, as the cue model finds (empty until it ran).
    cue: Vec<bool>,
    /// Whether the cue model is sure enough of token `i` to find a cue inside the content of
    /// another report (`Ruiz said Obi accused the board of lying`: PolNeAR marks both).
    sure_cue: Vec<bool>,
}

impl View {
    fn new(doc: &Doc) -> Self {
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
        // A dateline opens no clause: `LOS ANGELES (AP) — Clinton said ...` starts at "Clinton".
        for r in &mut sentences {
            let word = |k: usize| doc.slice(doc.tokens[k].span);
            let Some(dash) = r
                .clone()
                .take(9)
                .find(|&k| matches!(word(k), "—" | "–" | "--"))
            else {
                continue;
            };
            let agency = dash >= r.start + 3 && word(dash - 1) == ")";
            let place = word(r.start).chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !word(r.start).chars().any(char::is_lowercase);
            let names = (r.start..dash).all(|k| {
                let w = word(k);
                w.chars().next().is_some_and(|c| c.is_uppercase())
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

    fn t(&self, i: usize) -> &str {
        self.low.get(i).map_or("", String::as_str)
    }

    fn span(&self, r: Range<usize>) -> Span {
        Span::new(self.spans[r.start].start, self.spans[r.end - 1].end)
    }

    fn sentence(&self, i: usize) -> Range<usize> {
        self.sentences
            .get(self.sentence_of[i])
            .cloned()
            .unwrap_or(i..i + 1)
    }

    fn is_word(&self, i: usize) -> bool {
        matches!(self.kinds.get(i), Some(TokenKind::Word | TokenKind::Clitic))
    }

    /// A word or a number: sources can be counted ("22 percent", "nine in 10").
    fn is_phrase_word(&self, i: usize) -> bool {
        self.is_word(i) || self.kinds.get(i) == Some(&TokenKind::Number)
    }

    /// The source phrase that ends at token `end` (inclusive): a pronoun, or up to eight words
    /// back to a clause boundary ("the state's attorney general", "a spokesman for the party").
    /// A lower-case adverb in -ly ("profoundly", "recently"), never part of a source.
    fn adverb(&self, i: usize) -> bool {
        let w = self.t(i);
        !self.capital[i]
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
            )
    }

    /// A word that can open a sentence as an adverb before a comma ("Rather", "However").
    fn adverb_like(&self, i: usize) -> bool {
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
    fn trim_source(&self, mut r: Range<usize>) -> Range<usize> {
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
                || matches!(self.t(r.end - 1), "'s" | "'re" | "'ve" | "'d" | "'ll"))
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

    /// Whether a phrase holds only determiners, possessives and adverbs ("A", "my", "Still",
    /// "Additionally", "Now"), or is one word in -ing that names no one ("Refinishing involves",
    /// "Answering"): no speaker.
    fn is_function_words(&self, r: &Range<usize>) -> bool {
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
    fn is_date(&self, r: &Range<usize>) -> bool {
        r.clone()
            .filter(|&i| self.kinds[i] != TokenKind::Punct)
            .all(|i| {
                self.kinds[i] == TokenKind::Number || cues::when_word(self.t(i)) || month(self.t(i))
            })
    }

    /// Whether token `i` is a pronoun standing for the source: "one", "some" and "many" only
    /// when no noun follows (`said [one]`, not `said [one former official]`).
    fn pronoun_at(&self, i: usize) -> bool {
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

    fn source_before(&self, end: usize, floor: usize) -> Option<Range<usize>> {
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
            if !part || (verb_only(w) && !compound) {
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
    fn source_after(&self, start: usize, limit: usize) -> Option<Range<usize>> {
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
    fn has_clause(&self, r: Range<usize>) -> bool {
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
    fn source_tail(&self, source: Range<usize>, limit: usize) -> Range<usize> {
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
    fn source_with_aside(&self, cue: usize, floor: usize) -> Option<Range<usize>> {
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
                || aside.clone().take(4).any(|k| matches!(self.t(k), "of" | "for" | "at"));
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
    fn source_with_brackets(&self, cue: usize, floor: usize) -> Option<Range<usize>> {
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
    fn coordinated_subject(&self, cue: usize, s: Range<usize>) -> Option<Range<usize>> {
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
        // "Trump, explaining his plan, said": a participle right after a short subject (the
        // whole phrase before the comma) is an aside.
        let aside = self.t(cue - 1) == ","
            && cue >= s.start + 2
            && cue - 1 - s.start <= 3
            && self
                .source_before(cue - 2, s.start)
                .is_some_and(|p| p.start == s.start);
        (end > s.start && end - s.start <= 6 && !aside).then_some(s.start..end)
    }

    /// Whether token `i` heads a cue (the cue model's verdict).
    fn cue_at(&self, i: usize) -> bool {
        self.cue.get(i).copied().unwrap_or(false)
    }

    /// Whether token `i`, next to a quotation, is its cue: the cue model's or the word lists'
    /// verdict (a reporting verb beside quote marks needs no more evidence, and a headline's
    /// capitalised "Said" is masked from the model as a name would be).
    fn quote_cue_at(&self, i: usize) -> bool {
        self.cue_at(i) || self.lexicon_cue(i)
    }

    /// The word lists' verdict on token `i` as a reporting verb, one of the cue model's
    /// features: a form that is also a noun ("report", "claims") only right after a pronoun or
    /// a name.
    fn lexicon_cue(&self, i: usize) -> bool {
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
    fn cue_back(&self, verb: usize, floor: usize) -> Range<usize> {
        let mut start = verb;
        while start > floor && auxiliary(self.t(start - 1)) && verb - start < 3 {
            start -= 1;
        }
        start..verb + 1
    }
}

/// One attribution in token ranges.
struct Found {
    source: Option<Range<usize>>,
    cue: Range<usize>,
    content: Vec<Range<usize>>,
    kind: AttributionKind,
    confidence: f32,
}

/// The quotations of the text: token ranges from the opening to the closing mark, both included.
/// A quotation left open at the end of a paragraph ends there (the next paragraph reopens it).
fn quotations(v: &View) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for p in &v.paragraphs {
        let mut open: Option<usize> = None;
        // Quotations open inside the open one: `“His claim that “it has to do with trade”
        // makes no sense,” wrote Ruiz`.
        let mut nested = 0;
        for i in p.clone() {
            let w = v.t(i);
            match open {
                None if opening_quote(w) || straight_quote(w) => open = Some(i),
                Some(_) if closing_quote(w) && nested > 0 => nested -= 1,
                // An opening mark typed for a closing one: `“It's unusual,“ said Noble`.
                Some(o)
                    if closing_quote(w)
                        || straight_quote(w)
                        || (opening_quote(w)
                            && i > o + 1
                            && matches!(v.t(i - 1), "," | "." | "?" | "!")) =>
                {
                    out.push(o..i + 1);
                    open = None;
                }
                Some(_) if opening_quote(w) => nested += 1,
                _ => {}
            }
        }
        if let Some(o) = open
            && p.end > o + 1
        {
            out.push(o..p.end);
        }
    }
    out
}

/// A month's name, in lower case.
fn month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// The marks that open and close an aside: commas and dashes.
fn aside_mark(w: &str) -> bool {
    matches!(w, "," | "—" | "–" | "--")
}

/// The words that end a reported clause but are not part of it.
fn trim_end(v: &View, mut r: Range<usize>) -> Range<usize> {
    while r.end > r.start && matches!(v.t(r.end - 1), "." | "!" | "?" | ";" | ":" | ",") {
        r.end -= 1;
    }
    r
}

/// A content that opens a quotation and stops just short of its closing mark takes it, with
/// the punctuation inside it: `called the plan a “folly,”` rather than `a “folly`.
fn closing_mark(v: &View, r: Range<usize>) -> Range<usize> {
    let count = |mark: fn(&str) -> bool| r.clone().filter(|&k| mark(v.t(k))).count();
    let curly = count(opening_quote) > count(closing_quote);
    let straight = count(straight_quote) % 2 == 1;
    let mut end = r.end;
    while end < r.end + 2 && matches!(v.t(end), "," | "." | "!" | "?") {
        end += 1;
    }
    let closes = (curly && closing_quote(v.t(end))) || (straight && straight_quote(v.t(end)));
    if closes && end < v.low.len() && v.sentence_of[end] == v.sentence_of[r.start] {
        r.start..end + 1
    } else {
        r
    }
}

/// A clause cut short before another attribution does not end with "but" or "and".
fn trim_conjunction(v: &View, mut r: Range<usize>) -> Range<usize> {
    while r.end > r.start && matches!(v.t(r.end - 1), "but" | "and" | "," | "while") {
        r.end -= 1;
    }
    r
}

fn find(v: &View) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // Tokens already given a role, so the clause rules do not report a quotation twice.
    let mut used = vec![false; v.low.len()];
    let mark = |used: &mut Vec<bool>, f: &Found| {
        for r in f.source.iter().chain([&f.cue]).chain(&f.content) {
            for u in &mut used[r.clone()] {
                *u = true;
            }
        }
    };

    let quotes = quotations(v);
    let mut last: Option<(usize, usize)> = None; // (attribution index, its last token)
    for q in &quotes {
        let found = quote_cue_after(v, q).or_else(|| quote_cue_before(v, q));
        match found {
            Some(f) => {
                let end = f
                    .source
                    .iter()
                    .chain([&f.cue])
                    .map(|r| r.end)
                    .max()
                    .unwrap_or(q.end);
                mark(&mut used, &f);
                out.push(f);
                last = Some((out.len() - 1, end.max(q.end)));
            }
            None => {
                // `"A," she said. "B."`: the quotation after the cue continues the same one.
                // It opens the sentence after the cue's, or only punctuation lies between, in
                // the same paragraph (a quotation set apart in a paragraph of its own is
                // `quotes_set_apart`'s).
                if let Some((k, end)) = last
                    && !is_title(v, q)
                    && v.paragraphs
                        .iter()
                        .any(|p| p.contains(&(end - 1)) && p.contains(&q.start))
                    && (q.start == v.sentence(end.saturating_sub(1)).end
                        || (end..q.start).all(|i| matches!(v.t(i), "." | "," | ";")))
                {
                    out[k].content.push(q.clone());
                    if out[k].kind == AttributionKind::Indirect {
                        out[k].kind = AttributionKind::Mixed;
                    }
                    for u in &mut used[q.clone()] {
                        *u = true;
                    }
                    last = Some((k, q.end));
                }
            }
        }
    }

    let headings = labelled_list(v);
    for (k, p) in v.paragraphs.iter().enumerate() {
        if headings {
            break;
        }
        if let Some(f) = speaker_label(v, p.clone())
            && !f.content.iter().any(|c| used[c.clone()].iter().any(|&u| u))
            && !is_dateline(v, k, f.source.clone().unwrap_or_default())
        {
            mark(&mut used, &f);
            out.push(f);
        }
    }

    // The contents of the reports found so far: a cue inside one is a nested report.
    let mut inside = vec![false; v.low.len()];
    for s in &v.sentences {
        let mut i = s.start;
        while i < s.end {
            if used[i] || (inside[i] && !v.sure_cue.get(i).copied().unwrap_or(false)) {
                i += 1;
                continue;
            }
            let f = if v.t(i) == "according" && v.t(i + 1) == "to" {
                according_to(v, s.clone(), i)
            } else if v.t(i) == "in" && i == s.start {
                in_a_source(v, s.clone(), i)
            } else if v.t(i) == "in" && i >= s.start + 3 {
                in_a_poll(v, s.clone(), i, &used)
            } else if let Some(f) = unsourced(v, s.clone(), i, &used) {
                Some(f)
            } else if v.cue_at(i) {
                reported(v, s.clone(), i, &used)
            } else {
                None
            };
            // A source is a noun phrase, never one that starts with a preposition or a modal
            // ("In essence, you can talk and write", "For example, add"): such a match is no
            // attribution.
            let f = f
                .filter(|f| {
                    f.source
                        .as_ref()
                        .is_none_or(|r| !cues::never_starts_source(v.t(r.start)))
                })
                // A date is no speaker: the attribution stands without a source.
                .map(|mut f| {
                    f.source = f.source.filter(|r| !v.is_date(r));
                    f
                })
                // Nor is a lone determiner, possessive or adverb ("A", "Their", "Frequently"):
                // the match misread its sentence.
                .filter(|f| f.source.as_ref().is_none_or(|r| !v.is_function_words(r)));
            match f {
                Some(mut f) => {
                    // `“...,” Ruiz said, adding that ...`: a participle after a comma with no
                    // subject of its own (none found, or one running into the attribution
                    // before it) shares that attribution's speaker.
                    let participle = f.cue.start > s.start && participle_after_comma(v, &f.cue);
                    if participle
                        && let Some(before) = out
                            .iter()
                            .filter(|o| o.cue.end <= f.cue.start && o.cue.start >= s.start)
                            .max_by_key(|o| o.cue.start)
                        && f.source.as_ref().is_none_or(|r| {
                            before
                                .content
                                .iter()
                                .chain([&before.cue])
                                .any(|o| r.start < o.end && o.start < r.end)
                        })
                    {
                        f.source = before.source.clone();
                    }
                    if participle && f.source.is_none() {
                        i = f.cue.end;
                        continue;
                    }
                    i = f.cue.end;
                    for r in f.source.iter().chain([&f.cue]) {
                        for u in &mut used[r.clone()] {
                            *u = true;
                        }
                    }
                    for r in &f.content {
                        for u in &mut inside[r.clone()] {
                            *u = true;
                        }
                    }
                    out.push(f);
                }
                None => i += 1,
            }
        }
    }
    quotes_set_apart(v, &quotes, &used, &mut out);
    for f in &mut out {
        impression(v, f);
        for c in &mut f.content {
            *c = closing_mark(v, c.clone());
        }
    }
    out.sort_by_key(|f| f.content.first().map_or(f.cue.start, |c| c.start));
    out
}

/// `The plan seems sound`, `Ruiz appeared to hesitate`: how a thing or a person seems is the
/// writer's impression, not their words. PolNeAR gives it no source and the whole clause,
/// its subject included, as content (`It appears that ...` keeps what follows).
fn impression(v: &View, f: &mut Found) {
    if f.cue.len() != 1
        || !matches!(
            v.t(f.cue.start),
            "appear" | "appears" | "appeared" | "seem" | "seems" | "seemed"
        )
    {
        return;
    }
    let Some(source) = f.source.take() else {
        return;
    };
    if v.t(source.start) == "it" && source.len() == 1 {
        return;
    }
    let end = f.content.iter().map(|c| c.end).max().unwrap_or(f.cue.end);
    f.content.clear();
    f.content.push(source.start..end);
}

/// A quotation that makes up a paragraph of its own, with no cue, goes on the attribution that
/// ends the paragraph before it: `Obi told the council the pier was unsafe.` / `“It could fall
/// at any time.”` (news sets a speaker's words apart so).
fn quotes_set_apart(v: &View, quotes: &[Range<usize>], used: &[bool], out: &mut [Found]) {
    // Paragraphs are in text order: each attribution's paragraph by binary search, and the last
    // one with a source in each paragraph, in one pass (a transcript of thousands of quoted
    // turns stays linear).
    let paragraph_of = |token: usize| {
        let k = v.paragraphs.partition_point(|p| p.end <= token);
        (k < v.paragraphs.len() && v.paragraphs[k].contains(&token)).then_some(k)
    };
    let mut last: Vec<Option<usize>> = vec![None; v.paragraphs.len()];
    for (i, f) in out.iter().enumerate() {
        if let (Some(_), Some(k)) = (&f.source, paragraph_of(f.cue.start))
            && last[k].is_none_or(|j| out[j].cue.start < f.cue.start)
        {
            last[k] = Some(i);
        }
    }
    for q in quotes {
        let Some(k) = paragraph_of(q.start).filter(|&k| v.paragraphs[k].start == q.start) else {
            continue;
        };
        let whole = trim_end(v, v.paragraphs[k].clone()).end <= q.end;
        if !whole || k == 0 || used[q.clone()].iter().any(|&u| u) || is_title(v, q) {
            continue;
        }
        if let Some(i) = last[k - 1] {
            let f = &mut out[i];
            f.content.push(q.clone());
            if f.kind == AttributionKind::Indirect {
                f.kind = AttributionKind::Mixed;
            }
        }
    }
}

/// A paragraph that opens with its speaker and a colon, as headlines and transcripts write
/// them: `Ana Ruiz: The Port Deal Is Dead`, `Harbour Trust: "We will appeal."`. The speaker is a
/// person or an organisation the entity layer named, with no label word ("Update", "Photo").
/// (Interview transcripts' `Q:` and `A:`, and names in capitals, were tried: the corpus leaves
/// most of them unannotated, and capitals catch headline kickers.)
fn speaker_label(v: &View, p: Range<usize>) -> Option<Found> {
    let colon = p.clone().take(12).find(|&i| v.t(i) == ":")?;
    let speaker = p.start..colon;
    let content = trim_end(v, colon + 1..p.end);
    // The name may follow a short title ("Dr.", "Rep.") and come with a bracket ("(R-Ore.)").
    let title = v.capital[p.start]
        && v.t(p.start).trim_end_matches('.').chars().count() <= 4
        && (v.t(p.start).ends_with('.') || v.t(p.start + 1) == ".");
    let name_start = if title {
        p.start + 1 + usize::from(v.t(p.start + 1) == ".")
    } else {
        p.start
    };
    let name_end = if v.t(colon.checked_sub(1)?) == ")" {
        (name_start..colon).find(|&i| v.t(i) == "(")?
    } else {
        colon
    };
    if name_end <= name_start || name_end - name_start > 5 {
        return None;
    }
    // A headline names who speaks before its colon (`Poll: Trump and Clinton tied in Ohio`,
    // `Mayor Obi: Harbour plan is dead`), and writes what they say in few words, often without
    // a verb a rule can see; the speaker may be a report rather than a name.
    let headline = p.start == 0 && p.len() <= 30;
    let mut words = (name_start..name_end).filter(|&i| v.is_word(i)).peekable();
    if content.len() < 3
        || words.peek().is_none()
        || speaker.clone().any(|i| cues::label_word(v.t(i)))
        || !words.all(|i| {
            matches!(v.named[i], Some(EntityLabel::PER | EntityLabel::ORG))
                || (headline && cues::report_noun(v.t(i)))
        })
    {
        return None;
    }
    let quoted = opening_quote(v.t(content.start)) || straight_quote(v.t(content.start));
    // What follows the colon is said, not a description of the speaker: a quotation or a clause
    // with a verb of its own (`Ana Ruiz: The Port Deal Is Dead`, not `Ana Ruiz: Engineer and
    // Author of the Plan`).
    let clause = content.clone().any(|k| {
        auxiliary(v.t(k))
            || matches!(
                v.t(k),
                "is" | "are"
                    | "was"
                    | "were"
                    | "be"
                    | "do"
                    | "does"
                    | "did"
                    | "'s"
                    | "'re"
                    | "can"
                    | "must"
                    | "should"
            )
            || v.lexicon_cue(k)
    });
    // A headline in sentence case says something when a word of it other than a joining one
    // is in lower case (`Poll: Donors flocked to the fund`); in title case a description reads
    // the same as a statement (`Ana Ruiz: Engineer and Author of the Plan`), so it needs the
    // clause.
    let stated = headline
        && content.clone().any(|k| {
            v.is_word(k)
                && !v.capital[k]
                && !matches!(
                    v.t(k),
                    "and"
                        | "or"
                        | "of"
                        | "the"
                        | "a"
                        | "an"
                        | "in"
                        | "on"
                        | "at"
                        | "to"
                        | "for"
                        | "with"
                        | "by"
                        | "from"
                        | "as"
                )
        });
    if !quoted && !clause && !stated {
        return None;
    }
    Some(Found {
        source: Some(speaker),
        cue: colon..colon + 1,
        content: vec![content],
        kind: if quoted {
            AttributionKind::Direct
        } else {
            AttributionKind::Indirect
        },
        confidence: 0.7,
    })
}

/// Whether the document's paragraphs that open with a short label and a colon are a list of
/// headings (`Labor Costs: ...`, `Pro tip: ...`, `Pros:`, `Twitch: ...`, as product and how-to
/// pages write them) rather than speakers: three or more such paragraphs, and not a transcript,
/// whose speakers are people who take turns (their names, or surnames, recur).
fn labelled_list(v: &View) -> bool {
    let mut labels = 0;
    let mut people: Vec<&str> = Vec::new();
    for p in &v.paragraphs {
        let Some(colon) = p.clone().take(12).find(|&i| v.t(i) == ":") else {
            continue;
        };
        if colon == p.start {
            continue;
        }
        labels += 1;
        // A speaker's surname alone recurs after the full name (`Chris Matthews:` then
        // `Matthews:`).
        if v.named[colon - 1] == Some(EntityLabel::PER) {
            people.push(v.t(colon - 1));
        }
    }
    if labels < 3 {
        return false;
    }
    people.sort_unstable();
    let recurring = (0..people.len())
        .filter(|&i| (i > 0 && people[i - 1] == people[i]) || people.get(i + 1) == Some(&people[i]))
        .count();
    recurring < 2 || recurring * 2 < people.len()
}

/// A dateline read as a speaker label: a place in capitals opening one of the article's first
/// paragraphs ("PORT CALDER: The council ..."), the only paragraph that opens so. A transcript's
/// speakers in capitals ("OBI: ...", "ABARA: ...") open paragraph after paragraph.
fn is_dateline(v: &View, paragraph: usize, label: Range<usize>) -> bool {
    let in_capitals = |label: Range<usize>| {
        let mut words = label.filter(|&i| v.is_word(i)).peekable();
        words.peek().is_some() && words.all(|i| v.shouted[i])
    };
    let opens_in_capitals = |p: &Range<usize>| {
        p.clone()
            .take(8)
            .find(|&i| v.t(i) == ":")
            .is_some_and(|colon| in_capitals(p.start..colon))
    };
    paragraph < 3
        && in_capitals(label)
        && !v
            .paragraphs
            .iter()
            .enumerate()
            .any(|(k, p)| k != paragraph && opens_in_capitals(p))
}

/// A title in quote marks inside a sentence (`Fox News's “Sunday Morning Futures,” ...`): a few
/// words, each capitalised, after the sentence's start. No quotation.
fn is_title(v: &View, q: &Range<usize>) -> bool {
    let words: Vec<usize> = q.clone().filter(|&k| v.is_word(k)).collect();
    q.start > v.sentence(q.start).start
        && (1..=6).contains(&words.len())
        && words.iter().all(|&k| v.capital[k])
}

/// `"...," said Smith` / `"...," Smith said` / `"...," he told reporters`.
fn quote_cue_after(v: &View, q: &Range<usize>) -> Option<Found> {
    if is_title(v, q) {
        return None;
    }
    // The cue follows in the closing mark's sentence (or the next, when that one starts in
    // lower case: `."  he said` split after the full stop).
    let s = v.sentence(q.end - 1);
    // A question or an exclamation ends the sentence in the quotation: `"Why?" Ruiz asked.`
    let asked = q.end >= 2 && matches!(v.t(q.end - 2), "?" | "!");
    // Or the next sentence is only who said it: `"... it." Ruiz said.`
    let only_speaker = || {
        let next = v.sentence(q.end);
        let end = trim_end(v, next.clone()).end;
        next.len() <= 8 && end > next.start && v.quote_cue_at(end - 1)
    };
    let limit = if q.end == s.end
        && q.end < v.low.len()
        && (!v.capital[q.end] || asked || only_speaker())
    {
        v.sentence(q.end).end
    } else {
        s.end
    };
    let mut a = q.end;
    if v.t(a) == "," {
        a += 1;
    }
    if a >= limit {
        return None;
    }
    // The cue belongs to the quotation only if it ends its clause: in `"Why?" Some strategists
    // said none of it will work.` the next sentence has a content of its own.
    let ends_clause = |cue: &Range<usize>, source: &Range<usize>| {
        let after = cue.end.max(source.end);
        cue.start < s.end
            || (after..limit).filter(|&k| v.is_word(k)).count() <= 8
            // `"Why?" Ruiz asked of the board in May, when ...`: where, when or of whom.
            || circumstance_word(v.t(after))
            || v.t(after) == ","
    };
    // `" said Smith`.
    let aux = (a..limit).take_while(|&k| auxiliary(v.t(k))).count();
    if v.quote_cue_at(a + aux) {
        let cue = a..a + aux + 1;
        let source = v.source_tail(v.source_after(cue.end, limit)?, limit);
        // `who calls Trump a "sociopath," said he doubts it`: a pronoun with words after it
        // is the subject of the cue's own content, not a speaker set after the cue.
        if (source.len() == 1 && source_pronoun(v.t(source.start)) && v.is_word(source.end))
            || !ends_clause(&cue, &source)
        {
            return None;
        }
        return Some(Found {
            confidence: 0.85,
            source: Some(source),
            cue,
            content: vec![q.clone()],
            kind: AttributionKind::Direct,
        });
    }
    // `" Smith said`: a short source phrase, then the verb; `" Ki Hong, 33, said`, `" Ki Hong,
    // the owner of the bakery on Main Street, said`.
    let mut source = v.source_after(a, limit)?;
    // `" Rep. Ada Obi (D-Ore.) said`.
    if v.t(source.end) == "("
        && let Some(close) = (source.end..limit.min(source.end + 8)).find(|&k| v.t(k) == ")")
    {
        source.end = close + 1;
    }
    let mut b = source.end;
    if aside_mark(v.t(b))
        && let Some(close) = (b + 1..limit.min(b + 18)).find(|&k| v.t(k) == v.t(b))
        && v.quote_cue_at(
            close
                + 1
                + (close + 1..limit)
                    .take_while(|&k| auxiliary(v.t(k)))
                    .count(),
        )
    {
        b = close + 1;
    }
    // The aside belongs to the source, with its closing comma (PolNeAR's extent).
    let source = if b > source.end {
        source.start..if v.t(b - 1) == "," { b } else { b - 1 }
    } else {
        source
    };
    let aux = (b..limit).take_while(|&k| auxiliary(v.t(k))).count();
    let cue = b..b + aux + 1;
    (v.quote_cue_at(b + aux) && ends_clause(&cue, &source)).then(|| Found {
        source: Some(source),
        cue,
        content: vec![q.clone()],
        kind: AttributionKind::Direct,
        confidence: 0.9,
    })
}

/// `Smith said: "..."` / `she told the court, "..."`.
fn quote_cue_before(v: &View, q: &Range<usize>) -> Option<Found> {
    if is_title(v, q) {
        return None;
    }
    let s = v.sentence(q.start);
    let floor = s.start;
    let mut b = q.start;
    if b > floor && matches!(v.t(b - 1), ":" | ",") {
        b -= 1;
    }
    // The verb right before, or before its object ("told the court").
    let Some(verb) = (b.saturating_sub(4).max(floor)..b)
        .rev()
        .find(|&k| v.quote_cue_at(k))
    else {
        // A name and a colon introduce the quotation: `Ruiz on the radio: "..."`.
        let colon = b;
        if v.t(colon) != ":" || colon == floor {
            return None;
        }
        let source = v.source_before(colon - 1, floor)?;
        let named = (source.clone()).any(|k| v.capital[k]) && source.start == floor;
        return named.then(|| Found {
            source: Some(source),
            cue: colon..colon + 1,
            content: vec![q.clone()],
            kind: AttributionKind::Direct,
            confidence: 0.7,
        });
    };
    if verb + 1 < b && !tell_verb(v.t(verb)) {
        return None;
    }
    let cue = v.cue_back(verb, floor);
    let source = (cue.start > floor)
        .then(|| v.source_before(cue.start - 1, floor))
        .flatten()?;
    Some(Found {
        source: Some(source),
        cue,
        content: vec![q.clone()],
        kind: AttributionKind::Direct,
        confidence: 0.85,
    })
}

/// `According to the report, ...` and `..., according to the report.`
fn according_to(v: &View, s: Range<usize>, i: usize) -> Option<Found> {
    let cue = i..i + 2;
    let mut source = v.source_after(i + 2, s.end)?;
    // A long source runs on to its comma: `According to a 2013 study by two economists at
    // Yale, ...`, `..., according to exit polls conducted for the networks, ...`.
    if v.t(source.end) != ","
        && let Some(comma) = (source.end..s.end.min(i + 2 + 25)).find(|&k| v.t(k) == ",")
        && (source.end..comma).all(|k| {
            v.is_phrase_word(k)
                || matches!(
                    v.t(k),
                    "'s" | "’s"
                        | "-"
                        | "/"
                        | "of"
                        | "by"
                        | "for"
                        | "from"
                        | "at"
                        | "in"
                        | "on"
                        | "out"
                        | "the"
                        | "a"
                        | "an"
                        | "and"
                )
        })
    {
        source.end = comma;
    }
    // The clause after the source's comma (`According to the report, sales fell`, also after
    // `: ` or `and`), else the clause before the cue (`Sales fell, according to the report`).
    let mut after = trim_end(v, source.end + 1..s.end);
    // `according to Mark Dubowitz, the director of the foundation, Soleimani ...`: the aside
    // after the source belongs to it.
    if matches!(v.t(after.start), "the" | "a" | "an")
        && let Some(close) =
            (after.start + 1..after.end.min(after.start + 16)).find(|&k| v.t(k) == ",")
    {
        after = close + 1..after.end;
    }
    // The cue opens the clause, or follows a sentence adverb (`Rather, according to ...`).
    let opens = i == s.start
        || matches!(
            v.t(i - 1),
            "``" | "“" | ":" | ";" | "-" | "—" | "–" | "and" | "but"
        )
        || (v.t(i - 1) == "," && i == s.start + 2 && v.adverb_like(s.start));
    let content = if v.t(source.end) == "," && opens {
        after
    } else if v.t(source.end) == ","
        && v.t(i.wrapping_sub(1)) == ","
        && after.len() >= 2
        && i >= s.start + 2
        // (Not what the text says about the source: `..., according to Bill Okoro, a
        // pollster who ran the survey.`)
        && !matches!(v.t(after.start), "who" | "which" | "whose" | "where" | "a" | "an" | "the")
        && !v.capital[after.start]
    {
        // An aside: `Fundraising, according to the campaign, has surged.` The clause is on
        // both sides of it.
        return Some(Found {
            source: Some(source),
            cue,
            content: vec![s.start..i - 1, after],
            kind: AttributionKind::AccordingTo,
            confidence: 0.85,
        });
    } else {
        // `..., according to [Bill Okoro, a pollster who ran the survey].`
        source = v.source_tail(source, s.end);
        let to = if v.t(i - 1) == "," { i - 1 } else { i };
        trim_end(v, s.start..to)
    };
    (content.len() >= 2).then(|| Found {
        source: Some(source),
        cue,
        content: vec![content],
        kind: AttributionKind::AccordingTo,
        confidence: 0.85,
    })
}

/// After "asked" at `i`: who asked, when the text says (`asked by a reporter whether ...`),
/// and where the question starts (its first word: whether, if, about, what ...).
fn asked_by(v: &View, s: Range<usize>, i: usize) -> Option<(Option<Range<usize>>, usize)> {
    let question = |k: usize| {
        matches!(
            v.t(k),
            "whether"
                | "if"
                | "about"
                | "what"
                | "why"
                | "how"
                | "when"
                | "who"
                | "whom"
                | "which"
                | "where"
        )
    };
    if question(i + 1) {
        return Some((None, i + 1));
    }
    if v.t(i + 1) != "by" {
        return None;
    }
    let q = (i + 3..s.end.min(i + 10)).find(|&k| question(k))?;
    let asker = i + 2..q;
    asker
        .clone()
        .all(|k| v.is_phrase_word(k) || matches!(v.t(k), "'s" | "of"))
        .then_some((Some(asker), q))
}

/// What the text reports without saying who says it: `The mayor reportedly resigned`, `The
/// vote is expected to pass`, `He was said to be furious`, and the question of `Asked whether
/// ..., she ...`. The content is the whole sentence (the question for "asked"); no source.
fn unsourced(v: &View, s: Range<usize>, i: usize, used: &[bool]) -> Option<Found> {
    let cue = if cues::hearsay_adverb(v.t(i)) {
        i..i + 1
    } else if matches!(v.t(i), "is" | "are" | "was" | "were" | "been") {
        let verb = if matches!(
            v.t(i + 1),
            "widely" | "not" | "also" | "still" | "now" | "generally"
        ) {
            i + 2
        } else {
            i + 1
        };
        if !(verb + 1 < s.end
            && matches!(
                v.t(verb),
                "expected" | "said" | "believed" | "rumored" | "rumoured" | "reported"
            )
            && v.t(verb + 1) == "to")
        {
            return None;
        }
        i..verb + 1
    } else if v.t(i) == "asked"
        && let Some((asker, question)) = asked_by(v, s.clone(), i)
        && (i == s.start
            || matches!(
                v.t(i - 1),
                "was" | "were" | "been" | "being" | "when" | "after"
            ))
    {
        // `Asked whether ..., she said`; `He was asked whether he would run` (the question
        // runs to its comma or the sentence's end).
        let comma = (question + 1..s.end).find(|&k| v.t(k) == ",");
        let content = match comma {
            Some(comma) => question..comma,
            None if i > s.start => trim_end(v, question..s.end),
            None => return None,
        };
        let passive = i > s.start && matches!(v.t(i - 1), "was" | "were" | "been" | "being");
        let cue = if passive { i - 1..i + 1 } else { i..i + 1 };
        return (content.len() >= 2 && !used[content.clone()].iter().any(|&u| u)).then(|| Found {
            source: asker,
            cue,
            content: vec![content],
            kind: AttributionKind::Indirect,
            confidence: 0.6,
        });
    } else {
        return None;
    };
    let content = trim_end(v, s.clone());
    // `The mayor reportedly told aides ...`: the reporting verb names the speaker.
    if content.len() < 4
        || used[content.clone()].iter().any(|&u| u)
        || content.clone().any(|k| !cue.contains(&k) && v.cue_at(k))
    {
        return None;
    }
    Some(Found {
        source: None,
        cue,
        content: vec![content],
        kind: AttributionKind::Indirect,
        confidence: 0.6,
    })
}

/// A sentence opening with the poll, study or report that says it: `In a Harbour Trust poll
/// released Monday, 40 percent backed the plan.` (Not an interview or a statement: there the
/// clause's subject is the speaker, `In an interview, the mayor ruled out a vote.`)
fn in_a_source(v: &View, s: Range<usize>, i: usize) -> Option<Found> {
    let comma = (i + 2..s.end.min(i + 16)).find(|&k| v.t(k) == ",")?;
    let source = i + 1..comma;
    if !source.clone().any(|k| evidence(v.t(k))) {
        return None;
    }
    let content = trim_end(v, comma + 1..s.end);
    // `In a statement, the mayor said ...`: the reporting verb's attribution is the one.
    if content.len() < 3 || content.clone().any(|k| v.lexicon_cue(k)) {
        return None;
    }
    Some(in_source(source, i, content))
}

/// What is `content` in `source`, cued by the "in" at `i`.
fn in_source(source: Range<usize>, i: usize, content: Range<usize>) -> Found {
    Found {
        source: Some(source),
        cue: i..i + 1,
        content: vec![content],
        kind: AttributionKind::AccordingTo,
        confidence: 0.7,
    }
}

/// A finding and the poll it is in: `[Ruiz leads by five points] in the latest Courier poll
/// released Monday.` The phrase after "in" names a poll or survey and ends the clause.
fn in_a_poll(v: &View, s: Range<usize>, i: usize, used: &[bool]) -> Option<Found> {
    let end = trim_end(v, i + 1..s.end).end;
    let stop = (i + 1..end).find(|&k| v.t(k) == ",").unwrap_or(end);
    let source = i + 1..stop;
    // The poll is the head of the phrase: only its modifiers come before it (`the latest
    // CNN/ORC poll`, not `a house near the polls`), and after it at most when or by whom.
    let head = source
        .clone()
        .take(8)
        .find(|&k| matches!(v.t(k), "poll" | "polls" | "survey" | "surveys"))?;
    let modifier = |k: usize| {
        matches!(v.t(k), "/" | "-" | "the" | "a" | "an" | "'s")
            || (v.is_phrase_word(k) && !cues::preposition(v.t(k)))
    };
    let after = head + 1..source.end;
    if !(source.start..head).all(modifier)
        || after.len() > 5
        || after.clone().next().is_some_and(|k| {
            !matches!(
                v.t(k),
                "released"
                    | "conducted"
                    | "published"
                    | "taken"
                    | "from"
                    | "by"
                    | "of"
                    | "last"
                    | "this"
            ) && !v.capital[k]
        })
    {
        return None;
    }
    // The clause from its start, after a sentence adverb or conjunction and its comma.
    let mut from = s.start;
    if matches!(v.t(from), "but" | "and" | "yet" | "so") {
        from += 1;
    }
    if v.t(from + 1) == "," && v.adverb_like(from) {
        from += 2;
    }
    let content = from..i;
    if content.len() < 3 || used[content.clone()].iter().any(|&u| u) || v.t(i - 1) == "," {
        return None;
    }
    Some(in_source(source, i, content))
}

/// Reported speech around the reporting verb at `i`: `Officials said (that) ...`,
/// `..., officials said.` and `..., said the minister.`
fn reported(v: &View, s: Range<usize>, i: usize, used: &[bool]) -> Option<Found> {
    // "That being said, ..." reports nothing.
    if i > s.start && v.t(i - 1) == "being" {
        return None;
    }
    // `A source citing the Courier said ...`: "citing" belongs to the speaker, who says.
    if matches!(v.t(i), "citing" | "quoting")
        && (i + 1..s.end.min(i + 8)).any(|k| v.lexicon_cue(k) && v.t(k) != v.t(i))
    {
        return None;
    }
    let mut cue = v.cue_back(i, s.start);
    if cue.end < s.end && cues::particle(v.t(i), v.t(cue.end)) {
        cue.end += 1;
    }
    // A passive ("was first proposed in 2019") names no speaker before its verb.
    let be = |k: Option<usize>| {
        k.is_some_and(|k| {
            k >= s.start && matches!(v.t(k), "was" | "were" | "is" | "are" | "been" | "be")
        })
    };
    // (But in `officials whose laws were invalidated say` the "were" belongs to another verb.)
    let other_participle = cue
        .start
        .checked_sub(1)
        .is_some_and(|k| k > s.start && v.t(k).ends_with("ed"));
    if be(cue.start.checked_sub(1)) || (be(cue.start.checked_sub(2)) && !other_participle) {
        return None;
    }
    // An adverb between the source and the cue ("Maryam Rajavi, profoundly has said",
    // "officials repeatedly said") is no part of the source.
    let mut end = cue.start;
    while end > s.start + 1 && v.adverb(end - 1) {
        end -= 1;
    }
    if end < cue.start && end > s.start + 1 && v.t(end - 1) == "," {
        end -= 1;
    }
    let before = (end > s.start)
        .then(|| v.source_before(end - 1, s.start))
        .flatten()
        .or_else(|| v.source_with_aside(cue.start, s.start))
        .or_else(|| v.source_with_brackets(cue.start, s.start))
        .or_else(|| v.coordinated_subject(cue.start, s.clone()));
    // The clause after the cue; after "told" the person spoken to comes first.
    let mut from = cue.end;
    if tell_verb(v.t(i)) && matches!(v.t(from), "me" | "him" | "her" | "us" | "them" | "you") {
        from += 1;
    } else if tell_verb(v.t(i))
        && v.t(from) != "that"
        && let Some(object) = v.source_after(from, s.end)
        && (matches!(v.t(object.end), "that" | "," | ":")
            || (object.len() == 1 && source_pronoun(v.t(from)))
            || v.t(from) == "reporters"
            // `told Fox News on Sunday that ...`
            || ((matches!(v.t(object.end), "at" | "in" | "on" | "during")
                || cues::when_word(v.t(object.end)))
                && (object.end..s.end.min(object.end + 8)).any(|k| v.t(k) == "that")))
    {
        from = object.end;
    }
    if matches!(v.t(from), "," | ":") {
        from += 1;
    }
    // `said, however, that ...`: an adverb between commas is no part of the clause.
    if v.t(from.wrapping_sub(1)) == ","
        && let Some(close) = (from + 1..s.end.min(from + 3)).find(|&k| v.t(k) == ",")
        && (from..close).all(|k| v.is_word(k))
    {
        from = close + 1;
    }
    // `said at a rally in Texas that ...`, `said Tuesday that ...`: the content starts at "that".
    if (matches!(v.t(from), "at" | "in" | "on" | "during") || cues::when_word(v.t(from)))
        && let Some(that) = (from..s.end.min(from + 10)).find(|&k| v.t(k) == "that")
        && (from..that).all(|k| v.is_phrase_word(k) || v.t(k) == ",")
    {
        from = that;
    }
    // The clause ends where another attribution's words begin, at the comma closing a
    // relative clause before the main verb (`Barkley, who said he votes, said ...`), or where
    // a second reporting verb joins the first (`called the vote a gamble and said ...`).
    let end = (from..s.end)
        .find(|&k| {
            used[k]
                || (matches!(v.t(k), "," | "and" | "but")
                    && k >= from + 2
                    && (k + 1..(k + 5).min(s.end)).any(|j| v.cue_at(j)))
                || (v.t(k + 1) == "according" && v.t(k + 2) == "to")
        })
        .unwrap_or(s.end);
    let after = trim_end(v, from..end);
    let after = trim_conjunction(v, after);
    // The cue inside the clause: `The bigger risk, he said, is a clash.`
    if let Some(source) = before.clone()
        && source.start > s.start + 1
        && v.t(source.start - 1) == ","
        && v.t(cue.end) == ","
        && after.len() >= 2
    {
        // Inside a quotation the clause starts at the quotation mark.
        let opened = (s.start..source.start)
            .rev()
            .find(|&k| opening_quote(v.t(k)) || straight_quote(v.t(k)));
        let first = opened.unwrap_or(s.start)..source.start - 1;
        if !used[first.clone()].iter().any(|&u| u) {
            return Some(Found {
                source: Some(source),
                kind: reported_kind(v, &first),
                cue,
                content: vec![first, after],
                confidence: 0.75,
            });
        }
    }
    // `..., he said in an interview`, `..., Ruiz said of her rival`, `..., an official told
    // The Times`: what follows the cue says where, about whom or to whom; the clause came first.
    // Only a short phrase to the sentence's end, though: `said in a statement: "..."` and
    // `said on Thursday he ...` go on with what was said.
    let phrase_to_end = after.len() <= 10
        && v.t(after.start + 1) != "least"
        && !has_quote(v, &after)
        && !after
            .clone()
            .any(|k| matches!(v.t(k), ":" | "," | "that" | "-" | "—"));
    let circumstance =
        (phrase_to_end && cues::plain_report_verb(v.t(i)) && circumstance_word(v.t(after.start)))
            || (tell_verb(v.t(i)) && {
                // The person told, then at most a phrase of circumstance.
                let object_end = after
                    .clone()
                    .find(|&k| circumstance_word(v.t(k)))
                    .unwrap_or(after.end);
                (1..=5).contains(&(object_end - after.start))
                    && after.end - object_end <= 8
                    && !has_quote(v, &after)
                    && !after.clone().any(|k| matches!(v.t(k), ":" | "," | "that"))
            });
    if circumstance
        && let Some(found) = clause_first(v, s.clone(), cue.clone(), before.clone(), used, true)
    {
        return Some(found);
    }
    if let Some(source) = before.clone()
        && after.len() >= 3
    {
        let named = (source.len() > 1) || v.capital[source.start];
        return Some(Found {
            source: Some(source),
            kind: reported_kind(v, &after),
            cue,
            content: vec![after],
            confidence: if named { 0.75 } else { 0.65 },
        });
    }
    let found = clause_first(v, s, cue.clone(), before, used, false);
    // `..., adding that ...`: a participle after a comma whose subject is another report's
    // speaker; `find` gives it that speaker, or drops it.
    if found.is_none() && participle_after_comma(v, &cue) && after.len() >= 3 {
        return Some(Found {
            source: None,
            kind: reported_kind(v, &after),
            cue,
            content: vec![after],
            confidence: 0.65,
        });
    }
    found
}

/// `..., adding`, `..., noting`: a cue in the form of a participle right after a comma, which
/// shares the subject of the clause before it.
fn participle_after_comma(v: &View, cue: &Range<usize>) -> bool {
    // (The comma may close a quotation: `called it a “folly,” adding ...`.)
    let mut k = cue.start;
    if k > 1 && (closing_quote(v.t(k - 1)) || straight_quote(v.t(k - 1))) {
        k -= 1;
    }
    k > 0 && v.t(k - 1) == "," && v.t(cue.start).ends_with("ing") && v.t(cue.start) != "according"
}

/// Whether a token range holds a quotation mark.
fn has_quote(v: &View, r: &Range<usize>) -> bool {
    r.clone()
        .any(|k| opening_quote(v.t(k)) || closing_quote(v.t(k)) || straight_quote(v.t(k)))
}

/// Reported speech with quoted words in it is mixed, else indirect.
fn reported_kind(v: &View, content: &Range<usize>) -> AttributionKind {
    if has_quote(v, content) {
        AttributionKind::Mixed
    } else {
        AttributionKind::Indirect
    }
}

/// A word that opens a phrase saying where, when or about whom something was said.
fn circumstance_word(w: &str) -> bool {
    matches!(
        w,
        "in" | "on" | "at" | "during" | "of" | "after" | "before" | "while" | "when" | "as"
    )
}

/// The clause first: `..., officials said.` or `..., said the minister.` `circumstance`: what
/// follows the cue is known to say only where, when or to whom.
fn clause_first(
    v: &View,
    s: Range<usize>,
    cue: Range<usize>,
    before: Option<Range<usize>>,
    used: &[bool],
    circumstance: bool,
) -> Option<Found> {
    let comma = (s.start..cue.start).rev().find(|&k| v.t(k) == ",")?;
    let content = trim_end(v, s.start..comma);
    if content.len() < 3 || used[content.clone()].iter().any(|&u| u) {
        return None;
    }
    let source = match before {
        Some(src) if src.start == comma + 1 => src,
        _ if cue.start == comma + 1 => v.source_tail(v.source_after(cue.end, s.end)?, s.end),
        _ => return None,
    };
    // Nothing but the source and the cue may follow the clause, or an aside about the source
    // (`said Wilcox, an Orlando Republican`) or where it was said (`in a statement`).
    let tail = trim_end(v, source.end.max(cue.end)..s.end);
    if !circumstance
        && tail.len() > 6
        && !matches!(v.t(tail.start), "," | "in" | "on" | "at" | "during" | "to")
    {
        return None;
    }
    Some(Found {
        source: Some(source),
        kind: reported_kind(v, &content),
        cue,
        content: vec![content],
        confidence: 0.75,
    })
}

#[cfg(test)]
mod tests;
