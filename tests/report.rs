//! `biolint report`: the data the page shows (grouping, counts, sentences), the page itself
//! (self-contained, escaped) and the command. The page is drawn by JavaScript; the browser
//! check of the drawn page is `tests/report/browser.sh` (see README, "Annotator report").

use biolint::discover;
use biolint::engine;
use biolint::report::{self, Report};
use biolint::settings::Settings;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const CORPUS: &str = "tests/report/corpus";

/// The page of a run, as `biolint report` writes it.
fn report_of(paths: &[PathBuf]) -> String {
    let (inputs, errors) = discover::discover(paths, None, &|_| false);
    assert!(errors.is_empty());
    let outcome = engine::check(&inputs, &Settings::default());
    let report = Report::of(&outcome);
    let mut html = Vec::new();
    report::write(&report, &mut html).unwrap();
    String::from_utf8(html).unwrap()
}

fn corpus() -> String {
    report_of(&[PathBuf::from(CORPUS)])
}

/// The JSON the page embeds, read back the way the page's script reads it.
fn embedded(html: &str) -> Value {
    let start = html.find(r#"id="report-data">"#).unwrap() + r#"id="report-data">"#.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

fn file_index(data: &Value, name: &str) -> u64 {
    let files = data["files"].as_array().unwrap();
    files
        .iter()
        .position(|f| f.as_str().unwrap().ends_with(name))
        .unwrap() as u64
}

/// A number field of every object of an array.
fn field(array: &Value, key: &str) -> Vec<u64> {
    let items = array.as_array().unwrap();
    items
        .iter()
        .map(|item| item[key].as_u64().unwrap())
        .collect()
}

fn tokens(data: &Value, sentence: &Value) -> Vec<String> {
    data["sentences"][sentence.as_u64().unwrap() as usize]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn groups_findings_by_rule_then_by_surface_string() {
    let html = corpus();
    let data = embedded(&html);
    let rules = data["rules"].as_array().unwrap();
    let shape: Vec<(String, Vec<(String, usize)>)> = rules
        .iter()
        .map(|r| {
            let groups = r["groups"].as_array().unwrap();
            let groups = groups
                .iter()
                .map(|g| {
                    let n = g["findings"].as_array().unwrap().len();
                    (g["surface"].as_str().unwrap().to_string(), n)
                })
                .collect();
            (r["name"].as_str().unwrap().to_string(), groups)
        })
        .collect();
    let expected = [
        ("type-conflict", vec![("Linux", 1)]),
        ("invalid-continuation", vec![("SQL", 1), ("TCP", 1)]),
        ("label-variant", vec![("Debian", 2)]),
    ];
    let expected: Vec<(String, Vec<(String, usize)>)> = expected
        .iter()
        .map(|(rule, groups)| {
            let groups = groups.iter().map(|(s, n)| (s.to_string(), *n)).collect();
            (rule.to_string(), groups)
        })
        .collect();
    assert_eq!(shape, expected);

    // Every finding sits in exactly one group, and knows its rule.
    let findings = data["findings"].as_array().unwrap();
    let mut seen = vec![0; findings.len()];
    for (index, rule) in rules.iter().enumerate() {
        for group in rule["groups"].as_array().unwrap() {
            for f in group["findings"].as_array().unwrap() {
                let f = f.as_u64().unwrap() as usize;
                seen[f] += 1;
                assert_eq!(findings[f]["rule"], index as u64);
            }
        }
    }
    assert_eq!(seen, vec![1; findings.len()]);
}

#[test]
fn counts_findings_files_and_entities_per_label() {
    let html = corpus();
    let data = embedded(&html);
    let totals = &data["totals"];
    let count = |key: &str| totals[key].as_u64().unwrap();
    assert_eq!(
        [count("findings"), count("errors"), count("warnings")],
        [5, 2, 3]
    );
    assert_eq!(
        [count("files"), count("sentences"), count("tokens")],
        [2, 11, 97]
    );
    let labels: Vec<(String, u64, u64)> = data["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let name = l["name"].as_str().unwrap().to_string();
            (
                name,
                l["entities"].as_u64().unwrap(),
                l["findings"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        // `Linux` annotated `Application` once, `Operating_System` elsewhere (type-conflict).
        ("Application", 4, 1),
        ("Data_Format", 1, 0),
        // SQL, `I-Language` after `O`.
        ("Language", 7, 1),
        // The type conflict's majority, and both label-variant findings point at `Windows`.
        ("Operating_System", 7, 3),
        ("Protocol", 3, 1),
        ("operating_system", 2, 2),
    ];
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(name, e, f)| (name.to_string(), *e, *f))
        .collect();
    assert_eq!(labels, expected);
    assert!(field(&data["labels"], "hue").iter().all(|h| *h < 360));
}

#[test]
fn places_carry_their_sentence_and_flagged_tokens() {
    let html = corpus();
    let data = embedded(&html);
    let findings = data["findings"].as_array().unwrap();
    let software = file_index(&data, "software.txt");
    let languages = file_index(&data, "languages.tsv");

    let variant = findings
        .iter()
        .find(|f| f["at"]["file"] == software && f["message"].as_str().unwrap().contains("variant"))
        .unwrap();
    assert_eq!(variant["at"]["line"], 16);
    assert_eq!(
        tokens(&data, &variant["at"]["sentence"]),
        [
            "We",
            "ran",
            "<script>alert(1)</script>",
            "on",
            "Debian",
            "."
        ]
    );
    assert_eq!(variant["at"]["tokens"], serde_json::json!([4]));
    // The conflicting occurrence is in the other file, shown with its own sentence.
    let other = &variant["others"][0];
    assert_eq!(other["file"], languages);
    assert_eq!(other["line"], 1);
    let shown = tokens(&data, &other["sentence"]);
    assert_eq!(shown.len(), 33, "the whole sentence, cut only by the page");
    assert_eq!(shown[..4], ["Windows", "runs", "SQL", "queries"]);
    assert_eq!(other["tokens"], serde_json::json!([0]));

    // A cause in the same sentence shares the sentence, which is stored once.
    let continuation = findings
        .iter()
        .find(|f| {
            f["at"]["file"] == software && f["message"].as_str().unwrap().contains("continues")
        })
        .unwrap();
    assert_eq!(
        continuation["at"]["sentence"],
        continuation["others"][0]["sentence"]
    );
    assert_eq!(continuation["at"]["tokens"], serde_json::json!([6]));
    assert_eq!(continuation["others"][0]["tokens"], serde_json::json!([5]));
    let sentence = &data["sentences"][continuation["at"]["sentence"].as_u64().unwrap() as usize];
    let tag = |i: usize| {
        let index = sentence["tags"][i].as_u64().unwrap() as usize;
        data["tags"][index].as_str().unwrap().to_string()
    };
    assert_eq!(tag(6), "I-Protocol");
    // Entities as `[first, end, label]`: Linux, HTTP, TCP.
    let protocol = data["labels"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l["name"] == "Protocol")
        .unwrap();
    assert_eq!(sentence["entities"][2], serde_json::json!([6, 7, protocol]));

    // The type conflict: the odd one out, and the majority beside it with their sentences.
    let conflict = findings
        .iter()
        .find(|f| f["confidence"].is_number())
        .unwrap();
    assert_eq!(conflict["at"]["line"], 48);
    assert_eq!(field(&conflict["others"], "line"), [3, 29, 41]);
    assert_eq!(
        tokens(&data, &conflict["others"][2]["sentence"]),
        ["Ubuntu", "is", "built", "on", "Linux", "."]
    );
    let stored = data["sentences"].as_array().unwrap().len();
    assert_eq!(stored, 7, "eleven places in seven sentences");
}

#[test]
fn the_page_is_self_contained_and_tokens_stay_text() {
    let html = corpus();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<title>biolint report: 5 findings in 2 files</title>"));
    // The only elements that run or load anything are the two scripts the page brings.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    let data_start = html.find(r#"id="report-data">"#).unwrap() + r#"id="report-data">"#.len();
    let data_end = data_start + html[data_start..].find("</script>").unwrap();
    let data = &html[data_start..data_end];
    assert!(!data.contains('<') && !data.contains('>'));
    let shell = format!("{}{}", &html[..data_start], &html[data_end..]);
    for external in [
        "src=", "href=", "http:", "https:", "url(", "@import", "fetch(",
    ] {
        assert!(!shell.contains(external), "the page refers to `{external}`");
    }
    // The hostile tokens are data, and come back unchanged.
    let json = embedded(&html);
    let all: Vec<&str> = json["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tokens"].as_array().unwrap())
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(all.contains(&"<script>alert(1)</script>"));
    // The page script never parses data as markup.
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!shell.contains(sink), "the page script uses `{sink}`");
    }
}

#[test]
fn places_outside_sentences_show_their_line_and_long_text_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(5000);
    std::fs::write(dir.path().join("binary.tsv"), b"A\tO\nbad\0\n").unwrap();
    std::fs::write(dir.path().join("empty.tsv"), "").unwrap();
    std::fs::write(
        dir.path().join("long.tsv"),
        format!("{long}\tO\nB\tI-X\n\nC\tB-X\n\nD\tB-X\n"),
    )
    .unwrap();
    let html = report_of(&[dir.path().to_path_buf()]);
    let data = embedded(&html);
    assert_eq!(data["totals"]["unreadable"], 1, "the binary file");
    let findings = data["findings"].as_array().unwrap();
    let binary = file_index(&data, "binary.tsv");
    let unreadable = findings.iter().find(|f| f["at"]["file"] == binary).unwrap();
    assert_eq!(unreadable["at"]["sentence"], Value::Null);
    assert_eq!(
        unreadable["at"]["excerpt"], "bad",
        "the text up to the NUL byte"
    );
    let empty = file_index(&data, "empty.tsv");
    let empty = findings.iter().find(|f| f["at"]["file"] == empty).unwrap();
    assert_eq!(empty["at"]["excerpt"], Value::Null);
    let long_file = file_index(&data, "long.tsv");
    let continuation = findings
        .iter()
        .find(|f| f["at"]["file"] == long_file)
        .unwrap();
    let shown = tokens(&data, &continuation["at"]["sentence"]);
    assert_eq!(shown[0].chars().count(), 121);
    assert!(shown[0].ends_with('…'));
    assert_eq!(shown[1], "B");
}

fn biolint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_writes_the_page_and_exits_like_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let out_arg = out.to_str().unwrap();
    let run = biolint(&["report", CORPUS, "--output", out_arg]);
    assert_eq!(run.status.code(), Some(1), "error-level findings exit 1");
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!("Wrote {out_arg}: 5 findings.\n")
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(embedded(&html)["totals"]["findings"], 5);

    // The same rule options as `check`; warnings only exit 0.
    let run = biolint(&["report", "--select", "label-variant", CORPUS, "-o", out_arg]);
    assert_eq!(run.status.code(), Some(0));
    let data = embedded(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(data["rules"].as_array().unwrap().len(), 1);
    assert_eq!(data["rules"][0]["code"], "T004");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["report.html"], "no temporary file is left behind");

    let run = biolint(&["report", CORPUS, "-o", "-"]);
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.starts_with("<!DOCTYPE html>"));
    assert_eq!(embedded(&stdout)["totals"]["findings"], 5);
}

#[test]
fn the_command_reports_what_it_cannot_do() {
    let run = biolint(&["report", CORPUS]);
    assert_eq!(run.status.code(), Some(2), "--output is required");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("report.html");
    let run = biolint(&["report", CORPUS, "-o", missing.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with(&format!("error: cannot write {}: ", missing.display())),
        "{stderr}"
    );
    let run = biolint(&["report", CORPUS, "-o", "x.html", "--select", "nope"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(!Path::new("x.html").exists());
}
