//! Keeps README.md true: its rules table matches the registry (re-blessed like the fixtures,
//! so adding a rule needs no hand edit here), and its two commands are the ones that work.

use std::path::Path;

const START: &str = "<!-- rules:start";
const END: &str = "<!-- rules:end -->";

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn rules_table() -> String {
    let mut table = String::from("| code | name | level | what it finds |\n|---|---|---|---|\n");
    for m in biolint::registry::all().iter().map(|r| r.meta()) {
        table.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            m.code,
            m.name,
            m.level.name(),
            m.summary().replace('|', "\\|")
        ));
    }
    table
}

#[test]
fn rules_table_lists_every_rule() {
    let readme = readme();
    let start = readme
        .find(START)
        .expect("README has the rules:start marker");
    let body_start = start + readme[start..].find('\n').unwrap() + 1;
    let end = readme.find(END).expect("README has the rules:end marker");
    let expected = rules_table();
    if readme[body_start..end] == expected {
        return;
    }
    if std::env::var_os("BIOLINT_BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
        let updated = format!("{}{expected}{}", &readme[..body_start], &readme[end..]);
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
            updated,
        )
        .unwrap();
        return;
    }
    panic!(
        "README's rules table is out of date; run `BIOLINT_BLESS=1 cargo test --test readme`.\nexpected:\n{expected}"
    );
}

#[test]
fn the_two_commands_of_readme_are_real() {
    let readme = readme();
    let example = "cargo run --release -- check fixtures/intermezzo/intermezzo.txt";
    assert!(readme.contains(example));
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/intermezzo/intermezzo.txt")
            .exists()
    );
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(readme.contains("cargo test "), "README gives `cargo test`");
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs exactly README's test command"
    );
}

/// The finding README shows for the bundled example is what biolint prints for it.
#[test]
fn the_example_output_in_readme_is_real() {
    let readme = readme();
    let after = &readme[readme.find("prints findings like this one:").unwrap()..];
    let block = after
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args([
            "check",
            "--color",
            "never",
            "fixtures/intermezzo/intermezzo.txt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains(block),
        "README shows:\n{block}\nbiolint prints:\n{text}"
    );
}
