//! rhetor: what a news or opinion article says, who says it, and how.
//!
//! A [`Pipeline`] reads an article (HTML, plain text, or bytes of either) into a [`Doc`] and runs
//! its analysers over it, each adding one layer of spans. Build the pipeline once (models load
//! then) and share it across threads: analysing takes `&self`.
//!
//! ```
//! use rhetor::{Options, Pipeline};
//!
//! let pipeline = Pipeline::new(Options::default());
//! let doc = pipeline
//!     .analyze_text("note-1", "Harbour council meets. The vote is on Monday.")
//!     .unwrap();
//! assert_eq!(doc.layers.sentences.len(), 2);
//!
//! // Many documents, many threads, one pipeline.
//! let texts = ["First article.", "Second article."];
//! std::thread::scope(|s| {
//!     for (i, text) in texts.iter().enumerate() {
//!         let pipeline = &pipeline;
//!         s.spawn(move || pipeline.analyze_text(format!("doc-{i}"), *text).unwrap());
//!     }
//! });
//!
//! // Output in the rhetor/1 JSON contract (character offsets).
//! let json = rhetor::json::to_value(&doc);
//! assert_eq!(json["schema"], "rhetor/1");
//! ```

pub use rhetor_doc::*;
pub use rhetor_ingest::{
    Content, DEFAULT_MAX_BYTES, Error, Input, Inputs, Options, WarcStats, ingest, parse_date,
    warc_gz_part,
};

/// Reads inputs into documents and runs the analysers, in order.
pub struct Pipeline {
    options: Options,
    analyzers: Vec<Box<dyn Analyzer>>,
}

impl Pipeline {
    /// The pipeline of the layers `options.layers` names (and those they read), in the tier
    /// `options.tier`. Each analyser loads what it needs here, once (the bundled models are
    /// part of the binary, and a test checks that they load); a layer left out loads nothing.
    pub fn new(options: Options) -> Self {
        let wanted = options.layers;
        let mut analyzers: Vec<Box<dyn Analyzer>> = vec![Box::new(rhetor_text::TextLayer)];
        // The representation stage runs for the layers that read it: the technique layer, and
        // in the accurate tier the entity layer.
        let reads_representation = wanted.contains(Layer::Techniques)
            || (wanted.contains(Layer::Entities) && options.tier == Tier::Accurate);
        let representer = reads_representation.then(|| {
            rhetor_represent::Representer::bundled(options.tier)
                .expect("the bundled representation loads")
        });
        if let Some(representer) = &representer {
            analyzers.push(Box::new(rhetor_represent::RepresentationLayer::new(
                representer.clone(),
            )));
        }
        if wanted.contains(Layer::Entities) {
            let tagger = rhetor_entities::Tagger::bundled_for(options.tier)
                .expect("the bundled NER model loads");
            analyzers.push(Box::new(rhetor_entities::EntityLayer::new(tagger)));
        }
        if wanted.contains(Layer::Attributions) {
            analyzers.push(Box::new(
                rhetor_attribution::AttributionLayer::bundled()
                    .expect("the bundled cue model loads"),
            ));
        }
        if wanted.contains(Layer::Claims) {
            analyzers.push(Box::new(
                rhetor_claims::ClaimLayer::bundled()
                    .expect("the bundled check-worthiness model loads"),
            ));
        }
        if wanted.contains(Layer::Time) {
            analyzers.push(Box::new(rhetor_time::TimeLayer));
        }
        if let Some(representer) = representer.filter(|_| wanted.contains(Layer::Techniques)) {
            analyzers.push(Box::new(
                rhetor_techniques::TechniqueLayer::bundled(representer)
                    .expect("the bundled technique model loads"),
            ));
        }
        Pipeline { options, analyzers }
    }

    /// A pipeline of other analysers, run in the order given (the text layer first: the others
    /// read its tokens and sentences). `rhetor eval ner --model` scores a candidate tagger so.
    pub fn with_analyzers(options: Options, analyzers: Vec<Box<dyn Analyzer>>) -> Self {
        Pipeline { options, analyzers }
    }

    /// The ingestion options this pipeline was built with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The analysers, in the order they run.
    pub fn analyzers(&self) -> impl Iterator<Item = &dyn Analyzer> {
        self.analyzers.iter().map(|a| a.as_ref())
    }

    /// Ingests one input and analyses it.
    pub fn analyze(&self, input: Input) -> Result<Doc, Error> {
        let mut doc = rhetor_ingest::ingest(input, &self.options)?;
        self.run(&mut doc);
        Ok(doc)
    }

    /// Analyses plain text.
    pub fn analyze_text(
        &self,
        id: impl Into<String>,
        text: impl Into<String>,
    ) -> Result<Doc, Error> {
        self.analyze(Input::text(id, text))
    }

    /// Analyses an HTML page.
    pub fn analyze_html(
        &self,
        id: impl Into<String>,
        html: impl Into<String>,
    ) -> Result<Doc, Error> {
        self.analyze(Input::html(id, html))
    }

    /// Analyses bytes of HTML or text, sniffing which and decoding their charset.
    pub fn analyze_bytes(
        &self,
        id: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Result<Doc, Error> {
        self.analyze(Input::bytes(id, bytes))
    }

    /// Runs every analyser over a document that is already ingested. An analyser built for
    /// other languages than the document's (`meta.language`) is skipped, with a warning: its layer
    /// stays absent rather than filled with nonsense.
    pub fn run(&self, doc: &mut Doc) {
        let language = doc.meta.language.as_deref().map(|tag| {
            let primary = tag.split(['-', '_']).next().unwrap_or(tag);
            primary.to_ascii_lowercase()
        });
        let mut skipped = Vec::new();
        for analyzer in &self.analyzers {
            let built_for = analyzer.languages();
            match &language {
                Some(lang) if !built_for.is_empty() && !built_for.contains(&lang.as_str()) => {
                    skipped.push(analyzer.name());
                }
                _ => analyzer.analyze(doc),
            }
        }
        if let (Some(lang), false) = (language, skipped.is_empty()) {
            doc.warn(
                "language-skipped",
                format!(
                    "the text is in language `{lang}`; layers built for English only were skipped: {}",
                    skipped.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Random bytes through the whole pipeline: an error or a document whose spans all lie on
        /// character boundaries inside the text, never a panic.
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let pipeline = Pipeline::new(Options::default());
            if let Ok(doc) = pipeline.analyze_bytes("fuzz", bytes) {
                check_spans(&doc);
            }
        }

        /// Random text with the characters that matter to the text layer.
        #[test]
        fn random_text_never_panics(text in "[a-zA-Z0-9 .,!?'’“”\"\\-\n<>/&;:#é東ق]{0,400}") {
            for raw in [false, true] {
                let pipeline = Pipeline::new(Options { raw, ..Options::default() });
                for input in [Input::text("t", text.clone()), Input::html("h", text.clone())] {
                    if let Ok(doc) = pipeline.analyze(input) {
                        check_spans(&doc);
                    }
                }
            }
        }
    }

    /// Words and marks the layers' rules turn on, for sentences random in their order.
    const RULE_WORDS: &[&str] = &[
        "said",
        "says",
        "told",
        "appeared",
        "seemed",
        "according",
        "to",
        "asked",
        "whether",
        "reportedly",
        "in",
        "a",
        "poll",
        "the",
        "council",
        "Obi",
        "Ruiz",
        "he",
        "she",
        "they",
        "who",
        "that",
        "and",
        "but",
        "While",
        "paralyzed",
        "added",
        ",",
        ".",
        ":",
        "“",
        "”",
        "\"",
        "'",
        "(",
        ")",
        "—",
        "\n\n",
        "Monday",
        "2019",
        "is",
        "was",
        "expected",
        "not",
        "killer",
        "monsters",
        "Start",
        "by",
        "you",
        "can",
        "will",
        "Harbour.com",
        "it's",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Random sequences of the words the rules look for: every span in order and inside
        /// the text.
        #[test]
        fn random_rule_words_never_panic(
            words in proptest::collection::vec(proptest::sample::select(RULE_WORDS), 0..120)
        ) {
            let pipeline = Pipeline::new(Options::default());
            if let Ok(doc) = pipeline.analyze_text("w", words.join(" ")) {
                check_spans(&doc);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The same through the accurate tier, whose encoder reads the text in windows.
        #[test]
        fn random_text_never_panics_in_the_accurate_tier(
            text in "[a-zA-Z0-9 .,!?'’“”\"\\-\n<>/&;:#é東ق]{0,600}"
        ) {
            let pipeline = Pipeline::new(Options { tier: Tier::Accurate, ..Options::default() });
            if let Ok(doc) = pipeline.analyze_text("t", text) {
                check_spans(&doc);
                assert!(doc.layers.warnings.iter().all(|w| w.code != "encoder-failed"));
            }
        }
    }

    fn check_spans(doc: &Doc) {
        let mut layers = doc.layers.clone();
        layers.map_spans(|s| {
            assert!(
                s.start <= s.end && s.end <= doc.text.len(),
                "{s:?} outside the text"
            );
            assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
            s
        });
        for t in &doc.tokens {
            assert!(!t.span.is_empty() && doc.text.is_char_boundary(t.span.end));
        }
        let _ = json::to_value(doc);
    }

    #[test]
    fn odd_texts_get_sensible_entities() {
        let pipeline = Pipeline::new(Options::default());
        let none = pipeline
            .analyze_text("n", "it was cold and wet all week, and nobody went out.")
            .unwrap();
        assert_eq!(none.layers.entities.as_deref().map(<[_]>::len), Some(0));
        let blanks = pipeline
            .analyze_text("b", "Fill in the form: Name ___ , Company ___ , City ___ .")
            .unwrap();
        let names: Vec<&str> = blanks
            .layers
            .entities
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|e| blanks.slice(e.span))
            .collect();
        assert!(
            names.iter().all(|n| n.chars().any(char::is_alphanumeric)),
            "{names:?}"
        );
        let caps = pipeline
            .analyze_text("c", "MAYOR ADA OBI VISITS LAGOS AFTER THE FLOODS")
            .unwrap();
        assert!(caps.layers.entities.is_some());
        // Layers built for English are skipped on another language, with a warning, rather than
        // tagging its words as names.
        let arabic = pipeline
            .analyze_text(
                "a",
                "قال رئيس المجلس إن الاجتماع سيعقد في المدينة يوم الجمعة المقبل لمناقشة خطة النقل \
                 الجديدة التي أعلنتها البلدية الأسبوع الماضي.",
            )
            .unwrap();
        assert_eq!(arabic.meta.language.as_deref(), Some("ar"));
        assert!(arabic.layers.entities.is_none() && arabic.layers.techniques.is_none());
        assert!(!arabic.layers.sentences.is_empty());
        assert_eq!(arabic.layers.warnings[0].code, "language-skipped");
        // A page that says it is English is analysed whatever the text looks like.
        let declared = pipeline
            .analyze_html(
                "d",
                "<html lang=\"en\"><body><p>قال الرئيس إن الاجتماع سيعقد في بغداد.</p></body></html>",
            )
            .unwrap();
        assert!(declared.layers.entities.is_some());
        // One long paragraph without punctuation is tagged in windows, in linear time.
        let long = "the harbour council met again today ".repeat(20_000);
        let doc = pipeline.analyze_text("l", long).unwrap();
        assert_eq!(doc.layers.sentences.len(), 1);
        assert!(doc.layers.entities.is_some());
    }

    #[test]
    fn the_timeline_names_who_reports_an_event() {
        let pipeline = Pipeline::new(Options::default());
        let doc = pipeline
            .analyze_text(
                "t",
                "Port officials said the ferry stopped on March 3, 2024. It ran again on March 9, 2024.",
            )
            .unwrap();
        let timeline = doc.layers.timeline.as_deref().unwrap();
        let speakers: Vec<(&str, Option<&str>)> = timeline
            .iter()
            .map(|e| {
                let attribution = e
                    .speaker
                    .map(|i| &doc.layers.attributions.as_ref().unwrap()[i]);
                (
                    e.value.as_str(),
                    attribution.and_then(|a| a.source).map(|s| doc.slice(s)),
                )
            })
            .collect();
        assert_eq!(
            speakers,
            [("2024-03-03", Some("Port officials")), ("2024-03-09", None)]
        );
    }

    #[test]
    fn claims_name_their_speaker() {
        let pipeline = Pipeline::new(Options::default());
        let doc = pipeline
            .analyze_text(
                "t",
                "Ferry fares rose by 40 percent in 2023, the highest rise in a decade. \
                 Port officials said 3,000 passengers a day now take the bridge instead.",
            )
            .unwrap();
        let claims = doc.layers.claims.as_deref().unwrap();
        let speakers: Vec<(Speaker, &str)> = claims
            .iter()
            .map(|c| (c.speaker, doc.slice(c.span)))
            .collect();
        assert_eq!(
            speakers,
            [
                (
                    Speaker::Author,
                    "Ferry fares rose by 40 percent in 2023, the highest rise in a decade."
                ),
                (
                    Speaker::Attribution(0),
                    "3,000 passengers a day now take the bridge instead"
                ),
            ]
        );
    }

    #[test]
    fn a_pipeline_runs_the_layers_asked_for_and_what_they_read() {
        let names = |layers: &[Layer]| -> Vec<&'static str> {
            let options = Options {
                layers: LayerSet::of(layers.iter().copied()),
                ..Options::default()
            };
            Pipeline::new(options)
                .analyzers()
                .map(|a| a.name())
                .collect()
        };
        assert_eq!(names(&[Layer::Text]), ["text"]);
        assert_eq!(
            names(&[Layer::Claims]),
            ["text", "entities", "attribution", "claims"]
        );
        assert_eq!(
            names(&[Layer::Techniques]),
            ["text", "representation", "techniques"]
        );
        assert_eq!(names(&Layer::ALL).len(), 7);
    }

    #[test]
    fn raw_mode_keeps_the_text_byte_for_byte() {
        let text = "Title\r\n\r\n  Body “quoted”\tline.  \n\n\n";
        let pipeline = Pipeline::new(Options {
            raw: true,
            ..Options::default()
        });
        assert_eq!(pipeline.analyze_text("r", text).unwrap().text, text);
    }
}
