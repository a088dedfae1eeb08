//! End-to-end tests of the `rhetor` binary on fixtures written for these tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn rhetor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn rhetor_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn validate(doc: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(&stdout(&rhetor(&["schema"]))).unwrap();
    let url = schema["$id"].as_str().unwrap().to_string();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource(&url, schema).unwrap();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    if let Err(e) = schemas.validate(doc, index) {
        panic!("output does not match the schema: {e:#}");
    }
}

/// Every span of a rhetor/1 document indexes characters of `text`.
fn check_offsets(doc: &serde_json::Value) {
    let chars = doc["text"].as_str().unwrap().chars().count() as u64;
    for layer in ["paragraphs", "sentences"] {
        for span in doc[layer].as_array().unwrap() {
            let (s, e) = (
                span["start"].as_u64().unwrap(),
                span["end"].as_u64().unwrap(),
            );
            assert!(
                s < e && e <= chars,
                "{layer} span {s}..{e} outside {chars} characters"
            );
        }
    }
}

#[test]
fn analyzes_the_examples_into_valid_rhetor_json() {
    for name in ["harbour-bridge.txt", "water-rights.html"] {
        let out = rhetor(&["analyze", &example(name), "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        validate(&doc);
        check_offsets(&doc);
        assert_eq!(doc["schema"], "rhetor/1");
    }
}

#[test]
fn the_accurate_tier_analyses_the_examples_too() {
    for name in ["harbour-bridge.txt", "water-rights.html"] {
        let out = rhetor(&["analyze", &example(name), "--tier", "accurate"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        validate(&doc);
        assert!(
            doc["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["code"] != "encoder-failed")
        );
    }
    let out = rhetor(&["analyze", &example("harbour-bridge.txt"), "--tier", "slow"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown tier \"slow\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn layers_run_what_is_asked_and_what_it_reads() {
    let keys = |layers: &str| -> Vec<String> {
        let out = rhetor(&[
            "analyze",
            &example("harbour-bridge.txt"),
            "--layers",
            layers,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        validate(&doc);
        doc.as_object().unwrap().keys().cloned().collect()
    };
    let text = keys("text");
    assert!(text.contains(&"sentences".to_string()));
    assert!(!text.iter().any(|k| k == "entities" || k == "techniques"));
    let claims = keys("claims");
    for layer in ["entities", "attributions", "claims", "checkworthiness"] {
        assert!(claims.contains(&layer.to_string()), "{layer} missing");
    }
    assert!(!claims.iter().any(|k| k == "timexes" || k == "techniques"));
    let out = rhetor(&[
        "analyze",
        &example("harbour-bridge.txt"),
        "--layers",
        "text,speakers",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown layer \"speakers\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn html_example_has_metadata_and_paragraph_kinds() {
    let out = rhetor(&["analyze", &example("water-rights.html")]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["meta"]["title"],
        "Valley farmers and city clash over river water"
    );
    assert_eq!(doc["meta"]["published_evidence"]["kind"], "json-ld");
    let text = doc["text"].as_str().unwrap();
    assert!(
        !text.contains("cookies") && !text.contains("Share this") && !text.contains("All rights")
    );
    let kinds: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    for kind in ["heading", "body", "quote", "list"] {
        assert!(kinds.contains(&kind), "no {kind} paragraph in {kinds:?}");
    }
}

#[test]
fn raw_round_trips_the_text_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.txt");
    let text = "  Odd  spacing\r\n\r\n\r\nand “quotes” – naïve 東京\t\n\n";
    std::fs::write(&path, text).unwrap();
    let out = rhetor(&["analyze", "--raw", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["text"].as_str().unwrap().as_bytes(), text.as_bytes());
    check_offsets(&doc);
}

#[test]
fn html_and_markdown_reports() {
    let out = rhetor(&[
        "analyze",
        &example("harbour-bridge.txt"),
        "--format",
        "html",
    ]);
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(page.starts_with("<!doctype html>") && page.trim_end().ends_with("</html>"));
    assert!(page.contains("Tomasz Berg"));
    assert!(!page.contains("<script src") && !page.contains("<link rel=\"stylesheet\""));
    let out = rhetor(&[
        "analyze",
        &example("water-rights.html"),
        "--format",
        "markdown",
    ]);
    assert!(stdout(&out).starts_with("# Valley farmers and city clash over river water"));
}

/// A directory of 1,000 mixed files, some broken: every good one is analysed, in order, every
/// bad one reported, and the exit code says something failed.
#[test]
fn a_mixed_batch_reports_bad_items_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for i in 0..1000 {
        let (name, bytes, good): (String, Vec<u8>, bool) = match i % 10 {
            0 => (
                format!("{i:04}.html"),
                format!("<html><body><p>Report number {i}.</p></body></html>").into_bytes(),
                true,
            ),
            1 => (
                format!("{i:04}.txt"),
                vec![0, 159, 146, 150, 0, 1, 2],
                false,
            ),
            2 => (format!("{i:04}.txt"), b"   \n\n  ".to_vec(), false),
            3 => (
                format!("{i:04}.txt"),
                b"Caf\xe9 number 3 is open again.".to_vec(),
                true,
            ),
            4 => (
                format!("{i:04}.html"),
                b"<html><body><nav>menu</nav></body></html>".to_vec(),
                false,
            ),
            5 => (
                format!("{i:04}.txt.gz"),
                gzip(format!("Compressed note {i}.").as_bytes()),
                true,
            ),
            6 => (
                format!("{i:04}.bin"),
                b"ignored: not a known extension".to_vec(),
                false,
            ),
            _ => (
                format!("{i:04}.txt"),
                format!("Plain note {i}. It has two sentences.").into_bytes(),
                true,
            ),
        };
        let sub = dir.path().join(format!("d{}", i / 250));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(&name), bytes).unwrap();
        if !name.ends_with(".bin") {
            expected.push((sub.join(&name).display().to_string(), good));
        }
    }
    let out = rhetor(&[
        "analyze",
        "--format",
        "jsonl",
        "--jobs",
        "2",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), expected.len());
    for (line, (id, good)) in lines.iter().zip(&expected) {
        assert_eq!(line["id"], id.as_str(), "output order follows input order");
        assert_eq!(line.get("error").is_none(), *good, "{line}");
    }
    let err = stderr(&out);
    assert!(err.contains("0001.txt: binary data"), "{err}");
    assert!(err.contains("0002.txt: the document has no text"), "{err}");
    assert!(err.contains("600 documents analysed, 300 failed"), "{err}");
    assert!(!err.contains("panicked"));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

#[test]
fn jsonl_records_with_dates_and_bad_lines() {
    let records = concat!(
        "{\"id\": \"a\", \"text\": \"First story.\", \"published\": \"2021-06-01\"}\n",
        "not json\n",
        "\n",
        "{\"id\": 7, \"html\": \"<p>Second story.</p>\", \"url\": \"https://x.example/7\"}\n",
        "{\"id\": \"c\"}\n",
    );
    let out = rhetor_stdin(
        &[
            "analyze",
            "--format",
            "jsonl",
            "--published",
            "2020-02-02",
            "-",
        ],
        records.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["meta"]["published"], "2021-06-01");
    assert_eq!(lines[0]["meta"]["published_evidence"]["kind"], "record");
    assert_eq!(lines[1]["id"], "-:2");
    assert_eq!(
        lines[1]["source"],
        serde_json::json!({"path": "-", "line": 2})
    );
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("line 2: not a JSON record")
    );
    assert_eq!(lines[2]["id"], "7");
    assert_eq!(lines[2]["meta"]["published"], "2020-02-02");
    assert_eq!(lines[2]["source"]["url"], "https://x.example/7");
    assert_eq!(lines[2]["source"]["line"], 4);
    assert!(
        lines[3]["error"]
            .as_str()
            .unwrap()
            .contains("neither `text` nor `html`")
    );
}

#[test]
fn reads_warc_files() {
    let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>A crawled page.</p></body></html>";
    let mut warc = Vec::new();
    for (kind, body) in [
        ("warcinfo", "software: test"),
        ("response", page),
        ("request", "GET / HTTP/1.1\r\n\r\n"),
    ] {
        write!(
            warc,
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://news.example/a\r\nWARC-Date: 2022-03-04T05:06:07Z\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, gzip(&warc)).unwrap();
    let out = rhetor(&["analyze", "--format", "jsonl", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(doc["id"], "https://news.example/a");
    assert_eq!(doc["text"], "A crawled page.");
    assert_eq!(doc["meta"]["published_evidence"]["kind"], "warc");
    assert!(stderr(&out).contains("1 pages kept, 2 other records skipped, 0 failed"));
}

#[test]
fn several_documents_as_json_make_an_array() {
    let out = rhetor(&[
        "analyze",
        &example("harbour-bridge.txt"),
        &example("water-rights.html"),
    ]);
    let docs: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 2);
}

#[test]
fn errors_name_the_input_and_set_the_exit_code() {
    let out = rhetor(&["analyze", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no/such/file.txt: cannot read"),
        "{}",
        stderr(&out)
    );

    let out = rhetor(&[
        "analyze",
        "--max-bytes",
        "100",
        &example("harbour-bridge.txt"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("over the limit of 100 bytes"));

    let out = rhetor(&[
        "analyze",
        "--published",
        "2021-02-30",
        &example("harbour-bridge.txt"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an impossible date is a usage error"
    );
    assert_eq!(rhetor(&["analyze"]).status.code(), Some(2));
    assert_eq!(
        rhetor(&["analyze", "--format", "pdf", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn output_can_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("out.html");
    let out = rhetor(&[
        "analyze",
        &example("harbour-bridge.txt"),
        "--format",
        "html",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(std::fs::read_to_string(path).unwrap().contains("</html>"));
}

/// `-o -` is stdout, never a file named `-`.
#[test]
fn output_dash_is_stdout() {
    let out = rhetor(&["analyze", &example("harbour-bridge.txt"), "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["schema"], "rhetor/1");
    assert!(!std::path::Path::new("-").exists());
}

/// A reader that stops early (`rhetor ... | head`) ends the run quietly, never with a panic.
#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.jsonl");
    let record =
        serde_json::json!({"text": "The council met on Monday. It voted to delay the repair."});
    std::fs::write(&path, format!("{record}\n").repeat(2000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(["analyze", "--format", "jsonl", "-q", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn corpus_searches_analysed_articles_and_compares_outlets() {
    let dir = tempfile::tempdir().unwrap();
    let analysed = rhetor(&[
        "analyze",
        "-q",
        "--format",
        "jsonl",
        &example("harbour-bridge.txt"),
        &example("water-rights.html"),
    ]);
    assert!(analysed.status.success(), "{}", stderr(&analysed));
    // A corpus file with a blank line, a broken line and an analysis error record in it.
    let corpus = dir.path().join("corpus.jsonl");
    let mut lines = stdout(&analysed);
    lines.push_str("\n{\"schema\": \"rhetor/1\", \"id\": \"lost.html\", \"error\": \"empty\"}\n");
    lines.push_str("not json\n");
    std::fs::write(&corpus, gzip(lines.as_bytes())).unwrap();
    let corpus_gz = dir.path().join("corpus.jsonl.gz");
    std::fs::rename(&corpus, &corpus_gz).unwrap();
    let corpus = corpus_gz.display().to_string();

    let found = rhetor(&["corpus", &corpus, "--entity", "valdez"]);
    assert_eq!(found.status.code(), Some(1), "bad lines are reported");
    let (out, err) = (stdout(&found), stderr(&found));
    assert!(out.contains("# Articles naming “valdez”"), "{out}");
    assert!(out.contains("| 2024-03-12 |"), "{out}");
    assert!(out.contains("1 of 2 articles match."), "{out}");
    assert!(
        err.contains(":4: skipped: lost.html was not analysed: empty"),
        "{err}"
    );
    assert!(
        err.contains(":5: skipped: not a rhetor/1 document"),
        "{err}"
    );

    let hits = rhetor(&[
        "corpus",
        &corpus,
        "--entity",
        "valdez",
        "--since",
        "2024-01-01",
        "--format",
        "jsonl",
    ]);
    let record: serde_json::Value = serde_json::from_str(stdout(&hits).trim()).unwrap();
    let text = std::fs::read_to_string(example("harbour-bridge.txt")).unwrap();
    for hit in record["hits"].as_array().unwrap() {
        assert_eq!(hit["field"], "entity");
        let (start, end) = (hit["start"].as_u64().unwrap(), hit["end"].as_u64().unwrap());
        assert!(end > start);
        assert!(hit["text"].as_str().unwrap().contains("Valdez"));
    }
    assert!(text.contains("Valdez"));
    let none = rhetor(&[
        "corpus",
        &corpus,
        "--entity",
        "valdez",
        "--until",
        "2020-01-01",
    ]);
    assert!(stdout(&none).contains("0 of 2 articles match."));

    let outlets = rhetor(&["corpus", &corpus, "--compare", "--format", "jsonl"]);
    let rows: Vec<serde_json::Value> = stdout(&outlets)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r["site"] == "The Lowland Ledger"));

    let page = rhetor(&["corpus", &corpus, "--source", "valdez", "--format", "html"]);
    let page = stdout(&page);
    assert!(page.starts_with("<!doctype html>") && page.ends_with("</html>\n"));
    assert!(page.contains("<mark>"), "{page}");

    let bad = rhetor(&["corpus", &corpus, "--technique", "sarcasm"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("no technique is called \"sarcasm\""));
    let missing = rhetor(&["corpus", "no-such-file.jsonl"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot open no-such-file.jsonl"));
}

#[test]
fn eval_without_data_says_where_it_looked() {
    let out = rhetor(&["eval", "ner", "--data", "no/such/shared/data"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("no data at no/such/shared/data/ner") && err.contains("--data DIR"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

/// `value` without its null fields, and a claim's author speaker written as Parquet writes it (null),
/// so that JSON and Parquet rows compare field by field.
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, v)| !(v.is_null() || (k == "speaker" && v == "author")))
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[test]
fn parquet_rows_hold_the_same_analysis_as_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("notes.jsonl");
    std::fs::write(
        &records,
        concat!(
            r#"{"id":"n1","text":"Mayor Ana Ruiz said on Monday that the bridge is unsafe.","published":"2024-03-11"}"#,
            "\n",
            r#"{"id":"n2"}"#,
            "\n",
        ),
    )
    .unwrap();
    let inputs = [
        records.to_str().unwrap().to_string(),
        example("harbour-bridge.txt"),
        example("water-rights.html"),
    ];
    let mut args = vec!["analyze", "-q", "--format", "jsonl"];
    args.extend(inputs.iter().map(String::as_str));
    let jsonl = rhetor(&args);
    assert_eq!(jsonl.status.code(), Some(1), "one record has no text");

    let parquet_path = dir.path().join("out.parquet");
    args[3] = "parquet";
    args.extend(["-o", parquet_path.to_str().unwrap()]);
    let parquet = rhetor(&args);
    assert_eq!(parquet.status.code(), Some(1), "{}", stderr(&parquet));

    let file = std::fs::File::open(&parquet_path).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut writer = arrow_json::LineDelimitedWriter::new(Vec::new());
    for batch in reader {
        writer.write(&batch.unwrap()).unwrap();
    }
    writer.finish().unwrap();
    let from_parquet: Vec<serde_json::Value> =
        serde_json::Deserializer::from_slice(&writer.into_inner())
            .into_iter()
            .map(|v| without_nulls(v.unwrap()))
            .collect();
    let from_jsonl: Vec<serde_json::Value> = stdout(&jsonl)
        .lines()
        .map(|l| without_nulls(serde_json::from_str(l).unwrap()))
        .collect();
    assert_eq!(from_parquet.len(), 4);
    assert_eq!(from_parquet, from_jsonl);
    assert!(
        from_parquet[1]["error"]
            .as_str()
            .unwrap()
            .contains("line 2")
    );
}

#[test]
fn parquet_refuses_a_terminal_only() {
    // Piped standard output is not a terminal: Parquet goes there as bytes.
    let out = rhetor(&[
        "analyze",
        "-q",
        "--format",
        "parquet",
        &example("harbour-bridge.txt"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"PAR1") && out.stdout.ends_with(b"PAR1"));
}
