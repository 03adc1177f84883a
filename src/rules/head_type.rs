use crate::consistency::{self, Candidate};
use crate::context::CorpusCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::heads::{Head, HeadScan};
use crate::votes::Deviation;
use crate::registry::{Rule, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    code: "C006",
    name: "head-type",
    level: Severity::Warning,
    doc: super::rule_doc!("head-type"),
};

/// A multi-token entity typed otherwise than nearly every entity that ends in the same word
/// (`Sailfish OS` as `Application` where entities ending in `OS` are `Operating_System`).
pub struct HeadType;

impl Rule for HeadType {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn uses_index(&self) -> bool {
        true
    }

    fn check_corpus(&self, cx: &CorpusCx, out: &mut Vec<Diagnostic>) {
        let Some(index) = cx.index else { return };
        let dissent = &index.heads;
        // The head hints at the type; the entity's own string, when it recurs, says more
        // (`type-conflict`): ranked below a same-string conflict of the same share.
        let confidence = |d: &Deviation<Head>| consistency::round(0.8 * d.verdict.confidence());
        out.extend(consistency::token_findings(
            cx,
            dissent,
            |d| Candidate::new(confidence(d), d.file, d.entity, d),
            |d| finding(dissent, d),
        ));
    }
}

fn finding(heads: &HeadScan, d: &Deviation<Head>) -> Diagnostic {
    let (text, label) = (&d.entity_text, &d.label);
    let (head, usual) = (&d.asked.head, &d.asked.usual);
    let (count, total) = (d.verdict.count, d.verdict.total);
    let mut diagnostic = Diagnostic::new(
        &RULE,
        d.file,
        d.entity,
        format!("`{text}` is `{label}`, but entities ending in `{head}` are `{usual}` {count} of {total} times"),
    )
    .label(format!("`{label}`"))
    .note(format!(
        "entities ending in `{head}`: `{usual}` ×{count}, other types ×{}",
        d.verdict.others()
    ))
    .help(format!(
        "annotate it `{usual}`, or keep `{label}` if `{text}` is another kind of thing"
    ));
    for (file, span) in heads.evidence(d) {
        diagnostic = diagnostic.secondary(file, span, format!("`{usual}` here"));
    }
    diagnostic
}
