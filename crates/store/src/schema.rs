//! The store's tables, and the checks that a file is a store this rhetor can read.

use std::path::Path;

use rusqlite::{Connection, ErrorCode};

use crate::StoreError;

/// `PRAGMA application_id` of a rhetor store: "rhtr".
const APPLICATION_ID: i32 = 0x7268_7472;

/// The layout this rhetor writes and reads (`PRAGMA user_version`).
pub const VERSION: i32 = 2;

/// The full-text columns hold [`rhetor_corpus::words`] joined by spaces, and queries are built
/// from the same words, so the tokenizer must only split at spaces: every category but spaces
/// and controls is part of a token, and case folding, applied alike to both, keeps equal words
/// equal. A search thus finds every article a scan would (then [`rhetor_corpus::Query`]
/// decides).
const TABLES: &str = "
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest BLOB NOT NULL,
    title TEXT,
    site TEXT NOT NULL,
    url TEXT,
    day TEXT,
    doc BLOB NOT NULL,
    words INTEGER NOT NULL DEFAULT 0,
    chars INTEGER NOT NULL DEFAULT 0,
    reported_chars INTEGER NOT NULL DEFAULT 0,
    attributions INTEGER NOT NULL DEFAULT 0,
    claims INTEGER NOT NULL DEFAULT 0,
    claims_from_sources INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_day ON articles (day);
CREATE INDEX articles_site ON articles (site);
CREATE TABLE entities (
    article INTEGER NOT NULL,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX entities_article ON entities (article);
CREATE INDEX entities_name ON entities (name);
CREATE TABLE sources (
    article INTEGER NOT NULL,
    name TEXT NOT NULL,
    attributions INTEGER NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX sources_article ON sources (article);
CREATE INDEX sources_name ON sources (name);
CREATE TABLE techniques (
    article INTEGER NOT NULL,
    technique TEXT NOT NULL,
    spans INTEGER NOT NULL,
    confidence REAL NOT NULL,
    reported INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX techniques_article ON techniques (article, technique);
CREATE INDEX techniques_technique ON techniques (technique, confidence);
CREATE TABLE generation (n INTEGER NOT NULL);
INSERT INTO generation VALUES (0);
";

/// The full-text tables: the names (phrases, so positions are kept), and each article's words,
/// each once and without positions, since a search asks only whether every word is there (a
/// fraction of the work and the size of a positional index of the text).
const FULL_TEXT: &str = "
CREATE VIRTUAL TABLE search USING fts5 (
    entities, sources, site,
    content = '', contentless_delete = 1,
    tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co'\"
);
CREATE VIRTUAL TABLE article_words USING fts5 (
    words,
    content = '', contentless_delete = 1, detail = none,
    tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co'\"
);
";

/// What version 1 lacked: the measures of each article that outlets are compared by, the
/// technique spans a report shows, a site index and a counter of writes.
const FROM_VERSION_1: &str = "
ALTER TABLE articles ADD COLUMN words INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN chars INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN reported_chars INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN attributions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN claims_from_sources INTEGER NOT NULL DEFAULT 0;
ALTER TABLE techniques ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;
DROP INDEX techniques_article;
CREATE INDEX techniques_article ON techniques (article, technique);
CREATE INDEX articles_site ON articles (site);
CREATE TABLE generation (n INTEGER NOT NULL);
INSERT INTO generation VALUES (0);
DROP TABLE search;
PRAGMA user_version = 2;
";

/// What [`prepare`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Layout {
    Current,
    /// A store of version 1: its tables are extended, and every article must be written again
    /// to fill them (see [`crate::Store::create`]).
    Extended,
    /// A store of an earlier version, left as it is (the connection is read-only).
    Earlier,
}

/// Checks that `conn` is a rhetor store of a version this rhetor reads; an empty database
/// becomes one when `create` is set, and an earlier version is extended to this one. A writer
/// calls it inside a transaction, so that a store is created or extended whole or not at all.
pub fn prepare(conn: &Connection, path: &Path, create: bool) -> Result<Layout, StoreError> {
    let sqlite = |e| StoreError::sqlite(path, e);
    let application: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sqlite)?;
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    let foreign = || StoreError::Foreign {
        path: path.to_path_buf(),
    };
    match application {
        APPLICATION_ID if version > VERSION => Err(StoreError::Newer {
            path: path.to_path_buf(),
            version,
        }),
        APPLICATION_ID if version == VERSION => Ok(Layout::Current),
        APPLICATION_ID if !create => Ok(Layout::Earlier),
        APPLICATION_ID if version == 1 => {
            conn.execute_batch(FROM_VERSION_1).map_err(sqlite)?;
            conn.execute_batch(FULL_TEXT).map_err(sqlite)?;
            Ok(Layout::Extended)
        }
        APPLICATION_ID => Err(foreign()),
        0 => {
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(sqlite)?;
            if tables > 0 || !create {
                return Err(foreign());
            }
            conn.execute_batch(&format!(
                "{TABLES} {FULL_TEXT} PRAGMA application_id = {APPLICATION_ID}; \
                 PRAGMA user_version = {VERSION};"
            ))
            .map_err(sqlite)?;
            Ok(Layout::Current)
        }
        _ => Err(foreign()),
    }
}

/// Whether SQLite's error says the file is not a database at all.
pub fn not_a_database(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::NotADatabase)
}
