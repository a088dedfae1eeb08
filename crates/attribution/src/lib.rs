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
//!   talks failed`, `Ruiz is telling voters that ...`), or the clause first (`The talks failed,
//!   officials said`), or a passive naming its speaker after "by" (`The merger was first
//!   reported by the Courier`);
//! - **according to**: `According to the report, ...`, `..., according to the report` and a
//!   sentence opening or ending with its poll or study (`In a poll released Monday, 40 percent
//!   ...`, `Ruiz leads in the latest Courier poll`);
//! - **speaker labels**: a paragraph opening with a named person or organisation and a colon,
//!   as headlines and transcripts write them (`Ana Ruiz: The Port Deal Is Dead`);
//! - **hearsay** with no source: `reportedly`, `is expected to`, `was said to`, `Asked whether
//!   ...,` (what the text passes on without saying who says it), and the writer's impressions
//!   (`The board appeared divided`: the whole clause is the content).
//!
//! A report inside another's content is found too when the cue model is sure of it (`The paper
//! reported that Obi said ...`), and a participle or a verb joined by "and" shares the speaker
//! of the report before it (`..., adding that ...`, `... but said ...`).
//!
//! Sources take PolNeAR's extent: what the text says of the speaker in apposition belongs to
//! the source (`[Ada Obi, a teacher,] said`, `said [Ada Obi, who runs a bakery]`), a clause
//! between the speaker and the cue does not, nor do the adverbs, times and clitics around it.
//! The source's entity cluster is linked when the entity layer ran before (speaker labels need
//! its names): the name the source is about, or for "he", "she", "it" and "who" the person or
//! organisation named last before it (for "he" and "she" after a long quotation, the last
//! person who spoke). An attribution's confidence is how often attributions of
//! its rule, with a cue the model was as sure of, were right on PolNeAR ([`calibrate`]). The
//! rules and the model read no names or topics (the model sees a name only as `<name>`), only
//! the grammar of reporting, so they treat every outlet and side alike.

pub mod calibrate;
mod cue_model;
mod cues;
mod view;

use std::ops::Range;
use std::sync::Arc;

use rhetor_doc::{Analyzer, Attribution, AttributionKind, Doc, EntityLabel, Span};
use rhetor_represent::Vectors;

use crate::cues::{
    auxiliary, closing_quote, evidence, opening_quote, source_pronoun, straight_quote, tell_verb,
};
use crate::view::View;

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
            // What trimming leaves of a source may name no one (`[Once] you`, `[This year]'s
            // leading conferences`): a quotation stands without a source, a report is dropped.
            let trimmed = f.source.clone().map(|r| view.trim_source(r)).filter(|r| {
                !view.is_function_words(r) && !view.is_clause_piece(r) && !view.holds_modal(r)
            });
            if f.source.is_some() && trimmed.is_none() && f.kind != AttributionKind::Direct {
                continue;
            }
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
                        .or_else(|| {
                            let person = kinds == [EntityLabel::PER];
                            person.then(|| person_speaking_before(doc, &attributions, s))?
                        })
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
    if names_a_group(doc, Span::new(source.end, pronoun.start)) {
        return None;
    }
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

/// Whether `between` names a group as the subject of a clause (`The doctors showed`, `these
/// officials said`), which "they" after it may stand for as well as the last speaker.
fn names_a_group(doc: &Doc, between: Span) -> bool {
    let first = doc.tokens.partition_point(|t| t.span.start < between.start);
    let words: Vec<&str> = doc.tokens[first..]
        .iter()
        .take_while(|t| t.span.end <= between.end)
        .map(|t| doc.slice(t.span))
        .collect();
    let lower_word = |w: &str| w.chars().all(|c| c.is_alphabetic() && c.is_lowercase());
    words.windows(3).any(|w| {
        matches!(
            w[0].to_lowercase().as_str(),
            "the" | "these" | "those" | "many" | "some" | "other"
        ) && lower_word(w[1])
            && w[1].ends_with('s')
            && !w[1].ends_with("ss")
            && lower_word(w[2])
    })
}

/// Paragraphs back (besides its own) in which "he" or "she" with no person named near it
/// takes the last speaker: `Ruiz said ... “...” He added`, after a quotation long enough to
/// hide her name.
const SPEAKER_PARAGRAPHS: usize = 2;

/// The person cluster of the last attribution before `pronoun` whose source names one, in the
/// pronoun's paragraph or the [`SPEAKER_PARAGRAPHS`] before it.
fn person_speaking_before(doc: &Doc, attributions: &[Attribution], pronoun: Span) -> Option<usize> {
    let paragraphs = &doc.layers.paragraphs;
    let paragraph = |at: usize| paragraphs.partition_point(|p| p.span.end <= at);
    let from = paragraph(pronoun.start).saturating_sub(SPEAKER_PARAGRAPHS);
    let last = attributions
        .iter()
        .rev()
        .find(|a| a.source.is_some_and(|s| s.end <= pronoun.start))?;
    let source = last.source?;
    if paragraph(source.start) < from {
        return None;
    }
    let cluster = last.cluster?;
    let clusters = doc.layers.clusters.as_deref().unwrap_or_default();
    // No gender is guessed from names, but one the document gave stands: a speaker it called
    // "she" is no "he".
    let other = match doc.slice(pronoun).to_lowercase().as_str() {
        "he" => "she",
        _ => "he",
    };
    let called_other = attributions.iter().any(|a| {
        a.cluster == Some(cluster)
            && a.source
                .is_some_and(|s| doc.slice(s).eq_ignore_ascii_case(other))
    });
    clusters
        .get(cluster)
        .filter(|c| c.id == cluster && c.label == EntityLabel::PER && !called_other)
        .map(|c| c.id)
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
        // The attribution the quotation goes on with: in `"A," she said, "and B."` its cue is
        // the one the quotation before found; in `"A," she said. "B."` it has no cue of its own
        // and opens the sentence after the cue's, or only punctuation lies between, in the same
        // paragraph (a quotation set apart in a paragraph of its own is `quotes_set_apart`'s).
        let continued = last
            .filter(|&(k, end)| match &found {
                Some(f) => out[k].cue == f.cue,
                None => {
                    !is_title(v, q)
                        && v.paragraphs
                            .iter()
                            .any(|p| p.contains(&(end - 1)) && p.contains(&q.start))
                        && (q.start == v.sentence(end.saturating_sub(1)).end
                            || (end..q.start).all(|i| matches!(v.t(i), "." | "," | ";")))
                }
            })
            .map(|(k, _)| k);
        match (continued, found) {
            (Some(k), _) => {
                out[k].content.push(q.clone());
                if out[k].kind == AttributionKind::Indirect {
                    out[k].kind = AttributionKind::Mixed;
                }
                for u in &mut used[q.clone()] {
                    *u = true;
                }
                last = Some((k, q.end));
            }
            (None, Some(f)) => {
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
            (None, None) => {}
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
                reported(v, s.clone(), i, &used).filter(|f| !reported_later(v, s.clone(), f, &used))
            } else {
                None
            };
            // A cue that shares the subject before it keeps no source the rules misread
            // (`There, Williams declined ... but said`): the speaker before it is its own.
            let f = f.map(|mut f| {
                if shares_subject(v, &f.cue)
                    && f.source.as_ref().is_some_and(|r| {
                        cues::never_starts_source(v.t(r.start)) || v.is_function_words(r)
                    })
                {
                    f.source = None;
                }
                f
            });
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
                .filter(|f| {
                    f.source
                        .as_ref()
                        .is_none_or(|r| !v.is_function_words(r) && !v.is_clause_piece(r))
                });
            match f {
                Some(mut f) => {
                    // `“...,” Ruiz said, adding that ...`, `Ruiz declined ... but said`: a
                    // participle after a comma or a verb after "and" or "but" with no subject
                    // of its own (none found, or one running into the attribution before it)
                    // shares that attribution's speaker.
                    let shared = f.cue.start > s.start && shares_subject(v, &f.cue);
                    if shared
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
                    // `Ruiz told Okafor, who answered the door and said ...`: a verb joined
                    // inside a relative clause has the clause's subject.
                    if shared {
                        let from = f.source.as_ref().map_or(s.start, |r| r.end);
                        if let Some(who) = (from.max(s.start + 1)..f.cue.start)
                            .find(|&k| v.t(k) == "who" && v.t(k - 1) == ",")
                        {
                            f.source = Some(who..who + 1);
                        }
                    }
                    if shared && f.source.is_none() {
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
    // `She appeared before supporters`, `The quote appeared on the front page`: to appear
    // somewhere is no impression.
    out.retain(|f| {
        !(f.cue.len() == 1
            && matches!(v.t(f.cue.start), "appear" | "appears" | "appeared")
            && cues::preposition(v.t(f.cue.end))
            && v.t(f.cue.end) != "to")
    });
    for f in &mut out {
        // Whatever rule found it, a source is no preposition: `[of] Ms. Merkel`, `[including]
        // his aides` lose it.
        if let Some(r) = f.source.as_mut()
            && r.len() > 1
            && matches!(v.t(r.start), "of" | "for" | "including")
        {
            r.start += 1;
        }
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
    // `Cruz seemed to blame the network`: a report the writer hedges is still the subject's
    // (the cue runs to the reporting verb; PolNeAR five folds F1 +0.0003).
    let verb = f.cue.end + 1;
    if f.source.is_some()
        && v.t(f.cue.end) == "to"
        && (v.cue_at(verb) || v.lexicon_cue(verb))
        // (What one seems to know or want is still the writer's impression.)
        && !matches!(
            v.t(verb),
            "know" | "agree" | "think" | "believe" | "feel" | "want" | "understand" | "like"
        )
        && f.content.first().is_some_and(|c| c.start == f.cue.end && c.end > verb + 1)
    {
        f.cue.end = verb + 1;
        f.content[0].start = verb + 1;
        return;
    }
    let Some(source) = f.source.take() else {
        return;
    };
    if v.t(source.start) == "it" && source.len() == 1 {
        return;
    }
    // From the subject (or the cue, when the source followed it) to what ends last; content
    // read before the subject (`While ..., the team appeared paralyzed`) stays out.
    let start = source.start.min(f.cue.start);
    let end = f
        .content
        .iter()
        .map(|c| c.end)
        .chain([f.cue.end, source.end])
        .max()
        .unwrap_or(f.cue.end);
    f.content.clear();
    f.content.push(start..end);
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
    // (Or to the sentence's end: `..., according to a tally by the Associated Press.`)
    let sentence_end = trim_end(v, source.end..s.end).end;
    if v.t(source.end) != ","
        && let Some(comma) = (source.end..s.end.min(i + 2 + 25))
            .find(|&k| v.t(k) == ",")
            .or((sentence_end <= i + 2 + 25).then_some(sentence_end))
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
    // `Ruiz was asked to name one`, `Ruiz was asked a question about ...`: a request.
    if i > s.start && cues::be_form(v.t(i - 1)) && matches!(v.t(i + 1), "to" | "a" | "the") {
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
    } else if cues::be_form(v.t(i)) {
        let verb = if matches!(
            v.t(i + 1),
            "widely" | "not" | "n't" | "also" | "still" | "now" | "generally"
        ) || (i + 1 < s.end && v.adverb(i + 1))
        {
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
            || cues::be_form(v.t(i - 1))
            || matches!(v.t(i - 1), "being" | "when" | "after"))
    {
        // `Asked whether ..., she said`; `He was asked whether he would run` (the question
        // runs to its comma or the sentence's end).
        let comma = (question + 1..s.end).find(|&k| v.t(k) == ",");
        let content = match comma {
            Some(comma) => question..comma,
            None if i > s.start => trim_end(v, question..s.end),
            None => return None,
        };
        let passive = i > s.start && (cues::be_form(v.t(i - 1)) || v.t(i - 1) == "being");
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
    // (`Despite his standing in the polls`, `Depending on her lead in the polls`: no finding.)
    if content.len() < 3
        || used[content.clone()].iter().any(|&u| u)
        || v.t(i - 1) == ","
        || matches!(
            v.t(from),
            "despite" | "depending" | "though" | "although" | "while"
        )
    {
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
    // A progressive (`Ruiz is telling voters that ...`) is active: its "is" joins the cue, and
    // the speaker stands before it.
    if v.t(i).ends_with("ing")
        && cue.start > s.start + 1
        && (cues::be_form(v.t(cue.start - 1)) || matches!(v.t(cue.start - 1), "'s" | "'re"))
    {
        cue = v.cue_back(cue.start - 1, s.start).start..cue.end;
    }
    // A passive ("was first proposed in 2019") names no speaker before its verb.
    let be = |k: Option<usize>| k.is_some_and(|k| k >= s.start && cues::be_form(v.t(k)));
    // (But in `officials whose laws were invalidated say` the "were" belongs to another verb.)
    let other_participle = cue
        .start
        .checked_sub(1)
        .is_some_and(|k| k > s.start && v.t(k).ends_with("ed"));
    if be(cue.start.checked_sub(1)) || (be(cue.start.checked_sub(2)) && !other_participle) {
        return passive_by(v, s, cue);
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
    // So is a time (`Feinstein last week said`, `The department two weeks ago said`), when a
    // source comes before it.
    let mut timed = end;
    while timed > s.start + 1 && v.time_word(timed - 1) {
        timed -= 1;
    }
    if timed < end
        && !v.t(timed - 1).ends_with("ed")
        && !matches!(
            v.t(timed - 1),
            "a" | "an" | "the" | "in" | "on" | "at" | "of" | "for"
        )
        && (matches!(v.t(timed - 1), "," | ")") || v.source_before(timed - 1, s.start).is_some())
    {
        end = timed;
    }
    let before = (end > s.start)
        .then(|| v.source_before(end - 1, s.start))
        .flatten()
        .or_else(|| v.source_with_aside(end, s.start))
        .or_else(|| v.source_with_brackets(end, s.start))
        .or_else(|| v.coordinated_subject(cue.start, s.clone()));
    // The clause after the cue; after "told" the person spoken to comes first.
    let mut from = cue.end;
    if tell_verb(v.t(i))
        && matches!(
            v.t(from),
            "me" | "him" | "her" | "us" | "them" | "you" | "reporters"
        )
    {
        from += 1;
    } else if tell_verb(v.t(i))
        && v.t(from) != "that"
        && let Some(object) = v.source_after(from, s.end)
        && (matches!(v.t(object.end), "that" | "," | ":")
            || (object.len() == 1 && source_pronoun(v.t(from)))
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
    // (`joined`: the words before the cue end a clause; else only a participle sharing the
    // subject, `rejected the offer, saying ...`, or "but" does.)
    // (A clause that opens with a report found before, `said he wanted “...”`, is the
    // content, the report inside it nested.)
    let nested = used.get(from).copied().unwrap_or(false)
        || (v.t(from) == "that" && used.get(from + 1).copied().unwrap_or(false));
    let ends = |joined: bool| {
        (from..s.end)
            .find(|&k| {
                let cut = match v.t(k) {
                    "," | "and" if joined => true,
                    "," => v.t(k + 1).ends_with("ing"),
                    "but" => true,
                    _ => false,
                };
                (used[k] && !nested)
                    || (cut && k >= from + 2 && (k + 1..(k + 5).min(s.end)).any(|j| v.cue_at(j)))
                    || (v.t(k + 1) == "according" && v.t(k + 2) == "to")
            })
            .unwrap_or(s.end)
    };
    let after = trim_conjunction(v, trim_end(v, from..ends(true)));
    // (Unless that leaves no clause: in `said that she and her husband had decided ...` the
    // "and" joins the clause's subject, in `said that Ruiz, who ..., had` a comma opens an
    // aside.)
    let after = if after.len() < 3 {
        trim_conjunction(v, trim_end(v, from..ends(false)))
    } else {
        after
    };
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
    let circumstance = (phrase_to_end
        && cues::plain_report_verb(v.t(i))
        && (circumstance_word(v.t(after.start)) || cues::when_word(v.t(after.start))))
        || (tell_verb(v.t(i)) && {
            // The person told, then at most a phrase of circumstance.
            let object_end = after
                .clone()
                .find(|&k| circumstance_word(v.t(k)))
                .unwrap_or(after.end);
            // (`after` may be empty, its end before its start, after trimming.)
            (1..=5).contains(&object_end.saturating_sub(after.start))
                && after.end.saturating_sub(object_end) <= 8
                && !has_quote(v, &after)
                && !after.clone().any(|k| matches!(v.t(k), ":" | "," | "that"))
        });
    if circumstance
        && let Some(found) = clause_first(v, s.clone(), cue.clone(), before.clone(), used, true)
    {
        return Some(found);
    }
    // `..., said Ohio State professor Paul Beck.`: after a comma, "said" with nothing but a
    // name to the sentence's end reports the clause before the comma, even when that clause
    // ends like a source with an aside (`... white, working-class voters in the primary,`).
    if before.is_some()
        && v.t(cue.start.wrapping_sub(1)) == ","
        && matches!(v.t(i), "said" | "says" | "say")
        && let Some(named) = v.source_after(cue.end, s.end)
        && (v.capital[named.start] || v.capital[named.end - 1])
        && trim_end(v, v.source_tail(named, s.end).end..s.end).is_empty()
        && let Some(found) = clause_first(v, s.clone(), cue.clone(), None, used, false)
    {
        return Some(found);
    }
    // (A name alone may be what is reported, `The union endorsed Ruiz`, or a verb, `Ruiz
    // declined to comment`.)
    if let Some(source) = before.clone()
        && (after.len() >= 3
            || (!after.is_empty() && v.capital[after.start])
            || (after.len() == 2 && v.t(after.start) == "to"))
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
    // `..., adding that ...`, `... but said ...`: a cue whose subject is another report's
    // speaker; `find` gives it that speaker, or drops it.
    if found.is_none() && shares_subject(v, &cue) && after.len() >= 3 {
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

/// `The plan was first reported by the Courier`, `a judge criticized by the right`: a passive
/// names its speaker after "by", and what the speaker said is the subject before the verb.
fn passive_by(v: &View, s: Range<usize>, cue: Range<usize>) -> Option<Found> {
    // (Only a verb of speech: in `Ruiz was shocked by the vote` the vote says nothing.)
    if !cues::speech_verb(v.t(cue.end - 1)) {
        return None;
    }
    let by = (cue.end..s.end.min(cue.end + 3))
        .find(|&k| v.t(k) == "by")
        .filter(|&by| (cue.end..by).all(|k| v.adverb(k)))?;
    let source = v.source_after(by + 1, s.end)?;
    let be = (s.start..cue.start)
        .rev()
        .find(|&k| cues::be_form(v.t(k)))?;
    let mut subject_end = be;
    while subject_end > s.start && auxiliary(v.t(subject_end - 1)) {
        subject_end -= 1;
    }
    let subject = v.source_before(subject_end.checked_sub(1)?, s.start)?;
    Some(Found {
        source: Some(v.source_tail(source, s.end)),
        kind: AttributionKind::Indirect,
        cue: cue.start..by + 1,
        content: vec![subject],
        confidence: 0.65,
    })
}

/// Whether the cue of `f` lies inside the clause a later cue of its sentence reports, the
/// clause first (`Ruiz has introduced the bill and will push it, he said.`): then `f` is no
/// report of its own.
fn reported_later(v: &View, s: Range<usize>, f: &Found, used: &[bool]) -> bool {
    let Some(last) = (f.cue.end..s.end).rev().find(|&k| v.cue_at(k) && !used[k]) else {
        return false;
    };
    reported(v, s.clone(), last, used).is_some_and(|g| {
        g.cue.start > f.cue.end
            && g.content
                .iter()
                .any(|c| c.start <= f.cue.start && f.cue.end <= c.end)
    })
}

/// `..., adding`, `..., noting`, `... and said`, `... but said`: a cue that shares the subject
/// of the clause before it (a participle right after a comma, or a verb joined by "and" or
/// "but").
fn shares_subject(v: &View, cue: &Range<usize>) -> bool {
    // (The comma may close a quotation: `called it a “folly,” adding ...`.)
    let mut k = cue.start;
    if k > 1 && (closing_quote(v.t(k - 1)) || straight_quote(v.t(k - 1))) {
        k -= 1;
    }
    if k == 0 {
        return false;
    }
    let participle =
        v.t(k - 1) == "," && v.t(cue.start).ends_with("ing") && v.t(cue.start) != "according";
    participle || matches!(v.t(cue.start - 1), "and" | "but")
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
        // (`..., said the minister.`; a participle has its subject before it: `..., mocking
        // the senator.`)
        _ if cue.start == comma + 1 && !v.t(cue.end - 1).ends_with("ing") => {
            v.source_tail(v.source_after(cue.end, s.end)?, s.end)
        }
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
