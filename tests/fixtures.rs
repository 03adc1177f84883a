//! UI tests: runs biolint on every fixture under `fixtures/` and compares its output with the
//! expected files beside it (see `fixtures/README.md`). `BIOLINT_BLESS=1` rewrites them.

mod support;

use std::path::{Path, PathBuf};
use support::{Fixture, bless, fixtures, normalize, run_fixture};

#[test]
fn every_fixture_matches_its_expected_output() {
    let all = fixtures();
    assert!(
        all.len() >= 10,
        "found only {} fixtures under fixtures/",
        all.len()
    );
    let mut failures = Vec::new();
    for fixture in &all {
        for (expected_path, actual) in outputs(fixture) {
            if let Err(message) = compare(&expected_path, &actual) {
                failures.push(message);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ from their expected output:\n\n{}\n\
         If the change is intended, run `BIOLINT_BLESS=1 cargo test --test fixtures` and review the diff.",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// The expected-file path and the actual output of each run of a fixture.
fn outputs(fixture: &Fixture) -> Vec<(PathBuf, String)> {
    let mut runs = vec![(fixture.expected("out"), run_fixture(fixture, &[]))];
    // JSON is pinned only where an `X.out.json` exists: create it empty, then bless.
    let json = fixture.expected("out.json");
    if json.exists() {
        runs.push((json, run_fixture(fixture, &["--format", "json"])));
    }
    runs
}

fn compare(expected_path: &Path, actual: &str) -> Result<(), String> {
    if bless() {
        let current = std::fs::read_to_string(expected_path).ok();
        if current.as_deref() != Some(actual) {
            std::fs::write(expected_path, actual).expect("write expected file");
        }
        return Ok(());
    }
    let expected = std::fs::read_to_string(expected_path).map_err(|_| {
        format!(
            "--- {}: missing expected file (bless to create it)\n",
            expected_path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "--- {} (expected)\n+++ actual\n{}",
        expected_path.display(),
        support::diff(&expected, actual)
    ))
}

#[test]
fn elapsed_times_are_normalized() {
    assert_eq!(
        normalize("Checked 1 file, 2 sentences, 3 tokens in 0.02s.\n"),
        "Checked 1 file, 2 sentences, 3 tokens in [ELAPSED].\n"
    );
    assert_eq!(normalize("a token in 3 places\n"), "a token in 3 places\n");
}
