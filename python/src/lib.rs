//! rhetor for Python: the pipeline as a native module (`rhetor._rhetor`), wrapped by the
//! `rhetor` package (`python/rhetor/__init__.py`), which reads the rhetor/1 JSON it returns
//! into dicts. Analysis runs with the GIL released; a batch runs on every core.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rhetor::{Input, Layer, LayerSet, Options, Tier};

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
    inner: rhetor::Pipeline,
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
            inner: rhetor::Pipeline::new(options),
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
    /// becomes an error record (`{"schema", "id", "error"}`), as in `rhetor analyze --format
    /// jsonl`, and the batch goes on.
    #[pyo3(signature = (records, jobs=None))]
    fn analyze_batch_json(
        &self,
        py: Python<'_>,
        records: Vec<Record<'_>>,
        jobs: Option<usize>,
    ) -> PyResult<Vec<String>> {
        // A record of the wrong shape is the caller's mistake, not bad input: raise it.
        let inputs: Vec<(String, Input)> = records
            .into_iter()
            .map(|(id, kind, content, url, published)| {
                Ok((id.clone(), input(id, &kind, &content, url, published)?))
            })
            .collect::<PyResult<_>>()?;
        let jobs = jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .clamp(1, inputs.len().max(1));
        Ok(py.detach(|| self.batch(inputs, jobs)))
    }
}

impl Pipeline {
    fn batch(&self, inputs: Vec<(String, Input)>, jobs: usize) -> Vec<String> {
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
                    scope.spawn(move || {
                        part.into_iter()
                            .map(|(id, input)| self.json(id, input))
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

    fn json(&self, id: String, input: Input) -> String {
        match self.inner.analyze(input) {
            Ok(doc) => rhetor::json::to_value(&doc).to_string(),
            Err(e) => serde_json::json!({"schema": "rhetor/1", "id": id, "error": e.to_string()})
                .to_string(),
        }
    }
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
    m.add("RhetorError", m.py().get_type::<RhetorError>())?;
    Ok(())
}
