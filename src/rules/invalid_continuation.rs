use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{Rule, RuleMeta};
use crate::scheme::Scheme;
use crate::tag::{Prefix, Tag};

pub static RULE: RuleMeta = RuleMeta {
    code: "T002",
    name: "invalid-continuation",
    level: Severity::Error,
    doc: super::rule_doc!("invalid-continuation"),
};

/// A continuation tag (`I-X`; `E-X` too in BIOES) that continues nothing: at the start of the
/// sentence, after `O`, after an entity of another type, or after the end of an entity.
/// IOB1 has no such error: there `I-X` after `O` starts an entity.
pub struct InvalidContinuation;

impl Rule for InvalidContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        let scheme = cx.file.scheme;
        let tokens = &cx.sentence.tokens;
        for (i, tag) in cx.tags.iter().enumerate() {
            let Tag::Entity { prefix, label } = *tag else { continue };
            if !scheme.is_continuation(prefix) {
                continue;
            }
            let previous = i.checked_sub(1).map(|p| (cx.tags[p], &tokens[p]));
            let why = match previous {
                Some((Tag::Entity { prefix: p, label: l }, _)) if l == label && scheme.leaves_open(p) => continue,
                None => "it starts the sentence".to_string(),
                Some((Tag::Outside, _)) => "it follows `O`".to_string(),
                Some((Tag::Entity { prefix: p, label: l }, _)) if l == label => {
                    format!("it follows `{}-{l}`, which ends the entity", p.letter())
                }
                Some((Tag::Entity { label: l, .. }, _)) => format!("it follows an entity of type `{l}`"),
                Some((Tag::Empty | Tag::Malformed, _)) => "it follows a malformed tag".to_string(),
            };
            let tag_text = tokens[i].tag;
            let mut diagnostic = Diagnostic::new(
                &RULE,
                cx.file.id,
                tokens[i].tag_span,
                format!("`{tag_text}` continues nothing: {why}"),
            )
            .label("continues no entity")
            .help(format!("start the entity with `{}`", repair(scheme, prefix, label, cx.tags.get(i + 1))));
            if let Some((_, token)) = previous {
                diagnostic = diagnostic.secondary(cx.file.id, token.tag_span, "previous tag");
            }
            out.push(diagnostic);
        }
    }
}

/// The tag that starts the entity here: `B-X`, or in BIOES `S-X` when it also ends here.
fn repair(scheme: Scheme, prefix: Prefix, label: &str, next: Option<&Tag>) -> String {
    let continued = next.is_some_and(|t| t.label() == Some(label) && matches!(t.prefix(), Some(Prefix::I | Prefix::E)));
    let start = match scheme {
        Scheme::Bioes if prefix == Prefix::E || !continued => 'S',
        _ => 'B',
    };
    format!("{start}-{label}")
}
