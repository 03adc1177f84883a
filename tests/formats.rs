//! The machine formats checked against their specifications and against `--format json` on
//! one small corpus whose file names and tags hold every character that needs escaping:
//! SARIF against the official 2.1.0 JSON schema, `github` lines against the workflow-command
//! grammar of the Actions runner, `json-lines` against the `json` diagnostics.
//!
//! `sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema (`sarif-2.1.0-rtm.5`) as shipped
//! in the npm package `@microsoft/jest-sarif` 1.0.0-beta.0 (`lib/schemas/`, MIT).

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

const SCHEMA: &str = include_str!("sarif-schema-2.1.0.json");

/// Runs biolint in `dir` on `.`; returns stdout and the exit code.
fn biolint(dir: &Path, format: &str) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_biolint"))
        .args(["check", "--format", format, "."])
        .current_dir(dir)
        .output()
        .expect("run biolint");
    let stdout = String::from_utf8(output.stdout).expect("output is UTF-8");
    (stdout, output.status.code().expect("exit code"))
}

/// Findings at error and warning level, with secondary labels, notes, help, a confidence, a
/// non-ASCII token, an unreadable file, and `%`, `:`, `,`, CR and LF in file names and tags.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write(
        "a,b:c%d.tsv",
        "Der\tO\nPythön\tB-Lang\nx\tI-Lib\ny\tB-lang\n\nfoo\tB-Lang\n50%\tB-Lang,I-Lib:50%\n"
            .as_bytes(),
    );
    write("new\nline\r.tsv", b"x\tO\ny\tI-Lib\n");
    write("binary.txt", b"\xff\xfe\x00\x01");
    write("clean é.conll", b"EU B-ORG\nrejects O\n");
    // A corpus-wide finding, with a confidence.
    let sentence = "InterMezzo\tB-Application\nis\tO\nfast\tO\n\n";
    write("train.tsv", sentence.repeat(3).as_bytes());
    write(
        "dev.tsv",
        sentence.replace("Application", "Protocol").as_bytes(),
    );
    dir
}

/// The `json` diagnostics of the corpus, and the output of `format` on it.
fn json_and(format: &str) -> (Vec<Value>, String) {
    let dir = corpus();
    let (json, _) = biolint(dir.path(), "json");
    let document: Value = serde_json::from_str(&json).unwrap();
    let (output, code) = biolint(dir.path(), format);
    assert_eq!(code, 2, "the unreadable file makes it exit 2");
    (document["diagnostics"].as_array().unwrap().clone(), output)
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let dir = corpus();
    let (sarif, code) = biolint(dir.path(), "sarif");
    assert_eq!(code, 2, "the unreadable file makes it exit 2");
    let log: Value = serde_json::from_str(&sarif).unwrap();
    // The `language` patterns of the schema have a stray `]`, which ECMA-262 (Annex B) reads
    // as a literal but the Rust regex engine rejects; escaped, they mean the same.
    let stray = "-[a-zA-Z]{2}]?$";
    assert_eq!(SCHEMA.matches(stray).count(), 2);
    let schema: Value = serde_json::from_str(&SCHEMA.replace(stray, r"-[a-zA-Z]{2}\\]?$")).unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));

    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
    broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&broken));
    broken = log.clone();
    broken["$schema"] = "no uri".into();
    assert!(!validator.is_valid(&broken), "formats are checked");
}

#[test]
fn sarif_results_match_the_json_findings() {
    let (expected, sarif) = json_and("sarif");
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    assert!(expected.len() >= 5, "the corpus has findings of every kind");
    for (result, d) in results.iter().zip(&expected) {
        // What GitHub code scanning requires, and the rule metadata behind `ruleIndex`.
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(result["ruleId"], d["code"]);
        assert_eq!(rule["id"], d["code"]);
        assert_eq!(rule["name"], d["name"]);
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(!rule["help"]["markdown"].as_str().unwrap().is_empty());
        assert_eq!(result["level"], d["severity"]);
        let text = result["message"]["text"].as_str().unwrap();
        assert!(text.starts_with(d["message"].as_str().unwrap()));
        if let Some(help) = d["help"].as_str() {
            assert!(text.ends_with(&format!("\nhelp: {help}")));
        }
        assert_eq!(result["properties"]["confidence"], d["confidence"]);
        assert_fix(&result["fixes"], &d["fix"]);
        let primary = &result["locations"][0]["physicalLocation"];
        assert_place(primary, d);
        let labels = d["labels"].as_array().unwrap();
        let related = result["relatedLocations"].as_array().map_or(&[][..], |r| r);
        assert_eq!(related.len(), labels.len());
        for (place, label) in related.iter().zip(labels) {
            assert_eq!(place["message"]["text"], label["message"]);
            assert_place(&place["physicalLocation"], label);
        }
    }
    assert!(expected.iter().any(|d| d["confidence"].is_f64()));
    assert!(expected.iter().any(|d| d["fix"].is_object()));
    let listed: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let with_results: Vec<&str> = biolint::registry::all()
        .iter()
        .map(|r| r.meta().code)
        .filter(|code| expected.iter().any(|d| d["code"] == *code))
        .collect();
    assert_eq!(
        listed, with_results,
        "the rules with results, in registry order"
    );
}

/// SARIF `fixes` hold the `json` fix's edits, grouped by file.
fn assert_fix(fixes: &Value, json: &Value) {
    let Some(edits) = json["edits"].as_array() else {
        assert!(fixes.is_null(), "no fix, no fixes: {fixes}");
        return;
    };
    let fixes = fixes.as_array().unwrap();
    assert_eq!(fixes.len(), 1);
    let description = fixes[0]["description"]["text"].as_str().unwrap();
    assert!(description.starts_with(json["applicability"].as_str().unwrap()));
    let mut replaced = 0;
    for change in fixes[0]["artifactChanges"].as_array().unwrap() {
        for replacement in change["replacements"].as_array().unwrap() {
            let edit = &edits[replaced];
            let deleted = json!({
                "artifactLocation": change["artifactLocation"],
                "region": replacement["deletedRegion"],
            });
            assert_place(&deleted, edit);
            assert_eq!(replacement["insertedContent"]["text"], edit["replacement"]);
            replaced += 1;
        }
    }
    assert_eq!(replaced, edits.len());
}

fn assert_place(physical: &Value, json: &Value) {
    let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
    assert!(
        !uri.starts_with("./") && !uri.starts_with('/'),
        "relative: {uri}"
    );
    let path = json["path"].as_str().unwrap();
    assert_eq!(percent_decode(uri), path.strip_prefix("./").unwrap());
    let region = &physical["region"];
    assert_eq!(region["startLine"], json["line"]);
    assert_eq!(region["startColumn"], json["column"]);
    assert_eq!(region["endLine"], json["end_line"]);
    assert_eq!(region["endColumn"], json["end_column"]);
}

fn percent_decode(uri: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = uri.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(&tail[..2]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            rest = &tail[2..];
        } else {
            assert!(b.is_ascii_alphanumeric() || b"-._~/".contains(&b), "{uri}");
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// A workflow command as the Actions runner parses it (`ActionCommand.TryParseV2`): `::`, the
/// command, a space and `key=value` properties separated by `,`, then `::` and the message.
#[derive(Debug)]
struct WorkflowCommand {
    command: String,
    properties: Vec<(String, String)>,
    message: String,
}

fn parse_workflow_command(line: &str) -> Result<WorkflowCommand, String> {
    let rest = line.strip_prefix("::").ok_or("no leading `::`")?;
    let end = rest.find("::").ok_or("no `::` before the message")?;
    let (info, data) = (&rest[..end], &rest[end + 2..]);
    let (command, properties) = info.split_once(' ').unwrap_or((info, ""));
    if command.is_empty() || !command.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(format!("bad command `{command}`"));
    }
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').ok_or(format!("`{p}` is no key=value"))?;
            if value.contains(':') {
                return Err(format!("unescaped `:` in `{value}`"));
            }
            Ok((
                key.to_string(),
                unescape(value, &["%25", "%0D", "%0A", "%3A", "%2C"])?,
            ))
        })
        .collect::<Result<_, String>>()?;
    Ok(WorkflowCommand {
        command: command.to_string(),
        properties,
        message: unescape(data, &["%25", "%0D", "%0A"])?,
    })
}

/// Undoes the runner's escapes; any other `%` would be ambiguous, so it is an error.
fn unescape(text: &str, escapes: &[&str]) -> Result<String, String> {
    if text.contains(['\r', '\n']) {
        return Err(format!("raw line break in `{text}`"));
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3).unwrap_or("");
        if !escapes.contains(&escape) {
            return Err(format!("unescaped `%` in `{text}`"));
        }
        out.push(u8::from_str_radix(&escape[1..], 16).unwrap() as char);
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Ok(out)
}

#[test]
fn the_parser_knows_the_escapes() {
    let parsed =
        parse_workflow_command("::error file=a%2Cb%3Ac%25,line=1::x%0Ay: 50%25, z").unwrap();
    assert_eq!(parsed.properties[0], ("file".into(), "a,b:c%".into()));
    assert_eq!(parsed.message, "x\ny: 50%, z");
    assert!(parse_workflow_command("::error file=a:b::x").is_err());
    assert!(parse_workflow_command("::error file=a::50% off").is_err());
    assert!(parse_workflow_command("error::x").is_err());
}

#[test]
fn github_lines_are_workflow_commands_that_round_trip() {
    let (expected, output) = json_and("github");
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line per finding:\n{output}"
    );
    for (line, d) in lines.iter().zip(&expected) {
        let parsed = parse_workflow_command(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(parsed.command, d["severity"].as_str().unwrap());
        let property = |key: &str| -> String {
            let found = parsed.properties.iter().find(|(k, _)| k == key);
            found
                .unwrap_or_else(|| panic!("no {key} in {line}"))
                .1
                .clone()
        };
        assert_eq!(property("file"), d["path"].as_str().unwrap());
        for (key, field) in [
            ("line", "line"),
            ("col", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
        ] {
            assert_eq!(property(key), d[field].to_string(), "{key} in {line}");
        }
        assert_eq!(
            property("title"),
            format!(
                "biolint {} [{}]",
                d["code"].as_str().unwrap(),
                d["name"].as_str().unwrap()
            )
        );
        assert_eq!(parsed.properties.len(), 6, "{line}");
        let mut message = d["message"].as_str().unwrap().to_string();
        for label in d["labels"].as_array().unwrap() {
            message += &format!(
                "\n{}:{}:{}: {}",
                label["path"].as_str().unwrap(),
                label["line"],
                label["column"],
                label["message"].as_str().unwrap()
            );
        }
        for note in d["notes"].as_array().unwrap() {
            message += &format!("\nnote: {}", note.as_str().unwrap());
        }
        if let Some(confidence) = d["confidence"].as_f64() {
            message += &format!("\nconfidence: {confidence:.2}");
        }
        if let Some(help) = d["help"].as_str() {
            message += &format!("\nhelp: {help}");
        }
        assert_eq!(parsed.message, message);
    }
    // The corpus really exercises the escapes.
    for escape in ["%25", "%3A", "%2C", "%0A", "%0D"] {
        assert!(output.contains(escape), "no {escape} in\n{output}");
    }
}

#[test]
fn json_lines_are_the_json_diagnostics() {
    let (expected, output) = json_and("json-lines");
    let lines: Vec<Value> = output
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, expected);
}
