//! Writing rows to a Parquet file as they come, with flat memory: a few dozen rows are gathered
//! into a batch, batches into a row group of bounded rows and bytes, and each full row group goes
//! to the file.

use std::io::Write;

use crate::{Error, Row, Rows, schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

/// Rows gathered before they are encoded: enough to amortise the encoder's calls.
const BATCH_ROWS: usize = 64;
/// A row group's limits: the writer holds one row group in memory at a time.
const ROW_GROUP_ROWS: usize = 1024;
const ROW_GROUP_BYTES: usize = 64 << 20;

/// A Parquet file of rhetor/1 rows (zstd-compressed), written as rows come.
pub struct ParquetSink<W: Write + Send> {
    writer: ArrowWriter<W>,
    rows: Rows,
}

impl<W: Write + Send> ParquetSink<W> {
    pub fn new(out: W) -> Result<Self, Error> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_created_by(format!("rhetor {}", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(ParquetSink {
            writer: ArrowWriter::try_new(out, schema(), Some(properties))?,
            rows: Rows::new(),
        })
    }

    pub fn push(&mut self, row: &Row) -> Result<(), Error> {
        self.rows.push(row)?;
        if self.rows.len() >= BATCH_ROWS {
            self.writer.write(&self.rows.finish()?)?;
        }
        Ok(())
    }

    /// Writes the last rows and the file's footer; gives back the output.
    pub fn finish(mut self) -> Result<W, Error> {
        if !self.rows.is_empty() {
            self.writer.write(&self.rows.finish()?)?;
        }
        // Writes the footer, then gives the output back.
        Ok(self.writer.into_inner()?)
    }
}
