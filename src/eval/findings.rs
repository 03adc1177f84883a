//! Findings reduced to what the evaluation compares: a file, the tokens flagged, and by what.

use super::corpus::Corpus;
use crate::consistency::settings::ConsistencySettings;
use crate::discover::Input;
use crate::engine;
use crate::registry::{self, RuleMeta};
use crate::settings::Settings;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub file: usize,
    /// Token ordinals of the primary span.
    pub tokens: Range<usize>,
    /// The rule name, or `majority-vote` for the baseline.
    pub rule: &'static str,
    /// The finding's confidence, for methods that give one.
    pub confidence: Option<f64>,
}

/// The consistency rules: every rule that reads the corpus index (`type-conflict`,
/// `missed-annotation`, `boundary-conflict` and any added since).
pub fn consistency_rules() -> Result<Vec<&'static RuleMeta>, String> {
    let rules: Vec<_> = registry::all()
        .iter()
        .filter(|r| r.uses_index())
        .map(|r| r.meta())
        .collect();
    match rules.is_empty() {
        true => Err("this build of biolint has no consistency rules".into()),
        false => Ok(rules),
    }
}

/// Runs biolint's consistency rules over the corpus files with the thresholds `consistency`,
/// as `biolint check --select` would.
pub fn biolint(corpus: &Corpus, consistency: &ConsistencySettings) -> Result<Vec<Finding>, String> {
    let rules = consistency_rules()?;
    let mut settings = Settings::default();
    settings.select(&rules);
    settings.consistency = consistency.clone();
    let inputs: Vec<Input> = corpus
        .files
        .iter()
        .map(|f| Input::Path(f.path.clone()))
        .collect();
    let outcome = engine::check(&inputs, &settings);
    Ok(outcome
        .diagnostics
        .iter()
        .filter(|d| rules.contains(&d.rule))
        .map(|d| Finding {
            file: d.file,
            tokens: corpus.files[d.file].tokens_at(d.span),
            rule: d.rule.name,
            confidence: d.confidence,
        })
        .collect())
}
