//! Meta-tests that guard the rule table: unique codes and names, a fixture per rule, and
//! messages that follow the conventions (lowercase, no trailing period).

mod support;

use std::collections::HashSet;

fn metas() -> Vec<&'static biolint::registry::RuleMeta> {
    biolint::registry::all().iter().map(|r| r.meta()).collect()
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for m in metas() {
        assert!(codes.insert(m.code), "code {} is used twice", m.code);
        assert!(names.insert(m.name), "name {} is used twice", m.name);
        let b = m.code.as_bytes();
        assert!(
            b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit),
            "code {} is not a letter and three digits",
            m.code
        );
        assert!(
            m.name
                .split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase())),
            "name {} is not kebab-case",
            m.name
        );
    }
}

#[test]
fn every_rule_has_a_fixture_that_fires_it() {
    let fixtures = support::fixtures();
    for m in metas() {
        let own: Vec<_> = fixtures
            .iter()
            .filter(|f| f.rule.as_deref() == Some(m.name))
            .collect();
        assert!(
            !own.is_empty(),
            "rule {} has no fixture under fixtures/rules/{}/",
            m.name,
            m.name
        );
        let fires = own.iter().any(|f| {
            std::fs::read_to_string(f.expected("out"))
                .is_ok_and(|out| out.contains(&format!("[{}]", m.code)))
        });
        assert!(
            fires,
            "no fixture under fixtures/rules/{}/ shows {}",
            m.name, m.code
        );
    }
}

#[test]
fn fixture_folders_under_rules_name_registered_rules() {
    for f in support::fixtures() {
        if let Some(rule) = &f.rule {
            assert!(
                biolint::registry::find(rule).is_some(),
                "{} is under fixtures/rules/ but `{rule}` is no rule",
                f.path.display()
            );
        }
    }
}

/// Messages read like rustc's: start lowercase, no trailing period, in every text a finding has.
#[test]
fn messages_follow_the_conventions() {
    let mut bad = Vec::new();
    for fixture in support::fixtures() {
        let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
        args.extend(fixture.args());
        args.push(fixture.path.to_string_lossy().into_owned());
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_biolint"))
            .args(&args)
            .current_dir(support::ROOT)
            .output()
            .unwrap();
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&output.stdout) else {
            continue;
        };
        for d in json["diagnostics"].as_array().into_iter().flatten() {
            let mut texts = vec![d["message"].as_str(), d["help"].as_str()];
            texts.extend(
                d["labels"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|l| l["message"].as_str()),
            );
            for text in texts.into_iter().flatten() {
                if text.ends_with('.') || starts_capitalized(text) {
                    bad.push(format!(
                        "{} [{}]: {text:?}",
                        fixture.path.display(),
                        d["code"]
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "messages break the conventions:\n{}",
        bad.join("\n")
    );
}

/// `Found ...` is capitalized; `IOB2 ...` and `` `B-X` ... `` are not.
fn starts_capitalized(text: &str) -> bool {
    let mut chars = text.chars();
    matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
}
