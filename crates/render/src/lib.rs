//! Human-readable reports of analysed documents.
//!
//! [`markdown`] writes a plain report; [`html`] a self-contained page (inline CSS and script, no
//! external assets) that shows the article with the spans of every layer highlighted and a
//! switch per layer. Both render whatever layers a [`Doc`](rhetor_doc::Doc) has.

pub mod html;
pub mod markdown;

mod marks;
