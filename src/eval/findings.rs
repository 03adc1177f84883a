//! Findings reduced to what the evaluation compares: a file, the tokens flagged, and by what.

use super::corpus::Corpus;
use crate::discover::Input;
use crate::engine;
use crate::settings::Settings;
use std::ops::Range;

/// The corpus-wide consistency rules under evaluation.
pub const CONSISTENCY_RULES: [&str; 3] =
    ["type-conflict", "missed-annotation", "boundary-conflict"];

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub file: usize,
    /// Token ordinals of the primary span.
    pub tokens: Range<usize>,
    /// The rule name, or `majority-vote` for the baseline.
    pub rule: &'static str,
}

/// Runs biolint's consistency rules over the corpus files, as `biolint check --select` would.
pub fn biolint(corpus: &Corpus) -> Result<Vec<Finding>, String> {
    let mut settings = Settings::default();
    let rules = CONSISTENCY_RULES
        .iter()
        .map(|name| Settings::rule(name))
        .collect::<Result<Vec<_>, _>>()?;
    settings.select(&rules);
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
        })
        .collect())
}
