use serde::{Deserialize, Serialize};

use crate::Span;

/// What a token is, as far as the text layer can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with digits, inner hyphens, apostrophes or abbreviation dots.
    Word,
    /// Digits, possibly with decimal points, thousands separators, `:` or `/`.
    Number,
    /// A clitic split off a word: `'s`, `n't`, `'re`, ...
    Clitic,
    /// Punctuation; a run of the same mark (`...`, `--`) is one token.
    Punct,
    /// Anything else: symbols, emoji, currency signs.
    Symbol,
    /// A URL or e-mail address.
    Url,
}

/// One token of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The role of a paragraph in the article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    Heading,
    #[default]
    Body,
    Quote,
    List,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    #[serde(flatten)]
    pub span: Span,
    pub kind: ParagraphKind,
}

/// The CoNLL-2003 entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityLabel {
    PER,
    ORG,
    LOC,
    MISC,
}

/// A named-entity mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    #[serde(flatten)]
    pub span: Span,
    pub label: EntityLabel,
    /// Index into [`Layers::clusters`].
    pub cluster: usize,
    pub confidence: f32,
}

/// All mentions of one real-world entity in the document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: usize,
    pub label: EntityLabel,
    /// The fullest proper mention.
    pub name: String,
    /// How many mentions point here.
    pub mentions: usize,
    /// 1 for the most salient entity of the document.
    pub salience: usize,
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// A time expression with its normalised TIMEX3 value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    #[serde(flatten)]
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// The TIMEX3 `value` (`2020-01-03`, `P8Y`, `PAST_REF`, `XXXX-XX-XX` when unresolved).
    pub value: String,
    pub confidence: f32,
    /// The rule or reasoning that produced the value.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// How precisely a timeline date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Century,
    Decade,
    Year,
    Month,
    Day,
    Time,
}

/// An event the article reports, anchored to a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// The clause or sentence the date anchors.
    #[serde(flatten)]
    pub span: Span,
    /// Index into [`Layers::timexes`].
    pub timex: usize,
    pub value: String,
    pub precision: Precision,
    /// Ids of the entity clusters mentioned in the event.
    pub clusters: Vec<usize>,
    /// Index into [`Layers::attributions`] when the event is reported by a cited source.
    pub speaker: Option<usize>,
}

/// How an attribution reports its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttributionKind {
    /// A quotation in quote marks.
    Direct,
    /// Reported speech without quote marks.
    Indirect,
    /// Part quoted, part paraphrased.
    Mixed,
    /// "according to X".
    AccordingTo,
}

/// Who said what: the source, the cue and the content of one attribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    #[serde(with = "span_pair::option")]
    pub source: Option<Span>,
    #[serde(with = "span_pair::option")]
    pub cue: Option<Span>,
    #[serde(with = "span_pair::list")]
    pub content: Vec<Span>,
    pub kind: AttributionKind,
    /// The entity cluster of the source, when it names one.
    pub cluster: Option<usize>,
    pub confidence: f32,
}

/// Who makes a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speaker {
    /// The article's author, in their own voice.
    Author,
    /// A cited source: an index into [`Layers::attributions`].
    Attribution(usize),
}

/// How check-worthy one sentence is: every sentence gets one when the claim layer runs, so
/// users can rank them all (claims are those above the threshold).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceScore {
    #[serde(flatten)]
    pub span: Span,
    /// Check-worthiness in `[0, 1]`: the share of the training sentences scored lower.
    pub score: f32,
}

/// A statement that could be checked, with its speaker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    #[serde(flatten)]
    pub span: Span,
    #[serde(with = "speaker")]
    pub speaker: Speaker,
    /// Check-worthiness in `[0, 1]`.
    pub checkworthy: f32,
}

/// The 14 persuasion techniques of the PTC taxonomy (SemEval-2020 Task 11 label names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Technique {
    #[serde(rename = "Appeal_to_Authority")]
    AppealToAuthority,
    #[serde(rename = "Appeal_to_fear-prejudice")]
    AppealToFearPrejudice,
    #[serde(rename = "Bandwagon,Reductio_ad_hitlerum")]
    BandwagonReductioAdHitlerum,
    #[serde(rename = "Black-and-White_Fallacy")]
    BlackAndWhiteFallacy,
    #[serde(rename = "Causal_Oversimplification")]
    CausalOversimplification,
    #[serde(rename = "Doubt")]
    Doubt,
    #[serde(rename = "Exaggeration,Minimisation")]
    ExaggerationMinimisation,
    #[serde(rename = "Flag-Waving")]
    FlagWaving,
    #[serde(rename = "Loaded_Language")]
    LoadedLanguage,
    #[serde(rename = "Name_Calling,Labeling")]
    NameCallingLabeling,
    #[serde(rename = "Repetition")]
    Repetition,
    #[serde(rename = "Slogans")]
    Slogans,
    #[serde(rename = "Thought-terminating_Cliches")]
    ThoughtTerminatingCliches,
    #[serde(rename = "Whataboutism,Straw_Men,Red_Herring")]
    WhataboutismStrawMenRedHerring,
}

impl Technique {
    /// Every technique, in the order of the PTC label list.
    pub const ALL: [Technique; 14] = [
        Technique::AppealToAuthority,
        Technique::AppealToFearPrejudice,
        Technique::BandwagonReductioAdHitlerum,
        Technique::BlackAndWhiteFallacy,
        Technique::CausalOversimplification,
        Technique::Doubt,
        Technique::ExaggerationMinimisation,
        Technique::FlagWaving,
        Technique::LoadedLanguage,
        Technique::NameCallingLabeling,
        Technique::Repetition,
        Technique::Slogans,
        Technique::ThoughtTerminatingCliches,
        Technique::WhataboutismStrawMenRedHerring,
    ];

    /// The PTC / SemEval-2020 Task 11 label, as the JSON writes it.
    pub fn label(self) -> &'static str {
        match self {
            Technique::AppealToAuthority => "Appeal_to_Authority",
            Technique::AppealToFearPrejudice => "Appeal_to_fear-prejudice",
            Technique::BandwagonReductioAdHitlerum => "Bandwagon,Reductio_ad_hitlerum",
            Technique::BlackAndWhiteFallacy => "Black-and-White_Fallacy",
            Technique::CausalOversimplification => "Causal_Oversimplification",
            Technique::Doubt => "Doubt",
            Technique::ExaggerationMinimisation => "Exaggeration,Minimisation",
            Technique::FlagWaving => "Flag-Waving",
            Technique::LoadedLanguage => "Loaded_Language",
            Technique::NameCallingLabeling => "Name_Calling,Labeling",
            Technique::Repetition => "Repetition",
            Technique::Slogans => "Slogans",
            Technique::ThoughtTerminatingCliches => "Thought-terminating_Cliches",
            Technique::WhataboutismStrawMenRedHerring => "Whataboutism,Straw_Men,Red_Herring",
        }
    }

    /// The technique's name as people read it (the reports use it; the JSON keeps the label).
    pub fn name(self) -> &'static str {
        match self {
            Technique::AppealToAuthority => "Appeal to authority",
            Technique::AppealToFearPrejudice => "Appeal to fear or prejudice",
            Technique::BandwagonReductioAdHitlerum => "Bandwagon or Reductio ad Hitlerum",
            Technique::BlackAndWhiteFallacy => "Black-and-white fallacy",
            Technique::CausalOversimplification => "Causal oversimplification",
            Technique::Doubt => "Doubt",
            Technique::ExaggerationMinimisation => "Exaggeration or minimisation",
            Technique::FlagWaving => "Flag-waving",
            Technique::LoadedLanguage => "Loaded language",
            Technique::NameCallingLabeling => "Name calling or labelling",
            Technique::Repetition => "Repetition",
            Technique::Slogans => "Slogans",
            Technique::ThoughtTerminatingCliches => "Thought-terminating cliché",
            Technique::WhataboutismStrawMenRedHerring => "Whataboutism, straw man or red herring",
        }
    }

    /// The technique with this PTC label.
    pub fn from_label(label: &str) -> Option<Technique> {
        Technique::ALL.into_iter().find(|t| t.label() == label)
    }
}

/// The confidence from which reports show a technique span. Confidences are calibrated (the
/// share of such spans that were right on the training folds), so from here at least half of
/// what a reader is shown was right there; the JSON carries every span with its confidence.
pub const REPORTED_CONFIDENCE: f32 = 0.5;

/// A span that uses a persuasion technique.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TechniqueSpan {
    #[serde(flatten)]
    pub span: Span,
    pub technique: Technique,
    pub confidence: f32,
    /// What in the span triggered the finding.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// Something the user should know about the document or how it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// A stable machine-readable code, e.g. `decoded-as-windows-1252`.
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// The span layers of a document. A layer is `None` until its analyser ran.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    pub paragraphs: Vec<Paragraph>,
    /// In text order, never overlapping (as paragraphs).
    pub sentences: Vec<Span>,
    /// In text order, never overlapping: later layers find them by binary search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<Entity>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusters: Option<Vec<Cluster>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timexes: Option<Vec<Timex>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<TimelineEvent>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributions: Option<Vec<Attribution>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<Claim>>,
    /// Every sentence's check-worthiness, in text order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkworthiness: Option<Vec<SentenceScore>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub techniques: Option<Vec<TechniqueSpan>>,
    pub warnings: Vec<Warning>,
}

impl Layers {
    /// Applies `f` to every span of every layer: the one place that knows where spans live, so
    /// offset conversion can never miss a layer.
    pub fn map_spans(&mut self, mut f: impl FnMut(Span) -> Span) {
        for p in &mut self.paragraphs {
            p.span = f(p.span);
        }
        for s in &mut self.sentences {
            *s = f(*s);
        }
        for e in self.entities.iter_mut().flatten() {
            e.span = f(e.span);
        }
        for t in self.timexes.iter_mut().flatten() {
            t.span = f(t.span);
        }
        for t in self.timeline.iter_mut().flatten() {
            t.span = f(t.span);
        }
        for a in self.attributions.iter_mut().flatten() {
            a.source = a.source.map(&mut f);
            a.cue = a.cue.map(&mut f);
            for c in &mut a.content {
                *c = f(*c);
            }
        }
        for c in self.claims.iter_mut().flatten() {
            c.span = f(c.span);
        }
        for s in self.checkworthiness.iter_mut().flatten() {
            s.span = f(s.span);
        }
        for t in self.techniques.iter_mut().flatten() {
            t.span = f(t.span);
        }
        for w in &mut self.warnings {
            w.span = w.span.map(&mut f);
        }
    }
}

/// Spans written as `[start, end]` pairs, as the attribution roles are.
mod span_pair {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::Span;

    fn pair(s: &Span) -> [usize; 2] {
        [s.start, s.end]
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(v: &Option<Span>, s: S) -> Result<S::Ok, S::Error> {
            v.as_ref().map(pair).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Span>, D::Error> {
            Ok(Option::<[usize; 2]>::deserialize(d)?.map(|[a, b]| Span::new(a, b)))
        }
    }

    pub mod list {
        use super::*;

        pub fn serialize<S: Serializer>(v: &[Span], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(pair))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Span>, D::Error> {
            let pairs = Vec::<[usize; 2]>::deserialize(d)?;
            Ok(pairs.into_iter().map(|[a, b]| Span::new(a, b)).collect())
        }
    }
}

/// A speaker is written `"author"` or as the index of its attribution.
mod speaker {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::Speaker;

    pub fn serialize<S: Serializer>(v: &Speaker, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Speaker::Author => s.serialize_str("author"),
            Speaker::Attribution(i) => s.serialize_u64(*i as u64),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Speaker, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) if s == "author" => Ok(Speaker::Author),
            serde_json::Value::Number(n) => n
                .as_u64()
                .map(|i| Speaker::Attribution(i as usize))
                .ok_or_else(|| D::Error::custom("speaker index must be a whole number")),
            other => Err(D::Error::custom(format!(
                "speaker must be \"author\" or an attribution index, not {other}"
            ))),
        }
    }
}
