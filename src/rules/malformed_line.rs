use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::read::{Defect, Separator};
use crate::registry::{Rule, RuleMeta};
use crate::render::plural;
use crate::source::FileId;

pub static RULE: RuleMeta = RuleMeta {
    code: "F003",
    name: "malformed-line",
    level: Severity::Error,
    doc: super::rule_doc!("malformed-line"),
};

/// A token line whose column count differs from the file's, or whose token or tag is empty;
/// or a record its format's reader found broken (see `defect`).
pub struct MalformedLine;

impl Rule for MalformedLine {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        let expected = cx.file.layout.columns;
        for token in &cx.sentence.tokens {
            let diagnostic = if token.fields != expected {
                let (found, usual) = (plural(token.fields, "column"), plural(expected, "column"));
                Diagnostic::new(&RULE, cx.file.id, token.line, format!("line has {found}, the file has {usual}"))
                    .label(found.to_string())
                    .help(match (token.fields < expected, cx.file.layout.separator) {
                        (true, _) => "add the missing columns, or join this line with the one it was split from",
                        (false, Separator::Spaces) => "remove the extra columns; a token with spaces needs a TAB-separated file",
                        (false, Separator::Tab) => "remove the extra columns; two TABs in a row make an empty column",
                    })
            } else if token.text.is_empty() {
                Diagnostic::new(&RULE, cx.file.id, token.text_span, "empty token")
                    .label("no token before the separator")
                    .help("write the token, or remove the line")
            } else if let (true, Some(key)) = (token.tag.is_empty(), &cx.file.layout.tag_key) {
                Diagnostic::new(&RULE, cx.file.id, token.tag_span, format!("no `{key}=` entry in MISC"))
                    .label("no tag here")
                    .help(format!("add `{key}=` and the tag, `{key}=O` if the word is outside every entity"))
            } else if token.tag.is_empty() {
                Diagnostic::new(&RULE, cx.file.id, token.tag_span, "empty tag")
                    .label("no tag here")
                    .help("write the tag, `O` if the token is outside every entity")
            } else {
                continue;
            };
            out.push(diagnostic);
        }
    }
}

/// A record its reader could not take in full (a JSON line that does not parse, a tag array
/// shorter than the token array); the reader found it, this rule reports it.
pub fn defect(file: FileId, defect: &Defect) -> Diagnostic {
    Diagnostic::new(&RULE, file, defect.span, &defect.message)
        .label(&defect.label)
        .help(&defect.help)
}
