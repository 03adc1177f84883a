//! The evaluation harness end to end on a small corpus written here: software names, each
//! annotated the same way in every one of its many sentences, split over a train and a dev file.

use biolint::consistency::settings::ConsistencySettings;
use biolint::eval::corpus::Corpus;
use biolint::eval::findings::{self, Finding};
use biolint::eval::inject::{self, Kind};
use biolint::eval::{self, Method, Mix};
use std::path::PathBuf;

/// `(tokens, label)` of every entity string of the corpus.
const ENTITIES: &[(&str, &str)] = &[
    ("InterMezzo", "Application"),
    ("Coda", "Application"),
    ("Samba", "Application"),
    ("Linux kernel", "Operating_System"),
    ("Windows NT", "Operating_System"),
    ("FreeBSD", "Operating_System"),
    ("NFS", "Protocol"),
    ("SMB", "Protocol"),
    ("WebDAV", "Protocol"),
];

const FRAMES: &[&str] = &[
    "{0} runs on the {1} and speaks {2} .",
    "we ported {0} to {1} last year , using {2} for sharing .",
    "the {1} team tested {0} with {2} .",
];

fn tagged(entity: (&str, &str)) -> String {
    let (text, label) = entity;
    text.split(' ')
        .enumerate()
        .map(|(i, word)| format!("{word}\t{}-{label}\n", if i == 0 { 'B' } else { 'I' }))
        .collect()
}

/// 54 sentences: every frame with every application, system and protocol in turn.
fn write_corpus(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = [String::new(), String::new()];
    for n in 0..54 {
        let frame = FRAMES[n % FRAMES.len()];
        let (app, os, proto) = (
            ENTITIES[n % 3],
            ENTITIES[3 + (n / 3) % 3],
            ENTITIES[6 + (n / 9) % 3],
        );
        let file = &mut files[usize::from(n % 4 == 3)];
        for word in frame.split(' ') {
            match word {
                "{0}" => file.push_str(&tagged(app)),
                "{1}" => file.push_str(&tagged(os)),
                "{2}" => file.push_str(&tagged(proto)),
                _ => file.push_str(&format!("{word}\tO\n")),
            }
        }
        file.push('\n');
    }
    ["train.tsv", "dev.tsv"]
        .iter()
        .zip(files)
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn hit_by(finding: &Finding, error: &inject::Injected) -> bool {
    finding.file == error.file
        && finding.tokens.start < error.tokens.end
        && error.tokens.start < finding.tokens.end
}

#[test]
fn type_swaps_of_consistently_annotated_strings_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::load(&write_corpus(dir.path())).unwrap();
    assert_eq!(corpus.entity_count(), 54 * 3);
    let corruption = inject::inject(&corpus, &[(Kind::TypeSwap, 6)], 11);
    assert_eq!(corruption.errors.len(), 6);
    let out = tempfile::tempdir().unwrap();
    let corrupted =
        Corpus::load(&inject::write(&corpus, &corruption, out.path()).unwrap()).unwrap();
    let found = findings::biolint(&corrupted, &ConsistencySettings::default()).unwrap();
    // The harness runs with the thresholds it is given (`--config`).
    let strict = ConsistencySettings {
        min_occurrences: 1000,
        ..ConsistencySettings::default()
    };
    let strictly = findings::biolint(&corrupted, &strict).unwrap();
    assert!(
        strictly.iter().all(|f| f.rule != "type-conflict"),
        "{strictly:?}"
    );
    for error in &corruption.errors {
        assert!(
            found
                .iter()
                .any(|f| f.rule == "type-conflict" && hit_by(f, error)),
            "type swap at {error:?} not found by type-conflict: {found:?}"
        );
    }
    // Every other occurrence keeps its one label, so nothing else is a type conflict.
    assert!(
        found
            .iter()
            .filter(|f| f.rule == "type-conflict")
            .all(|f| corruption.errors.iter().any(|e| hit_by(f, e))),
        "{found:?}"
    );
}

#[test]
fn the_harness_is_deterministic_and_scores_both_methods() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::load(&write_corpus(dir.path())).unwrap();
    let work = tempfile::tempdir().unwrap();
    let options = eval::Options {
        rate: 0.05,
        seeds: vec![1, 2],
        consistency: ConsistencySettings::default(),
        keep: false,
    };
    let run = eval::evaluate(&corpus, &options, work.path()).unwrap();
    assert!(
        run.unmodified.iter().all(|(_, n)| *n == 0),
        "{:?}",
        run.unmodified.len()
    );
    let trials = run.trials;
    assert_eq!(trials.len(), 2 * Mix::ALL.len() * Method::ALL.len());
    let again = eval::evaluate(&corpus, &options, work.path())
        .unwrap()
        .trials;
    let scores = |t: &[eval::Trial]| t.iter().map(|t| t.score).collect::<Vec<_>>();
    assert_eq!(scores(&trials), scores(&again));
    // The copies were removed after scoring.
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
    for trial in &trials {
        // 5% of 162 entities, in every copy.
        assert_eq!(trial.score.injected, 8, "{trial:?}");
        assert!(trial.score.detected <= trial.score.injected);
        // The unmodified corpus is perfectly consistent: nothing was there before.
        assert_eq!(trial.score.already, 0, "{trial:?}");
    }
    // On a perfectly consistent corpus, both methods see every swapped type.
    for trial in trials.iter().filter(|t| t.mix == Mix::Only(Kind::TypeSwap)) {
        assert_eq!(trial.score.recall(), Some(1.0), "{trial:?}");
    }
}
