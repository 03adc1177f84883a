use crate::diagnostic::Diagnostic;
use crate::discover::Input;
use crate::engine::{self, Outcome};
use crate::settings::Settings;

/// Runs `rule` over files given as `(name, content)` and returns the outcome.
fn run(rule: &str, files: &[(&str, &str)], tune: impl Fn(&mut Settings)) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            Input::Path(path)
        })
        .collect();
    let mut settings = Settings::default();
    settings.select(&[Settings::rule(rule).unwrap()]);
    tune(&mut settings);
    engine::check(&inputs, &settings)
}

/// Two-column IOB2 text: one sentence per line, `word/TAG` or `word` for `O`.
fn tsv(sentences: &[&str]) -> String {
    let mut out = String::new();
    for sentence in sentences {
        for word in sentence.split(' ') {
            let (token, tag) = word.split_once('/').unwrap_or((word, "O"));
            out.push_str(&format!("{token}\t{tag}\n"));
        }
        out.push('\n');
    }
    out
}

fn place(outcome: &Outcome, d: &Diagnostic) -> (String, usize) {
    let file = &outcome.files[d.file];
    let name = file.path.rsplit('/').next().unwrap().to_string();
    (name, file.position(d.span.start).line)
}

#[test]
fn type_conflict_flags_the_minority_across_files_and_schemes() {
    let train = tsv(&[
        "InterMezzo/B-Application is a file system",
        "InterMezzo/B-Application is fast",
        "the Linux/B-OS kernel/I-OS",
    ]);
    // The same corpus in BIOES: `S-` and `E-` decode to the same spans.
    let dev = tsv(&[
        "InterMezzo/S-Application is a file system",
        "InterMezzo/S-Protocol is a file system",
        "Linux/B-OS kernel/E-OS",
    ]);
    let outcome = run(
        "type-conflict",
        &[("train.tsv", &train), ("dev.tsv", &dev)],
        |_| {},
    );
    let found = &outcome.diagnostics;
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(place(&outcome, d), ("dev.tsv".into(), 7));
    assert!(
        d.message
            .contains("`Protocol` here but `Application` 3 times")
    );
    assert_eq!(
        d.notes,
        ["`InterMezzo` is annotated Application ×3, Protocol ×1"]
    );
    let evidence: Vec<_> = d
        .labels
        .iter()
        .map(|l| outcome.files[l.file].path.clone())
        .collect();
    assert_eq!(evidence.len(), 3);
    assert!(evidence.iter().any(|p| p.ends_with("train.tsv")));
    let confidence = d.confidence.unwrap();
    assert!((0.5..=1.0).contains(&confidence), "{confidence}");
}

#[test]
fn a_deviation_in_the_majority_context_ranks_higher() {
    let same = tsv(&[
        "use Coda/B-Application now",
        "use Coda/B-Application now",
        "use Coda/B-Application now",
        "use Coda/B-Protocol now",
    ]);
    let other = tsv(&[
        "use Coda/B-Application now",
        "use Coda/B-Application now",
        "use Coda/B-Application now",
        "about Coda/B-Protocol ,",
    ]);
    let score = |text: &str| {
        let outcome = run("type-conflict", &[("a.tsv", text)], |_| {});
        outcome.diagnostics[0].confidence.unwrap()
    };
    assert!(
        score(&same) > score(&other),
        "{} vs {}",
        score(&same),
        score(&other)
    );
}

#[test]
fn no_dominant_type_is_one_ambiguous_finding() {
    let text = tsv(&[
        "Java/B-Language a",
        "Java/B-Language b",
        "Java/B-Location c",
        "Java/B-Location d",
    ]);
    let outcome = run("type-conflict", &[("a.tsv", &text)], |_| {});
    assert_eq!(outcome.diagnostics.len(), 1);
    let d = &outcome.diagnostics[0];
    assert!(d.message.contains("no dominant type"), "{}", d.message);
    assert!(d.confidence.unwrap() <= 0.5);
    let accepted = run("type-conflict", &[("a.tsv", &text)], |s| {
        s.consistency.accepted_ambiguities = vec!["Java".into()];
    });
    assert!(accepted.diagnostics.is_empty());
}

#[test]
fn min_confidence_drops_weaker_findings() {
    let text = tsv(&[
        "Java/B-Language a",
        "Java/B-Language b",
        "Java/B-Location c",
        "Java/B-Location d",
        "Coda/B-Application a",
        "Coda/B-Application a",
        "Coda/B-Application a",
        "Coda/B-Application a",
        "Coda/B-Protocol a",
    ]);
    let all = run("type-conflict", &[("a.tsv", &text)], |_| {});
    assert_eq!(all.diagnostics.len(), 2);
    // Ranked by confidence: the clear conflict before the ambiguity.
    assert!(all.diagnostics[0].message.contains("`Coda`"));
    let strong = run("type-conflict", &[("a.tsv", &text)], |s| {
        s.consistency.min_confidence = 0.6;
    });
    assert_eq!(strong.diagnostics.len(), 1);
    assert!(strong.diagnostics[0].message.contains("`Coda`"));
}
