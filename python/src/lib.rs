//! rhetor for Python: the pipeline as a native module (`rhetor._rhetor`), wrapped by the
//! `rhetor` package (`python/rhetor/__init__.py`), which reads the rhetor/1 JSON it returns
//! into dicts, or takes the Arrow rows it returns through the Arrow C data interface (no copy).
//! Analysis runs with the GIL released; a batch runs on every core.

use std::ffi::CString;
use std::io::Read;
use std::sync::{Arc, Mutex};

use arrow_array::ffi::{FFI_ArrowSchema, to_ffi};
use arrow_array::{Array, RecordBatch, StructArray};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule};
use rhetor::json::{ErrorRecord, Origin};
use rhetor::{Doc, Input, Inputs, Layer, LayerSet, Options, Tier};
use rhetor_columnar::{Row, Rows};

pyo3::create_exception!(
    _rhetor,
    RhetorError,
    PyValueError,
    "An input rhetor cannot read: the message names it and the problem."
);

/// One input of a batch as the Python wrapper passes it: `(id, kind, content, url, published)`.
type Record<'py> = (
    String,
    String,
    Bound<'py, PyAny>,
    Option<String>,
    Option<String>,
);

/// A rhetor pipeline: models load once, here; analysing takes no lock.
#[pyclass(frozen)]
struct Pipeline {
    inner: Arc<rhetor::Pipeline>,
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (tier, layers, raw, published, max_bytes))]
    fn new(
        tier: &str,
        layers: Option<Vec<String>>,
        raw: bool,
        published: Option<String>,
        max_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let tier: Tier = tier.parse().map_err(PyValueError::new_err)?;
        let layers = match layers {
            None => LayerSet::all(),
            Some(names) => LayerSet::of(
                names
                    .iter()
                    .map(|n| n.parse::<Layer>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(PyValueError::new_err)?,
            ),
        };
        let options = Options {
            raw,
            published: published.as_deref().map(date).transpose()?,
            max_bytes: max_bytes.unwrap_or(rhetor::DEFAULT_MAX_BYTES),
            tier,
            layers,
        };
        Ok(Pipeline {
            inner: Arc::new(rhetor::Pipeline::new(options)),
        })
    }

    /// One input (`kind` is "text", "html" or "data") analysed into its rhetor/1 JSON.
    fn analyze_json(
        &self,
        py: Python<'_>,
        id: String,
        kind: &str,
        content: &Bound<'_, PyAny>,
        url: Option<String>,
        published: Option<String>,
    ) -> PyResult<String> {
        let input = input(id, kind, content, url, published)?;
        py.detach(|| self.inner.analyze(input))
            .map(|doc| rhetor::json::to_value(&doc).to_string())
            .map_err(|e| RhetorError::new_err(e.to_string()))
    }

    /// Many inputs, each `(id, kind, content, url, published)`, analysed on `jobs` threads (all
    /// cores when `None`) into their rhetor/1 JSON, in order; an input that cannot be read
    /// becomes an error record (`{"schema", "id", "source", "error"}`), as in `rhetor analyze --format
    /// jsonl`, and the batch goes on.
    #[pyo3(signature = (records, jobs=None))]
    fn analyze_batch_json(
        &self,
        py: Python<'_>,
        records: Vec<Record<'_>>,
        jobs: Option<usize>,
    ) -> PyResult<Vec<String>> {
        let inputs = inputs(records)?;
        let jobs = jobs_for(jobs, inputs.len());
        Ok(py.detach(|| {
            self.batch(inputs, jobs, |id, origin, outcome| match outcome {
                Ok(doc) => rhetor::json::to_value(&doc).to_string(),
                // The CLI's error record: id, where the input is, and the error.
                Err(e) => serde_json::to_string(&ErrorRecord::new(id, origin, &e.to_string()))
                    .expect("an error record always serialises"),
            })
        }))
    }

    /// The same batch as `analyze_batch_json`, as Arrow rows of the rhetor/1 Parquet schema
    /// (`docs/PARQUET.md`): one row per input, in order, a bad input a row with an `error`.
    #[pyo3(signature = (records, jobs=None))]
    fn analyze_batch_arrow(
        &self,
        py: Python<'_>,
        records: Vec<Record<'_>>,
        jobs: Option<usize>,
    ) -> PyResult<ArrowRows> {
        let inputs = inputs(records)?;
        let jobs = jobs_for(jobs, inputs.len());
        py.detach(|| {
            let built = self.batch(inputs, jobs, |id, origin, outcome| match outcome {
                Ok(doc) => Row::of(&doc),
                Err(e) => Row::error(id, origin, &e.to_string()),
            });
            ArrowRows::of(&built)
        })
    }

    /// The documents of one file read from `file` (a binary file object: Python's, pyarrow's,
    /// fsspec's), named `name`, as an iterator of Arrow rows, `rows` at a time, analysed on
    /// this thread. With `end`, only the part `[start, end)` of a `.warc.gz` (the file object
    /// positioned at `start`): parts laid end to end read each record once. Anything `rhetor
    /// analyze` reads can be read whole; a record that cannot be read becomes an error row.
    #[pyo3(signature = (name, file, start=0, end=None, rows=256))]
    fn analyze_file_arrow(
        &self,
        name: String,
        file: Py<PyAny>,
        start: u64,
        end: Option<u64>,
        rows: usize,
    ) -> FileRows {
        let reader = Box::new(PyFile(file));
        let max_bytes = self.inner.options().max_bytes;
        let inputs: Box<dyn Iterator<Item = _> + Send> = match end {
            Some(end) => rhetor::warc_gz_part(name, reader, start..end, max_bytes),
            None => Box::new(Inputs::of_reader(name, reader, max_bytes)),
        };
        FileRows {
            pipeline: self.inner.clone(),
            inputs: Mutex::new(inputs),
            rows: rows.max(1),
        }
    }
}

/// The error row of a file that could not be opened, as `rhetor analyze` writes it.
#[pyfunction]
fn unreadable_row(name: String, reason: String) -> PyResult<ArrowRows> {
    let error = rhetor::Error::Io {
        input: name,
        source: std::io::Error::other(reason),
    };
    let (id, origin) = error.origin();
    ArrowRows::of(&[Row::error(&id, &origin, &error.to_string())])
}

/// A Python binary file object read from Rust: each read takes the GIL for a moment.
struct PyFile(Py<PyAny>);

impl Read for PyFile {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        Python::attach(|py| {
            let chunk = self
                .0
                .call_method1(py, "read", (out.len(),))
                .map_err(std::io::Error::other)?;
            let chunk = chunk
                .bind(py)
                .cast::<PyBytes>()
                .map_err(|e| std::io::Error::other(e.to_string()))?
                .as_bytes();
            let n = chunk.len().min(out.len());
            out[..n].copy_from_slice(&chunk[..n]);
            Ok(n)
        })
    }
}

/// The documents of one file as Arrow rows, a batch at a time (see
/// `Pipeline.analyze_file_arrow`).
#[pyclass(frozen)]
struct FileRows {
    pipeline: Arc<rhetor::Pipeline>,
    inputs: Mutex<Box<dyn Iterator<Item = Result<Input, rhetor::Error>> + Send>>,
    rows: usize,
}

#[pymethods]
impl FileRows {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<ArrowRows>> {
        py.detach(|| {
            let mut inputs = self.inputs.lock().unwrap_or_else(|e| e.into_inner());
            let built: Vec<Row> = inputs
                .by_ref()
                .take(self.rows)
                .map(|item| match item {
                    Ok(input) => {
                        let id = input.id.clone();
                        let origin = Origin::from(&input.source);
                        match self.pipeline.analyze(input) {
                            Ok(doc) => Row::of(&doc),
                            Err(e) => Row::error(&id, &origin, &e.to_string()),
                        }
                    }
                    Err(e) => {
                        let (id, origin) = e.origin();
                        Row::error(&id, &origin, &e.to_string())
                    }
                })
                .collect();
            if built.is_empty() {
                return Ok(None);
            }
            ArrowRows::of(&built).map(Some)
        })
    }
}

/// Rows of analysed documents, handed to pyarrow (or any Arrow library) through the Arrow
/// PyCapsule interface: `pyarrow.record_batch(rows)` takes them without a copy.
#[pyclass(frozen)]
struct ArrowRows {
    batch: RecordBatch,
}

impl ArrowRows {
    fn of(built: &[Row]) -> PyResult<ArrowRows> {
        let mut rows = Rows::new();
        for row in built {
            rows.push(row)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        }
        let batch = rows
            .finish()
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        Ok(ArrowRows { batch })
    }
}

/// The schema of the rows every call returns (`docs/PARQUET.md`), for consumers that need it
/// before any row (Spark's `mapInArrow`): `pyarrow.schema(rhetor._rhetor.arrow_schema())`.
#[pyfunction]
fn arrow_schema() -> ArrowSchema {
    ArrowSchema
}

/// The rows' schema, handed over through the Arrow PyCapsule interface.
#[pyclass(frozen)]
struct ArrowSchema;

#[pymethods]
impl ArrowSchema {
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, &rhetor_columnar::schema())
    }
}

fn schema_capsule<'py>(
    py: Python<'py>,
    schema: &rhetor_columnar::arrow_schema::Schema,
) -> PyResult<Bound<'py, PyCapsule>> {
    let schema =
        FFI_ArrowSchema::try_from(schema).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    PyCapsule::new(py, schema, Some(capsule_name("arrow_schema")))
}

#[pymethods]
impl ArrowRows {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        // The rows have one schema; a consumer that asks for another casts them itself.
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        Ok((
            PyCapsule::new(py, schema, Some(capsule_name("arrow_schema")))?,
            PyCapsule::new(py, array, Some(capsule_name("arrow_array")))?,
        ))
    }

    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, self.batch.schema().as_ref())
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }
}

fn capsule_name(name: &str) -> CString {
    CString::new(name).expect("capsule names have no NUL")
}

fn jobs_for(jobs: Option<usize>, inputs: usize) -> usize {
    jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, inputs.max(1))
}

impl Pipeline {
    /// Analyses `inputs` on `jobs` threads and turns each outcome (with the input's id and
    /// place) into what the caller returns, on the thread that analysed it, so no document
    /// outlives its own analysis; the results come back in input order.
    fn batch<T: Send>(
        &self,
        inputs: Vec<(String, Input)>,
        jobs: usize,
        out: impl Fn(&str, &Origin, Result<Doc, rhetor::Error>) -> T + Sync,
    ) -> Vec<T> {
        let chunk = inputs.len().div_ceil(jobs).max(1);
        let mut parts: Vec<Vec<(String, Input)>> = Vec::new();
        for (i, item) in inputs.into_iter().enumerate() {
            if i % chunk == 0 {
                parts.push(Vec::with_capacity(chunk));
            }
            parts.last_mut().expect("a part").push(item);
        }
        // Each thread analyses one contiguous part, so joining them in order keeps the input's.
        std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| {
                    let out = &out;
                    scope.spawn(move || {
                        part.into_iter()
                            .map(|(id, input)| {
                                let origin = Origin::from(&input.source);
                                out(&id, &origin, self.inner.analyze(input))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }
}

/// The records of a batch as inputs. A record of the wrong shape is the caller's mistake, not
/// bad input: it raises.
fn inputs(records: Vec<Record<'_>>) -> PyResult<Vec<(String, Input)>> {
    records
        .into_iter()
        .map(|(id, kind, content, url, published)| {
            Ok((id.clone(), input(id, &kind, &content, url, published)?))
        })
        .collect()
}

fn input(
    id: String,
    kind: &str,
    content: &Bound<'_, PyAny>,
    url: Option<String>,
    published: Option<String>,
) -> PyResult<Input> {
    let mut input = match kind {
        "text" => Input::text(id, content.extract::<String>()?),
        "html" => Input::html(id, content.extract::<String>()?),
        "data" => Input::bytes(id, content.cast::<PyBytes>()?.as_bytes().to_vec()),
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown kind of input {other:?} (expected text, html or data)"
            )));
        }
    };
    input.source.url = url;
    input.published = published.as_deref().map(date).transpose()?;
    Ok(input)
}

/// A `YYYY-MM-DD` date, or a Python error naming it.
fn date(s: &str) -> PyResult<String> {
    match rhetor::parse_date(s) {
        Some(d) if d.len() == 10 => Ok(d),
        _ => Err(PyValueError::new_err(format!(
            "{s:?} is not a valid date in the form YYYY-MM-DD"
        ))),
    }
}

#[pymodule]
fn _rhetor(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<ArrowRows>()?;
    m.add_class::<FileRows>()?;
    m.add_function(wrap_pyfunction!(arrow_schema, m)?)?;
    m.add_function(wrap_pyfunction!(unreadable_row, m)?)?;
    m.add("RhetorError", m.py().get_type::<RhetorError>())?;
    Ok(())
}
