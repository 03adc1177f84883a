//! The configuration file as written, with the place of every value so that errors can point
//! at it. Unknown keys are errors (serde's `deny_unknown_fields`), typos included.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    pub scheme: Option<Spanned<String>>,
    pub tag_delimiter: Option<Spanned<String>>,
    pub tag_column: Option<Spanned<i64>>,
    pub input_format: Option<Spanned<String>>,
    pub tag_field: Option<String>,
    pub tokens_field: Option<String>,
    pub tags_field: Option<String>,
    pub label_names: Option<Vec<String>>,
    pub labels: Option<Vec<Spanned<String>>>,
    pub select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
    pub rules: Option<RawLevels>,
    pub overrides: Option<Vec<RawOverride>>,
    pub consistency: Option<RawConsistency>,
}

/// `[consistency]`: the thresholds of the corpus-wide rules (`ConsistencySettings`).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConsistency {
    pub min_confidence: Option<Spanned<f64>>,
    pub min_occurrences: Option<Spanned<i64>>,
    pub min_majority: Option<Spanned<i64>>,
    pub min_majority_share: Option<Spanned<f64>>,
    pub ignore_case: Option<bool>,
    pub fold_plurals: Option<bool>,
    pub fold_alike_findings: Option<bool>,
    pub max_tokens: Option<Spanned<i64>>,
    pub max_findings_per_string: Option<Spanned<i64>>,
    pub min_token_votes: Option<Spanned<i64>>,
    pub min_token_share: Option<Spanned<f64>>,
    pub accepted_ambiguities: Option<Vec<String>>,
    pub stop_words: Option<Vec<String>>,
}

/// `[rules]`: rule name or code -> `error` | `warning` | `off`.
pub type RawLevels = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOverride {
    pub paths: Spanned<Vec<Spanned<String>>>,
    pub scheme: Option<Spanned<String>>,
    pub tag_column: Option<Spanned<i64>>,
    pub rules: Option<RawLevels>,
}

/// `pyproject.toml`: only `[tool.biolint]` is ours; every other table is ignored.
#[derive(Deserialize, Debug)]
pub struct Pyproject {
    pub tool: Option<Tool>,
}

#[derive(Deserialize, Debug)]
pub struct Tool {
    pub biolint: Option<RawConfig>,
}
