//! The corpus store: analysed articles in one SQLite file, searched without reading them all.
//!
//! `rhetor index` writes it; `rhetor corpus --store` reads it. Each article is kept whole (its
//! `rhetor/1` JSON, zstd-compressed) beside what a search needs: a full-text index (FTS5) of its
//! words, entity names, sources and site, its publication day, and tables of its entities,
//! sources and techniques. A search narrows the articles with SQL, then [`Query::search`]
//! decides on each candidate and anchors its hits, so a store answers exactly what a scan of
//! the JSONL answers, in the order the articles were first indexed.
//!
//! Writes are grouped in transactions of at most [`COMMIT_EVERY`] articles in a write-ahead log:
//! a process killed at any moment loses only the open transaction's articles, and indexing the
//! same inputs again completes the store. Each article keeps the [`Digest`] of what it was
//! analysed from, so an input whose id and digest are stored need not be analysed again, and a
//! changed one replaces its article.

mod aggregate;
mod indexed;
mod schema;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rhetor_corpus::{Found, Query, site_of, words};
use rhetor_doc::Doc;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params, params_from_iter};

pub use aggregate::{EntitySummary, FACET_SAMPLE, FACET_VALUES, Facets, Naming};
pub use schema::VERSION;

use indexed::Indexed;

/// Articles written in one transaction at most; a transaction is also committed once it has
/// been open [`COMMIT_AFTER`]. Large transactions write each index page once for many
/// articles (256 cost indexing 10% more time).
pub const COMMIT_EVERY: usize = 2048;
const COMMIT_AFTER: Duration = Duration::from_secs(5);

/// Why a store cannot be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such store (`rhetor index --store` writes one)")]
    Missing { path: PathBuf },
    #[error("{path}: not a SQLite database, so not a rhetor store")]
    NotSqlite { path: PathBuf },
    #[error("{path}: a database of another application, not a rhetor store")]
    Foreign { path: PathBuf },
    #[error(
        "{path}: written by a newer rhetor (store version {version}; this rhetor reads version \
         {VERSION}): use that rhetor, or index the articles into a new store"
    )]
    Newer { path: PathBuf, version: i32 },
    #[error("{path}: article {id:?} is damaged: {message}")]
    Article {
        path: PathBuf,
        id: String,
        message: String,
    },
    /// Any other SQLite error; its message is the whole story (no source chain repeats it).
    #[error("{path}: {cause}")]
    Sqlite {
        path: PathBuf,
        cause: rusqlite::Error,
    },
}

impl StoreError {
    fn sqlite(path: &Path, cause: rusqlite::Error) -> Self {
        if schema::not_a_database(&cause) {
            return StoreError::NotSqlite {
                path: path.to_path_buf(),
            };
        }
        StoreError::Sqlite {
            path: path.to_path_buf(),
            cause,
        }
    }
}

/// What an input was analysed from, hashed: the same on every run and machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest(u128);

impl Digest {
    /// The digest of several byte strings, each length-prefixed so that no two lists of parts
    /// run together alike.
    pub fn of(parts: &[&[u8]]) -> Digest {
        let mut hasher = twox_hash::XxHash3_128::new();
        for part in parts {
            hasher.write(&(part.len() as u64).to_le_bytes());
            hasher.write(part);
        }
        Digest(hasher.finish_128())
    }

    fn bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }
}

impl std::fmt::Display for Digest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

/// An article made ready to store, on any thread: its document compressed and what the
/// search tables take from it. [`Store::put_prepared`] writes it.
pub struct Prepared {
    id: String,
    digest: Digest,
    title: Option<String>,
    site: String,
    url: Option<String>,
    day: Option<String>,
    packed: Vec<u8>,
    indexed: Indexed,
}

impl Prepared {
    /// `doc`, analysed from an input whose digest is `digest`, ready to store.
    pub fn new(doc: &Doc, digest: Digest) -> Result<Prepared, std::io::Error> {
        let mut json = Vec::new();
        rhetor_doc::json::write_line(doc, &mut json)?;
        Ok(Prepared {
            id: doc.id.clone(),
            digest,
            title: doc.meta.title.clone(),
            site: site_of(doc),
            url: doc.meta.url.clone(),
            day: doc.meta.reference_date().map(str::to_string),
            packed: compress(&json)?,
            indexed: Indexed::of(doc),
        })
    }
}

/// `json` compressed by this thread's compressor: a compressor's tables are made once per
/// thread, not once per article.
fn compress(json: &[u8]) -> std::io::Result<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|kept| {
        let compressor = match kept {
            Some(c) => c,
            None => kept.insert(zstd::bulk::Compressor::new(COMPRESSION_LEVEL)?),
        };
        compressor.compress(json)
    })
}

/// zstd's level for stored documents: their JSON shrinks about threefold, faster than at the
/// default level 3 for a store 1% larger.
const COMPRESSION_LEVEL: i32 = 1;

/// What [`Store::put`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Put {
    Added,
    /// An article with the same id and another digest was replaced.
    Replaced,
    /// An article with the same id and digest is stored already.
    Unchanged,
}

/// One store file, open for reading or for writing.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// When the open write transaction began, and how many articles it holds.
    open: Option<(Instant, usize)>,
}

impl Store {
    /// Opens the store at `path` for writing, creating it if the file does not exist or is empty,
    /// and bringing a store of an earlier version up to this one.
    pub fn create(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|e| StoreError::sqlite(path, e))?;
        ready(&conn).map_err(|e| StoreError::sqlite(path, e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            open: None,
        };
        store
            .conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| store.error(e))?;
        let layout = schema::prepare(&store.conn, path, true)?;
        if layout == schema::Layout::Extended {
            store.rewrite_all()?;
        }
        // A writer's page cache of 64 MB keeps the hot pages of the name indexes in memory.
        store
            .conn
            .execute_batch(
                "COMMIT; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA cache_size = -65536;",
            )
            .map_err(|e| store.error(e))?;
        Ok(store)
    }

    /// Opens an existing store for reading only (a store of an earlier version is brought up to
    /// this one first).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| StoreError::sqlite(path, e))?;
        ready(&conn).map_err(|e| StoreError::sqlite(path, e))?;
        // Readers map the file: pages come from the system's cache, not a copy per connection.
        conn.pragma_update(None, "mmap_size", 1i64 << 30)
            .map_err(|e| StoreError::sqlite(path, e))?;
        if schema::prepare(&conn, path, false)? == schema::Layout::Earlier {
            drop(conn);
            drop(Store::create(path)?);
            return Store::open(path);
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            open: None,
        })
    }

    /// Writes every article again from its stored document, filling the tables that an earlier
    /// version lacked.
    fn rewrite_all(&self) -> Result<(), StoreError> {
        let articles: Vec<(i64, String, Vec<u8>)> = self
            .conn
            .prepare("SELECT rowid, id, digest FROM articles ORDER BY rowid")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            })
            .map_err(|e| self.error(e))?;
        for (article, id, digest) in articles {
            let doc = self.load(article)?;
            let digest = <[u8; 16]>::try_from(digest)
                .map(|b| Digest(u128::from_le_bytes(b)))
                .map_err(|_| StoreError::Article {
                    path: self.path.clone(),
                    id,
                    message: "its digest is not 16 bytes".into(),
                })?;
            let prepared = Prepared::new(&doc, digest).map_err(|e| StoreError::Article {
                path: self.path.clone(),
                id: doc.id.clone(),
                message: e.to_string(),
            })?;
            self.write(&prepared, Some(article))
                .map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// A number that changes whenever articles are written: answers computed from the store
    /// can be kept until it changes.
    pub fn generation(&self) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached("SELECT n FROM generation")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(|e| self.error(e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    /// How many articles the store holds (counting those of the open transaction).
    pub fn len(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.error(e))
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.len().map(|n| n == 0)
    }

    /// The digest stored with the article `id`, if there is one.
    pub fn digest(&self, id: &str) -> Result<Option<Digest>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT digest FROM articles WHERE id = ?1")
            .map_err(|e| self.error(e))?;
        let bytes: Option<Vec<u8>> = stmt
            .query_row([id], |r| r.get(0))
            .optional()
            .map_err(|e| self.error(e))?;
        Ok(bytes
            .and_then(|b| <[u8; 16]>::try_from(b).ok())
            .map(|b| Digest(u128::from_le_bytes(b))))
    }

    /// Stores `doc`, analysed from an input whose digest is `digest`, unless the same article is
    /// stored already. Commits every [`COMMIT_EVERY`] articles; call [`Store::commit`] at the end.
    pub fn put(&mut self, doc: &Doc, digest: Digest) -> Result<Put, StoreError> {
        let prepared = Prepared::new(doc, digest).map_err(|e| StoreError::Article {
            path: self.path.clone(),
            id: doc.id.clone(),
            message: e.to_string(),
        })?;
        self.put_prepared(&prepared)
    }

    /// [`Store::put`] for an article prepared beforehand (on another thread).
    pub fn put_prepared(&mut self, article: &Prepared) -> Result<Put, StoreError> {
        let stored: Option<(i64, Vec<u8>)> = self
            .conn
            .prepare_cached("SELECT rowid, digest FROM articles WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([&article.id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(|e| self.error(e))?;
        let existing = match stored {
            Some((_, bytes)) if bytes == article.digest.bytes() => return Ok(Put::Unchanged),
            Some((rowid, _)) => Some(rowid),
            None => None,
        };
        self.begin()?;
        let put = self.write(article, existing).map_err(|e| self.error(e))?;
        if let Some((since, count)) = &mut self.open {
            *count += 1;
            if *count >= COMMIT_EVERY || since.elapsed() >= COMMIT_AFTER {
                self.commit()?;
            }
        }
        Ok(put)
    }

    fn begin(&mut self) -> Result<(), StoreError> {
        if self.open.is_none() {
            self.conn
                .execute_batch("BEGIN IMMEDIATE; UPDATE generation SET n = n + 1;")
                .map_err(|e| self.error(e))?;
            self.open = Some((Instant::now(), 0));
        }
        Ok(())
    }

    /// Makes every article put so far durable.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        if self.open.take().is_some() {
            self.conn
                .execute_batch("COMMIT")
                .map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Writes `article` as a new article, or over the article `existing`.
    fn write(&self, article: &Prepared, existing: Option<i64>) -> rusqlite::Result<Put> {
        let conn = &self.conn;
        let Prepared {
            id,
            digest,
            title,
            site,
            url,
            day,
            packed,
            indexed,
        } = article;
        let m = &indexed.measures;
        let measures = [
            m.words,
            m.chars,
            m.reported_chars,
            m.attributions,
            m.claims,
            m.claims_from_sources,
        ]
        .map(|n| n as i64);
        let (article, put) =
            match existing {
                Some(rowid) => {
                    for table in ["entities", "sources", "techniques"] {
                        conn.prepare_cached(&format!("DELETE FROM {table} WHERE article = ?1"))?
                            .execute([rowid])?;
                    }
                    for table in ["search", "article_words"] {
                        conn.prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?
                            .execute([rowid])?;
                    }
                    conn.prepare_cached(
                    "UPDATE articles SET digest = ?2, title = ?3, site = ?4, url = ?5, day = ?6, \
                     doc = ?7, words = ?8, chars = ?9, reported_chars = ?10, attributions = ?11, \
                     claims = ?12, claims_from_sources = ?13 WHERE rowid = ?1",
                )?
                .execute(params![rowid, digest.bytes(), title, site, url, day, packed,
                    measures[0], measures[1], measures[2], measures[3], measures[4], measures[5]])?;
                    (rowid, Put::Replaced)
                }
                None => {
                    conn.prepare_cached(
                        "INSERT INTO articles (id, digest, title, site, url, day, doc, words, \
                         chars, reported_chars, attributions, claims, claims_from_sources) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                    )?
                    .execute(params![
                        id,
                        digest.bytes(),
                        title,
                        site,
                        url,
                        day,
                        packed,
                        measures[0],
                        measures[1],
                        measures[2],
                        measures[3],
                        measures[4],
                        measures[5]
                    ])?;
                    (conn.last_insert_rowid(), Put::Added)
                }
            };
        let mut entity = conn.prepare_cached(
            "INSERT INTO entities (article, name, label, mentions, confidence) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (name, label, mentions, confidence) in &indexed.entity_rows {
            entity.execute(params![article, name, label, *mentions as i64, confidence])?;
        }
        let mut source = conn.prepare_cached(
            "INSERT INTO sources (article, name, attributions, confidence) \
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (name, count, confidence) in &indexed.source_rows {
            source.execute(params![article, name, *count as i64, confidence])?;
        }
        let mut technique = conn.prepare_cached(
            "INSERT INTO techniques (article, technique, spans, confidence, reported) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (label, count, confidence, reported) in &indexed.technique_rows {
            technique.execute(params![
                article,
                label,
                *count as i64,
                confidence,
                *reported as i64
            ])?;
        }
        conn.prepare_cached(
            "INSERT INTO search (rowid, entities, sources, site) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            article,
            indexed.entities,
            indexed.sources,
            indexed.site
        ])?;
        conn.prepare_cached("INSERT INTO article_words (rowid, words) VALUES (?1, ?2)")?
            .execute(params![article, indexed.words])?;
        Ok(put)
    }

    /// The article `id`, if the store holds it.
    pub fn get(&self, id: &str) -> Result<Option<Doc>, StoreError> {
        let row: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT doc FROM articles WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.error(e))?;
        row.map(|packed| self.unpack(id, &packed)).transpose()
    }

    /// The articles that match `query`, each with its hits, in the order they were first
    /// indexed.
    pub fn search<'s>(&'s self, query: &'s Query) -> Result<Matches<'s>, StoreError> {
        let candidates = self.candidates(query)?;
        Ok(self.matches(query, candidates))
    }

    /// The articles among `candidates` (of `query`) that match it: [`Store::search`] for
    /// candidates that also serve other answers, such as [`Store::facets_of`].
    pub fn matches<'s>(&'s self, query: &'s Query, candidates: Candidates) -> Matches<'s> {
        Matches {
            store: self,
            query,
            candidates: candidates.rows.into_iter(),
        }
    }

    /// The articles that may match `query`: every criterion the tables can answer, none left
    /// out; those that match are among them.
    pub fn candidates(&self, query: &Query) -> Result<Candidates, StoreError> {
        let rows = self.candidate_rows(query).map_err(|e| self.error(e))?;
        Ok(Candidates { rows })
    }

    fn candidate_rows(&self, query: &Query) -> rusqlite::Result<Vec<i64>> {
        let mut sql = String::from("SELECT rowid FROM articles AS a WHERE 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        // Full-text criteria: each word of `words` anywhere in the text, each other criterion
        // as a phrase within one name.
        let mut words_wanted = Vec::new();
        let mut names_wanted = Vec::new();
        let criteria = [
            (&query.entity, "entities"),
            (&query.source, "sources"),
            (&query.site, "site"),
        ];
        if let Some(wanted) = &query.words {
            words_wanted.extend(words(wanted).iter().map(|w| format!("\"{w}\"")));
            // A criterion without words matches nothing, as in a scan.
            if words_wanted.is_empty() {
                return Ok(Vec::new());
            }
        }
        for (wanted, column) in criteria {
            if let Some(wanted) = wanted {
                let wanted = words(wanted);
                if wanted.is_empty() {
                    return Ok(Vec::new());
                }
                names_wanted.push(format!("{column} : \"{}\"", wanted.join(" ")));
            }
        }
        for (table, wanted) in [("article_words", words_wanted), ("search", names_wanted)] {
            if !wanted.is_empty() {
                sql.push_str(&format!(
                    " AND a.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"
                ));
                args.push(wanted.join(" AND ").into());
            }
        }
        if let Some(technique) = query.technique {
            let full_text = !args.is_empty();
            sql.push_str(if full_text {
                // Looked up per full-text candidate by its article: without INDEXED BY, SQLite
                // would rather scan the technique's every row for each candidate.
                " AND EXISTS (SELECT 1 FROM techniques AS t INDEXED BY techniques_article \
                 WHERE t.article = a.rowid AND t.technique = ? AND t.confidence >= ?)"
            } else {
                // Else the technique's rows above the confidence lead, so that a rare technique
                // is found without visiting every article.
                " AND a.rowid IN (SELECT article FROM techniques \
                 WHERE technique = ? AND confidence >= ?)"
            });
            args.push(technique.label().to_string().into());
            args.push(f64::from(query.min_confidence).into());
        }
        for (day, op) in [(&query.since, ">="), (&query.until, "<=")] {
            if let Some(day) = day {
                sql.push_str(&format!(" AND a.day {op} ?"));
                args.push(day.clone().into());
            }
        }
        sql.push_str(" ORDER BY a.rowid");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| r.get(0))?;
        rows.collect()
    }

    fn load(&self, article: i64) -> Result<Doc, StoreError> {
        let (id, packed): (String, Vec<u8>) = self
            .conn
            .prepare_cached("SELECT id, doc FROM articles WHERE rowid = ?1")
            .and_then(|mut s| s.query_row([article], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(|e| self.error(e))?;
        self.unpack(&id, &packed)
    }

    fn unpack(&self, id: &str, packed: &[u8]) -> Result<Doc, StoreError> {
        let damaged = |message: String| StoreError::Article {
            path: self.path.clone(),
            id: id.to_string(),
            message,
        };
        let json = zstd::stream::decode_all(packed).map_err(|e| damaged(e.to_string()))?;
        let json = String::from_utf8(json).map_err(|e| damaged(e.to_string()))?;
        rhetor_doc::json::from_str(&json).map_err(|e| damaged(e.to_string()))
    }
}

/// Waits for a writer rather than failing, and adds `rarray()`, the table of a list of values
/// that answers over a query's candidates use.
fn ready(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    rusqlite::vtab::array::load_module(conn)
}

impl Drop for Store {
    /// Commits what was put: an error is dropped here, so writers call [`Store::commit`].
    fn drop(&mut self) {
        let _ = self.commit();
    }
}

/// The articles that may match a query (see [`Store::candidates`]), in the order they were
/// first indexed.
#[derive(Clone, Debug)]
pub struct Candidates {
    rows: Vec<i64>,
}

/// The articles a search found, loaded one at a time.
pub struct Matches<'s> {
    store: &'s Store,
    query: &'s Query,
    candidates: std::vec::IntoIter<i64>,
}

impl Iterator for Matches<'_> {
    type Item = Result<(Doc, Found), StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        for article in self.candidates.by_ref() {
            match self.store.load(article) {
                Ok(doc) => {
                    if let Some(found) = self.query.search(&doc) {
                        return Some(Ok((doc, found)));
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
