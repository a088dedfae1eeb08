use rhetor_doc::*;

use super::*;

/// An article in which `name` speaks about the bridge, with a technique at `confidence`.
fn article(id: &str, name: &str, site: &str, day: &str, confidence: f32) -> Doc {
    let text = format!(
        "{name} said the harbour bridge will reopen in May. Critics called the delay \
         disgraceful. {name} did not reply."
    );
    let at = |needle: &str, from: usize| {
        let start = from + text[from..].find(needle).expect("in the text");
        Span::new(start, start + needle.len())
    };
    let first = at(name, 0);
    let second = at(name, first.end);
    let mut doc = Doc::new(id, text.clone());
    doc.meta.site = Some(site.to_string());
    doc.meta.published = Some(day.to_string());
    doc.meta.title = Some(format!("{name} on the bridge"));
    let end_of = |s: &str| at(s, 0).end;
    doc.layers.sentences = vec![
        Span::new(0, end_of("May.")),
        Span::new(end_of("May.") + 1, end_of("disgraceful.")),
        Span::new(end_of("disgraceful.") + 1, text.len()),
    ];
    doc.layers.entities = Some(
        [first, second]
            .map(|span| Entity {
                span,
                label: EntityLabel::PER,
                cluster: 0,
                confidence: 0.9,
            })
            .to_vec(),
    );
    doc.layers.clusters = Some(vec![Cluster {
        id: 0,
        label: EntityLabel::PER,
        name: name.to_string(),
        mentions: 2,
        salience: 1,
    }]);
    doc.layers.attributions = Some(vec![Attribution {
        source: Some(first),
        cue: Some(at("said", 0)),
        content: vec![at("the harbour bridge will reopen in May", 0)],
        kind: AttributionKind::Indirect,
        cluster: Some(0),
        confidence: 0.8,
    }]);
    doc.layers.techniques = Some(vec![TechniqueSpan {
        span: at("disgraceful", 0),
        technique: Technique::LoadedLanguage,
        confidence,
        evidence: "disgraceful".into(),
    }]);
    doc
}

fn articles() -> Vec<Doc> {
    vec![
        article("a", "Ana Díaz", "Río Times", "2024-03-12", 0.6),
        article("b", "Omar Haddad", "Cedar Post", "2024-04-02", 0.9),
        article("c", "Ana Lopez", "www.rio-times.example", "2023-12-30", 0.3),
        article("d", "Wei Zhang", "Harbour Daily", "2024-03-15", 0.75),
    ]
}

fn digest(doc: &Doc) -> Digest {
    Digest::of(&[doc.id.as_bytes(), doc.text.as_bytes()])
}

fn filled(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::create(&dir.path().join("corpus.rhetor")).unwrap();
    for doc in articles() {
        assert_eq!(store.put(&doc, digest(&doc)).unwrap(), Put::Added);
    }
    store.commit().unwrap();
    store
}

#[test]
fn a_search_finds_what_a_scan_finds() {
    let dir = tempfile::tempdir().unwrap();
    let store = filled(&dir);
    let query = |f: fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        q
    };
    let queries = [
        query(|_| {}),
        query(|q| q.words = Some("BRIDGE reopen".into())),
        query(|q| q.words = Some("bridge tunnel".into())),
        query(|q| q.words = Some("brid".into())),
        query(|q| q.words = Some("  ".into())),
        query(|q| q.entity = Some("ana".into())),
        query(|q| q.entity = Some("díaz".into())),
        query(|q| q.entity = Some("diaz".into())),
        query(|q| q.entity = Some("díaz ana".into())),
        query(|q| q.source = Some("Omar Haddad".into())),
        query(|q| q.source = Some("haddad omar".into())),
        query(|q| q.site = Some("rio times".into())),
        query(|q| q.site = Some("río".into())),
        query(|q| q.technique = Some(Technique::LoadedLanguage)),
        query(|q| {
            q.technique = Some(Technique::LoadedLanguage);
            q.min_confidence = 0.7;
        }),
        query(|q| q.technique = Some(Technique::Doubt)),
        // The technique's rows lead without words, the full-text candidates lead with them.
        query(|q| {
            q.technique = Some(Technique::LoadedLanguage);
            q.since = Some("2024-03-12".into());
        }),
        query(|q| {
            q.technique = Some(Technique::LoadedLanguage);
            q.words = Some("delay".into());
        }),
        query(|q| {
            q.since = Some("2024-03-12".into());
            q.until = Some("2024-03-31".into());
        }),
        query(|q| {
            q.entity = Some("ana".into());
            q.since = Some("2024-01-01".into());
            q.words = Some("delay".into());
        }),
    ];
    for q in &queries {
        let scanned: Vec<Found> = articles().iter().filter_map(|d| q.search(d)).collect();
        let searched: Vec<Found> = store.search(q).unwrap().map(|m| m.unwrap().1).collect();
        assert_eq!(searched, scanned, "{q:?}");
        assert_eq!(store.facets(q).unwrap().articles, scanned.len(), "{q:?}");
        let mut outlets = rhetor_corpus::Outlets::default();
        for doc in articles().iter().filter(|d| q.search(d).is_some()) {
            outlets.add(doc);
        }
        assert_eq!(store.outlets(q).unwrap(), outlets.rows(), "{q:?}");
    }
    assert_eq!(store.len().unwrap(), 4);
}

#[test]
fn facets_count_the_matches_per_value() {
    let dir = tempfile::tempdir().unwrap();
    let store = filled(&dir);
    let all = store.facets(&Query::default()).unwrap();
    assert_eq!(all.articles, 4);
    assert_eq!(all.techniques, [("Loaded_Language".to_string(), 4)]);
    assert_eq!(all.sites.len(), 4);
    assert_eq!(all.entities[0], ("Ana Díaz".to_string(), 1));
    assert_eq!(all.sources.len(), 4);
    let sure = Query {
        min_confidence: 0.7,
        ..Query::default()
    };
    let sure = store.facets(&sure).unwrap();
    assert_eq!(sure.articles, 4, "a confidence alone filters no article");
    assert_eq!(sure.techniques, [("Loaded_Language".to_string(), 2)]);
    let ana = Query {
        entity: Some("ana".into()),
        ..Query::default()
    };
    let ana = store.facets(&ana).unwrap();
    assert_eq!(ana.articles, 2);
    let names: Vec<&str> = ana.entities.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Ana Díaz", "Ana Lopez"]);
    assert_eq!(ana.sampled, None);

    // Over more matches than the sample, counts are estimated and scaled, the total exact.
    let loaded = Query {
        technique: Some(Technique::LoadedLanguage),
        ..Query::default()
    };
    let estimated = store.facets_sampled(&loaded, None, 2).unwrap();
    assert_eq!(estimated.articles, 4);
    assert_eq!(estimated.sampled, Some(2));
    assert_eq!(estimated.techniques, [("Loaded_Language".to_string(), 4)]);
    assert_eq!(estimated.sites.iter().map(|(_, n)| n).sum::<usize>(), 4);
}

#[test]
fn an_entity_is_summed_up_and_its_articles_listed_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = filled(&dir);
    let generation = store.generation().unwrap();
    let again = article("e", "Ana Díaz", "Cedar Post", "2024-04-20", 0.5);
    store.put(&again, digest(&again)).unwrap();
    store.commit().unwrap();
    assert_ne!(store.generation().unwrap(), generation, "a write is seen");
    let summary = store.entity("Ana Díaz").unwrap();
    assert_eq!(summary.articles, 2);
    assert_eq!(summary.labels, [("PER".to_string(), 2)]);
    assert_eq!(
        summary.months,
        [("2024-03".to_string(), 1), ("2024-04".to_string(), 1)]
    );
    assert_eq!((summary.cited_in, summary.attributions), (2, 2));
    let naming = store.naming("Ana Díaz", 0, 10).unwrap();
    let ids: Vec<&str> = naming.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["e", "a"]);
    assert_eq!(naming[0].mentions, 2);
    assert_eq!(store.naming("Ana Díaz", 1, 10).unwrap().len(), 1);
    assert_eq!(store.entity("Nobody").unwrap().articles, 0);
}

#[test]
fn a_store_of_version_1_is_brought_up_to_date_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.rhetor");
    let before = filled(&dir).outlets(&Query::default()).unwrap();
    // What version 1 wrote: no measures, no reported spans, no site index, no generation, the
    // text's words in the same full-text table as the names.
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP INDEX articles_site; DROP TABLE generation; DROP TABLE article_words; \
             DROP TABLE search; CREATE VIRTUAL TABLE search USING fts5 (words, entities, \
             sources, site, content = '', contentless_delete = 1); \
             DROP INDEX techniques_article; \
             CREATE INDEX techniques_article ON techniques (article); \
             ALTER TABLE techniques DROP COLUMN reported; \
             ALTER TABLE articles DROP COLUMN words; ALTER TABLE articles DROP COLUMN chars; \
             ALTER TABLE articles DROP COLUMN reported_chars; \
             ALTER TABLE articles DROP COLUMN attributions; \
             ALTER TABLE articles DROP COLUMN claims; \
             ALTER TABLE articles DROP COLUMN claims_from_sources; \
             PRAGMA user_version = 1;",
        )
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.outlets(&Query::default()).unwrap(), before);
    let version: i32 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, VERSION);
    assert_eq!(store.len().unwrap(), 4);
    let words = Query {
        words: Some("harbour".into()),
        entity: Some("ana".into()),
        ..Query::default()
    };
    assert_eq!(
        store.search(&words).unwrap().count(),
        2,
        "the full text is indexed again"
    );
}

#[test]
fn the_same_article_twice_changes_nothing_and_a_changed_one_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = filled(&dir);
    let doc = articles().remove(1);
    assert_eq!(store.put(&doc, digest(&doc)).unwrap(), Put::Unchanged);

    let changed = article("b", "Lena Berg", "Cedar Post", "2024-04-02", 0.9);
    assert_eq!(
        store.put(&changed, digest(&changed)).unwrap(),
        Put::Replaced
    );
    store.commit().unwrap();
    assert_eq!(store.len().unwrap(), 4);
    assert_eq!(store.get("b").unwrap().unwrap(), changed);
    let by = |name: &str| Query {
        entity: Some(name.into()),
        ..Query::default()
    };
    assert_eq!(store.search(&by("haddad")).unwrap().count(), 0);
    let found: Vec<String> = store
        .search(&by("berg"))
        .unwrap()
        .map(|m| m.unwrap().1.id)
        .collect();
    assert_eq!(found, ["b"]);
    // The replaced article keeps its place in the order.
    let all: Vec<String> = store
        .search(&Query::default())
        .unwrap()
        .map(|m| m.unwrap().0.id)
        .collect();
    assert_eq!(all, ["a", "b", "c", "d"]);
    assert!(store.get("nope").unwrap().is_none());
}

#[test]
fn committed_articles_survive_and_a_reader_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.rhetor");
    drop(filled(&dir));
    let reader = Store::open(&path).unwrap();
    assert_eq!(reader.len().unwrap(), 4);
    assert_eq!(reader.digest("a").unwrap(), Some(digest(&articles()[0])));
    assert_eq!(reader.digest("z").unwrap(), None);
    // A writer may reopen it while the reader is open.
    let mut writer = Store::create(&path).unwrap();
    let doc = article("e", "Kofi Mensah", "Accra Ledger", "2024-05-01", 0.5);
    writer.put(&doc, digest(&doc)).unwrap();
    writer.commit().unwrap();
    assert_eq!(reader.len().unwrap(), 5);
}

#[test]
fn files_that_are_not_stores_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "just some notes, long enough to be read as a header..........",
    )
    .unwrap();
    for open in [Store::open, Store::create] {
        let e = open(&text).err().expect("not a store");
        assert!(matches!(e, StoreError::NotSqlite { .. }), "{e}");
        assert!(e.to_string().contains("notes.txt"), "{e}");
    }

    let foreign = dir.path().join("other.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let e = Store::create(&foreign).err().expect("foreign");
    assert!(matches!(e, StoreError::Foreign { .. }), "{e}");

    let newer = dir.path().join("newer.rhetor");
    drop(Store::create(&newer).unwrap());
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let e = Store::open(&newer).err().expect("newer");
    assert!(matches!(e, StoreError::Newer { version: 99, .. }), "{e}");

    let missing = dir.path().join("missing.rhetor");
    let e = Store::open(&missing).err().expect("missing");
    assert!(e.to_string().contains("missing.rhetor"), "{e}");
    assert!(!missing.exists(), "reading never creates a store");
}

#[test]
fn a_damaged_article_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.rhetor");
    drop(filled(&dir));
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE articles SET doc = x'00ff' WHERE id = 'c'", [])
        .unwrap();
    let store = Store::open(&path).unwrap();
    let results: Vec<_> = store.search(&Query::default()).unwrap().collect();
    assert_eq!(results.len(), 4);
    let e = results[2].as_ref().expect_err("damaged");
    assert!(e.to_string().contains("\"c\" is damaged"), "{e}");
    assert!(store.get("c").is_err());
}

#[test]
fn digests_are_stable_and_keep_parts_apart() {
    assert_eq!(Digest::of(&[b"ab", b"c"]), Digest::of(&[b"ab", b"c"]));
    assert_ne!(Digest::of(&[b"ab", b"c"]), Digest::of(&[b"a", b"bc"]));
    // The same on every machine and run: stores keep it.
    assert_eq!(
        Digest::of(&[b"rhetor"]).0,
        199_022_010_564_953_201_113_698_259_928_597_196_707
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// A store file is user input: whatever its bytes, opening and searching it gives a result
    /// or an error, never a panic.
    #[test]
    fn any_bytes_open_without_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..8192), header in proptest::prelude::any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("random.rhetor");
        let mut bytes = bytes;
        if header {
            let mut file = b"SQLite format 3\0".to_vec();
            file.append(&mut bytes);
            bytes = file;
        }
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(store) = Store::open(&path)
            && let Ok(found) = store.search(&Query::default())
        {
            for _ in found {}
        }
    }
}
