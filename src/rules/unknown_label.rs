use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{Rule, RuleMeta};
use crate::suggest::did_you_mean;
use crate::tag::Tag;

pub static RULE: RuleMeta = RuleMeta {
    code: "T006",
    name: "unknown-label",
    level: Severity::Error,
    doc: super::rule_doc!("unknown-label"),
};

/// A tag whose entity type is not one of the `labels` of the configuration. Silent when no
/// `labels` are configured.
pub struct UnknownLabel;

impl Rule for UnknownLabel {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        let Some(allowed) = &cx.file.settings.labels else { return };
        for (tag, token) in cx.tags.iter().zip(&cx.sentence.tokens) {
            let Tag::Entity { prefix, label } = *tag else { continue };
            if allowed.contains(label) {
                continue;
            }
            let diagnostic = Diagnostic::new(
                &RULE,
                cx.file.id,
                token.tag_span,
                format!("label `{label}` is not one of the configured labels"),
            )
            .label("unknown label");
            out.push(match did_you_mean(label, allowed.iter().map(String::as_str)) {
                Some(known) => diagnostic.help(format!("did you mean `{}-{known}`?", prefix.letter())),
                None => diagnostic.help(format!("add `{label}` to `labels` in the configuration if it is meant")),
            });
        }
    }
}
