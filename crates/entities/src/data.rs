//! Reading NER training and evaluation data: CoNLL-2003 (`token POS chunk tag`, `-DOCSTART-`
//! lines) and Universal NER (`id<TAB>token<TAB>tag...`, `# newdoc` comments).

use std::path::Path;

use crate::labels::{self, N_LABELS};

/// One labelled sentence.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub labels: Vec<usize>,
    /// Which document it belongs to (sentences of one document share an id).
    pub doc: usize,
    /// The data set leaves MISC unannotated (UNER): its `O` means "O or MISC".
    pub no_misc: bool,
}

impl Sentence {
    /// Per-token label masks for training: the gold label, or O/B-MISC/I-MISC for an `O` in data
    /// that does not annotate MISC.
    pub fn masks(&self) -> Vec<u16> {
        let misc = (1 << labels::begin(3)) | (1 << labels::inside(3));
        self.labels
            .iter()
            .map(|&l| {
                if l == 0 && self.no_misc {
                    1 | misc
                } else {
                    1 << l
                }
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: line {line}: {message}")]
pub struct DataError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// Reads a CoNLL-2003 file (IOB2 tags in the last column).
pub fn read_conll(path: &Path) -> Result<Vec<Sentence>, DataError> {
    read(path, false, |line| {
        if line.starts_with("-DOCSTART-") {
            return Row::NewDoc;
        }
        let cols: Vec<&str> = line.split(' ').collect();
        match (cols.first(), cols.last()) {
            (Some(t), Some(tag)) if cols.len() >= 2 => Row::Token(t.to_string(), tag.to_string()),
            _ => Row::Bad,
        }
    })
}

/// Reads a Universal NER file (it annotates PER, ORG and LOC only).
pub fn read_uner(path: &Path) -> Result<Vec<Sentence>, DataError> {
    read(path, true, |line| {
        if line.starts_with("# newdoc") {
            return Row::NewDoc;
        }
        if line.starts_with('#') {
            return Row::Skip;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Row::Bad;
        }
        Row::Token(cols[1].to_string(), cols[2].to_string())
    })
}

enum Row {
    NewDoc,
    Skip,
    Token(String, String),
    Bad,
}

fn read(path: &Path, no_misc: bool, row: impl Fn(&str) -> Row) -> Result<Vec<Sentence>, DataError> {
    let err = |line: usize, message: String| DataError {
        path: path.display().to_string(),
        line,
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(0, e.to_string()))?;
    let mut out = Vec::new();
    let mut doc = 0;
    let mut current = Sentence {
        tokens: Vec::new(),
        labels: Vec::new(),
        doc,
        no_misc,
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            if !current.tokens.is_empty() {
                out.push(std::mem::replace(
                    &mut current,
                    Sentence {
                        tokens: Vec::new(),
                        labels: Vec::new(),
                        doc,
                        no_misc,
                    },
                ));
            }
            continue;
        }
        match row(line) {
            Row::NewDoc => {
                doc += 1;
                current.doc = doc;
            }
            Row::Skip => {}
            Row::Token(token, tag) => {
                let label = labels::parse(&tag)
                    .ok_or_else(|| err(n + 1, format!("unknown tag {tag:?}")))?;
                debug_assert!(label < N_LABELS);
                current.tokens.push(token);
                current.labels.push(label);
            }
            Row::Bad => return Err(err(n + 1, format!("cannot read {line:?}"))),
        }
    }
    if !current.tokens.is_empty() {
        out.push(current);
    }
    // IOB1-style `I-` at a chunk start counts as `B-`, as conlleval reads it.
    for s in &mut out {
        for i in 0..s.labels.len() {
            let prev = i.checked_sub(1).map(|p| s.labels[p]);
            if !labels::allowed(prev, s.labels[i]) {
                s.labels[i] -= 1;
            }
        }
    }
    Ok(out)
}
