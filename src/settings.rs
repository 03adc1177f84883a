//! Settings of one run, and the one place where rule levels are applied to findings.

use crate::consistency::settings::ConsistencySettings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{self, RuleMeta};
use crate::scheme::Scheme;
use std::collections::HashMap;

/// A rule's level as users set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Forced scheme; `None` detects it per file.
    pub scheme: Option<Scheme>,
    /// Input format, tag column and field names; unset ones are found per file.
    pub input: crate::read::Options,
    /// The character between marker and type (`--tag-delimiter`); `None` is `-`.
    pub tag_delimiter: Option<char>,
    /// Thresholds of the corpus-wide consistency rules.
    pub consistency: ConsistencySettings,
    /// Level overrides by rule code.
    levels: HashMap<&'static str, Level>,
}

impl Settings {
    /// Resolves a rule code or name given by the user.
    pub fn rule(key: &str) -> Result<&'static RuleMeta, String> {
        registry::find(key).ok_or_else(|| {
            let names: Vec<&str> = registry::all().iter().map(|r| r.meta().name).collect();
            format!("unknown rule `{key}` (rules: {})", names.join(", "))
        })
    }

    pub fn set_level(&mut self, rule: &'static RuleMeta, level: Level) {
        self.levels.insert(rule.code, level);
    }

    /// Keeps only the given rules on (ruff's `--select`).
    pub fn select(&mut self, keep: &[&'static RuleMeta]) {
        for rule in registry::all().iter().map(|r| r.meta()) {
            if !keep.contains(&rule) {
                self.set_level(rule, Level::Off);
            }
        }
    }

    pub fn level(&self, rule: &RuleMeta) -> Level {
        self.levels
            .get(rule.code)
            .copied()
            .unwrap_or(Level::On(rule.level))
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.level(rule) != Level::Off
    }

    /// Drops findings of rules that are off or below `min_confidence`, and gives the others
    /// their configured severity.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        let min_confidence = self.consistency.min_confidence;
        diagnostics.retain_mut(|d| match self.level(d.rule) {
            Level::Off => false,
            Level::On(_) if d.confidence.is_some_and(|c| c < min_confidence) => false,
            Level::On(severity) => {
                d.severity = severity;
                true
            }
        });
    }
}
