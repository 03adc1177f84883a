use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::registry::{Rule, RuleMeta};
use crate::tag::{self, Tag};

pub static RULE: RuleMeta = RuleMeta {
    code: "T001",
    name: "malformed-tag",
    level: Severity::Error,
    doc: super::rule_doc!("malformed-tag"),
};

/// A tag that is neither `O` nor a scheme prefix, `-` and an entity type: `B_PER`, `b-per`,
/// `B-`, `BPER`, `B-creative-work,B-person`.
pub struct MalformedTag;

impl Rule for MalformedTag {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        for (tag, token) in cx.tags.iter().zip(&cx.sentence.tokens) {
            if *tag != Tag::Malformed {
                continue;
            }
            let spelling = cx.file.spelling;
            let diagnosis = tag::diagnose(token.tag, spelling, |label| cx.labels.uses.contains_key(label));
            let diagnostic = Diagnostic::new(&RULE, cx.file.id, token.tag_span, format!("malformed tag `{}`", token.tag))
                .label(diagnosis.problem);
            out.push(match diagnosis.suggestion {
                Some(fixed) if diagnosis.certain => {
                    diagnostic.help(format!("write `{fixed}`")).fix(Fix::safe(cx.file.id, token.tag_span, fixed))
                }
                Some(fixed) => diagnostic.help(format!("write `{fixed}`")),
                None => diagnostic.help(format!("write `O` or a tag shaped like `{}`", spelling.example())),
            });
        }
    }
}
