use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::registry::{Rule, RuleMeta};
use crate::render::plural;
use crate::tag::Tag;

pub static RULE: RuleMeta = RuleMeta {
    code: "T004",
    name: "label-variant",
    level: Severity::Warning,
    doc: super::rule_doc!("label-variant"),
};

/// A label spelled like a more frequent label of the corpus but for case or separators:
/// `protocol` beside `Protocol`, `Operating-System` beside `Operating_System`.
pub struct LabelVariant;

impl Rule for LabelVariant {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        if cx.labels.canonical.is_empty() {
            return;
        }
        for (tag, token) in cx.tags.iter().zip(&cx.sentence.tokens) {
            let Tag::Entity { prefix, label } = *tag else { continue };
            let Some(canonical) = cx.labels.canonical.get(label) else { continue };
            let variant = &cx.labels.uses[label];
            let common = &cx.labels.uses[canonical];
            let fixed = cx.file.spelling.write(prefix, canonical);
            out.push(
                Diagnostic::new(
                    &RULE,
                    cx.file.id,
                    token.tag_span,
                    format!("label `{label}` is a variant of `{canonical}`"),
                )
                .label(format!("`{label}` labels {} in the corpus", plural(variant.count, "entity")))
                .secondary(common.file, common.first, format!("`{canonical}` labels {}, first here", plural(common.count, "entity")))
                .help(format!("write `{fixed}`"))
                .fix(Fix::safe(cx.file.id, token.tag_span, fixed)),
            );
        }
    }
}
