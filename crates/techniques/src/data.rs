//! Reading the PTC corpus (SemEval-2020 Task 11): `article<ID>.txt` files and their
//! `article<ID>.task-flc-tc.labels` (`ID <TAB> technique <TAB> start <TAB> end`, character
//! offsets, end exclusive).

use std::path::{Path, PathBuf};

use rhetor_doc::{Span, Technique};

/// One article and its gold technique spans (byte offsets into `text`).
pub struct Article {
    pub id: String,
    pub text: String,
    pub spans: Vec<(Technique, Span)>,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DataError {
    pub path: String,
    pub message: String,
}

/// Reads every article of `train/` under the PTC folder, in name order.
pub fn read(ptc_dir: &Path) -> Result<Vec<Article>, DataError> {
    let err = |path: &Path, message: String| DataError {
        path: path.display().to_string(),
        message,
    };
    let articles = ptc_dir.join("train/train-articles");
    let labels = ptc_dir.join("train/train-labels-task-flc-tc");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&articles)
        .map_err(|e| err(&articles, e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| err(&path, e.to_string()))?;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let id = stem.trim_start_matches("article").to_string();
        let label_path = labels.join(format!("{stem}.task-flc-tc.labels"));
        let raw = std::fs::read_to_string(&label_path).unwrap_or_default();
        // Character offsets to byte offsets.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let mut spans = Vec::new();
        for (n, line) in raw
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |m: &str| err(&label_path, format!("line {}: {m}", n + 1));
            let [_, label, start, end] = cols[..] else {
                return Err(bad("expected 4 tab-separated columns"));
            };
            let technique = Technique::from_label(label).ok_or_else(|| bad("unknown technique"))?;
            let offset = |s: &str| -> Result<usize, DataError> {
                let c: usize = s.trim().parse().map_err(|_| bad("bad offset"))?;
                bytes
                    .get(c)
                    .copied()
                    .ok_or_else(|| bad("offset past the text"))
            };
            spans.push((technique, Span::new(offset(start)?, offset(end)?)));
        }
        out.push(Article { id, text, spans });
    }
    Ok(out)
}
