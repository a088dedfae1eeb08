//! End-to-end tests of `rhetor index` and `rhetor corpus --store` on fixtures written for these
//! tests.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn rhetor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args(args)
        .output()
        .expect("the binary runs")
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

fn path(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn a_store_answers_what_the_jsonl_answers_and_reindexing_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let examples = [example("harbour-bridge.txt"), example("water-rights.html")];
    let analysed = rhetor(&[
        "analyze",
        "-q",
        "--format",
        "jsonl",
        &examples[0],
        &examples[1],
    ]);
    assert!(analysed.status.success(), "{}", stderr(&analysed));
    let jsonl = dir.path().join("corpus.jsonl");
    std::fs::write(&jsonl, analysed.stdout).unwrap();

    let from_inputs = path(&dir.path().join("inputs.rhetor"));
    let from_jsonl = path(&dir.path().join("jsonl.rhetor"));
    let first = rhetor(&["index", "--store", &from_inputs, &examples[0], &examples[1]]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("2 articles added, 0 replaced, 0 unchanged, 0 failed"));
    let again = rhetor(&["index", "--store", &from_inputs, &examples[0], &examples[1]]);
    assert!(
        stderr(&again).contains("0 articles added, 0 replaced, 2 unchanged"),
        "{}",
        stderr(&again)
    );
    for _ in 0..2 {
        let stored = rhetor(&["index", "--store", &from_jsonl, &path(&jsonl)]);
        assert!(stored.status.success(), "{}", stderr(&stored));
    }

    let queries: [&[&str]; 7] = [
        &[],
        &["--entity", "valdez"],
        &["--source", "valdez", "--since", "2024-01-01"],
        &["--words", "river farmers"],
        &["--site", "lowland"],
        &["--until", "2020-01-01"],
        &["--compare"],
    ];
    for query in queries {
        let run = |source: &[&str]| {
            let mut args = vec!["corpus", "--format", "jsonl"];
            args.extend_from_slice(source);
            args.extend_from_slice(query);
            let out = rhetor(&args);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            stdout(&out)
        };
        let scanned = run(&[&path(&jsonl)]);
        assert_eq!(run(&["--store", &from_inputs]), scanned, "{query:?}");
        assert_eq!(run(&["--store", &from_jsonl]), scanned, "{query:?}");
    }
    let table = rhetor(&["corpus", "--store", &from_inputs, "--words", "harbour"]);
    assert!(
        stdout(&table).contains("1 of 2 articles match."),
        "{}",
        stdout(&table)
    );
}

#[test]
fn a_changed_input_replaces_its_article() {
    let dir = tempfile::tempdir().unwrap();
    let store = path(&dir.path().join("c.rhetor"));
    let article = dir.path().join("note.txt");
    std::fs::write(
        &article,
        "Mara Quist said the ferry will run again in June.",
    )
    .unwrap();
    let indexed = rhetor(&["index", "--store", &store, &path(&article)]);
    assert!(
        stderr(&indexed).contains("1 articles added"),
        "{}",
        stderr(&indexed)
    );
    std::fs::write(
        &article,
        "Mara Quist said the ferry will not run before July.",
    )
    .unwrap();
    let indexed = rhetor(&["index", "--store", &store, &path(&article)]);
    assert!(
        stderr(&indexed).contains("0 articles added, 1 replaced"),
        "{}",
        stderr(&indexed)
    );
    let july = rhetor(&["corpus", "--store", &store, "--words", "july"]);
    assert!(
        stdout(&july).contains("1 of 1 articles match."),
        "{}",
        stdout(&july)
    );
    let june = rhetor(&["corpus", "--store", &store, "--words", "june"]);
    assert!(
        stdout(&june).contains("0 of 1 articles match."),
        "{}",
        stdout(&june)
    );
}

#[test]
fn bad_stores_and_records_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(
        &notes,
        "Plain notes, not a database at all, but long enough.",
    )
    .unwrap();
    for args in [
        vec!["index", "--store", &path(&notes), &path(&notes)],
        vec!["corpus", "--store", &path(&notes)],
    ] {
        let out = rhetor(&args);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("notes.txt: not a SQLite database"),
            "{}",
            stderr(&out)
        );
    }
    let missing = rhetor(&["corpus", "--store", &path(&dir.path().join("none.rhetor"))]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("none.rhetor: no such store"),
        "{}",
        stderr(&missing)
    );
    assert!(!dir.path().join("none.rhetor").exists());

    let records = dir.path().join("records.jsonl");
    std::fs::write(
        &records,
        "{\"id\": \"a\", \"text\": \"Ines Oyelaran opened the new library on Monday.\"}\n\
         {\"id\": \"b\"}\n\
         {\"id\": \"c\", \"text\": \"The museum closed early, a guard said.\"}\n",
    )
    .unwrap();
    let store = path(&dir.path().join("c.rhetor"));
    let out = rhetor(&["index", "--store", &store, &path(&records)]);
    assert_eq!(out.status.code(), Some(1), "a bad record fails the run");
    let err = stderr(&out);
    assert!(err.contains("records.jsonl: line 2"), "{err}");
    assert!(
        err.contains("2 articles added, 0 replaced, 0 unchanged, 1 failed"),
        "{err}"
    );
}

#[test]
fn killed_while_indexing_a_rerun_completes_the_store() {
    const ARTICLES: usize = 3000;
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.jsonl");
    let lines: Vec<String> = (0..ARTICLES)
        .map(|i| {
            serde_json::json!({
                "id": format!("r{i}"),
                "text": format!(
                    "Councillor Ada Number{i} said on Tuesday that the vote on plan {i} would be \
                     delayed. The plan, she added, was \"a disgrace\"."
                ),
            })
            .to_string()
        })
        .collect();
    std::fs::write(&records, lines.join("\n")).unwrap();
    let store = dir.path().join("c.rhetor");
    let wal = dir.path().join("c.rhetor-wal");

    let mut child = Command::new(env!("CARGO_BIN_EXE_rhetor"))
        .args([
            "index",
            "-q",
            "--jobs",
            "2",
            "--store",
            &path(&store),
            &path(&records),
        ])
        .spawn()
        .unwrap();
    // Kill it once it has written something (or give up waiting and kill it anyway).
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30)
        && std::fs::metadata(&wal).map_or(0, |m| m.len()) == 0
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();

    let rerun = rhetor(&[
        "index",
        "--jobs",
        "2",
        "--store",
        &path(&store),
        &path(&records),
    ]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert!(
        stderr(&rerun).contains(&format!("holds {ARTICLES}")),
        "{}",
        stderr(&rerun)
    );
    let listed = rhetor(&["corpus", "--store", &path(&store), "--format", "jsonl"]);
    let mut ids: Vec<String> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), ARTICLES, "every input exactly once");
}
