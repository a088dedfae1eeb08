//! Reading the CLEF-2019 CheckThat! Task 1 files: one debate or speech per file, one sentence per
//! line as `line <TAB> speaker <TAB> sentence <TAB> label` (1 = worth fact-checking).

use std::path::Path;

/// One labelled sentence, as tokens.
pub struct Labelled {
    pub tokens: Vec<String>,
    pub checkworthy: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: line {line}: {message}")]
pub struct DataError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// The sentences of one file, in order.
pub fn read(path: &Path) -> Result<Vec<Labelled>, DataError> {
    let err = |line: usize, message: String| DataError {
        path: path.display().to_string(),
        line,
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [_, _, sentence, label] = cols[..] else {
            return Err(err(
                n + 1,
                format!("expected 4 tab-separated columns, not {}", cols.len()),
            ));
        };
        let checkworthy = match label.trim() {
            "1" => true,
            "0" => false,
            other => return Err(err(n + 1, format!("label {other:?} is not 0 or 1"))),
        };
        tokens.clear();
        rhetor_text::tokenize(
            sentence,
            rhetor_doc::Span::new(0, sentence.len()),
            &mut tokens,
        );
        out.push(Labelled {
            tokens: tokens
                .iter()
                .map(|t| sentence[t.span.start..t.span.end].to_string())
                .collect(),
            checkworthy,
        });
    }
    Ok(out)
}

/// The `.tsv` files of a folder, in name order.
pub fn files(dir: &Path) -> Result<Vec<std::path::PathBuf>, DataError> {
    let entries = std::fs::read_dir(dir).map_err(|e| DataError {
        path: dir.display().to_string(),
        line: 0,
        message: e.to_string(),
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    paths.sort();
    Ok(paths)
}
