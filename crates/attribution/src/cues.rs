//! The words that report speech and thought: verbs of saying ("said", "told", "warned"),
//! the auxiliaries and adverbs that join them in a cue ("has also said"), pronouns that can be a
//! source, and the words that end a source phrase.

use std::collections::HashSet;
use std::sync::LazyLock;

/// A word list as a set: the longer lists are asked about every token several times, and a
/// scan of 276 verbs cost 2% of all analysis.
type WordSet = LazyLock<HashSet<&'static str>>;

static SPEECH_VERB_SET: WordSet = LazyLock::new(|| SPEECH_VERBS.iter().copied().collect());
static EVIDENCE_SET: WordSet = LazyLock::new(|| EVIDENCE.iter().copied().collect());
static AUXILIARY_SET: WordSet = LazyLock::new(|| CUE_AUXILIARIES.iter().copied().collect());
static SOURCE_STOP_SET: WordSet = LazyLock::new(|| SOURCE_STOPS.iter().copied().collect());

/// Verbs that introduce what someone says, writes or thinks, in every form a cue takes.
const SPEECH_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "add",
    "adds",
    "added",
    "adding",
    "write",
    "writes",
    "wrote",
    "writing",
    "ask",
    "asks",
    "asked",
    "asking",
    "note",
    "notes",
    "noted",
    "noting",
    "report",
    "reports",
    "reported",
    "announce",
    "announces",
    "announced",
    "argue",
    "argues",
    "argued",
    "arguing",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "explain",
    "explains",
    "explained",
    "explaining",
    "insist",
    "insists",
    "insisted",
    "insisting",
    "warn",
    "warns",
    "warned",
    "warning",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "state",
    "states",
    "stated",
    "declare",
    "declares",
    "declared",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "acknowledging",
    "admit",
    "admits",
    "admitted",
    "deny",
    "denies",
    "denied",
    "denying",
    "contend",
    "contends",
    "contended",
    "predict",
    "predicts",
    "predicted",
    "predicting",
    "promise",
    "promises",
    "promised",
    "promising",
    "reveal",
    "reveals",
    "revealed",
    "stress",
    "stresses",
    "stressed",
    "assert",
    "asserts",
    "asserted",
    "allege",
    "alleges",
    "alleged",
    "tweet",
    "tweets",
    "tweeted",
    "complain",
    "complains",
    "complained",
    "concede",
    "concedes",
    "conceded",
    "confirm",
    "confirms",
    "confirmed",
    "recall",
    "recalls",
    "recalled",
    "respond",
    "responds",
    "responded",
    "reply",
    "replies",
    "replied",
    "think",
    "thinks",
    "thought",
    "believe",
    "believes",
    "believed",
    "testify",
    "testifies",
    "testified",
    "maintain",
    "maintains",
    "maintained",
    "emphasize",
    "emphasizes",
    "emphasized",
    "emphasise",
    "emphasised",
    "vow",
    "vows",
    "vowed",
    "vowing",
    "pledge",
    "pledged",
    "urge",
    "urges",
    "urged",
    "urging",
    "estimate",
    "estimates",
    "estimated",
    "conclude",
    "concludes",
    "concluded",
    "indicate",
    "indicates",
    "indicated",
    "observe",
    "observed",
    "posted",
    "wondered",
    "speculated",
    "cautioned",
    "countered",
    "boasted",
    "joked",
    "quipped",
    "lamented",
    "charged",
    "demanded",
    "proclaimed",
    "reiterated",
    "remarked",
    "signaled",
    "signalled",
    "hinted",
    "mused",
    "shouted",
    "whispered",
    "yelled",
    "informed",
    "assured",
    "reminded",
    "advised",
    "called",
    "calls",
    "calling",
    "describe",
    "described",
    "describes",
    "hope",
    "hopes",
    "hoped",
    "fear",
    "fears",
    "feared",
    "expect",
    "expects",
    "worry",
    "worries",
    "worried",
    "want",
    "wants",
    "wanted",
    "know",
    "knows",
    "knew",
    "agree",
    "agrees",
    "agreed",
    "cited",
    "citing",
    "questioned",
    "criticized",
    "criticised",
    "praised",
    "defended",
    "dismissed",
    "proposed",
    "endorsed",
    // Speech acts that judge, refuse or point (PolNeAR counts them as attributions).
    "accused",
    "accuses",
    "accusing",
    "accuse",
    "continued",
    "blamed",
    "blames",
    "blaming",
    "rejected",
    "rejects",
    "rejecting",
    "attacked",
    "blasted",
    "slammed",
    "recalling",
    "mocked",
    "touted",
    "condemned",
    "condemns",
    "objected",
    "echoed",
    "hailed",
    "bragged",
    "threatened",
    "confessed",
    "protested",
    "retorted",
    "recounted",
    "labelled",
    "branded",
    "characterized",
    "dubbed",
    "declined",
    "refused",
    "pointed",
    "demanding",
    "criticizing",
    "praising",
    "announcing",
    "revealing",
    "admitting",
    "questioning",
    "describing",
    "referring",
    "opined",
    "groused",
    "scoffed",
    "chided",
    "scolded",
    "lambasted",
    "derided",
    "ridiculed",
    "decried",
    "denounced",
    "disparaged",
    "welcomed",
    "applauded",
    "commended",
    "thanked",
    "apologized",
    "conceding",
    "lashed",
];

/// Verbs whose first object is the person spoken to: "told reporters (that) ...".
const TELL_VERBS: &[&str] = &[
    "tell", "tells", "told", "telling", "informed", "assured", "reminded", "advised", "warned",
    "warn", "warns", "urged", "urge", "urges", "asked", "ask", "asks",
];

/// Words that may stand between a source and its verb and belong to the cue: "has also said",
/// "could not say", "don't want".
const CUE_AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "would",
    "will",
    "also",
    "later",
    "previously",
    "once",
    "repeatedly",
    "then",
    "again",
    "recently",
    "did",
    "does",
    "do",
    "not",
    "never",
    "often",
    "publicly",
    "privately",
    "long",
    "reportedly",
    "further",
    "simply",
    "flatly",
    "n't",
    "can",
    "could",
    "may",
    "might",
    "must",
    "should",
    "shall",
    "still",
    "just",
    "even",
    "really",
    "already",
    "clearly",
];

/// Pronouns that can be the source of an attribution.
const SOURCE_PRONOUNS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "who", "one", "others", "some", "many",
];

/// Words a source phrase does not reach back across: clause openers and conjunctions.
const SOURCE_STOPS: &[&str] = &[
    "that", "and", "but", "because", "which", "while", "when", "as", "if", "after", "before", "so",
    "or", "than", "where", "whether", "although", "though", "since", "until", "in", "on", "at",
    "to", "into", "over", "from", "with", "by", "about", "during", "is", "was", "are", "were",
    "be", "been", "has", "have", "had", "not",
];

/// Forms that are as often nouns or adjectives ("the report", "a claim", "pledged delegates"): a
/// cue only after a name or pronoun.
const NOUN_LIKE: &[&str] = &[
    "report",
    "reports",
    "note",
    "notes",
    "claim",
    "claims",
    "state",
    "states",
    "warning",
    "estimate",
    "estimates",
    "promise",
    "promises",
    "tweet",
    "tweets",
    "pledge",
    "pledged",
    "stress",
    "recall",
    "reply",
    "vow",
    "vows",
    "call",
    "calls",
    "hope",
    "hopes",
    "fear",
    "fears",
    "want",
];

/// Verbs that report what evidence says ("the poll shows", "the study found"): a cue only before
/// "that" or after a word for a source of evidence, since "found the keys" reports nothing.
const FINDING_VERBS: &[&str] = &[
    "show", "shows", "showed", "showing", "found", "finds", "find",
];

/// Sources of evidence, as the last word of a source phrase.
const EVIDENCE: &[&str] = &[
    "poll",
    "polls",
    "survey",
    "surveys",
    "study",
    "studies",
    "report",
    "reports",
    "data",
    "analysis",
    "research",
    "records",
    "figures",
    "numbers",
    "results",
    "documents",
    "investigation",
    "review",
    "audit",
    "census",
    "statistics",
    "estimates",
    "filings",
    "tally",
    "count",
    "researchers",
    "investigators",
    "scientists",
    "video",
    "footage",
    "photos",
    "images",
    "emails",
    "transcript",
    "transcripts",
    "recording",
    "models",
    "projections",
    "forecasts",
    "polling",
    "evidence",
];

pub fn speech_verb(w: &str) -> bool {
    SPEECH_VERB_SET.contains(w)
}

pub fn finding_verb(w: &str) -> bool {
    FINDING_VERBS.contains(&w)
}

pub fn evidence(w: &str) -> bool {
    EVIDENCE_SET.contains(w)
}

/// A speech verb that is not also a common noun: it ends a source phrase.
pub fn verb_only(w: &str) -> bool {
    speech_verb(w) && !NOUN_LIKE.contains(&w)
}

pub fn noun_like(w: &str) -> bool {
    NOUN_LIKE.contains(&w)
}

/// Verbs of plain reporting, whose meaning does not change with a preposition after them (unlike
/// "called on", "believe in"): `she said in an interview`.
pub fn plain_report_verb(w: &str) -> bool {
    matches!(
        w,
        "say"
            | "says"
            | "said"
            | "tell"
            | "tells"
            | "told"
            | "added"
            | "adds"
            | "wrote"
            | "writes"
            | "explained"
            | "noted"
            | "declared"
            | "stated"
            | "announced"
            | "reported"
    )
}

pub fn tell_verb(w: &str) -> bool {
    TELL_VERBS.contains(&w)
}

/// A form of "be" that makes a passive or a progressive ("was asked", "is telling").
pub fn be_form(w: &str) -> bool {
    matches!(w, "is" | "are" | "was" | "were" | "be" | "been")
}

pub fn auxiliary(w: &str) -> bool {
    AUXILIARY_SET.contains(w)
}

pub fn source_pronoun(w: &str) -> bool {
    SOURCE_PRONOUNS.contains(&w)
}

pub fn source_stop(w: &str) -> bool {
    SOURCE_STOP_SET.contains(w)
}

/// The particle a phrasal reporting verb takes into its cue: "pointed out", "referring to".
pub fn particle(verb: &str, next: &str) -> bool {
    matches!(
        (verb, next),
        ("pointed", "out" | "to") | ("referring", "to") | ("lashed", "out")
    )
}

/// Words that say when or how something was said, between a cue and its "that": `said
/// Tuesday that`, `said earlier this week that`.
pub fn when_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "earlier"
            | "later"
            | "last"
            | "this"
            | "recently"
            | "again"
            | "also"
            | "repeatedly"
            | "publicly"
            | "privately"
            | "previously"
            | "separately"
            | "then"
    )
}

/// Adverbs that pass on what others say without naming them.
pub fn hearsay_adverb(w: &str) -> bool {
    matches!(
        w,
        "reportedly" | "allegedly" | "purportedly" | "supposedly" | "reputedly"
    )
}

/// A preposition, which ends a noun phrase's modifiers.
pub fn preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "at"
            | "on"
            | "by"
            | "near"
            | "with"
            | "to"
            | "for"
            | "about"
            | "over"
            | "under"
            | "after"
            | "before"
            | "from"
            | "of"
            | "into"
            | "outside"
            | "inside"
            | "behind"
    )
}

/// Nouns for what reports findings, which can speak in a headline (`Poll: ...`, `WSJ
/// editorial: ...`); in lower case.
pub fn report_noun(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "poll"
            | "polls"
            | "survey"
            | "study"
            | "report"
            | "newspaper"
            | "editorial"
            | "officials"
            | "aides"
            | "experts"
            | "camp"
            | "campaign"
    )
}

/// Words that label a paragraph rather than name its speaker ("UPDATE:", "Editor's note:").
pub fn label_word(w: &str) -> bool {
    matches!(
        w,
        "update"
            | "updated"
            | "note"
            | "editor"
            | "correction"
            | "clarification"
            | "watch"
            | "listen"
            | "read"
            | "related"
            | "source"
            | "sources"
            | "photo"
            | "video"
            | "warning"
            | "breaking"
            | "exclusive"
            | "analysis"
            | "opinion"
            | "advertisement"
            | "disclaimer"
            | "summary"
            | "background"
            | "see"
            | "more"
            | "also"
            | "tags"
            | "by"
    )
}

/// Words no source phrase starts with: clause openers, prepositions, modals, and what opens a
/// request or a question ("Let me know", "Please note", "Do you think").
pub fn never_starts_source(w: &str) -> bool {
    source_stop(w)
        || matches!(
            w,
            "for"
                | "may"
                | "can"
                | "will"
                | "would"
                | "should"
                | "could"
                | "let"
                | "instead"
                | "please"
                | "do"
                | "does"
                | "did"
                // `Asked about the vote, Ruiz praised ...`: the question's verb.
                | "asked"
        )
}

/// Verbs that open instructions (`Start by ...`, `Try adding ...`, `Take note that ...`): at a
/// sentence's start, alone before a cue, such a word is no speaker.
pub fn imperative(w: &str) -> bool {
    matches!(
        w,
        "start"
            | "take"
            | "try"
            | "use"
            | "make"
            | "plan"
            | "get"
            | "look"
            | "consider"
            | "avoid"
            | "create"
            | "note"
            | "go"
            | "keep"
            | "learn"
            | "watch"
            | "share"
            | "set"
            | "check"
            | "find"
            | "add"
            | "choose"
            | "remember"
            | "decide"
            | "ask"
            | "think"
            | "include"
            | "read"
            | "figure"
            | "cut"
            | "pick"
            | "imagine"
            | "click"
            | "visit"
            | "follow"
            | "contact"
            | "call"
            | "join"
            | "enter"
            | "buy"
            | "compare"
            | "review"
            | "listen"
            | "stop"
            | "give"
            | "put"
            | "select"
            | "download"
            | "install"
            | "open"
            | "write"
            | "book"
            | "explore"
            | "discover"
            | "resist"
            | "gain"
            | "catch"
    )
}

/// Opening and closing quotation marks as tokens.
pub fn opening_quote(w: &str) -> bool {
    matches!(w, "“" | "``" | "«")
}

/// A closing mark; `'''` closes a quotation in two single marks that ends on a nested one
/// (`''... the word 'old-school.'''`).
pub fn closing_quote(w: &str) -> bool {
    matches!(w, "”" | "»" | "'''")
}

/// A straight double quote (or two single ones, as some wires write it), which opens or closes
/// by position.
pub fn straight_quote(w: &str) -> bool {
    matches!(w, "\"" | "''")
}
