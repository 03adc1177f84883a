//! Configuration files (discovery, errors, overrides), `--stdin-filename` and baselines, run
//! through the binary in temporary project folders.

mod support;

use std::path::Path;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn biolint(dir: &Path, args: &[&str]) -> Run {
    biolint_stdin(dir, args, None)
}

fn biolint_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let output = support::output_with_stdin(dir, args, stdin.unwrap_or("").as_bytes());
    Run {
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        code: output.status.code().unwrap(),
    }
}

/// `check --format json --select T002` with `args`: the run's view of one rule.
fn only_t002(dir: &Path, args: &[&str]) -> Run {
    biolint(
        dir,
        &[&["check", "--format", "json", "--select", "T002"], args].concat(),
    )
}

/// Asserts a run stopped with exit code 2 and an error message that starts with `start`.
fn assert_usage_error(run: &Run, start: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with(start), "{}", run.stderr);
}

/// Writes `files` (path, text) under a new temporary folder.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The codes reported by a run, in output order.
fn codes(run: &Run) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Detected as IOB2; the `I-OS` that starts the second sentence is `invalid-continuation`
/// (T002) at 6:7 in IOB2, and fine in IOB1.
const CONTINUES_NOTHING: &str =
    "Windows\tB-OS\nruns\tO\nLinux\tB-OS\nkernel\tI-OS\n\nLinux\tI-OS\nruns\tO\n";

/// The paths of the files a run read.
fn files(run: &Run) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["summary"]["schemes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_configuration_is_found_by_walking_up() {
    let dir = project(&[
        ("biolint.toml", "scheme = \"iob1\"\n"),
        ("data/deep/a.tsv", CONTINUES_NOTHING),
    ]);
    let deep = dir.path().join("data/deep");
    let run = only_t002(&deep, &["a.tsv"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stderr);
    let isolated = only_t002(&deep, &["--isolated", "a.tsv"]);
    assert_eq!(codes(&isolated), ["T002"]);
}

#[test]
fn pyproject_counts_only_with_a_tool_biolint_table() {
    let dir = project(&[
        ("pyproject.toml", "[tool.biolint]\nscheme = \"iob1\"\n"),
        ("sub/pyproject.toml", "[project]\nname = \"other\"\n"),
        ("sub/a.tsv", CONTINUES_NOTHING),
    ]);
    let run = only_t002(&dir.path().join("sub"), &["a.tsv"]);
    assert_eq!(codes(&run), Vec::<String>::new(), "{}", run.stderr);
    let own = project(&[
        ("biolint.toml", "scheme = \"iob2\"\n"),
        ("pyproject.toml", "[tool.biolint]\nscheme = \"iob1\"\n"),
        ("a.tsv", CONTINUES_NOTHING),
    ]);
    let run = only_t002(own.path(), &["a.tsv"]);
    assert_eq!(
        codes(&run),
        ["T002"],
        "biolint.toml wins over pyproject.toml in the same folder"
    );
}

#[test]
fn config_names_a_file_and_the_command_line_wins() {
    let dir = project(&[
        (
            "conf/strict.toml",
            "scheme = \"iob1\"\nignore = [\"T004\"]\n",
        ),
        ("a.tsv", CONTINUES_NOTHING),
    ]);
    let run = only_t002(dir.path(), &["--config", "conf/strict.toml", "a.tsv"]);
    assert_eq!(codes(&run), Vec::<String>::new());
    let cli = [
        "check",
        "--format",
        "json",
        "--select",
        "T002",
        "--config",
        "conf/strict.toml",
        "--scheme",
        "iob2",
        "a.tsv",
    ];
    assert_eq!(codes(&biolint(dir.path(), &cli)), ["T002"]);
}

#[test]
fn bad_configurations_point_into_the_toml() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "scheme = \"iob2\"\n[rules]\ninvalid-continuaton = \"warning\"\n",
            "unknown rule `invalid-continuaton`",
            "biolint.toml:3:1",
        ),
        (
            "sheme = \"iob1\"\n",
            "unknown key `sheme`",
            "biolint.toml:1:1",
        ),
        (
            "scheme = \"iob3\"\n",
            "unknown scheme `iob3`",
            "biolint.toml:1:10",
        ),
        (
            "tag-column = \"2\"\n",
            "invalid type: string \"2\", expected i64",
            "biolint.toml:1:14",
        ),
        (
            "exclude = [\"ok/**\", \"a[b\"]\n",
            "invalid glob `a[b`",
            "biolint.toml:1:21",
        ),
        (
            "[rules]\nT002 = \"warn\"\n",
            "unknown level `warn`",
            "biolint.toml:2:8",
        ),
        ("select = [\n", "unclosed array", "biolint.toml:1:11"),
        (
            "labels = [\"B-OS\", \"has space\"]\n",
            "`has space` cannot be a label",
            "biolint.toml:1:19",
        ),
        (
            "[[overrides]]\npaths = []\n",
            "an override needs at least one path glob",
            "biolint.toml:2:9",
        ),
        (
            "[[overrides]]\npaths = [\"x/**\"]\nrule = {}\n",
            "unknown key `rule`",
            "biolint.toml:3:1",
        ),
    ];
    for (toml, message, place) in cases {
        let dir = project(&[("biolint.toml", toml), ("a.tsv", CONTINUES_NOTHING)]);
        let run = biolint(dir.path(), &["check", "a.tsv"]);
        assert_eq!(run.code, 2, "{toml}: {}", run.stderr);
        assert_eq!(run.stdout, "", "nothing is linted with a bad configuration");
        assert!(run.stderr.contains(message), "{toml}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("--> {place}\n")),
            "{toml}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_bad_configuration_renders_like_a_finding() {
    let dir = project(&[
        (
            "pyproject.toml",
            "[project]\nname = \"corpus\"\n\n[tool.biolint]\nscheme = \"iob2\"\n\n[tool.biolint.rules]\ninvalid-continuaton = \"warning\"\n",
        ),
        ("a.tsv", CONTINUES_NOTHING),
    ]);
    let run = biolint(dir.path(), &["check", "a.tsv"]);
    let expected = "\
error: unknown rule `invalid-continuaton`
  --> pyproject.toml:8:1
  |
8 | invalid-continuaton = \"warning\"
  | ^^^^^^^^^^^^^^^^^^^ not a rule
  |
  = help: did you mean `invalid-continuation`?

";
    assert_eq!(run.stderr, expected);
    assert_eq!(run.code, 2);
}

#[test]
fn a_misspelt_rule_on_the_command_line_gets_a_suggestion() {
    let dir = project(&[("a.tsv", CONTINUES_NOTHING)]);
    let run = biolint(
        dir.path(),
        &["check", "--select", "unclosed_entity", "a.tsv"],
    );
    assert_usage_error(
        &run,
        "error: unknown rule `unclosed_entity`; did you mean `unclosed-entity`?\n",
    );
}

#[test]
fn a_missing_config_file_is_a_usage_error() {
    let dir = project(&[("a.tsv", CONTINUES_NOTHING)]);
    let run = biolint(dir.path(), &["check", "--config", "nope.toml", "a.tsv"]);
    assert_usage_error(&run, "error: nope.toml: cannot read the configuration file");
}

#[test]
fn overrides_set_scheme_and_levels_per_folder() {
    let config = "\
scheme = \"iob2\"
[[overrides]]
paths = [\"legacy/**\"]
scheme = \"iob1\"
[[overrides]]
paths = [\"drafts\"]
rules = { T002 = \"warning\" }
";
    let dir = project(&[
        ("biolint.toml", config),
        ("new/a.tsv", CONTINUES_NOTHING),
        ("legacy/old/a.tsv", CONTINUES_NOTHING),
        ("drafts/a.tsv", CONTINUES_NOTHING),
    ]);
    // Only T002: `mixed-scheme` rightly notes that the files use two schemes.
    let run = only_t002(dir.path(), &["."]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("./drafts/a.tsv".to_string(), "warning".to_string()),
            ("./new/a.tsv".to_string(), "error".to_string())
        ]
    );
    // `--ignore` wins over the levels of overrides.
    let run = biolint(
        dir.path(),
        &["check", "--format", "json", "--ignore", "T002", "."],
    );
    assert!(!codes(&run).contains(&"T002".to_string()));
}

#[test]
fn exclude_leaves_out_walked_and_named_files() {
    let dir = project(&[
        ("biolint.toml", "exclude = [\"legacy/**\", \"*.bak.tsv\"]\n"),
        ("a.tsv", CONTINUES_NOTHING),
        ("a.bak.tsv", CONTINUES_NOTHING),
        ("legacy/a.tsv", CONTINUES_NOTHING),
    ]);
    let run = biolint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(files(&run), ["./a.tsv"]);
    let named = only_t002(dir.path(), &["legacy/a.tsv", "a.tsv"]);
    assert_eq!(codes(&named), ["T002"]);
}

#[test]
fn stdin_filename_names_the_input_and_picks_overrides() {
    let dir = project(&[(
        "biolint.toml",
        "exclude = [\"vendor/**\"]\n[[overrides]]\npaths = [\"legacy/**\"]\nscheme = \"iob1\"\n",
    )]);
    let run = biolint_stdin(
        dir.path(),
        &[
            "check",
            "--color",
            "never",
            "--stdin-filename",
            "new/x.tsv",
            "-",
        ],
        Some(CONTINUES_NOTHING),
    );
    assert!(run.stdout.contains("--> new/x.tsv:6:7"), "{}", run.stdout);
    assert_eq!(run.code, 1);
    let legacy = [
        "check",
        "--format",
        "json",
        "--select",
        "T002",
        "--stdin-filename",
        "legacy/x.tsv",
        "-",
    ];
    assert_eq!(
        codes(&biolint_stdin(dir.path(), &legacy, Some(CONTINUES_NOTHING))),
        Vec::<String>::new()
    );
    let vendor = [
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "vendor/x.tsv",
        "-",
    ];
    let run = biolint_stdin(dir.path(), &vendor, Some(CONTINUES_NOTHING));
    assert_eq!(
        files(&run),
        Vec::<String>::new(),
        "an excluded name is not linted"
    );
}

#[test]
fn unknown_labels_need_configured_labels() {
    let text = "HTTP\tB-Protocl\nis\tO\n";
    let dir = project(&[("a.tsv", text)]);
    assert_eq!(
        codes(&biolint(
            dir.path(),
            &["check", "--format", "json", "a.tsv"]
        )),
        Vec::<String>::new()
    );
    std::fs::write(dir.path().join("biolint.toml"), "labels = [\"Protocol\"]\n").unwrap();
    let run = biolint(dir.path(), &["check", "--color", "never", "a.tsv"]);
    assert!(
        run.stdout
            .contains("error[T006]: label `Protocl` is not one of the configured labels"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("help: did you mean `B-Protocol`?"),
        "{}",
        run.stdout
    );
}

/// Two `invalid-continuation` findings (lines 1 and 6) in a file read as IOB2.
const TRAIN: &str = "\
Linux\tI-OS
runs\tO

HTTP\tB-Protocol
is\tO
old\tI-Protocol
";
const IOB2: (&str, &str) = ("biolint.toml", "scheme = \"iob2\"\n");

#[test]
fn a_baseline_hides_old_findings_after_sentences_are_inserted_above() {
    let dir = project(&[IOB2, ("data/train.tsv", TRAIN)]);
    let write = biolint(
        dir.path(),
        &["check", "--write-baseline", "biolint-baseline.json", "data"],
    );
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_eq!(
        write.stderr,
        "Recorded 2 findings in biolint-baseline.json.\n"
    );
    let recorded = std::fs::read_to_string(dir.path().join("biolint-baseline.json")).unwrap();
    assert!(
        recorded.contains("\"file\": \"data/train.tsv\""),
        "{recorded}"
    );
    assert!(
        !recorded.contains("\"line\""),
        "line numbers are not part of the key"
    );

    let against_baseline = |format: &[&str]| {
        let baseline = ["--baseline", "biolint-baseline.json", "data"];
        biolint(dir.path(), &[&["check"], format, &baseline].concat())
    };

    // New sentences above, one of them with a new finding of the same rule and tag.
    let edited = format!("The\tO\nkernel\tO\n\nWindows\tI-OS\nboots\tO\n\n{TRAIN}");
    std::fs::write(dir.path().join("data/train.tsv"), edited).unwrap();
    let run = against_baseline(&["--color", "never"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("error[T002]").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("data/train.tsv:4:9"),
        "only the new finding: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("2 findings hidden by the baseline."),
        "{}",
        run.stdout
    );

    // The same finding twice more than recorded: the extra occurrence is new.
    let doubled = format!("{TRAIN}\n{TRAIN}");
    std::fs::write(dir.path().join("data/train.tsv"), doubled).unwrap();
    let run = against_baseline(&["--format", "json"]);
    assert_eq!(codes(&run), ["T002", "T002"]);
}

#[test]
fn a_baseline_matches_from_another_directory() {
    let dir = project(&[IOB2, ("data/train.tsv", TRAIN)]);
    let write = biolint(
        dir.path(),
        &[
            "check",
            "--write-baseline",
            "biolint-baseline.json",
            "data/train.tsv",
        ],
    );
    assert_eq!(write.code, 0, "{}", write.stderr);
    let from_data = biolint(
        &dir.path().join("data"),
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "../biolint-baseline.json",
            "train.tsv",
        ],
    );
    assert_eq!(
        codes(&from_data),
        Vec::<String>::new(),
        "{}",
        from_data.stderr
    );
}

#[test]
fn a_bad_baseline_is_a_usage_error() {
    let dir = project(&[IOB2, ("a.tsv", TRAIN), ("b.json", "{\"version\": 1}")]);
    let run = biolint(dir.path(), &["check", "--baseline", "b.json", "a.tsv"]);
    let start = "error: b.json is not a biolint baseline: missing field `findings`";
    assert_usage_error(&run, start);
    let missing = biolint(dir.path(), &["check", "--baseline", "none.json", "a.tsv"]);
    assert_usage_error(&missing, "error: cannot read the baseline none.json");
}

#[test]
fn writing_a_baseline_replaces_the_file_whole() {
    let dir = project(&[
        IOB2,
        ("a.tsv", TRAIN),
        (
            "b.json",
            "old contents that are longer than the new baseline will be, by far; "
                .repeat(200)
                .as_str(),
        ),
    ]);
    let run = biolint(
        dir.path(),
        &["check", "--write-baseline", "b.json", "a.tsv"],
    );
    assert_eq!(run.code, 0);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("b.json")).unwrap()).unwrap();
    assert_eq!(written["findings"].as_array().unwrap().len(), 2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |name: &str| {
            let meta = std::fs::metadata(dir.path().join(name)).unwrap();
            meta.permissions().mode() & 0o777
        };
        std::fs::set_permissions(
            dir.path().join("b.json"),
            std::fs::Permissions::from_mode(0o640),
        )
        .unwrap();
        biolint(
            dir.path(),
            &["check", "--write-baseline", "b.json", "a.tsv"],
        );
        assert_eq!(
            mode("b.json"),
            0o640,
            "a rewritten baseline keeps its permissions"
        );
        biolint(
            dir.path(),
            &["check", "--write-baseline", "new.json", "a.tsv"],
        );
        std::fs::write(dir.path().join("plain.json"), "").unwrap();
        assert_eq!(
            mode("new.json"),
            mode("plain.json"),
            "a new baseline is made like any file"
        );
        std::fs::remove_file(dir.path().join("new.json")).unwrap();
        std::fs::remove_file(dir.path().join("plain.json")).unwrap();
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        3,
        "no temporary file is left: {leftovers:?}"
    );
}

/// The codes `--select RULES` reports on `a.tsv` in `dir`.
fn selected_codes(dir: &Path, rules: &str) -> Vec<String> {
    codes(&biolint(
        dir,
        &["check", "--format", "json", "--select", rules, "a.tsv"],
    ))
}

#[test]
fn consistency_thresholds_come_from_the_configuration() {
    let sentence = |token: &str, tag: &str, word: &str| format!("{token}\t{tag}\n{word}\tO\n\n");
    let corpus: String = [
        sentence("Java", "B-Language", "a"),
        sentence("Java", "B-Language", "b"),
        sentence("Java", "B-Location", "c"),
        sentence("Java", "B-Location", "d"),
    ]
    .concat();
    let dir = project(&[("a.tsv", &corpus)]);
    let conflicts = |dir: &Path| selected_codes(dir, "type-conflict");
    assert_eq!(conflicts(dir.path()), ["C001"]);
    std::fs::write(
        dir.path().join("biolint.toml"),
        "[consistency]\naccepted-ambiguities = [\"Java\"]\n",
    )
    .unwrap();
    assert_eq!(conflicts(dir.path()), Vec::<String>::new());
    std::fs::write(
        dir.path().join("biolint.toml"),
        "[consistency]\nmin-occurrences = 5\n",
    )
    .unwrap();
    assert_eq!(conflicts(dir.path()), Vec::<String>::new());

    std::fs::write(
        dir.path().join("biolint.toml"),
        "[consistency]\nmin-majority-share = 0.2\n",
    )
    .unwrap();
    let run = biolint(dir.path(), &["check", "a.tsv"]);
    assert_usage_error(
        &run,
        "error: `min-majority-share` must be from 0.5 to 1\n  --> biolint.toml:2:22\n",
    );
}

#[test]
fn findings_per_string_and_plural_folding_come_from_the_configuration() {
    let sentence = |token: &str, tag: &str| format!("{token}\t{tag}\nruns\tO\n\n");
    let mut corpus = String::new();
    for _ in 0..6 {
        corpus.push_str(&sentence("Java", "B-Language"));
    }
    corpus.push_str(&sentence("Java", "B-Location"));
    corpus.push_str("Java\tB-Location\nstops\tO\n\n");
    for _ in 0..4 {
        corpus.push_str(&sentence("server", "O"));
    }
    corpus.push_str(&sentence("servers", "B-Application"));
    let dir = project(&[("a.tsv", &corpus)]);
    let found = |dir: &Path| selected_codes(dir, "C001,C004");
    // Two minority `Java`s, and `servers` against the plain `server`s (plurals fold).
    assert_eq!(found(dir.path()), ["C001", "C001", "C004"]);
    std::fs::write(
        dir.path().join("biolint.toml"),
        "[consistency]\nmax-findings-per-string = 1\nfold-plurals = false\n",
    )
    .unwrap();
    assert_eq!(found(dir.path()), ["C001"]);
}

#[test]
fn alike_findings_fold_unless_the_configuration_says_otherwise() {
    let mut corpus = "Java\tB-Language\nruns\tO\n\n".repeat(6);
    corpus.push_str(&"Java\tB-Location\nruns\tO\n\n".repeat(2));
    let dir = project(&[("a.tsv", &corpus)]);
    let found = |dir: &Path| selected_codes(dir, "C001");
    // The same slip in the same sentence repeated is one finding, pointing at the other.
    assert_eq!(found(dir.path()), ["C001"]);
    let run = biolint(dir.path(), &["check", "--select", "C001", "a.tsv"]);
    assert!(
        run.stdout.contains("the same at 1 more place"),
        "{}",
        run.stdout
    );
    std::fs::write(
        dir.path().join("biolint.toml"),
        "[consistency]\nfold-alike-findings = false\n",
    )
    .unwrap();
    assert_eq!(found(dir.path()), ["C001", "C001"]);
}

#[test]
fn edge_thresholds_come_from_the_configuration() {
    // `the` before an entity: left outside 4 times, taken in once (80%).
    let mut corpus = "the\tO\nLinux\tB-OS\nruns\tO\n\n".repeat(4);
    corpus.push_str("the\tB-OS\nHurd\tI-OS\nruns\tO\n\n");
    let dir = project(&[("a.tsv", &corpus)]);
    let found = |dir: &Path| selected_codes(dir, "C005");
    assert_eq!(found(dir.path()), ["C005"]);
    let config = dir.path().join("biolint.toml");
    std::fs::write(&config, "[consistency]\nmin-token-share = 0.9\n").unwrap();
    assert!(found(dir.path()).is_empty(), "4 of 5 is below 90%");
    std::fs::write(&config, "[consistency]\nmin-token-votes = 6\n").unwrap();
    assert!(found(dir.path()).is_empty(), "5 edges are too few");
    std::fs::write(&config, "[consistency]\nmin-token-share = 0.4\n").unwrap();
    let run = biolint(dir.path(), &["check", "a.tsv"]);
    assert_usage_error(&run, "error: `min-token-share` must be from 0.5 to 1\n");
}

#[test]
fn reading_options_come_from_the_configuration_and_the_command_line_wins() {
    let records = "{\"toks\": [\"Linux\", \"runs\"], \"iob\": [\"I-OS\", \"O\"]}\n";
    let config = "scheme = \"iob2\"\ninput-format = \"jsonl\"\ntokens-field = \"toks\"\ntags-field = \"iob\"\n";
    let dir = project(&[("biolint.toml", config), ("d.jsonl", records)]);
    assert_eq!(codes(&only_t002(dir.path(), &["d.jsonl"])), ["T002"]);
    let overruled = biolint(dir.path(), &["check", "--tokens-field", "words", "d.jsonl"]);
    assert_eq!(overruled.code, 2, "no `words` array: {}", overruled.stdout);
    assert!(
        overruled.stdout.contains("no token array"),
        "{}",
        overruled.stdout
    );

    std::fs::write(dir.path().join("biolint.toml"), "input-format = \"json\"\n").unwrap();
    let run = biolint(dir.path(), &["check", "d.jsonl"]);
    assert_usage_error(
        &run,
        "error: unknown input format `json`\n  --> biolint.toml:1:16\n",
    );
    assert!(
        run.stderr
            .contains("help: use one of `auto`, `columns`, `blocks`, `conllu`, `jsonl`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_baseline_inside_the_linted_folder_is_not_an_input() {
    let dir = project(&[IOB2, ("data/train.tsv", TRAIN)]);
    for name in ["biolint-baseline.json", "data/known.json"] {
        let write = biolint(dir.path(), &["check", "--write-baseline", name, "."]);
        assert_eq!(write.code, 0, "{}", write.stderr);
        let again = biolint(
            dir.path(),
            &["check", "--format", "json", "--baseline", name, "."],
        );
        assert_eq!(again.code, 0, "{}", again.stdout);
        assert_eq!(files(&again), ["./data/train.tsv"]);
    }
}
