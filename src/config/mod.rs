//! The configuration file: `biolint.toml`, or `[tool.biolint]` in `pyproject.toml`, found by
//! walking up from the current directory or named with `--config`. It is read into the same
//! `Settings` the command line sets; every value is checked here, so that a mistake is
//! reported with its place in the TOML before anything is linted.

mod error;
mod raw;

pub use error::ConfigError;

use crate::cli::{InputFormatArg, SchemeArg};
use crate::consistency::settings::ConsistencySettings;
use crate::paths::{self, Globs};
use crate::read;
use crate::registry::{self, RuleMeta};
use crate::scheme::Scheme;
use crate::settings::{Level, Override, Settings};
use crate::suggest::did_you_mean;
use crate::tag::Tag;
use clap::ValueEnum;
use raw::{Pyproject, RawConfig, RawConsistency, RawLevels, RawOverride};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

const FILE_NAME: &str = "biolint.toml";
const PYPROJECT: &str = "pyproject.toml";

/// A configuration file, checked and resolved.
#[derive(Debug)]
pub struct Config {
    /// The settings it sets for every file.
    pub settings: Settings,
    /// `[[overrides]]`, in file order (a later one wins).
    pub overrides: Vec<Override>,
    /// Files and folders not to lint.
    pub exclude: Option<Globs>,
}

/// The nearest configuration file in `dir` or a folder above it: a `biolint.toml`, or a
/// `pyproject.toml` that has a `[tool.biolint]` table (one without is passed over).
pub fn find(dir: &Path) -> Option<PathBuf> {
    for folder in dir.ancestors() {
        let own = folder.join(FILE_NAME);
        if own.is_file() {
            return Some(own);
        }
        let pyproject = folder.join(PYPROJECT);
        let mentions_us =
            std::fs::read_to_string(&pyproject).is_ok_and(|t| t.contains("tool.biolint"));
        if mentions_us {
            return Some(pyproject);
        }
    }
    None
}

/// Reads and checks a configuration file; errors show its path relative to the current
/// directory when it is inside it.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = shown_path(path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::whole(format!(
            "cannot read the configuration file: {}",
            e.to_string().to_lowercase()
        ))
        .in_file(&shown, "")
    })?;
    let root = paths::absolute(path.parent().unwrap_or(Path::new(".")));
    parse(path, &text, &root)
        .map(|(settings, overrides, exclude)| Config {
            settings,
            overrides,
            exclude,
        })
        .map_err(|e| e.in_file(&shown, &text))
}

/// The path as the user will recognise it: relative to the current directory when inside it.
fn shown_path(path: &Path) -> String {
    let absolute = paths::absolute(path);
    let cwd = std::env::current_dir().unwrap_or_default();
    absolute
        .strip_prefix(&cwd)
        .unwrap_or(&absolute)
        .display()
        .to_string()
}

/// What the command line sets. It wins over the configuration file, overrides included.
#[derive(Default)]
pub struct CommandLine<'a> {
    /// `Some(None)` is `--scheme auto`.
    pub scheme: Option<Option<Scheme>>,
    pub tag_delimiter: Option<char>,
    /// Input format, tag column and field names.
    pub input: read::Options,
    pub min_confidence: Option<f64>,
    pub select: &'a [String],
    pub ignore: &'a [String],
}

/// Reading options set on the command line, the configured ones where it sets none.
fn over(cli: read::Options, config: read::Options) -> read::Options {
    read::Options {
        format: cli.format.or(config.format),
        tag_column: cli.tag_column.or(config.tag_column),
        tag_field: cli.tag_field.or(config.tag_field),
        tokens_field: cli.tokens_field.or(config.tokens_field),
        tags_field: cli.tags_field.or(config.tags_field),
        label_names: cli.label_names.or(config.label_names),
    }
}

/// The settings of a run and the files it leaves out: the configuration (if any) under the
/// command line. Fails on an unknown rule given on the command line.
pub fn run_settings(
    config: Option<Config>,
    cli: &CommandLine,
) -> Result<(Settings, Option<Globs>), String> {
    let (mut settings, mut overrides, exclude) = match config {
        Some(c) => (c.settings, c.overrides, c.exclude),
        None => Default::default(),
    };
    if let Some(scheme) = cli.scheme {
        settings.scheme = scheme;
        overrides.iter_mut().for_each(|o| o.scheme = None);
    }
    if let Some(delimiter) = cli.tag_delimiter {
        settings.tag_delimiter =
            Some(check_delimiter(delimiter).map_err(|m| format!("--tag-delimiter {m}"))?);
    }
    if cli.input.tag_column.is_some() {
        overrides.iter_mut().for_each(|o| o.tag_column = None);
    }
    settings.input = over(cli.input.clone(), std::mem::take(&mut settings.input));
    if let Some(min) = cli.min_confidence {
        settings.consistency.min_confidence = min;
    }
    let rules = |keys: &[String]| {
        keys.iter()
            .map(|k| Settings::rule(k))
            .collect::<Result<Vec<_>, _>>()
    };
    settings.choose(&rules(cli.select)?, &rules(cli.ignore)?);
    settings.set_overrides(overrides);
    Ok((settings, exclude))
}

type Parsed = (Settings, Vec<Override>, Option<Globs>);

fn parse(path: &Path, text: &str, root: &Path) -> Result<Parsed, ConfigError> {
    let raw = if path.file_name().is_some_and(|n| n == PYPROJECT) {
        let pyproject: Pyproject = toml::from_str(text).map_err(toml_error)?;
        pyproject
            .tool
            .and_then(|t| t.biolint)
            .ok_or_else(|| ConfigError::whole("no `[tool.biolint]` table"))?
    } else {
        toml::from_str::<RawConfig>(text).map_err(toml_error)?
    };
    resolve(raw, root)
}

/// A TOML syntax or type error, as `toml` words it, with a "did you mean" for unknown keys.
fn toml_error(e: toml::de::Error) -> ConfigError {
    let message = e
        .message()
        .trim_end()
        .replace("unknown field", "unknown key");
    let label = if message.starts_with("unknown key") {
        "unknown key"
    } else if message.starts_with("invalid type") {
        "wrong type"
    } else if message.starts_with("duplicate key") {
        "set twice"
    } else {
        "invalid TOML"
    };
    // `unknown field `sheme`, expected one of `scheme`, ...`: the first quoted word is the key.
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let help = match quoted.split_first() {
        Some((key, known)) if label == "unknown key" => did_you_mean(key, known.iter().copied()),
        _ => None,
    };
    let error = ConfigError::at(e.span().unwrap_or(0..0), message.clone(), label);
    match help {
        Some(key) => error.help(format!("did you mean `{key}`?")),
        None => error,
    }
}

fn resolve(raw: RawConfig, root: &Path) -> Result<Parsed, ConfigError> {
    let mut settings = Settings::default();
    if let Some(scheme) = &raw.scheme {
        settings.scheme = parse_scheme(scheme)?;
    }
    if let Some(delimiter) = &raw.tag_delimiter {
        settings.tag_delimiter = Some(parse_delimiter(delimiter)?);
    }
    settings.input = read::Options {
        format: raw
            .input_format
            .as_ref()
            .map(parse_input_format)
            .transpose()?
            .flatten(),
        tag_column: raw.tag_column.as_ref().map(parse_tag_column).transpose()?,
        tag_field: raw.tag_field.clone(),
        tokens_field: raw.tokens_field.clone(),
        tags_field: raw.tags_field.clone(),
        label_names: raw.label_names.clone(),
    };
    if let Some(consistency) = &raw.consistency {
        parse_consistency(consistency, &mut settings.consistency)?;
    }
    if let Some(labels) = &raw.labels {
        let labels = labels.iter().map(parse_label).collect::<Result<_, _>>()?;
        settings.labels = Some(Arc::new(labels));
    }
    for (rule, level) in parse_levels(raw.rules.as_ref())? {
        settings.set_level(rule, level);
    }
    if let Some(select) = &raw.select {
        settings.select(&parse_rules(select)?);
    }
    for rule in parse_rules(raw.ignore.as_deref().unwrap_or_default())? {
        settings.set_level(rule, Level::Off);
    }
    let exclude = raw
        .exclude
        .as_deref()
        .map(|e| parse_globs(root, e))
        .transpose()?;
    let overrides = raw
        .overrides
        .unwrap_or_default()
        .iter()
        .map(|o| parse_override(root, o))
        .collect::<Result<_, _>>()?;
    Ok((settings, overrides, exclude))
}

fn parse_override(root: &Path, o: &RawOverride) -> Result<Override, ConfigError> {
    if o.paths.get_ref().is_empty() {
        return Err(ConfigError::at(
            o.paths.span(),
            "an override needs at least one path glob",
            "no paths",
        ));
    }
    Ok(Override {
        paths: parse_globs(root, o.paths.get_ref())?,
        scheme: o.scheme.as_ref().map(parse_scheme).transpose()?,
        tag_column: o.tag_column.as_ref().map(parse_tag_column).transpose()?,
        levels: parse_levels(o.rules.as_ref())?,
    })
}

/// The names of `--input-format`; `auto` is `None`.
fn parse_input_format(value: &Spanned<String>) -> Result<Option<read::Format>, ConfigError> {
    parse_choice(value, "input format").map(InputFormatArg::format)
}

/// The names of `--scheme`; `auto` is `None`: detect per file.
fn parse_scheme(value: &Spanned<String>) -> Result<Option<Scheme>, ConfigError> {
    parse_choice(value, "scheme").map(SchemeArg::scheme)
}

/// One of the values the command line accepts for an option, by the same names.
fn parse_choice<T: ValueEnum>(value: &Spanned<String>, what: &str) -> Result<T, ConfigError> {
    let name = value.get_ref();
    T::from_str(name, true).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| Some(format!("`{}`", v.to_possible_value()?.get_name())))
            .collect();
        ConfigError::at(
            value.span(),
            format!("unknown {what} `{name}`"),
            "not a known value",
        )
        .help(format!("use one of {}", names.join(", ")))
    })
}

/// The character between marker and type must be one ASCII punctuation character.
fn check_delimiter(c: char) -> Result<char, String> {
    match c.is_ascii_punctuation() {
        true => Ok(c),
        false => Err(format!(
            "must be one ASCII punctuation character, not `{c}`"
        )),
    }
}

fn parse_delimiter(value: &Spanned<String>) -> Result<char, ConfigError> {
    let mut chars = value.get_ref().chars();
    let one = match (chars.next(), chars.next()) {
        (Some(c), None) => check_delimiter(c),
        _ => Err(format!(
            "must be one ASCII punctuation character, not `{}`",
            value.get_ref()
        )),
    };
    one.map_err(|m| {
        ConfigError::at(
            value.span(),
            format!("`tag-delimiter` {m}"),
            "not a delimiter",
        )
    })
}

fn parse_tag_column(value: &Spanned<i64>) -> Result<usize, ConfigError> {
    parse_count(value, "tag-column")
}

/// A whole number from 1.
fn parse_count(value: &Spanned<i64>, key: &str) -> Result<usize, ConfigError> {
    usize::try_from(*value.get_ref())
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            ConfigError::at(
                value.span(),
                format!("`{key}` must be 1 or more"),
                "out of range",
            )
        })
}

/// A share from `min` to 1.
fn parse_share(value: &Spanned<f64>, min: f64, key: &str) -> Result<f64, ConfigError> {
    let x = *value.get_ref();
    match (min..=1.0).contains(&x) {
        true => Ok(x),
        false => Err(ConfigError::at(
            value.span(),
            format!("`{key}` must be from {min} to 1"),
            "out of range",
        )),
    }
}

fn parse_consistency(
    raw: &RawConsistency,
    into: &mut ConsistencySettings,
) -> Result<(), ConfigError> {
    if let Some(v) = &raw.min_confidence {
        into.min_confidence = parse_share(v, 0.0, "min-confidence")?;
    }
    if let Some(v) = &raw.min_occurrences {
        into.min_occurrences = parse_count(v, "min-occurrences")?;
    }
    if let Some(v) = &raw.min_majority {
        into.min_majority = parse_count(v, "min-majority")?;
    }
    if let Some(v) = &raw.min_majority_share {
        into.min_majority_share = parse_share(v, 0.5, "min-majority-share")?;
    }
    if let Some(v) = &raw.max_tokens {
        into.max_tokens = parse_count(v, "max-tokens")?;
    }
    if let Some(v) = &raw.max_findings_per_string {
        into.max_findings_per_string = parse_count(v, "max-findings-per-string")?;
    }
    if let Some(v) = &raw.min_token_votes {
        into.min_token_votes = parse_count(v, "min-token-votes")?;
    }
    if let Some(v) = &raw.min_token_share {
        into.min_token_share = parse_share(v, 0.5, "min-token-share")?;
    }
    into.ignore_case = raw.ignore_case.unwrap_or(into.ignore_case);
    into.fold_plurals = raw.fold_plurals.unwrap_or(into.fold_plurals);
    into.fold_alike_findings = raw.fold_alike_findings.unwrap_or(into.fold_alike_findings);
    if let Some(strings) = &raw.accepted_ambiguities {
        into.accepted_ambiguities = strings.clone();
    }
    if let Some(words) = &raw.stop_words {
        into.stop_words = words.clone();
    }
    Ok(())
}

fn parse_label(value: &Spanned<String>) -> Result<String, ConfigError> {
    let label = value.get_ref();
    match Tag::parse(&format!("B-{label}")) {
        Tag::Entity { .. } => Ok(label.clone()),
        _ => Err(ConfigError::at(
            value.span(),
            format!("`{label}` cannot be a label"),
            "not a label",
        )
        .help("write the label without `B-`/`I-`; labels have no spaces, `,`, `;`, `|` or `+`")),
    }
}

fn parse_rule(key: &Spanned<String>) -> Result<&'static RuleMeta, ConfigError> {
    registry::find(key.get_ref()).ok_or_else(|| {
        let names = registry::all().iter().map(|r| r.meta().name);
        let help = match did_you_mean(key.get_ref(), names) {
            Some(name) => format!("did you mean `{name}`?"),
            None => "`biolint rules` lists every rule".to_string(),
        };
        ConfigError::at(
            key.span(),
            format!("unknown rule `{}`", key.get_ref()),
            "not a rule",
        )
        .help(help)
    })
}

fn parse_rules(keys: &[Spanned<String>]) -> Result<Vec<&'static RuleMeta>, ConfigError> {
    keys.iter().map(parse_rule).collect()
}

fn parse_levels(raw: Option<&RawLevels>) -> Result<Vec<(&'static RuleMeta, Level)>, ConfigError> {
    let mut levels: Vec<(&'static RuleMeta, Level, &Spanned<String>)> = Vec::new();
    for (key, value) in raw.into_iter().flatten() {
        let rule = parse_rule(key)?;
        let level = Level::parse(value.get_ref()).ok_or_else(|| {
            ConfigError::at(
                value.span(),
                format!("unknown level `{}`", value.get_ref()),
                "not a level",
            )
            .help("use `error`, `warning` or `off`")
        })?;
        if let Some((_, _, first)) = levels.iter().find(|(r, ..)| *r == rule) {
            return Err(ConfigError::at(
                key.span(),
                format!(
                    "`{}` is set twice, also as `{}`",
                    rule.name,
                    first.get_ref()
                ),
                "set again",
            ));
        }
        levels.push((rule, level, key));
    }
    Ok(levels
        .into_iter()
        .map(|(rule, level, _)| (rule, level))
        .collect())
}

fn parse_globs(root: &Path, patterns: &[Spanned<String>]) -> Result<Globs, ConfigError> {
    let texts: Vec<&str> = patterns.iter().map(|p| p.get_ref().as_str()).collect();
    Globs::new(root, &texts).map_err(|(i, reason)| {
        ConfigError::at(
            patterns[i].span(),
            format!("invalid glob `{}`: {reason}", texts[i]),
            "not a glob",
        )
    })
}
