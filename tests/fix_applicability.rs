//! A repair is applied by `--fix` only when it has one reading. Beside a malformed tag the
//! structural rules cannot know what the tag meant (`B_Library I-Library` is most likely one
//! entity), so their repair is only a suggestion there.

use biolint::discover::Input;
use biolint::engine;
use biolint::fix::Applicability;
use biolint::settings::Settings;

/// (rule name, line, applicability of its fix) of every finding on `text`.
fn fixes(name: &str, text: &str) -> Vec<(&'static str, usize, Option<Applicability>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let outcome = engine::check(&[Input::Path(path)], &Settings::default());
    let file = &outcome.files[0];
    outcome
        .diagnostics
        .iter()
        .filter(|d| matches!(d.rule.name, "invalid-continuation" | "unclosed-entity"))
        .map(|d| {
            let line = file.position(d.span.start).line;
            (d.rule.name, line, d.fix.as_ref().map(|f| f.applicability))
        })
        .collect()
}

#[test]
fn a_continuation_after_a_malformed_tag_is_only_suggested_a_start() {
    let text = "Ubuntu\tB-OS\nuses\tO\nsystemd\tB-Application\n\nDebian\tB-OS\nships\tO\nOpenSSL\tB_Library\n3\tI-Library\nand\tO\nGnuTLS\tB-Library\nor\tO\nNSS\tI-Library\n";
    assert_eq!(
        fixes("iob2.tsv", text),
        [
            ("invalid-continuation", 8, Some(Applicability::Unsafe)),
            ("invalid-continuation", 12, Some(Applicability::Safe)),
        ]
    );
}

#[test]
fn an_entity_open_before_a_malformed_tag_is_only_suggested_a_close() {
    let text = "Naloxone S-Chemical\nreversed O\nCarbamazepine B-Chemical\nepoxide E_Chemical\nand O\nclonidine B-Chemical\n. O\n\nLidocaine S-Chemical\ninduced O\ncardiac B-Disease\nasystole E-Disease\n";
    assert_eq!(
        fixes("bioes.bioes", text),
        [
            ("unclosed-entity", 3, Some(Applicability::Unsafe)),
            ("unclosed-entity", 6, Some(Applicability::Safe)),
        ]
    );
}
