//! Runs every example of every page in `rules/`: a `fails` example must make its rule fire, a
//! `passes` example must leave it silent (see `rules/README.md` for the page shape).

mod support;

use std::path::Path;

/// A fenced code block of a rule page.
struct Block {
    info: Vec<String>,
    body: String,
    line: usize,
}

fn blocks(page: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in page.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.split_whitespace().map(str::to_string).collect(),
                    body: String::new(),
                    line: n + 1,
                })
            }
            (Some(_), Some("")) => out.extend(open.take()),
            (Some(block), _) => {
                block.body.push_str(line);
                block.body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "unclosed code block");
    out
}

struct Example<'a> {
    extension: &'a str,
    fails: bool,
    args: &'a [String],
    block: &'a Block,
}

fn examples(blocks: &[Block]) -> Vec<Example<'_>> {
    blocks
        .iter()
        .filter_map(|b| match b.info.as_slice() {
            [ext, verdict, args @ ..] if verdict == "fails" || verdict == "passes" => {
                Some(Example {
                    extension: ext,
                    fails: verdict == "fails",
                    args,
                    block: b,
                })
            }
            _ => None,
        })
        .collect()
}

/// The rule names reported by `biolint check --format json` on one example.
fn fired(rule: &str, example: &Example, config: Option<&str>) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("biolint.toml"), config).unwrap();
    }
    let name = format!("example.{}", example.extension);
    std::fs::write(dir.path().join(&name), &example.block.body).unwrap();
    let mut args: Vec<String> = ["check", "--format", "json", "--select", rule]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(example.args.iter().cloned());
    args.push(name);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(&args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{rule}: example at line {} gave no JSON ({e}): {}",
            example.block.line,
            String::from_utf8_lossy(&output.stderr)
        )
    });
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_rule_page_example_behaves_as_it_says() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for rule in biolint::registry::all().iter().map(|r| r.meta()) {
        let blocks = blocks(rule.doc);
        let examples = examples(&blocks);
        let config = blocks
            .iter()
            .find(|b| b.info == ["toml", "biolint.toml"])
            .map(|b| b.body.as_str());
        if !examples.iter().any(|e| e.fails) || !examples.iter().any(|e| !e.fails) {
            failures.push(format!(
                "rules/{}.md: needs a `fails` and a `passes` example",
                rule.name
            ));
        }
        for example in &examples {
            let names = fired(rule.name, example, config);
            let fires = names.iter().any(|n| n == rule.name);
            if fires != example.fails {
                failures.push(format!(
                    "rules/{}.md:{}: the {} example {} (reported: {names:?})",
                    rule.name,
                    example.block.line,
                    if example.fails { "failing" } else { "fixed" },
                    if fires {
                        "fires the rule"
                    } else {
                        "does not fire the rule"
                    },
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 2 * biolint::registry::all().len());
}

#[test]
fn every_page_has_the_sections_of_the_template() {
    for rule in biolint::registry::all().iter().map(|r| r.meta()) {
        let title = format!("# {} ({})", rule.name, rule.code);
        assert_eq!(
            rule.doc.lines().next(),
            Some(title.as_str()),
            "rules/{}.md",
            rule.name
        );
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Configuration",
        ] {
            assert!(
                rule.doc.lines().any(|l| l == section),
                "rules/{}.md lacks `{section}`",
                rule.name
            );
        }
        let summary = rule.summary();
        assert!(
            !summary.is_empty()
                && !summary.ends_with('.')
                && !summary.starts_with(|c: char| c.is_uppercase()),
            "rules/{}.md: the `> ` summary line must be lowercase with no trailing period: {summary:?}",
            rule.name
        );
    }
}

#[test]
fn every_page_in_rules_belongs_to_a_rule() {
    let dir = Path::new(support::ROOT).join("rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let rule = name.strip_suffix(".md").unwrap_or(&name);
        assert!(
            biolint::registry::find(rule).is_some(),
            "rules/{name} documents no registered rule"
        );
    }
}
