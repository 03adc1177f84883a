//! `biolint convert` and `biolint check --fix/--diff` as users run them: what is written, what
//! is left alone, and the exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn biolint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const IOB2: &[u8] = b"\xef\xbb\xbfEU\tB-ORG\r\nrejects\tO\r\nPeter\tB-PER\r\nBlackburn\tI-PER";
const BIOES: &[u8] = b"\xef\xbb\xbfEU\tS-ORG\r\nrejects\tO\r\nPeter\tB-PER\r\nBlackburn\tE-PER";

#[test]
fn convert_rewrites_in_place_and_keeps_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.tsv", IOB2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
    }
    let out = biolint(&["convert", "--to", "bioes", "a.tsv"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), BIOES);
    assert!(stderr(&out).contains("converted to BIOES: 2 tags changed in 1 file"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o604);
    }
    let out = biolint(
        &["convert", "--to", "iob2", "--from", "iobes", "a.tsv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), IOB2);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

#[test]
fn convert_diff_and_output_write_nothing_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.tsv", IOB2);
    let out = biolint(&["convert", "--to", "bilou", "--diff", "a.tsv"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout(&out);
    assert!(
        diff.contains("-\u{feff}EU\tB-ORG\r\n+\u{feff}EU\tU-ORG\r\n"),
        "{diff}"
    );
    assert!(
        diff.ends_with("+Blackburn\tL-PER\n\\ No newline at end of file\n"),
        "{diff}"
    );
    let out = biolint(
        &["convert", "--to", "bilou", "-o", "-", "a.tsv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).ends_with("Blackburn\tL-PER"),
        "{}",
        stdout(&out)
    );
    let out = biolint(
        &["convert", "--to", "bioes", "-o", "b.tsv", "a.tsv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(dir.path().join("b.tsv")).unwrap(), BIOES);
    assert_eq!(std::fs::read(&path).unwrap(), IOB2);
    // Nothing to change: the diff is empty and the exit code 0.
    let out = biolint(&["convert", "--to", "iob2", "--diff", "a.tsv"], dir.path());
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), ""));
    let out = biolint(
        &["convert", "--to", "iob2", "-o", "c.tsv", "a.tsv", "b.tsv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn convert_refuses_files_it_cannot_read_or_convert_faithfully() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("malformed.tsv", b"a\tB-X\nb\tB_X\n", "malformed tag `B_X`"),
        (
            "adjacent.tsv",
            b"a\tB-X\nb\tB-X\n",
            "IO cannot keep apart adjacent entities",
        ),
        ("latin1.tsv", b"caf\xe9\tB-X\n", "not UTF-8"),
    ];
    for (name, bytes, why) in cases {
        write(dir.path(), name, bytes);
        let out = biolint(&["convert", "--to", "io", name], dir.path());
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(stderr(&out).contains(why), "{name}: {}", stderr(&out));
        assert_eq!(
            std::fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name} untouched"
        );
    }
}

#[test]
fn convert_writes_gzip_files_compressed() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(IOB2).unwrap();
    let path = write(dir.path(), "a.tsv.gz", &encoder.finish().unwrap());
    let out = biolint(&["convert", "--to", "bioes", "a.tsv.gz"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(&std::fs::read(&path).unwrap()[..])
        .read_to_end(&mut text)
        .unwrap();
    assert_eq!(text, BIOES);
}

#[test]
fn convert_writes_numbered_tags_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "label_names.txt",
        b"O\nB-PER\nI-PER\nS-PER\nE-PER\n",
    );
    let path = write(
        dir.path(),
        "d.jsonl",
        b"{\"tokens\": [\"Peter\", \"Blackburn\", \"said\"], \"ner_tags\": [1, 2, 0]}\n",
    );
    let out = biolint(&["convert", "--to", "bioes", "d.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\"tokens\": [\"Peter\", \"Blackburn\", \"said\"], \"ner_tags\": [1, 4, 0]}\n"
    );
    let out = biolint(&["convert", "--to", "bilou", "d.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`L-PER` is not among the label names"));
}

const BROKEN: &str =
    "The\tO\nServer\tI-Protocol\nMessage\tI-Protocol\nx\tb-Protocol\n\ny\tB-Protocol\n";
const FIXED: &str =
    "The\tO\nServer\tB-Protocol\nMessage\tI-Protocol\nx\tB-Protocol\n\ny\tB-Protocol\n";

#[test]
fn fix_writes_safe_fixes_and_a_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.tsv", BROKEN.as_bytes());
    let out = biolint(&["check", "--diff", "a.tsv"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("-Server\tI-Protocol\n+Server\tB-Protocol\n"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        BROKEN,
        "--diff writes nothing"
    );
    let out = biolint(&["check", "--fix", "--color", "never", "a.tsv"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("applied 2 fixes to 1 file"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("No findings."));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let out = biolint(&["check", "--fix", "a.tsv"], dir.path());
    assert!(stderr(&out).contains("applied 0 fixes to 0 files"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
}

#[test]
fn fix_never_touches_an_unreadable_file_and_still_fixes_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad: &[u8] = b"caf\xe9\tI-X\n";
    write(dir.path(), "bad.tsv", bad);
    let good = write(dir.path(), "good.tsv", BROKEN.as_bytes());
    let out = biolint(&["check", "--fix", "bad.tsv", "good.tsv"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("bad.tsv")).unwrap(), bad);
    assert_eq!(std::fs::read_to_string(good).unwrap(), FIXED);
    let out = biolint(&["check", "--unsafe-fixes", "good.tsv"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(2),
        "--unsafe-fixes needs --fix or --diff"
    );
}

#[test]
fn standard_input_is_diffed_or_converted_to_standard_output_never_written() {
    use std::io::Write;
    let run = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_biolint"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(&["check", "--diff", "-"], BROKEN);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("+Server\tB-Protocol\n"),
        "{}",
        stdout(&out)
    );
    let out = run(&["check", "--fix", "-"], BROKEN);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("standard input is not written back"),
        "{}",
        stderr(&out)
    );
    let out = run(&["convert", "--to", "bioes", "-"], FIXED);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("The\tO\nServer\tB-Protocol\nMessage\tE-Protocol\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn convert_keeps_json_strings_valid() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"tokens": ["M\u00fcller", "S\u00e3o", "Paulo"], "ner_tags": ["B-Pers\u00f6n", "B-LOC", "I-LOC"]}"#;
    let path = write(dir.path(), "d.jsonl", format!("{line}\n").as_bytes());
    let out = biolint(&["convert", "--to", "bioes", "d.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let converted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        converted,
        r#"{"tokens": ["M\u00fcller", "S\u00e3o", "Paulo"], "ner_tags": ["S-Persön", "B-LOC", "E-LOC"]}"#.to_string() + "\n"
    );
    let record: serde_json::Value = serde_json::from_str(converted.trim_end()).unwrap();
    assert_eq!(record["ner_tags"][0], "S-Persön");
    // A quote in a label is escaped again.
    write(
        dir.path(),
        "q.jsonl",
        br#"{"tokens": ["a"], "ner_tags": ["B-\"Q\""]}"#,
    );
    let out = biolint(&["convert", "--to", "bilou", "q.jsonl"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let converted = std::fs::read_to_string(dir.path().join("q.jsonl")).unwrap();
    assert_eq!(converted, r#"{"tokens": ["a"], "ner_tags": ["U-\"Q\""]}"#);
}
