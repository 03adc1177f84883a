//! Measuring the consistency rules: inject known errors into a real corpus, run the rules on
//! the corrupted copy, and score what they find against what was injected, beside a plain
//! majority vote on the same copies. `examples/evaluate.rs` is the command line over this.

pub mod corpus;
pub mod findings;
pub mod inject;
pub mod majority;
pub mod rng;
pub mod score;
#[cfg(test)]
mod testing;

use crate::consistency::settings::ConsistencySettings;
use corpus::Corpus;
use findings::Finding;
use inject::Kind;
use score::Score;
use std::path::Path;

/// Which errors a trial injects: one kind only, or all kinds in equal numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mix {
    Only(Kind),
    All,
}

impl Mix {
    pub const ALL: [Mix; 5] = [
        Mix::Only(Kind::TypeSwap),
        Mix::Only(Kind::Dropped),
        Mix::Only(Kind::Shortened),
        Mix::Only(Kind::Extended),
        Mix::All,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mix::Only(kind) => kind.name(),
            Mix::All => "all",
        }
    }

    /// How many errors of which kind for `count` errors in all.
    pub fn plan(self, count: usize) -> Vec<(Kind, usize)> {
        match self {
            Mix::Only(kind) => vec![(kind, count)],
            Mix::All => Kind::ALL
                .iter()
                .enumerate()
                .map(|(i, kind)| (*kind, count / 4 + usize::from(i < count % 4)))
                .collect(),
        }
    }
}

/// What finds the errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Biolint,
    MajorityVote,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Biolint, Method::MajorityVote];

    pub fn name(self) -> &'static str {
        match self {
            Method::Biolint => "biolint",
            Method::MajorityVote => "majority vote",
        }
    }

    pub fn findings(self, corpus: &Corpus, options: &Options) -> Result<Vec<Finding>, String> {
        match self {
            Method::Biolint => findings::biolint(corpus, &options.consistency),
            Method::MajorityVote => Ok(majority::majority_vote(corpus)),
        }
    }
}

/// How to corrupt and what to count.
#[derive(Clone, Debug)]
pub struct Options {
    /// Share of the corpus's entities corrupted in each copy.
    pub rate: f64,
    /// One corrupted copy per seed and mix.
    pub seeds: Vec<u64>,
    /// The thresholds biolint runs with (`min_confidence` drops the less confident findings).
    pub consistency: ConsistencySettings,
    /// Keep every corrupted copy, with an `errors.tsv` that lists its injected errors.
    pub keep: bool,
}

/// One corrupted copy scored for one method.
#[derive(Clone, Debug)]
pub struct Trial {
    pub seed: u64,
    pub mix: Mix,
    pub method: Method,
    pub score: Score,
    /// The score of each rule's findings alone (biolint's rules; none for the baseline).
    pub by_rule: Vec<(&'static str, Score)>,
}

/// What an evaluation measured on one corpus.
pub struct Evaluation {
    /// Findings of each method on the unmodified corpus.
    pub unmodified: Vec<(Method, usize)>,
    pub trials: Vec<Trial>,
}

/// Runs every mix for every seed on `corpus`, writing each corrupted copy under `workdir`
/// (removed again after scoring unless `options.keep`).
pub fn evaluate(corpus: &Corpus, options: &Options, workdir: &Path) -> Result<Evaluation, String> {
    let clean: Vec<Vec<Finding>> = Method::ALL
        .iter()
        .map(|m| m.findings(corpus, options))
        .collect::<Result<_, _>>()?;
    let count = inject::count_for(corpus, options.rate);
    let mut trials = Vec::new();
    for &seed in &options.seeds {
        for mix in Mix::ALL {
            let corruption = inject::inject(corpus, &mix.plan(count), seed);
            let dir = workdir.join(format!("seed{seed}-{}", mix.name()));
            let io = |e: std::io::Error| format!("{}: {e}", dir.display());
            std::fs::create_dir_all(&dir).map_err(io)?;
            let paths = inject::write(corpus, &corruption, &dir).map_err(io)?;
            let corrupted = Corpus::load(&paths)?;
            for (method, clean) in Method::ALL.into_iter().zip(&clean) {
                let found = method.findings(&corrupted, options)?;
                let mut rules: Vec<&'static str> = found.iter().map(|f| f.rule).collect();
                rules.sort();
                rules.dedup();
                let of_rule = |findings: &[Finding], rule| -> Vec<Finding> {
                    findings
                        .iter()
                        .filter(|f| f.rule == rule)
                        .cloned()
                        .collect()
                };
                let by_rule = match method {
                    Method::MajorityVote => Vec::new(),
                    Method::Biolint => rules
                        .into_iter()
                        .map(|rule| {
                            let (found, clean) = (of_rule(&found, rule), of_rule(clean, rule));
                            (rule, Score::of(&corruption.errors, &found, &clean))
                        })
                        .collect(),
                };
                trials.push(Trial {
                    seed,
                    mix,
                    method,
                    score: Score::of(&corruption.errors, &found, clean),
                    by_rule,
                });
            }
            match options.keep {
                true => std::fs::write(dir.join("errors.tsv"), corruption.listing(&corrupted)),
                false => std::fs::remove_dir_all(&dir),
            }
            .map_err(io)?;
        }
    }
    Ok(Evaluation {
        unmodified: Method::ALL
            .into_iter()
            .zip(clean.iter().map(Vec::len))
            .collect(),
        trials,
    })
}
