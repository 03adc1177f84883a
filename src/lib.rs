//! biolint: a fast linter for named-entity (NER) training data.
//!
//! A run reads every input once (`load`, `read`), surveys it to pick layouts and schemes
//! (`survey`, `scheme`), runs the rules of `rules/` over sentences, files and the whole
//! corpus (`engine`), and renders the findings (`render`).

pub mod baseline;
pub mod cli;
pub mod config;
pub mod consistency;
pub mod context;
pub mod convert;
pub mod diagnostic;
pub mod discover;
pub mod edges;
pub mod engine;
pub mod eval;
pub mod fix;
pub mod heads;
pub mod heap;
pub mod index;
pub mod load;
pub mod paths;
pub mod read;
pub mod recording;
pub mod registry;
pub mod render;
pub mod report;
pub mod rewrite;
pub mod rules;
pub mod scheme;
pub mod settings;
pub mod source;
pub mod suggest;
pub mod survey;
pub mod tag;
pub mod votes;
