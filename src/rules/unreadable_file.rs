use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Unreadable;
use crate::registry::{Rule, RuleMeta};
use crate::source::FileId;

pub static RULE: RuleMeta = RuleMeta {
    code: "F001",
    name: "unreadable-file",
    level: Severity::Error,
    doc: super::rule_doc!("unreadable-file"),
};

/// Reported by the loader, not by a check: a file that is missing, binary, not UTF-8, or holds
/// no tag column. The rest of the corpus is still linted; the run exits with code 2.
pub struct UnreadableFile;

impl Rule for UnreadableFile {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }
}

pub fn diagnostic(file: FileId, problem: &Unreadable) -> Diagnostic {
    let diagnostic = Diagnostic::new(&RULE, file, problem.at.unwrap_or_default(), &problem.message)
        .note("the file was skipped; the other files were linted");
    let diagnostic = match problem.at {
        Some(_) => diagnostic.label("here"),
        None => diagnostic,
    };
    match problem.help {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}
