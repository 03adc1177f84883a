//! What rules see: one sentence, one file, or the whole run, with the facts gathered so far.

use crate::consistency::settings::ConsistencySettings;
use crate::index::CorpusIndex;
use crate::read::{Layout, Sentence};
use crate::scheme::{Entity, Evidence, Scheme};
use crate::settings::Settings;
use crate::source::{FileId, SourceFile, Span};
use crate::tag::{Spelling, Tag};
use std::collections::HashMap;

/// How the scheme of a file was chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SchemeSource {
    /// Inferred from the file's tags; the share of entities that fit it.
    Detected { confidence: f64 },
    /// Set by `--scheme` or the configuration.
    Forced,
}

/// A readable file and what the first pass learned about it.
pub struct FileCx<'a> {
    pub id: FileId,
    pub source: &'a SourceFile,
    /// The settings for this file (with the overrides that match its path).
    pub settings: &'a Settings,
    pub layout: Layout,
    pub spelling: Spelling,
    pub scheme: Scheme,
    pub scheme_source: SchemeSource,
    pub evidence: Evidence,
    pub sentences: u64,
    pub tokens: u64,
    /// Tokens tagged `-` (not annotated).
    pub missing: u64,
    /// Document boundaries (`-DOCSTART-` lines, `# newdoc` comments), in file order.
    pub documents: Vec<Span>,
}

/// How many entities of the corpus have a label, and where the first one is.
#[derive(Clone, Debug)]
pub struct LabelUse {
    pub count: u64,
    pub file: FileId,
    pub first: Span,
}

/// Label spellings that differ only in case or separators from a more frequent one.
#[derive(Default)]
pub struct LabelVariants {
    /// variant -> canonical spelling.
    pub canonical: HashMap<String, String>,
    pub uses: HashMap<String, LabelUse>,
}

/// Sentence rules run while the corpus is surveyed: `file` has a guessed scheme and no counts
/// yet, and `labels` is empty. The engine lints a chunk again where the final scheme differs or
/// its labels or malformed tags make the corpus labels matter (`engine::Guess`); a sentence
/// rule that reads more of what the survey learns must be added there.
pub struct SentenceCx<'s, 'a> {
    pub file: &'s FileCx<'a>,
    pub sentence: &'s Sentence<'a>,
    /// Parsed tag of every token.
    pub tags: &'s [Tag<'a>],
    /// Entities decoded from `tags`.
    pub entities: &'s [Entity<'a>],
    pub labels: &'s LabelVariants,
}

pub struct CorpusCx<'s, 'a> {
    pub files: &'s [&'s FileCx<'a>],
    /// Built when an enabled rule `uses_index`.
    pub index: Option<&'s CorpusIndex>,
    pub consistency: &'s ConsistencySettings,
}
