//! Human-readable reports of analysed documents.
//!
//! [`markdown`] writes a plain report; [`html`] a self-contained page (inline CSS and script, no
//! external assets) that shows the article with the spans of every layer highlighted and a
//! switch per layer. Both render whatever layers a [`Doc`](rhetor_doc::Doc) has.

pub mod html;
pub mod markdown;

mod marks;

use rhetor_doc::{Claim, Doc, Speaker, TimelineEvent};

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

/// Who makes a claim: the cited source, or the article's author(s).
fn claimant(doc: &Doc, claim: &Claim) -> String {
    match claim.speaker {
        Speaker::Attribution(i) => doc
            .layers
            .attributions
            .as_ref()
            .and_then(|a| a.get(i))
            .and_then(|a| a.source)
            .map_or("unnamed source".to_string(), |s| doc.slice(s).to_string()),
        Speaker::Author if doc.meta.authors.is_empty() => "the author".to_string(),
        Speaker::Author => format!("the author ({})", doc.meta.authors.join(", ")),
    }
}

/// The claims, most check-worthy first.
fn ranked_claims(doc: &Doc) -> Vec<&Claim> {
    let mut claims: Vec<&Claim> = doc.layers.claims.iter().flatten().collect();
    claims.sort_by(|a, b| b.checkworthy.total_cmp(&a.checkworthy));
    claims
}
