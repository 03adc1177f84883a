//! Scores biolint's consistency rules against injected errors, beside a majority-vote baseline.
//!
//!     cargo run --release --example evaluate -- --corpus NAME=PATH[,PATH...] [--rate R] [--seeds 1,2,3] [--config biolint.toml]
//!
//! Prints one Markdown table per corpus: for each kind of injected error (and all kinds mixed),
//! precision and recall of each method, summed over the seeds. See README, "Evaluating the
//! consistency rules".

use biolint::config;
use biolint::consistency::settings::ConsistencySettings;
use biolint::eval::corpus::Corpus;
use biolint::eval::findings::consistency_rules;
use biolint::eval::score::Score;
use biolint::eval::{self, Method, Mix, Options, Trial};
use clap::Parser;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
struct Args {
    /// A corpus to evaluate on: a name, `=`, and its files separated by commas (train/dev/test
    /// files of one corpus are checked together). Repeat for several corpora.
    #[arg(long, required = true, value_parser = parse_corpus)]
    corpus: Vec<(String, Vec<PathBuf>)>,
    /// Share of the corpus's entities corrupted in each copy.
    #[arg(long, default_value_t = 0.02)]
    rate: f64,
    /// Seeds of the corrupted copies; each seed is one copy per kind of error.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 2, 3])]
    seeds: Vec<u64>,
    /// Count only biolint findings of at least this confidence.
    #[arg(long, default_value_t = 0.0)]
    min_confidence: f64,
    /// Run biolint with the `[consistency]` thresholds of this configuration file
    /// (`biolint.toml`) instead of the defaults; `--min-confidence` replaces its
    /// `min-confidence`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Keep the corrupted copies in DIR/NAME/seedN-KIND/, each with an `errors.tsv` listing
    /// its injected errors, instead of removing them.
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
}

fn parse_corpus(arg: &str) -> Result<(String, Vec<PathBuf>), String> {
    let (name, paths) = arg.split_once('=').ok_or("expected NAME=PATH[,PATH...]")?;
    Ok((
        name.to_string(),
        paths.split(',').map(PathBuf::from).collect(),
    ))
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(0.0..=1.0).contains(&args.rate) {
        eprintln!("error: --rate must be between 0 and 1");
        return ExitCode::from(2);
    }
    let mut consistency = match &args.config {
        None => ConsistencySettings::default(),
        Some(path) => match config::load(path) {
            Ok(config) => config.settings.consistency,
            Err(error) => {
                error.emit(false);
                return ExitCode::from(2);
            }
        },
    };
    consistency.min_confidence = args.min_confidence;
    for (name, paths) in &args.corpus {
        if let Err(message) = report(name, paths, &args, &consistency) {
            eprintln!("error: {name}: {message}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn report(
    name: &str,
    paths: &[PathBuf],
    args: &Args,
    consistency: &ConsistencySettings,
) -> Result<(), String> {
    let corpus = Corpus::load(paths)?;
    let temporary = tempfile::tempdir().map_err(|e| e.to_string())?;
    let workdir = match &args.keep {
        Some(dir) => dir.join(name),
        None => temporary.path().to_path_buf(),
    };
    let options = Options {
        rate: args.rate,
        seeds: args.seeds.clone(),
        consistency: consistency.clone(),
        keep: args.keep.is_some(),
    };
    let evaluation = eval::evaluate(&corpus, &options, &workdir)?;
    let seeds: Vec<String> = args.seeds.iter().map(u64::to_string).collect();
    let rules: Vec<&str> = consistency_rules()?.iter().map(|r| r.name).collect();
    println!(
        "### {name}: {} entities, {} errors per copy (rate {}), seeds {}\n",
        corpus.entity_count(),
        eval::inject::count_for(&corpus, args.rate),
        args.rate,
        seeds.join(",")
    );
    let unmodified: Vec<String> = evaluation
        .unmodified
        .iter()
        .map(|(method, n)| format!("{} {n}", method.name()))
        .collect();
    println!(
        "Rules: {} (min confidence {}). Findings on the unmodified corpus: {}.\n",
        rules.join(", "),
        args.min_confidence,
        unmodified.join(", ")
    );
    println!(
        "| injected | biolint P | biolint P all | biolint R | majority P | majority P all | majority R | biolint beats majority |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for mix in Mix::ALL {
        let (ours, theirs) = (
            total(&evaluation.trials, mix, Method::Biolint),
            total(&evaluation.trials, mix, Method::MajorityVote),
        );
        let beats =
            |p: fn(&Score) -> Option<f64>| p(&ours) > p(&theirs) && ours.recall() > theirs.recall();
        let verdict = match (beats(Score::precision), beats(Score::precision_all)) {
            (true, true) => "yes",
            (false, true) => "on P all and R",
            (true, false) => "on P and R",
            (false, false) => "no",
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {verdict} |",
            mix.name(),
            cell(ours.precision(), ours.hits, ours.findings - ours.already),
            cell(ours.precision_all(), ours.hits, ours.findings),
            cell(ours.recall(), ours.detected, ours.injected),
            cell(
                theirs.precision(),
                theirs.hits,
                theirs.findings - theirs.already
            ),
            cell(theirs.precision_all(), theirs.hits, theirs.findings),
            cell(theirs.recall(), theirs.detected, theirs.injected),
        );
    }
    let anyway = |method| {
        let sum = total(&evaluation.trials, Mix::All, method);
        format!(
            "{} {} of {}",
            method.name(),
            sum.flagged_anyway,
            sum.detected
        )
    };
    println!(
        "\nDetected errors (all kinds) whose place the unmodified corpus flagged too: {}, {}.\n",
        anyway(Method::Biolint),
        anyway(Method::MajorityVote)
    );
    let judgeable = |method| {
        let sum = total(&evaluation.trials, Mix::All, method);
        let r = cell(
            sum.judgeable_recall(),
            sum.judgeable_detected,
            sum.judgeable,
        );
        format!("{} {r}", method.name())
    };
    println!(
        "Recall (all kinds) on errors in strings annotated at least twice elsewhere: {}, {}.\n",
        judgeable(Method::Biolint),
        judgeable(Method::MajorityVote)
    );
    let mut rules: BTreeMap<&str, Score> = BTreeMap::new();
    for trial in evaluation.trials.iter().filter(|t| t.mix == Mix::All) {
        for (rule, score) in &trial.by_rule {
            let sum = rules.entry(rule).or_default();
            *sum = *sum + *score;
        }
    }
    let rules: Vec<String> = rules
        .iter()
        .map(|(rule, s)| {
            let p = cell(s.precision(), s.hits, s.findings - s.already);
            format!(
                "{rule} P {p}, R {}",
                cell(s.recall(), s.detected, s.injected)
            )
        })
        .collect();
    println!("biolint per rule (all kinds): {}.\n", rules.join("; "));
    Ok(())
}

/// The score of `method` on the copies of `mix`, summed over the seeds.
fn total(trials: &[Trial], mix: Mix, method: Method) -> Score {
    trials
        .iter()
        .filter(|t| t.mix == mix && t.method == method)
        .fold(Score::default(), |sum, t| sum + t.score)
}

fn cell(ratio: Option<f64>, part: usize, whole: usize) -> String {
    match ratio {
        Some(r) => format!("{r:.2} ({part}/{whole})"),
        None => "- (0/0)".into(),
    }
}
