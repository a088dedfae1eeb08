//! Human-readable reports of analysed documents.
//!
//! [`markdown`] writes a plain report; [`html`] a self-contained page (inline CSS and script, no
//! external assets) that shows the article with the spans of every layer highlighted and a
//! switch per layer. Both render whatever layers a [`Doc`](rhetor_doc::Doc) has.

pub mod html;
pub mod markdown;

mod marks;

use rhetor_doc::{Doc, TimelineEvent};

/// Who reports a timeline event: the source of the attribution whose content holds it ("" when
/// the article states it in its own voice, "unnamed source" when the attribution names none).
fn speaker<'a>(doc: &'a Doc, event: &TimelineEvent) -> &'a str {
    let attribution = event
        .speaker
        .and_then(|i| doc.layers.attributions.as_ref()?.get(i));
    match attribution {
        None => "",
        Some(a) => a.source.map_or("unnamed source", |s| doc.slice(s)),
    }
}
