use crate::context::SentenceCx;
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{Rule, RuleMeta};
use crate::tag::{Prefix, Tag};

pub static RULE: RuleMeta = RuleMeta {
    code: "T003",
    name: "unclosed-entity",
    level: Severity::Error,
    doc: super::rule_doc!("unclosed-entity"),
};

/// In BIOES: a `B-X` or `I-X` not followed by `I-X` or `E-X`, so its entity never ends with
/// `E-X` (before `O`, another entity, an `S-` tag or the end of the sentence).
pub struct UnclosedEntity;

impl Rule for UnclosedEntity {
    fn meta(&self) -> &'static RuleMeta {
        &RULE
    }

    fn check_sentence(&self, cx: &SentenceCx, out: &mut Vec<Diagnostic>) {
        let scheme = cx.file.scheme;
        if !scheme.requires_close() {
            return;
        }
        let tokens = &cx.sentence.tokens;
        for (i, tag) in cx.tags.iter().enumerate() {
            let Tag::Entity { prefix, label } = *tag else { continue };
            if !scheme.leaves_open(prefix) {
                continue;
            }
            let next = cx.tags.get(i + 1).copied();
            let why = match next {
                Some(Tag::Entity { prefix: Prefix::I | Prefix::E, label: l }) if l == label => continue,
                None => "the sentence ends".to_string(),
                Some(Tag::Outside) => "`O` follows".to_string(),
                Some(Tag::Entity { prefix: Prefix::S, label: l }) => format!("`S-{l}` follows inside the open entity"),
                Some(Tag::Entity { .. }) => format!("`{}` follows", tokens[i + 1].tag),
                Some(Tag::Empty | Tag::Malformed) => "a malformed tag follows".to_string(),
            };
            let (fix, how) = match prefix {
                Prefix::B => ('S', "for a single-token entity"),
                _ => ('E', "to end the entity"),
            };
            let mut diagnostic = Diagnostic::new(
                &RULE,
                cx.file.id,
                tokens[i].tag_span,
                format!("entity `{label}` is never closed: {why}"),
            )
            .label(format!("`{}` leaves the entity open", tokens[i].tag))
            .help(format!("write `{fix}-{label}` {how}"));
            if next.is_some() {
                diagnostic = diagnostic.secondary(cx.file.id, tokens[i + 1].tag_span, "next tag");
            }
            out.push(diagnostic);
        }
    }
}
