//! The sentence rules first run while the corpus is being surveyed, with a guessed scheme and
//! no corpus labels; chunks where the guess was wrong are linted again. These runs make the
//! guess wrong on purpose and check the findings are those of the final context.

use serde_json::Value;
use std::path::Path;

/// `biolint check --format json` with `args`, then `path`.
fn check(args: &[&str], path: &Path) -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(["check", "--format", "json"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// (code, file name, line, help) of every finding.
fn findings(report: &Value) -> Vec<(String, String, u64, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = text(&d["path"]);
            let name = Path::new(&path).file_name().unwrap().to_string_lossy();
            (
                text(&d["code"]),
                name.into_owned(),
                d["line"].as_u64().unwrap(),
                text(&d["help"]),
            )
        })
        .collect()
}

#[test]
fn a_file_whose_first_chunk_suggests_another_scheme_is_linted_in_the_final_one() {
    // Files are cut into chunks of about 1 MiB: the two IOB2-looking entities are in the first
    // chunk, the three IOB1 ones past 1.5 MB of filler, so the file is IOB1 but its first
    // chunk looks IOB2. Read as IOB2, each `I-PER` after `O` would be an invalid continuation.
    let filler = "x\tO\n\n".repeat(300_000);
    let text = format!(
        "Ann\tB-PER\nsaid\tO\n\nBo\tB-PER\nsaid\tO\n\n{filler}{}",
        "Cy\tI-PER\nsaid\tO\n\n".repeat(3)
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scheme.tsv");
    std::fs::write(&path, text).unwrap();

    let report = check(&["--ignore", "mixed-scheme"], &path);
    assert_eq!(report["summary"]["schemes"][0]["scheme"], "IOB1");
    assert_eq!(findings(&report), vec![]);
    let forced = check(&["--ignore", "mixed-scheme", "--scheme", "iob2"], &path);
    let lines: Vec<u64> = findings(&forced).iter().map(|f| f.2).collect();
    assert_eq!(lines, [600_007, 600_010, 600_013]);
}

#[test]
fn labels_of_other_files_reach_the_findings_of_a_file() {
    // Only `c.tsv` tells that `protocol` (in `a.tsv`) is a variant of `Protocol`, and that the
    // bare `Protocol` (in `b.tsv`) is an entity type of the corpus.
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    file("a.tsv", "TCP\tB-protocol\n");
    file("b.tsv", "on\tO\nUDP\tProtocol\n");
    file("c.tsv", "HTTP\tB-Protocol\n\nFTP\tB-Protocol\n");

    let report = check(&["--select", "label-variant,malformed-tag"], dir.path());
    let expected = [
        ("T004", "a.tsv", 1, "write `B-Protocol`"),
        ("T001", "b.tsv", 2, "write `B-Protocol`"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(code, file, line, help)| (code.into(), file.into(), line, help.into()))
        .collect();
    assert_eq!(findings(&report), expected);
    let variant = &report["diagnostics"][0]["labels"][0];
    assert_eq!(
        variant["message"],
        "`Protocol` labels 2 entities, first here"
    );
    assert!(variant["path"].as_str().unwrap().ends_with("c.tsv"));
}

#[test]
fn a_chunk_too_long_to_record_is_parsed_again_for_the_corpus_index() {
    // Pass 1 records every chunk for the scan of the corpus index, in 16-bit counts; a sentence
    // of more tokens than that is not recorded, and its chunk is read again. Its relabelled
    // `InterMezzo` must be found all the same, and so must the one of a recorded sentence.
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    file("a.tsv", &"InterMezzo\tB-Application\nruns\tO\n\n".repeat(4));
    let filler = "x\tO\n".repeat(70_000);
    file("long.tsv", &format!("{filler}InterMezzo\tB-Protocol\n"));
    file("short.tsv", "InterMezzo\tB-Protocol\n");

    let report = check(&["--select", "type-conflict"], dir.path());
    let mut places: Vec<(String, u64)> = findings(&report)
        .into_iter()
        .map(|(_, file, line, _)| (file, line))
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            ("long.tsv".to_string(), 70_001),
            ("short.tsv".to_string(), 1)
        ]
    );
}
