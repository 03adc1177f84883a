//! The rule table: every rule's code, name, default level and documentation page.

use crate::context::{CorpusCx, FileCx, SentenceCx};
use crate::diagnostic::{Diagnostic, Severity};

/// What identifies a rule. Codes are stable and never reused; names are kebab-case.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub level: Severity,
    /// The rule's page from `rules/`, embedded at build time.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The one-line summary: the first `> ` quote line of the page.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .find_map(|l| l.strip_prefix("> "))
            .unwrap_or("")
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &RuleMeta) -> bool {
        self.code == other.code
    }
}

/// A rule looks at one level of the corpus: a sentence, a file, or the whole run.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check_sentence(&self, _cx: &SentenceCx, _out: &mut Vec<Diagnostic>) {}
    fn check_file(&self, _cx: &FileCx, _out: &mut Vec<Diagnostic>) {}
    fn check_corpus(&self, _cx: &CorpusCx, _out: &mut Vec<Diagnostic>) {}
    /// Whether the rule reads the corpus index (`CorpusCx::index`), which is built only then.
    fn uses_index(&self) -> bool {
        false
    }
}

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    crate::rules::ALL
}

/// Finds a rule by code (`T001`, any case) or name (`invalid-continuation`).
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    all()
        .iter()
        .map(|r| r.meta())
        .find(|m| m.code.eq_ignore_ascii_case(key) || m.name == key)
}
