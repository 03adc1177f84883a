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

fn messages(outcome: &Outcome) -> Vec<&str> {
    outcome
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect()
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
fn a_rare_type_of_an_ambiguous_string_is_still_flagged() {
    // `Language` and `Location` are both senses of `Java`; a single `Person` is a slip.
    let mut sentences = vec!["Java/B-Language a"; 4];
    sentences.extend(["Java/B-Location b"; 3]);
    sentences.push("Java/B-Person c");
    // 4 against 3 is no majority at a share of 0.6.
    let outcome = run("type-conflict", &[("a.tsv", &tsv(&sentences))], |s| {
        s.consistency.min_majority_share = 0.6;
    });
    let found = messages(&outcome);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&"`Java` is annotated `Person` here but `Language` 4 times elsewhere"));
    assert!(found.contains(&"`Java` is annotated with no dominant type"));
    let person = &outcome.diagnostics[0];
    assert_eq!(
        place(&outcome, person).1,
        22,
        "the most confident finding comes first"
    );
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

#[test]
fn missed_annotation_flags_the_plain_occurrence_once() {
    let text = tsv(&[
        "the Linux/B-OS kernel/I-OS boots",
        "the Linux/B-OS kernel/I-OS runs",
        "the Linux/B-OS kernel/I-OS halts",
        "the Linux kernel boots",
        "a Linux/B-OS box",
    ]);
    let outcome = run("missed-annotation", &[("a.tsv", &text)], |_| {});
    // `Linux` is also plain there, but the longer `Linux kernel` is the one reported.
    assert_eq!(outcome.diagnostics.len(), 1, "{:#?}", outcome.diagnostics);
    let d = &outcome.diagnostics[0];
    assert_eq!(place(&outcome, d), ("a.tsv".into(), 17));
    assert!(d.message.starts_with("`Linux kernel` is not annotated"));
    assert_eq!(d.labels.len(), 3);
}

#[test]
fn mostly_plain_strings_are_not_missed_annotations() {
    let text = tsv(&[
        "Apple/B-ORG sells",
        "an apple a",
        "the Apple pie",
        "Apple pie",
        "Apple cake",
    ]);
    let outcome = run("missed-annotation", &[("a.tsv", &text)], |_| {});
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
}

#[test]
fn boundary_conflict_finds_truncated_and_extended_entities() {
    let text = tsv(&[
        "a distributed/B-P file/I-P system/I-P x",
        "a distributed/B-P file/I-P system/I-P y",
        "a distributed/B-P file/I-P system/I-P z",
        "a distributed file/B-P system/I-P w",
        "the/B-OS Linux/I-OS kernel/I-OS",
        "the Linux/B-OS kernel/I-OS",
        "the Linux/B-OS kernel/I-OS",
        "the Linux/B-OS kernel/I-OS",
    ]);
    let outcome = run("boundary-conflict", &[("a.tsv", &text)], |_| {});
    let messages = messages(&outcome);
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("only `file system` is annotated here"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("`the Linux kernel` is one entity here"))
    );
}

#[test]
fn spurious_annotation_flags_a_rare_annotation_and_wrapped_entities_are_extensions() {
    let text = tsv(&[
        "a client/B-P connects",
        "a client connects",
        "the client caches",
        "the client replays",
    ]);
    let outcome = run("spurious-annotation", &[("a.tsv", &text)], |_| {});
    assert_eq!(outcome.diagnostics.len(), 1);
    assert_eq!(
        place(&outcome, &outcome.diagnostics[0]),
        ("a.tsv".into(), 2)
    );
    let wrapped = tsv(&[
        "for the Linux/B-OS kernel/I-OS .",
        "into the Linux/B-OS kernel/I-OS .",
        "in the Linux/B-OS kernel/I-OS .",
        "the/B-OS Linux/I-OS kernel/I-OS code/I-OS .",
        "see Novell/B-OS Linux/I-OS kernel/I-OS .",
    ]);
    let outcome = run("boundary-conflict", &[("a.tsv", &wrapped)], |_| {});
    // `the ... code` wraps the usual annotation in weak words; `Novell` may be another name.
    let found: Vec<_> = outcome
        .diagnostics
        .iter()
        .map(|d| place(&outcome, d))
        .collect();
    assert_eq!(found, [("a.tsv".to_string(), 19)]);
}

#[test]
fn boundary_conflict_says_when_one_entity_is_split_in_several() {
    let text = tsv(&[
        "a free/B-License and/I-License open-source/I-License suite",
        "a free/B-License and/I-License open-source/I-License kernel",
        "a free/B-License and/I-License open-source/I-License editor",
        "a free/B-Application and open-source/B-Application office suite",
    ]);
    let outcome = run("boundary-conflict", &[("a.tsv", &text)], |_| {});
    let messages = messages(&outcome);
    assert_eq!(
        messages,
        [
            "`free and open-source` is split into several entities here, but is one entity 3 times elsewhere"
        ]
    );
}

#[test]
fn a_shared_head_wrapped_into_different_types_is_one_finding() {
    let text = tsv(&[
        "a distributed/B-Protocol file/I-Protocol system/I-Protocol here",
        "a journaling/B-Application file/I-Application system/I-Application there",
        "the file system is full",
        "the file system is slow",
    ]);
    let outcome = run("boundary-conflict", &[("a.tsv", &text)], |_| {});
    assert_eq!(outcome.diagnostics.len(), 1, "{:#?}", outcome.diagnostics);
    let d = &outcome.diagnostics[0];
    assert!(
        d.message
            .starts_with("`file system` is annotated only inside longer entities")
    );
    assert_eq!(place(&outcome, d), ("a.tsv".into(), 2));
    assert_eq!(
        d.labels.len(),
        3,
        "the other entity and the two plain occurrences"
    );
}

#[test]
fn accepted_ambiguities_silence_the_token_rules_too() {
    let mut sentences = vec!["run on the Linux/B-OS , the BSD/B-OS , the Minix/B-OS"; 3];
    sentences.push("the/B-OS Hurd/I-OS boots");
    sentences.extend(["Chrome/B-OS OS/I-OS and Palm/B-OS OS/I-OS ship"; 3]);
    sentences.push("Haiku/B-App OS/I-App ships");
    let text = tsv(&sentences);
    for (rule, entity) in [("boundary-token", "the Hurd"), ("head-type", "Haiku OS")] {
        let found = run(rule, &[("a.tsv", &text)], |_| {});
        assert_eq!(found.diagnostics.len(), 1, "{rule}: {:?}", messages(&found));
        let accepted = run(rule, &[("a.tsv", &text)], |s| {
            s.consistency.accepted_ambiguities = vec![entity.into()];
        });
        assert!(
            accepted.diagnostics.is_empty(),
            "{rule}: {:?}",
            messages(&accepted)
        );
    }
}

#[test]
fn token_rules_keep_max_findings_per_token() {
    let mut sentences = vec!["run on the Linux/B-OS , the BSD/B-OS , the Minix/B-OS"; 6];
    sentences.extend(["the/B-OS Hurd/I-OS boots", "the/B-OS Haiku/I-OS boots"]);
    let text = tsv(&sentences);
    assert_eq!(
        run("boundary-token", &[("a.tsv", &text)], |_| {})
            .diagnostics
            .len(),
        2
    );
    let capped = run("boundary-token", &[("a.tsv", &text)], |s| {
        s.consistency.max_findings_per_string = 1;
    });
    assert_eq!(capped.diagnostics.len(), 1);
    let notes = &capped.diagnostics[0].notes;
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("1 more like this about `the`")),
        "{notes:?}"
    );
}
