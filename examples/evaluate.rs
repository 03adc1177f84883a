//! Scores biolint's consistency rules against injected errors, beside a majority-vote baseline.
//!
//!     cargo run --release --example evaluate -- --corpus NAME=PATH[,PATH...] [--rate R] [--seeds 1,2,3]
//!
//! Prints one Markdown table per corpus: for each kind of injected error (and all kinds mixed),
//! precision and recall of each method, summed over the seeds. See README, "Evaluating the
//! consistency rules".

use biolint::eval::corpus::Corpus;
use biolint::eval::score::Score;
use biolint::eval::{self, Method, Mix, Trial};
use clap::Parser;
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
    for (name, paths) in &args.corpus {
        if let Err(message) = report(name, paths, &args) {
            eprintln!("error: {name}: {message}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn report(name: &str, paths: &[PathBuf], args: &Args) -> Result<(), String> {
    let corpus = Corpus::load(paths)?;
    let workdir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let trials = eval::evaluate(&corpus, args.rate, &args.seeds, workdir.path())?;
    let seeds: Vec<String> = args.seeds.iter().map(u64::to_string).collect();
    println!(
        "### {name}: {} entities, {} errors per copy (rate {}), seeds {}\n",
        corpus.entity_count(),
        eval::inject::count_for(&corpus, args.rate),
        args.rate,
        seeds.join(",")
    );
    println!("| injected | biolint P | biolint R | majority P | majority R | biolint beats both |");
    println!("|---|---|---|---|---|---|");
    for mix in Mix::ALL {
        let total = |method| {
            trials
                .iter()
                .filter(|t: &&Trial| t.mix == mix && t.method == method)
                .fold(Score::default(), |sum, t| sum + t.score)
        };
        let (ours, theirs) = (total(Method::Biolint), total(Method::MajorityVote));
        let beats = ours.precision() > theirs.precision() && ours.recall() > theirs.recall();
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            mix.name(),
            precision(&ours),
            recall(&ours),
            precision(&theirs),
            recall(&theirs),
            if beats { "yes" } else { "no" }
        );
    }
    println!();
    Ok(())
}

fn precision(s: &Score) -> String {
    cell(s.precision(), s.hits, s.findings - s.already)
}

fn recall(s: &Score) -> String {
    cell(s.recall(), s.detected, s.injected)
}

fn cell(ratio: Option<f64>, part: usize, whole: usize) -> String {
    match ratio {
        Some(r) => format!("{r:.2} ({part}/{whole})"),
        None => "- (0/0)".into(),
    }
}
