//! Settings of one run, and the one place where rule levels are applied to findings.
//!
//! Levels come in layers: rule defaults, then the configuration file (`[rules]`, `select`,
//! `ignore`), then the `[[overrides]]` that match a file, then `--select`/`--ignore`, which
//! win over everything. `for_path` gives the settings that hold for one file.

use crate::consistency::settings::ConsistencySettings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::paths::Globs;
use crate::registry::{self, RuleMeta};
use crate::scheme::Scheme;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// A rule's level as users set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// Parses `error`, `warning` or `off`.
    pub fn parse(name: &str) -> Option<Level> {
        match name {
            "error" => Some(Level::On(Severity::Error)),
            "warning" => Some(Level::On(Severity::Warning)),
            "off" => Some(Level::Off),
            _ => None,
        }
    }
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
    /// The labels a corpus may use; `None` allows any (`unknown-label` stays silent).
    pub labels: Option<Arc<BTreeSet<String>>>,
    /// Level overrides by rule code, from the configuration.
    levels: HashMap<&'static str, Level>,
    /// Rules the command line turned on (`--select`) or off, by code.
    chosen: HashMap<&'static str, bool>,
    overrides: Arc<[Override]>,
}

/// Settings for the files that match some globs (`[[overrides]]`).
#[derive(Clone, Debug)]
pub struct Override {
    pub paths: Globs,
    /// `Some(None)` is `scheme = "auto"`: detect it for these files.
    pub scheme: Option<Option<Scheme>>,
    pub tag_column: Option<usize>,
    pub levels: Vec<(&'static RuleMeta, Level)>,
}

impl Settings {
    /// Resolves a rule code or name given by the user.
    pub fn rule(key: &str) -> Result<&'static RuleMeta, String> {
        registry::find(key).ok_or_else(|| {
            let names: Vec<&str> = registry::all().iter().map(|r| r.meta().name).collect();
            match crate::suggest::did_you_mean(key, names.iter().copied()) {
                Some(name) => format!("unknown rule `{key}`; did you mean `{name}`?"),
                None => format!("unknown rule `{key}` (rules: {})", names.join(", ")),
            }
        })
    }

    /// Sets a rule's level in the configuration layer.
    pub fn set_level(&mut self, rule: &'static RuleMeta, level: Level) {
        self.levels.insert(rule.code, level);
    }

    /// Keeps only the given rules on, in the configuration layer (`select = [...]`).
    pub fn select(&mut self, keep: &[&'static RuleMeta]) {
        for rule in registry::all().iter().map(|r| r.meta()) {
            if !keep.contains(&rule) {
                self.set_level(rule, Level::Off);
            }
        }
    }

    /// `--select` and `--ignore`: they win over the configuration and its overrides. An empty
    /// `select` keeps the configured selection.
    pub fn choose(&mut self, select: &[&'static RuleMeta], ignore: &[&'static RuleMeta]) {
        if !select.is_empty() {
            for rule in registry::all().iter().map(|r| r.meta()) {
                self.chosen.insert(rule.code, select.contains(&rule));
            }
        }
        for rule in ignore {
            self.chosen.insert(rule.code, false);
        }
    }

    pub fn set_overrides(&mut self, overrides: Vec<Override>) {
        self.overrides = overrides.into();
    }

    /// The settings for one file: these, with every matching override applied in order.
    pub fn for_path(&self, path: &str) -> Cow<'_, Settings> {
        let mut matching = self.overrides.iter().filter(|o| o.paths.matches(path));
        let Some(first) = matching.next() else {
            return Cow::Borrowed(self);
        };
        let mut settings = self.clone();
        for o in std::iter::once(first).chain(matching) {
            settings.scheme = o.scheme.unwrap_or(settings.scheme);
            settings.input.tag_column = o.tag_column.or(settings.input.tag_column);
            for &(rule, level) in &o.levels {
                settings.set_level(rule, level);
            }
        }
        Cow::Owned(settings)
    }

    pub fn level(&self, rule: &RuleMeta) -> Level {
        let configured = self
            .levels
            .get(rule.code)
            .copied()
            .unwrap_or(Level::On(rule.level));
        match (self.chosen.get(rule.code), configured) {
            (Some(false), _) => Level::Off,
            (Some(true), Level::Off) => Level::On(rule.level),
            _ => configured,
        }
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.level(rule) != Level::Off
    }

    /// Whether a rule is on for some file: for these settings or under an override.
    pub fn enabled_anywhere(&self, rule: &RuleMeta) -> bool {
        self.enabled(rule)
            || self.overrides.iter().any(|o| {
                o.levels
                    .iter()
                    .any(|&(r, level)| r == rule && level != Level::Off)
                    && self.chosen.get(rule.code) != Some(&false)
            })
    }
}

/// Drops findings of rules that are off for their file or below `min_confidence`, and gives
/// the others their configured severity. `per_file` holds the settings of every file, by id.
pub fn apply(per_file: &[Cow<Settings>], diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|d| match per_file[d.file].level(d.rule) {
        Level::Off => false,
        Level::On(_)
            if d.confidence
                .is_some_and(|c| c < per_file[d.file].consistency.min_confidence) =>
        {
            false
        }
        Level::On(severity) => {
            d.severity = severity;
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(key: &str) -> &'static RuleMeta {
        Settings::rule(key).unwrap()
    }

    fn legacy(levels: Vec<(&'static RuleMeta, Level)>) -> Override {
        let root = std::env::current_dir().unwrap();
        Override {
            paths: Globs::new(&root, &["legacy/**"]).unwrap(),
            scheme: Some(Some(Scheme::Iob1)),
            tag_column: None,
            levels,
        }
    }

    #[test]
    fn levels_stack_from_defaults_to_the_command_line() {
        let warning = Level::On(Severity::Warning);
        let mut settings = Settings::default();
        settings.set_level(rule("T002"), warning);
        settings.set_level(rule("T003"), Level::Off);
        settings.set_overrides(vec![legacy(vec![(rule("T002"), Level::Off)])]);
        assert_eq!(settings.level(rule("T002")), warning);
        assert_eq!(settings.level(rule("T001")), Level::On(Severity::Error));
        let old = settings.for_path("legacy/a.txt");
        assert_eq!(old.level(rule("T002")), Level::Off);
        assert_eq!(old.scheme, Some(Scheme::Iob1));
        assert!(matches!(settings.for_path("new/a.txt"), Cow::Borrowed(_)));

        // `--select T002,T003`: on everywhere, at the configured severity or the default.
        settings.choose(&[rule("T002"), rule("T003")], &[]);
        assert_eq!(settings.level(rule("T001")), Level::Off);
        assert_eq!(settings.level(rule("T002")), warning);
        assert_eq!(settings.level(rule("T003")), Level::On(Severity::Error));
        assert_eq!(
            settings.for_path("legacy/a.txt").level(rule("T002")),
            Level::On(Severity::Error)
        );
    }

    #[test]
    fn a_rule_on_only_under_an_override_still_runs() {
        let mut settings = Settings::default();
        settings.set_level(rule("T004"), Level::Off);
        assert!(!settings.enabled_anywhere(rule("T004")));
        settings.set_overrides(vec![legacy(vec![(
            rule("T004"),
            Level::On(Severity::Error),
        )])]);
        assert!(settings.enabled_anywhere(rule("T004")));
        settings.choose(&[], &[rule("T004")]);
        assert!(!settings.enabled_anywhere(rule("T004")));
    }
}
