//! What the fixture tests share: finding fixtures, running the biolint binary on them,
//! normalizing the output, and showing diffs.
#![allow(dead_code)] // Each test binary uses part of it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Whether expected files are being rewritten on purpose.
pub fn bless() -> bool {
    std::env::var_os("BIOLINT_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// One fixture: an input file or a `.corpus` folder, relative to the repository root.
#[derive(Debug)]
pub struct Fixture {
    pub path: PathBuf,
    /// The rule of a `fixtures/rules/<rule-name>/` fixture.
    pub rule: Option<String>,
}

impl Fixture {
    /// `X.<suffix>` beside the fixture, as an absolute path.
    pub fn expected(&self, suffix: &str) -> PathBuf {
        let mut name = self.path.file_name().unwrap().to_os_string();
        name.push(".");
        name.push(suffix);
        Path::new(ROOT).join(self.path.with_file_name(name))
    }

    /// Arguments put before the path: the `X.args` file, else `--select <rule>` for rule fixtures.
    pub fn args(&self) -> Vec<String> {
        match std::fs::read_to_string(self.expected("args")) {
            Ok(text) => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect(),
            Err(_) => match &self.rule {
                Some(rule) => vec!["--select".into(), rule.clone()],
                None => Vec::new(),
            },
        }
    }
}

/// Files next to fixtures that are not inputs.
fn is_companion(name: &str) -> bool {
    name.ends_with(".out")
        || name.ends_with(".out.json")
        || name.ends_with(".args")
        || name.ends_with(".md")
}

/// Every fixture under `fixtures/`, sorted.
pub fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    collect(Path::new("fixtures"), &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &Path, out: &mut Vec<Fixture>) {
    let entries = std::fs::read_dir(Path::new(ROOT).join(dir)).expect("read fixtures folder");
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = dir.join(&name);
        let is_dir = entry.file_type().unwrap().is_dir();
        if is_dir && !name.ends_with(".corpus") {
            collect(&path, out);
        } else if is_dir || !is_companion(&name) {
            out.push(Fixture {
                rule: rule_of(&path),
                path,
            });
        }
    }
}

/// `fixtures/rules/<rule>/...` -> `<rule>`.
fn rule_of(path: &Path) -> Option<String> {
    let mut parts = path.components().map(|c| c.as_os_str().to_string_lossy());
    match (parts.next()?.as_ref(), parts.next()?.as_ref()) {
        ("fixtures", "rules") => parts.next().map(|r| r.into_owned()),
        _ => None,
    }
}

/// Runs biolint from the repository root and returns its normalized output.
pub fn run_fixture(fixture: &Fixture, extra: &[&str]) -> String {
    let mut args = vec!["check".to_string(), "--color".into(), "never".into()];
    args.extend(fixture.args());
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(fixture.path.to_string_lossy().into_owned());
    run(&args, Path::new(ROOT))
}

/// Runs the biolint binary with `args` in `dir`; stdout, stderr and exit status in one text.
pub fn run(args: &[String], dir: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(args)
        .current_dir(dir)
        .env_remove("BIOLINT_BLESS")
        .output()
        .expect("run biolint");
    let mut text = normalize(&String::from_utf8_lossy(&output.stdout));
    if !output.stderr.is_empty() {
        text.push_str("[stderr]\n");
        text.push_str(&normalize(&String::from_utf8_lossy(&output.stderr)));
    }
    let status = output
        .status
        .code()
        .map_or("signal".to_string(), |c| c.to_string());
    text.push_str(&format!("[exit status: {status}]\n"));
    text
}

/// Replaces what changes from run to run: the elapsed time (`in 0.01s`, `"elapsed": 0.01`).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(&normalize_line(line));
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn normalize_line(line: &str) -> String {
    // `... in 0.01s.` at the end of the human summary line.
    if let Some(at) = line.rfind(" in ") {
        let rest = &line[at + 4..];
        let number = rest.trim_end_matches(['\n', '.']).trim_end_matches('s');
        if !number.is_empty() && number.parse::<f64>().is_ok() && rest.trim_end().ends_with("s.") {
            return format!("{} in [ELAPSED].\n", &line[..at]);
        }
    }
    line.to_string()
}

/// A unified line diff of two texts.
pub fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .to_string()
}

/// Runs the biolint binary with `args` in `dir`, writing `stdin` to it. A standard input that
/// biolint closes before reading it all is not an error: the run's output says what happened.
pub fn output_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run biolint");
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}
