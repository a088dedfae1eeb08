//! rhetor/1 documents as Arrow record batches: one row per document, one column per field of the
//! JSON, each layer a list of structs with character offsets. The CLI writes them to Parquet
//! ([`ParquetSink`]), the Python package hands them to pyarrow, Spark, Polars and pandas.
//!
//! The columns mirror `rhetor/1` JSON field for field (see `docs/PARQUET.md`), so both outputs
//! carry the same analysis: rows are built from the very JSON values `--format jsonl` writes. Two
//! things differ, because a column has one type: an attribution role's `[start, end]` pair is a
//! list of two integers, and a claim's `speaker` is the attribution's index, null when the
//! author speaks. An input that could not be read is a row with only `id`, `source` and `error`.

#[cfg(feature = "parquet")]
mod parquet_sink;
mod schema;

use arrow_array::RecordBatch;
use arrow_json::reader::Decoder;
use rhetor_doc::Doc;
use rhetor_doc::json::{ErrorRecord, Origin};

#[cfg(feature = "parquet")]
pub use parquet_sink::ParquetSink;
pub use schema::schema;

/// Re-exported so that users build against the same Arrow version.
pub use arrow_array;
pub use arrow_schema;

/// Why rows could not be built or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot build Arrow columns: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[cfg(feature = "parquet")]
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

/// One row: a document's JSON values as the columns hold them, or an error row. Building rows
/// is the costly part, so batches build them on their own threads and [`Rows`] only gathers.
pub struct Row(serde_json::Value);

impl Row {
    /// The row of an analysed document.
    pub fn of(doc: &Doc) -> Row {
        let mut value = rhetor_doc::json::to_value(doc);
        for claim in value
            .get_mut("claims")
            .and_then(|c| c.as_array_mut())
            .into_iter()
            .flatten()
        {
            if claim["speaker"] == "author" {
                claim["speaker"] = serde_json::Value::Null;
            }
        }
        Row(value)
    }

    /// The row of an input that could not be read or analysed.
    pub fn error(id: &str, origin: &Origin, message: &str) -> Row {
        Row(serde_json::to_value(ErrorRecord::new(id, origin, message))
            .expect("an error record always serialises"))
    }
}

/// Rows gathered into one record batch.
pub struct Rows {
    decoder: Decoder,
}

impl Default for Rows {
    fn default() -> Self {
        Self::new()
    }
}

impl Rows {
    pub fn new() -> Self {
        let decoder = arrow_json::ReaderBuilder::new(schema())
            .build_decoder()
            .expect("the rhetor/1 Arrow schema has only types the JSON decoder reads");
        Rows { decoder }
    }

    pub fn push(&mut self, row: &Row) -> Result<(), Error> {
        self.decoder.serialize(std::slice::from_ref(&row.0))?;
        Ok(())
    }

    /// Rows added since the last batch.
    pub fn len(&self) -> usize {
        self.decoder.len()
    }

    pub fn is_empty(&self) -> bool {
        self.decoder.is_empty()
    }

    /// The rows added since the last batch, as a batch of [`schema`]; empty when none were.
    pub fn finish(&mut self) -> Result<RecordBatch, Error> {
        Ok(self
            .decoder
            .flush()?
            .unwrap_or_else(|| RecordBatch::new_empty(schema())))
    }
}

#[cfg(test)]
mod tests;
