//! `biolint report`: one self-contained HTML page for annotators.

mod labels;
mod model;
mod page;
mod sentence;

pub use model::Report;
pub use page::write;
