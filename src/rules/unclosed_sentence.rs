use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::read::Format;
use crate::registry::{Rule, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "F004",
    name: "unclosed-sentence",
    level: Severity::Error,
    doc: super::rule_doc!("unclosed-sentence"),
};

/// In the `<s>` block format: a `<s>` without `</s>`, a `</s>` without `<s>`, or token lines
/// outside any block.
pub struct UnclosedSentence;

impl Rule for UnclosedSentence {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        if cx.file.layout.format != Format::Blocks {
            return;
        }
        let s = cx.sentence;
        let id = cx.file.id;
        let diagnostic = match (s.open, s.close) {
            (Some(_), Some(_)) => return,
            (Some(open), None) => {
                let d = Diagnostic::new(&RULE, id, open, "`<s>` is never closed")
                    .label("block opened here")
                    .help("add a `</s>` line after the sentence's last token");
                match s.tokens.last() {
                    Some(last) => d.secondary(id, last.line, "the block's last token; `</s>` is missing after it"),
                    None => d,
                }
            }
            (None, Some(close)) => {
                let d = Diagnostic::new(&RULE, id, close, "`</s>` closes no `<s>`").label("nothing to close");
                match s.tokens.first() {
                    Some(first) => d
                        .secondary(id, first.line, "the sentence starts here without `<s>`")
                        .help("add a `<s>` line before the sentence's first token"),
                    None => d.help("remove the line"),
                }
            }
            (None, None) => {
                // The format layer yields such a sentence only for token lines between blocks.
                let Some(first) = s.tokens.first() else { return };
                let count = s.tokens.len();
                let lines = if count == 1 { "1 token line".to_string() } else { format!("{count} token lines") };
                Diagnostic::new(&RULE, id, first.line, format!("{lines} outside any `<s>` block"))
                    .label("outside a block")
                    .help("wrap the sentence in `<s>` and `</s>` lines")
            }
        };
        out.push(diagnostic);
    }
}
