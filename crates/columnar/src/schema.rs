//! The Arrow schema of a rhetor/1 row. Every integer is an int64 and every field nullable, so
//! that Spark (which has no unsigned types and checks nullability loosely) reads it as it is.

use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

/// The schema of every batch: built once, shared.
pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA.get_or_init(build).clone()
}

fn build() -> SchemaRef {
    let span = || vec![int("start"), int("end")];
    let with_span = |rest: Vec<Field>| span().into_iter().chain(rest).collect::<Vec<_>>();
    let pair = |name: &str| list(name, DataType::Int64);
    Arc::new(Schema::new(vec![
        text("schema"),
        text("id"),
        record(
            "source",
            vec![
                text("path"),
                text("url"),
                text("format"),
                int("line"),
                int("offset"),
            ],
        ),
        record(
            "meta",
            vec![
                text("title"),
                list("authors", DataType::Utf8),
                text("published"),
                record("published_evidence", vec![text("kind"), text("detail")]),
                text("modified"),
                text("site"),
                text("url"),
                text("language"),
                list("tags", DataType::Utf8),
                text("description"),
                text("page_kind"),
                text("author_bio"),
                text("text_kind"),
                Field::new("paywalled", DataType::Boolean, true),
            ],
        ),
        text("text"),
        records("paragraphs", with_span(vec![text("kind")])),
        records("sentences", span()),
        records(
            "entities",
            with_span(vec![text("label"), int("cluster"), float("confidence")]),
        ),
        records(
            "clusters",
            vec![
                int("id"),
                text("label"),
                text("name"),
                int("mentions"),
                int("salience"),
            ],
        ),
        records(
            "timexes",
            with_span(vec![
                text("type"),
                text("value"),
                float("confidence"),
                text("evidence"),
            ]),
        ),
        records(
            "timeline",
            with_span(vec![
                int("timex"),
                text("value"),
                text("precision"),
                list("clusters", DataType::Int64),
                int("speaker"),
            ]),
        ),
        records(
            "attributions",
            vec![
                pair("source"),
                pair("cue"),
                list("content", list_of(DataType::Int64)),
                text("kind"),
                int("cluster"),
                float("confidence"),
            ],
        ),
        records(
            "claims",
            with_span(vec![int("speaker"), float("checkworthy")]),
        ),
        records("checkworthiness", with_span(vec![float("score")])),
        records(
            "techniques",
            with_span(vec![
                text("technique"),
                float("confidence"),
                text("evidence"),
            ]),
        ),
        records(
            "warnings",
            vec![text("code"), text("message"), record("span", span())],
        ),
        text("error"),
    ]))
}

fn text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn float(name: &str) -> Field {
    Field::new(name, DataType::Float32, true)
}

fn record(name: &str, fields: Vec<Field>) -> Field {
    Field::new(name, DataType::Struct(Fields::from(fields)), true)
}

/// A list type whose items are named `element`, as Parquet and Spark name them.
fn list_of(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("element", item, true)))
}

fn list(name: &str, item: DataType) -> Field {
    Field::new(name, list_of(item), true)
}

fn records(name: &str, fields: Vec<Field>) -> Field {
    list(name, DataType::Struct(Fields::from(fields)))
}
