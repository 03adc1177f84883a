//! Input that should never have been checked in: huge lines, binary files, random bytes,
//! invalid UTF-8 deep inside a large file, standard input. biolint must name the file and the
//! line, exit 2 when a file cannot be read (1 when it is read and has errors), lint the other
//! files, and never panic (exit code 101).

mod support;

use serde_json::Value;
use std::path::Path;

struct Run {
    stdout: String,
    code: i32,
}

/// Runs `biolint check --color never ARGS` in `dir`, feeding `stdin`.
fn biolint(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let args = [&["check", "--color", "never"], args].concat();
    let output = support::output_with_stdin(dir, &args, stdin);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output
        .status
        .code()
        .expect("biolint was killed by a signal");
    assert!(
        code != 101 && !stderr.contains("panicked"),
        "biolint panicked on {args:?}:\n{stderr}"
    );
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        code,
    }
}

impl Run {
    /// Asserts that the output holds `text`, showing the output when it does not.
    fn shows(&self, text: &str) {
        assert!(
            self.stdout.contains(text),
            "no {text:?} in:\n{}",
            self.stdout
        );
    }
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).expect("one JSON document on stdout")
}

/// Deterministic pseudo-random bytes (xorshift64), so that failures reproduce.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn a_single_ten_megabyte_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut untagged = vec![b'x'; 10 << 20];
    untagged.push(b'\n');
    write(dir.path(), "one-line.txt", &untagged);
    let run = biolint(dir.path(), &["one-line.txt"], b"");
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.shows("error[F001]: no tag column");
    run.shows("--> one-line.txt:1:1");
    // The excerpt shows a window of the line, not 10 MB of it.
    assert!(
        run.stdout.len() < 4096,
        "{} bytes of output",
        run.stdout.len()
    );

    // The same line with a tag is one long token, read like any other.
    let mut tagged = vec![b'x'; 10 << 20];
    tagged.extend_from_slice(b"\tB-X\nlinux\tI-Y\n");
    write(dir.path(), "one-token.tsv", &tagged);
    let run = biolint(dir.path(), &["--format", "json", "one-token.tsv"], b"");
    let found = json(&run);
    assert_eq!(found["summary"]["tokens"], 2);
    let d = &found["diagnostics"][0];
    assert_eq!(
        (d["name"].as_str(), &d["line"], &d["column"]),
        (
            Some("invalid-continuation"),
            &Value::from(2),
            &Value::from(7)
        )
    );
    assert_eq!(
        d["labels"][0]["column"],
        (10 << 20) + 2,
        "previous tag, after the long token"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_big_binary_file() {
    let dir = tempfile::tempdir().unwrap();
    // Text first, as in a file cut by a failed copy, then 20 MB of bytes with NULs.
    let mut bytes = b"Linux\tB-OS\nruns\tO\n".to_vec();
    bytes.extend(noise(20 << 20, 7));
    write(dir.path(), "train.tsv", &bytes);
    let run = biolint(dir.path(), &["train.tsv"], b"");
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.shows("error[F001]: binary file: it holds NUL bytes");
    let at = run.stdout.lines().find(|l| l.contains("--> ")).unwrap();
    assert!(at.trim().starts_with("--> train.tsv:"), "{at}");
    run.shows("1 file could not be read");
    // Bytes that drive a terminal (ESC, BEL, ...) are not echoed.
    assert!(!run.stdout.bytes().any(|b| b == 0x1b || b == 0x07 || b == 0));
}

#[test]
fn random_bytes_without_nul_are_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = noise(1 << 20, 11).into_iter().filter(|b| *b != 0).collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    write(dir.path(), "dev.conll", &bytes);
    let run = biolint(dir.path(), &["--format", "json", "dev.conll"], b"");
    assert_eq!(run.code, 2, "{}", run.stdout);
    let found = json(&run);
    let d = &found["diagnostics"][0];
    assert_eq!(d["name"], "unreadable-file");
    assert_eq!(d["message"], "invalid UTF-8: the file is not UTF-8 text");
    assert_eq!(d["path"], "dev.conll");
    // The first invalid byte: line and column count what comes before it.
    let valid = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
    let before = std::str::from_utf8(&bytes[..valid]).unwrap();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    assert_eq!(
        (&d["line"], &d["column"]),
        (&Value::from(line), &Value::from(column))
    );
    assert_eq!(found["summary"]["unreadable"], 1);
}

#[test]
fn invalid_utf8_in_the_middle_of_a_large_file() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The\tO\nLinux\tB-OS\nkernel\tO\n\n";
    let mut bytes = sentence.repeat(50_000).into_bytes(); // 200,000 lines, 1.3 MB
    bytes.extend_from_slice(b"M\xfcnchen\tB-LOC\n");
    bytes.extend(sentence.repeat(50_000).into_bytes());
    write(dir.path(), "train.tsv", &bytes);
    let run = biolint(dir.path(), &["train.tsv"], b"");
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.shows("error[F001]: invalid UTF-8");
    run.shows("--> train.tsv:200001:2");
    run.shows("200001 | M\u{fffd}nchen");
}

#[test]
fn a_bad_file_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(
        &corpus,
        "dev.tsv",
        b"Samba\tB-App\nspeaks\tO\nSMB\tB-Proto\n\nLinux\tB-OS\nruns\tO\nkernel\tI-OS\n",
    );
    write(&corpus, "test.tsv", b"\x00\x01\x02 not text");
    write(&corpus, "train.tsv", b"Git\tB-App\nis\tO\nfast\tO\n");
    let run = biolint(dir.path(), &["--format", "json", "corpus"], b"");
    assert_eq!(run.code, 2, "{}", run.stdout);
    let found = json(&run);
    let places: Vec<(String, String, u64)> = found["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap().replace('\\', "/");
            (
                path,
                d["name"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let has = |path: &str, name: &str, line: u64| {
        places.contains(&(path.to_string(), name.to_string(), line))
    };
    assert!(
        has("corpus/dev.tsv", "invalid-continuation", 7),
        "{places:?}"
    );
    assert!(has("corpus/test.tsv", "unreadable-file", 1), "{places:?}");
    let summary = &found["summary"];
    assert_eq!(summary["files"], 3);
    assert_eq!(summary["unreadable"], 1);
    assert_eq!(
        summary["tokens"],
        6 + 3,
        "both readable files are read in full"
    );
}

#[test]
fn standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let run = biolint(dir.path(), &["-"], b"Linux\tB-OS\nruns\tO\nkernel\tI-OS\n");
    assert_eq!(run.code, 1, "{}", run.stdout);
    run.shows("--> <stdin>:3:8");

    let run = biolint(dir.path(), &["-"], &noise(1 << 20, 3));
    assert_eq!(run.code, 2, "{}", run.stdout);
    run.shows("error[F001]");
    run.shows("--> <stdin>:");

    let run = biolint(dir.path(), &["-"], b"");
    assert_eq!(run.code, 1, "{}", run.stdout);
    run.shows("error[F002]: the file holds no sentence");
    run.shows("--> <stdin>:1:1");
}
