//! The `rhetor/1` JSON contract: a [`Doc`] with character offsets.
//!
//! `schema/rhetor-1.schema.json` (also [`SCHEMA`]) describes it. Every span is a pair of
//! Unicode-scalar offsets into `text`, end exclusive.

use serde::{Deserialize, Serialize};

use crate::{CharIndex, Doc, Layers, Meta, Representation, Source};

/// The value of the `schema` field.
pub const SCHEMA_ID: &str = "rhetor/1";

/// The JSON Schema (draft 2020-12) of one `rhetor/1` document.
pub const SCHEMA: &str = include_str!("../../../schema/rhetor-1.schema.json");

#[derive(Serialize)]
struct DocOut<'a> {
    schema: &'static str,
    id: &'a str,
    source: &'a Source,
    meta: &'a Meta,
    text: &'a str,
    #[serde(flatten)]
    layers: Layers,
}

#[derive(Deserialize)]
struct DocIn {
    schema: String,
    id: String,
    source: Source,
    meta: Meta,
    text: String,
    #[serde(flatten)]
    layers: Layers,
}

fn with_char_offsets(doc: &Doc) -> DocOut<'_> {
    let index = CharIndex::new(&doc.text);
    let mut layers = doc.layers.clone();
    layers.map_spans(|s| index.span_to_chars(s));
    DocOut {
        schema: SCHEMA_ID,
        id: &doc.id,
        source: &doc.source,
        meta: &doc.meta,
        text: &doc.text,
        layers,
    }
}

/// Writes `doc` as one line of JSON (no trailing newline).
pub fn write_line(doc: &Doc, out: impl std::io::Write) -> serde_json::Result<()> {
    serde_json::to_writer(out, &with_char_offsets(doc))
}

/// Writes `doc` as indented JSON (no trailing newline).
pub fn write_pretty(doc: &Doc, out: impl std::io::Write) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(out, &with_char_offsets(doc))
}

/// `doc` as a JSON value.
pub fn to_value(doc: &Doc) -> serde_json::Value {
    serde_json::to_value(with_char_offsets(doc)).expect("a Doc always serialises")
}

/// Why a `rhetor/1` document could not be read back.
#[derive(Debug)]
pub enum ReadError {
    Json(serde_json::Error),
    Schema(String),
    /// A span reaches past the end of `text`.
    Span,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Json(e) => write!(f, "not a rhetor/1 document: {e}"),
            ReadError::Schema(s) => write!(f, "schema is {s:?}, expected {SCHEMA_ID:?}"),
            ReadError::Span => f.write_str("a span reaches past the end of the text"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a `rhetor/1` document back into a [`Doc`] with byte offsets.
pub fn from_str(json: &str) -> Result<Doc, ReadError> {
    let input: DocIn = serde_json::from_str(json).map_err(ReadError::Json)?;
    if input.schema != SCHEMA_ID {
        return Err(ReadError::Schema(input.schema));
    }
    let index = CharIndex::new(&input.text);
    let mut layers = input.layers;
    let mut bad = false;
    layers.map_spans(|s| {
        index.span_to_bytes(s).unwrap_or_else(|| {
            bad = true;
            s
        })
    });
    if bad {
        return Err(ReadError::Span);
    }
    Ok(Doc {
        id: input.id,
        source: input.source,
        meta: input.meta,
        tokens: Vec::new(),
        representation: Representation::default(),
        layers,
        text: input.text,
    })
}

/// The record written in place of a document that could not be read or analysed.
#[derive(Serialize)]
pub struct ErrorRecord<'a> {
    pub schema: &'static str,
    pub id: &'a str,
    pub source: &'a Origin,
    pub error: &'a str,
}

impl<'a> ErrorRecord<'a> {
    pub fn new(id: &'a str, source: &'a Origin, error: &'a str) -> Self {
        ErrorRecord {
            schema: SCHEMA_ID,
            id,
            source,
            error,
        }
    }
}

/// Where a failed input is, as far as it is known: the file, and the line of a JSONL record or
/// the offset of a WARC record (in a `.warc.gz`, of its gzip member).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl From<&Source> for Origin {
    fn from(source: &Source) -> Self {
        Origin {
            path: source.path.clone(),
            url: source.url.clone(),
            line: source.line,
            offset: source.offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::full_doc;
    use crate::*;

    #[test]
    fn technique_labels_are_the_json_names() {
        for t in Technique::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), t.label());
            assert_eq!(Technique::from_label(t.label()), Some(t));
        }
    }

    #[test]
    fn every_layer_is_written_in_characters() {
        let doc = full_doc();
        let value = to_value(&doc);
        let text = value["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: &serde_json::Value, e: &serde_json::Value| -> String {
            chars[s.as_u64().unwrap() as usize..e.as_u64().unwrap() as usize]
                .iter()
                .collect()
        };
        let ent = &value["entities"][0];
        assert_eq!(slice(&ent["start"], &ent["end"]), "Zoë");
        let tx = &value["timexes"][0];
        assert_eq!(slice(&tx["start"], &tx["end"]), "3 März");
        let attr = &value["attributions"][0];
        assert_eq!(slice(&attr["cue"][0], &attr["cue"][1]), "said");
        assert_eq!(
            slice(&attr["content"][0][0], &attr["content"][0][1]),
            "“Café”"
        );
        assert_eq!(value["claims"][0]["speaker"], 0);
        let score = &value["checkworthiness"][0];
        assert_eq!(slice(&score["start"], &score["end"]), "Café");
        assert_eq!(value["techniques"][0]["technique"], "Loaded_Language");
        assert_eq!(value["timexes"][0]["type"], "DATE");
    }

    #[test]
    fn round_trips_through_json() {
        let doc = full_doc();
        let mut out = Vec::new();
        write_line(&doc, &mut out).unwrap();
        let back = from_str(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn absent_layers_are_absent() {
        let value = to_value(&Doc::new("t", "text"));
        assert!(value.get("entities").is_none());
        assert!(value.get("sentences").is_some());
    }

    #[test]
    fn rejects_spans_past_the_text() {
        let json = r#"{"schema":"rhetor/1","id":"x","source":{"format":"text"},"meta":{"title":null,"authors":[],"published":null,"published_evidence":null,"modified":null,"site":null,"url":null,"language":null,"tags":[],"description":null},"text":"ab","paragraphs":[],"sentences":[{"start":0,"end":9}],"warnings":[]}"#;
        assert!(matches!(from_str(json), Err(ReadError::Span)));
    }

    #[test]
    fn a_full_document_matches_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
        let url = schema["$id"].as_str().unwrap().to_string();
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.add_resource(&url, schema).unwrap();
        let index = compiler.compile(&url, &mut schemas).unwrap();
        let doc = to_value(&full_doc());
        if let Err(e) = schemas.validate(&doc, index) {
            panic!("{e:#}");
        }
    }
}
