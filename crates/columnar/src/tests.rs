use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, StructArray};
use arrow_schema::{DataType, Fields};
use rhetor_doc::fixtures::full_doc;
use rhetor_doc::*;

use super::*;

/// Every key of a JSON value has a column of the same name at the same place, so no field of the
/// JSON is dropped on the way to Arrow.
fn assert_columns_cover(value: &serde_json::Value, fields: &Fields, path: &str) {
    let serde_json::Value::Object(map) = value else {
        return;
    };
    for (key, item) in map {
        let field = fields
            .iter()
            .find(|f| f.name() == key)
            .unwrap_or_else(|| panic!("no column for {path}.{key}"));
        let inner = match (field.data_type(), item) {
            (DataType::List(f), serde_json::Value::Array(items)) => {
                items.iter().map(|i| (f.data_type(), i)).collect::<Vec<_>>()
            }
            (t, v) => vec![(t, v)],
        };
        for (data_type, v) in inner {
            if let DataType::Struct(fields) = data_type {
                assert_columns_cover(v, fields, &format!("{path}.{key}"));
            }
        }
    }
}

#[test]
fn every_json_field_has_a_column() {
    let value = rhetor_doc::json::to_value(&full_doc());
    assert_columns_cover(&value, schema().fields(), "");
    let error = serde_json::to_value(ErrorRecord::new(
        "x",
        &Origin {
            path: Some("a.warc".into()),
            line: Some(3),
            ..Origin::default()
        },
        "bad",
    ))
    .unwrap();
    assert_columns_cover(&error, schema().fields(), "");
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> &'a dyn Array {
    batch.column_by_name(name).unwrap().as_ref()
}

/// The `i`th struct of a list column's first row.
fn first_row_item(batch: &RecordBatch, name: &str) -> StructArray {
    let list = column(batch, name).as_list::<i32>();
    list.value(0).as_struct().clone()
}

fn int(s: &StructArray, name: &str, i: usize) -> Option<i64> {
    let c = s.column_by_name(name).unwrap().as_primitive::<Int64Type>();
    c.is_valid(i).then(|| c.value(i))
}

#[test]
fn rows_hold_the_json_analysis_in_characters() {
    let doc = full_doc();
    let mut rows = Rows::new();
    rows.push(&Row::of(&doc)).unwrap();
    rows.push(&Row::error("bad-1", &Origin::default(), "not HTML"))
        .unwrap();
    assert_eq!(rows.len(), 2);
    let batch = rows.finish().unwrap();
    assert!(rows.is_empty());
    assert_eq!(batch.num_rows(), 2);
    assert_eq!(batch.schema(), schema());

    let text: Vec<char> = doc.text.chars().collect();
    let entities = first_row_item(&batch, "entities");
    let (start, end) = (
        int(&entities, "start", 0).unwrap() as usize,
        int(&entities, "end", 0).unwrap() as usize,
    );
    assert_eq!(text[start..end].iter().collect::<String>(), "Zoë");

    let claims = first_row_item(&batch, "claims");
    assert_eq!(int(&claims, "speaker", 0), Some(0));
    assert_eq!(int(&claims, "speaker", 1), None, "the author is null");

    let attributions = first_row_item(&batch, "attributions");
    let cue = attributions.column_by_name("cue").unwrap().as_list::<i32>();
    let cue = cue.value(0);
    let cue = cue.as_primitive::<Int64Type>();
    assert_eq!(
        text[cue.value(0) as usize..cue.value(1) as usize]
            .iter()
            .collect::<String>(),
        "said"
    );

    let ids = column(&batch, "id").as_string::<i32>();
    assert_eq!((ids.value(0), ids.value(1)), ("t1", "bad-1"));
    let errors = column(&batch, "error").as_string::<i32>();
    assert!(errors.is_null(0));
    assert_eq!(errors.value(1), "not HTML");
    assert!(column(&batch, "text").is_null(1));
    assert!(column(&batch, "entities").is_null(1));
}

#[test]
fn absent_layers_are_null_and_empty_ones_empty() {
    let mut doc = Doc::new("t", "Plain words.");
    doc.layers.entities = Some(Vec::new());
    let mut rows = Rows::new();
    rows.push(&Row::of(&doc)).unwrap();
    let batch = rows.finish().unwrap();
    assert!(column(&batch, "techniques").is_null(0));
    assert_eq!(
        column(&batch, "entities").as_list::<i32>().value_length(0),
        0
    );
    assert!(column(&batch, "entities").is_valid(0));
}

#[test]
fn no_rows_give_an_empty_batch() {
    let batch = Rows::new().finish().unwrap();
    assert_eq!((batch.num_rows(), batch.schema()), (0, schema()));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_files_read_back_row_for_row() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let file = tempfile::tempfile().unwrap();
    let mut sink = ParquetSink::new(file.try_clone().unwrap()).unwrap();
    let doc = full_doc();
    // More rows than one batch, so rows cross batch boundaries.
    for i in 0..150 {
        if i % 50 == 7 {
            sink.push(&Row::error(
                &format!("bad-{i}"),
                &Origin::default(),
                "unreadable",
            ))
            .unwrap();
        } else {
            sink.push(&Row::of(&doc)).unwrap();
        }
    }
    sink.finish().unwrap();

    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = 0;
    let mut errors = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        assert_eq!(batch.schema().fields(), schema().fields());
        let error = column(&batch, "error").as_string::<i32>();
        for i in 0..batch.num_rows() {
            if error.is_valid(i) {
                errors.push(rows + i);
            }
        }
        rows += batch.num_rows();
    }
    assert_eq!(rows, 150);
    assert_eq!(errors, vec![7, 57, 107]);
}

#[test]
fn the_parquet_document_lists_every_column() {
    let doc = include_str!("../../../docs/PARQUET.md");
    for field in schema().fields() {
        let row = format!("| `{}` |", field.name());
        assert!(doc.contains(&row), "docs/PARQUET.md has no row for {row}");
    }
}
