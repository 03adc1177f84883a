//! End-to-end runs of the pre-commit hooks (`.pre-commit-hooks.yaml`) and the GitHub Action
//! (`action.yml`) the way users run them, on the committed HEAD of this repository (commit
//! first). They install pre-commit from PyPI into a virtualenv and build biolint twice with
//! `cargo install`, which takes minutes, so `cargo test` skips those two; run them with
//!
//!     cargo test --test integrations -- --ignored --nocapture
//!
//! They need `git`, `python3` (with `venv`) and `cargo` on the PATH, and PyPI and crates.io.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Instant;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs a command; its output, after checking that it exited as expected.
fn run(command: &mut Command, should_succeed: bool) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert_eq!(
        output.status.success(),
        should_succeed,
        "{command:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = run(Command::new("git").args(args).current_dir(dir), true);
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// What both tests share: a scratch folder, a clone of this repository at HEAD, and a
/// virtualenv with pre-commit (which brings PyYAML).
struct Setup {
    scratch: tempfile::TempDir,
    head: String,
}

impl Setup {
    fn get() -> &'static Setup {
        static SETUP: OnceLock<Setup> = OnceLock::new();
        SETUP.get_or_init(|| {
            let scratch = tempfile::tempdir().unwrap();
            let head = git(Path::new(ROOT), &["rev-parse", "HEAD"]);
            let clone = scratch.path().join("biolint");
            git(
                Path::new(ROOT),
                &["clone", "--quiet", ROOT, clone.to_str().unwrap()],
            );
            git(&clone, &["checkout", "--quiet", &head]);
            let venv = scratch.path().join("venv");
            run(
                Command::new("python3").args(["-m", "venv"]).arg(&venv),
                true,
            );
            let started = Instant::now();
            run(
                Command::new(venv.join("bin/pip")).args(["install", "--quiet", "pre-commit"]),
                true,
            );
            eprintln!("pip install pre-commit: {:.0?}", started.elapsed());
            Setup { scratch, head }
        })
    }

    fn clone(&self) -> PathBuf {
        self.scratch.path().join("biolint")
    }

    fn bin(&self, name: &str) -> PathBuf {
        self.scratch.path().join("venv/bin").join(name)
    }

    /// A new folder in the scratch space.
    fn folder(&self, name: &str) -> PathBuf {
        let path = self.scratch.path().join(name);
        std::fs::create_dir_all(&path).unwrap();
        path
    }
}

const BAD: &str = "EU\tB-ORG\nrejects\tO\nGerman\tB_MISC\n";
const GOOD: &str = "EU\tB-ORG\nrejects\tO\nGerman\tB-MISC\n";
const COMPLAINT: &str = "malformed tag `B_MISC`";

#[test]
#[ignore = "installs pre-commit from PyPI and builds biolint: minutes; see the top of the file"]
fn pre_commit_hooks_block_a_bad_commit_and_pass_a_good_one() {
    let setup = Setup::get();
    let repo = setup.folder("hooked");
    let cache = setup.folder("pre-commit-cache");
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["config", "user.name", "Annotator"]);
    git(&repo, &["config", "user.email", "annotator@example.org"]);
    git(&repo, &["config", "commit.gpgsign", "false"]);
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: biolint\n      - id: biolint-corpus\n",
        setup.clone().display(),
        setup.head
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    let pre_commit = |args: &[&str]| {
        let mut command = Command::new(setup.bin("pre-commit"));
        command
            .args(args)
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", &cache);
        command
    };
    let commit = |should_succeed: bool| {
        let mut command = Command::new("git");
        command
            .args(["commit", "--quiet", "-m", "data"])
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", &cache);
        text(&run(&mut command, should_succeed))
    };

    let started = Instant::now();
    run(&mut pre_commit(&["install", "--install-hooks"]), true);
    eprintln!(
        "pre-commit install --install-hooks (cargo install of biolint): {:.0?}",
        started.elapsed()
    );

    std::fs::create_dir(repo.join("data")).unwrap();
    std::fs::write(repo.join("data/train.tsv"), BAD).unwrap();
    git(&repo, &["add", "."]);
    let refused = commit(false);
    assert!(refused.contains(COMPLAINT), "{refused}");
    assert!(refused.contains("data/train.tsv:3:8"), "{refused}");
    assert_eq!(refused.matches("Failed").count(), 2, "{refused}");
    let no_head = run(
        Command::new("git")
            .args(["rev-parse", "--verify", "--quiet", "HEAD"])
            .current_dir(&repo),
        false,
    );
    assert!(no_head.stdout.is_empty(), "nothing was committed");

    std::fs::write(repo.join("data/train.tsv"), GOOD).unwrap();
    git(&repo, &["add", "."]);
    let accepted = commit(true);
    assert_eq!(accepted.matches("Passed").count(), 2, "{accepted}");
    assert_eq!(git(&repo, &["rev-list", "--count", "HEAD"]), "1");

    // A file that is not NER data does not run the hooks.
    std::fs::write(repo.join("notes.md"), "B_MISC\n").unwrap();
    git(&repo, &["add", "."]);
    let skipped = commit(true);
    assert_eq!(skipped.matches("Skipped").count(), 2, "{skipped}");
}

/// Cheap, so not ignored: the hooks run on the files biolint picks in a folder, but `.json`.
#[test]
fn hooks_run_on_the_extensions_biolint_walks() {
    let hooks = std::fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    let patterns: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("files: "))
        .collect();
    assert_eq!(patterns.len(), 2, "one `files` per hook");
    assert!(patterns.iter().all(|p| *p == patterns[0]));
    let alternatives = patterns[0]
        .strip_prefix(r"'\.(")
        .and_then(|p| p.strip_suffix(r")(\.gz)?$'"))
        .expect("files: '\\.(a|b|...)(\\.gz)?$'");
    let mut hooked: Vec<&str> = alternatives.split('|').collect();
    let mut walked: Vec<&str> = biolint::discover::EXTENSIONS.to_vec();
    hooked.sort();
    walked.sort();
    assert_eq!(hooked, walked);
}

/// Replaces `${{ ... }}` expressions the way the runner does for the ones `action.yml` uses.
fn expand(template: &str, inputs: &[(&str, &str)], action_path: &Path) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find("}}").expect("closed expression");
        let expression = rest[start + 3..end].trim();
        match expression.strip_prefix("inputs.") {
            Some(name) => {
                let (_, value) = inputs.iter().find(|(n, _)| *n == name).unwrap();
                out.push_str(value);
            }
            None if expression == "github.action_path" => {
                out.push_str(action_path.to_str().unwrap())
            }
            None => panic!("unexpected expression `{expression}` in action.yml"),
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

#[test]
#[ignore = "installs PyYAML from PyPI and builds biolint: minutes; see the top of the file"]
fn github_action_steps_install_biolint_and_annotate_findings() {
    let setup = Setup::get();
    let yaml_to_json =
        "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))";
    let action_path = setup.clone();
    let parsed = run(
        Command::new(setup.bin("python"))
            .args(["-c", yaml_to_json])
            .arg(action_path.join("action.yml")),
        true,
    );
    let action: Value = serde_json::from_slice(&parsed.stdout).unwrap();
    assert_eq!(action["runs"]["using"], "composite");

    let workspace = setup.folder("workspace");
    let runner_temp = setup.folder("runner-temp");
    std::fs::create_dir_all(workspace.join("data")).unwrap();
    std::fs::write(workspace.join("data/bad.tsv"), BAD).unwrap();
    std::fs::write(workspace.join("data/good.tsv"), GOOD).unwrap();
    std::fs::write(workspace.join("skipped.tsv"), BAD).unwrap();
    let mut inputs: Vec<(&str, String)> = Vec::new();
    for (name, spec) in action["inputs"].as_object().unwrap() {
        let given = match name.as_str() {
            "paths" => "data/bad.tsv data/good.tsv".to_string(),
            "args" => "--scheme iob2".to_string(),
            _ => spec["default"].as_str().unwrap_or("").to_string(),
        };
        inputs.push((name, given));
    }
    let inputs: Vec<(&str, &str)> = inputs.iter().map(|(n, v)| (*n, v.as_str())).collect();

    let steps = action["runs"]["steps"].as_array().unwrap();
    let mut last = None;
    for (i, step) in steps.iter().enumerate() {
        assert_eq!(step["shell"], "bash", "step {i}");
        let script = runner_temp.join(format!("step-{i}.sh"));
        let body = expand(step["run"].as_str().unwrap(), &inputs, &action_path);
        std::fs::write(&script, body).unwrap();
        // As the runner runs `shell: bash` steps.
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(&workspace)
            .env("GITHUB_ACTION_PATH", &action_path)
            .env("GITHUB_WORKSPACE", &workspace)
            .env("GITHUB_PATH", runner_temp.join("github-path"))
            .env("RUNNER_TEMP", &runner_temp);
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            command.env(key, expand(value.as_str().unwrap(), &inputs, &action_path));
        }
        let is_last = i + 1 == steps.len();
        let started = Instant::now();
        let output = run(&mut command, !is_last);
        eprintln!(
            "step {:?}: {:.0?}",
            step["name"].as_str(),
            started.elapsed()
        );
        last = Some(output);
    }
    // Later steps of the job find biolint on their PATH.
    let path = std::fs::read_to_string(runner_temp.join("github-path")).unwrap();
    let bin = Path::new(path.trim()).join("biolint");
    assert!(bin.is_file(), "{} is not installed", bin.display());
    let annotations = String::from_utf8(last.unwrap().stdout).unwrap();
    let lines: Vec<&str> = annotations.lines().collect();
    assert_eq!(lines.len(), 1, "{annotations}");
    assert!(
        lines[0].starts_with(
            "::error file=data/bad.tsv,line=3,col=8,endLine=3,endColumn=14,title=biolint T001 [malformed-tag]::"
        ),
        "{annotations}"
    );
    assert!(lines[0].contains(COMPLAINT), "{annotations}");
}
