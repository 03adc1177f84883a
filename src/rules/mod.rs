//! One module per rule. A rule's module holds its code, name, level and check; its page in
//! `rules/NAME.md` holds the documentation that `biolint explain` prints.

use crate::registry::Rule;

/// `rule_doc!("name")` embeds `rules/name.md`.
macro_rules! rule_doc {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $name, ".md"))
    };
}
pub(crate) use rule_doc;

macro_rules! rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(pub mod $module;)*
        pub(crate) static ALL: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

rules! {
    unreadable_file::UnreadableFile,
    empty_file::EmptyFile,
    malformed_line::MalformedLine,
    unclosed_sentence::UnclosedSentence,
    malformed_tag::MalformedTag,
    invalid_continuation::InvalidContinuation,
    unclosed_entity::UnclosedEntity,
    label_variant::LabelVariant,
    mixed_scheme::MixedScheme,
    type_conflict::TypeConflict,
    unknown_label::UnknownLabel,
    missed_annotation::MissedAnnotation,
    boundary_conflict::BoundaryConflict,
    spurious_annotation::SpuriousAnnotation,
    boundary_token::BoundaryToken,
    head_type::HeadType,
}
