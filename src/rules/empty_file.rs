use crate::context::FileCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{Rule, RuleMeta};
use crate::source::Span;

pub static RULE: RuleMeta = RuleMeta {
    code: "F002",
    name: "empty-file",
    level: Severity::Error,
    doc: super::rule_doc!("empty-file"),
};

/// A file with no token at all: empty, blank, or only comments, `-DOCSTART-` lines and empty
/// `<s>` `</s>` blocks.
pub struct EmptyFile;

impl Rule for EmptyFile {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_file(&self, cx: &FileCx, out: &mut Vec<Diagnostic>) {
        if cx.tokens == 0 {
            let start = cx.source.body_start();
            out.push(
                Diagnostic::new(&RULE, cx.id, Span::new(start, start), "the file holds no sentence")
                    .help("add the annotated sentences, or remove the file"),
            );
        }
    }
}
