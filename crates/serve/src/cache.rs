//! Answers counted over many articles (facets, outlets), kept until the store is written to:
//! the first page of an unfiltered search and the outlets page count the whole store once, not
//! on every request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rhetor_store::Store;

use crate::Failure;

/// The most answers kept; all are dropped when it is reached.
const KEPT: usize = 256;

struct Kept<T> {
    generation: i64,
    answers: HashMap<String, Arc<T>>,
}

/// Answers of one kind, each under the key of its question.
pub struct Cache<T>(Mutex<Kept<T>>);

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache(Mutex::new(Kept {
            generation: i64::MIN,
            answers: HashMap::new(),
        }))
    }
}

impl<T> Cache<T> {
    /// The answer to `key` as of the store's present generation, computed if not kept.
    pub fn get_or(
        &self,
        store: &Store,
        key: String,
        compute: impl FnOnce(&Store) -> Result<T, Failure>,
    ) -> Result<Arc<T>, Failure> {
        let generation = store.generation()?;
        if let Ok(kept) = self.0.lock()
            && kept.generation == generation
            && let Some(answer) = kept.answers.get(&key)
        {
            return Ok(Arc::clone(answer));
        }
        let answer = Arc::new(compute(store)?);
        if let Ok(mut kept) = self.0.lock() {
            if kept.generation != generation || kept.answers.len() >= KEPT {
                kept.answers.clear();
                kept.generation = generation;
            }
            kept.answers.insert(key, Arc::clone(&answer));
        }
        Ok(answer)
    }
}
