//! The command line (clap derive) and what each command does.

use crate::baseline::{self, Baseline};
use crate::config::{self, CommandLine};
use crate::discover;
use crate::engine::{self, Outcome};
use crate::fix::{Applicability, apply};
use crate::paths::{self, Globs};
use crate::read::{self, Format};
use crate::registry;
use crate::render::{Concise, Github, Human, Json, JsonLines, Render, Sarif, plural};
use crate::report;
use crate::rewrite;
use crate::scheme::Scheme;
use crate::settings::Settings;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "biolint",
    version,
    about = "A fast linter for named-entity (NER) training data"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `biolint [PATHS]` is `biolint check [PATHS]`.
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint NER files and directories (the default command).
    Check(Box<CheckArgs>),
    /// Print the documentation of a rule, by code or name.
    Explain {
        /// Rule code (`T002`) or name (`invalid-continuation`).
        rule: String,
    },
    /// List every rule: code, name, default level and summary.
    Rules,
    /// Write the findings as one self-contained HTML page for annotators.
    Report(Box<ReportArgs>),
    /// Rewrite the tags of files into another scheme, leaving every other byte as it was.
    Convert(Box<ConvertArgs>),
}

#[derive(Args, Debug)]
pub struct ConvertArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    /// The scheme to write.
    #[arg(long, value_enum)]
    pub to: Scheme,
    /// The scheme the files are in (same as `--scheme`). Default: detected per file.
    #[arg(long, value_enum)]
    pub from: Option<Scheme>,
    /// Write the result here (`-` for standard output) instead of in place; one input only.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print what would change as a unified diff, write nothing; exit 1 if anything would.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    /// The HTML file to write (replaced atomically); `-` writes to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Args, Debug, Default)]
pub struct CheckArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Output format (README: "Output formats").
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Show a count per rule instead of every finding (human and concise formats).
    #[arg(long)]
    pub statistics: bool,
    /// Print the findings only, without the summary (human and concise formats).
    #[arg(short, long)]
    pub quiet: bool,
    /// Record every finding in this baseline file instead of reporting them.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Apply safe fixes in place (atomically), then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Apply unsafe fixes too (suggestions, such as consistency findings); with --fix or --diff.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 if there are any.
    #[arg(long)]
    pub diff: bool,
}

/// What to lint and how: shared by every command that runs the rules.
#[derive(Args, Debug, Default)]
pub struct LintArgs {
    /// Files or directories to lint; `-` reads standard input. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Tagging scheme; `auto` detects it per file. Default: from the configuration, else `auto`.
    #[arg(long, value_enum)]
    pub scheme: Option<SchemeArg>,
    /// The character between marker and entity type in tags (`_` for `B_PER`). Default: `-`.
    #[arg(long, value_name = "CHAR")]
    pub tag_delimiter: Option<char>,
    /// 1-based column that holds the tag. Default: found per file (usually the last).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub tag_column: Option<u32>,
    /// Input format; `auto` detects it per file from its content and extension.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// CoNLL-U: the MISC key (`NER` in `NER=B-per`) or `# global.columns` name holding the tag.
    #[arg(long, value_name = "KEY")]
    pub tag_field: Option<String>,
    /// JSON Lines: the array of tokens. Default: `tokens`, else `words`.
    #[arg(long, value_name = "NAME")]
    pub tokens_field: Option<String>,
    /// JSON Lines: the array of tags. Default: `ner_tags`, else `ner`, `tags`, `labels`.
    #[arg(long, value_name = "NAME")]
    pub tags_field: Option<String>,
    /// JSON Lines: the names of numeric tags, in number order (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "TAG")]
    pub label_names: Vec<String>,
    /// Run only these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Turn these rules off (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Drop corpus-wide consistency findings below this confidence (0 to 1).
    #[arg(long, value_name = "X", value_parser = confidence)]
    pub min_confidence: Option<f64>,
    /// Read the configuration from this file instead of finding `biolint.toml` or
    /// `pyproject.toml` in the current directory or above.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Name of the file read from standard input (`-`): shown in messages and matched by
    /// `exclude` and `[[overrides]]`.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

fn confidence(arg: &str) -> Result<f64, String> {
    match arg.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{arg}` is not a number from 0 to 1")),
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SchemeArg {
    #[default]
    Auto,
    Io,
    Iob1,
    #[value(alias = "bio")]
    Iob2,
    Ioe1,
    Ioe2,
    #[value(alias = "iobes")]
    Bioes,
    Bilou,
}

impl SchemeArg {
    pub fn scheme(self) -> Option<Scheme> {
        Some(match self {
            SchemeArg::Auto => return None,
            SchemeArg::Io => Scheme::Io,
            SchemeArg::Iob1 => Scheme::Iob1,
            SchemeArg::Iob2 => Scheme::Iob2,
            SchemeArg::Ioe1 => Scheme::Ioe1,
            SchemeArg::Ioe2 => Scheme::Ioe2,
            SchemeArg::Bioes => Scheme::Bioes,
            SchemeArg::Bilou => Scheme::Bilou,
        })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    #[default]
    Auto,
    Columns,
    Blocks,
    Conllu,
    Jsonl,
}

impl InputFormatArg {
    pub fn format(self) -> Option<Format> {
        Some(match self {
            InputFormatArg::Auto => return None,
            InputFormatArg::Columns => Format::Columns,
            InputFormatArg::Blocks => Format::Blocks,
            InputFormatArg::Conllu => Format::Conllu,
            InputFormatArg::Jsonl => Format::Jsonl,
        })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// rustc-style diagnostics with source excerpts, then a summary.
    #[default]
    Human,
    /// One line per finding: `path:line:col: CODE [name] message`.
    Concise,
    /// One JSON document: the findings and a summary.
    Json,
    /// One JSON object per finding per line, no summary.
    JsonLines,
    /// GitHub Actions workflow commands, shown as annotations on pull requests.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

/// Exit codes: 0 clean, 1 error-level findings, 2 usage error or unreadable input.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check(args)) => check(*args),
        None => check(cli.check),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Rules) => rules(),
        Some(Command::Convert(args)) => crate::convert::command(*args),
        Some(Command::Report(args)) => report(*args),
    }
}

pub(crate) fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_TROUBLE)
}

/// The configuration file in effect, unless `--isolated`.
fn configuration(args: &LintArgs) -> Result<Option<config::Config>, config::ConfigError> {
    let path = match &args.config {
        _ if args.isolated => None,
        Some(path) => Some(path.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::find(&cwd)),
    };
    path.map(|p| config::load(&p)).transpose()
}

/// The settings of the run and the files it leaves out: configuration, then command line.
fn settings(args: &LintArgs) -> Result<(Settings, Option<Globs>), ExitCode> {
    let config = configuration(args).map_err(|error| {
        error.emit(std::io::stderr().is_terminal());
        ExitCode::from(EXIT_TROUBLE)
    })?;
    let command_line = CommandLine {
        scheme: args.scheme.map(SchemeArg::scheme),
        tag_delimiter: args.tag_delimiter,
        input: read::Options {
            format: args.input_format.format(),
            tag_column: args.tag_column.map(|n| n as usize),
            tag_field: args.tag_field.clone(),
            tokens_field: args.tokens_field.clone(),
            tags_field: args.tags_field.clone(),
            label_names: (!args.label_names.is_empty()).then(|| args.label_names.clone()),
        },
        min_confidence: args.min_confidence,
        select: &args.select,
        ignore: &args.ignore,
    };
    config::run_settings(config, &command_line).map_err(|message| usage_error(&message))
}

/// A finished run, and whether some input could not even be walked.
struct Linted {
    outcome: Outcome,
    walk_failed: bool,
}

/// The settings and inputs of a command.
pub(crate) struct Prepared {
    pub settings: Settings,
    pub inputs: Vec<discover::Input>,
    pub walk_failed: bool,
}

/// Finds the inputs and runs the rules; a usage error ends the command with its exit code.
fn lint(args: &LintArgs) -> Result<Linted, ExitCode> {
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose();
    let baseline = baseline.map_err(|message| usage_error(&message))?;
    let prepared = prepare(args)?;
    let mut outcome = engine::check(&prepared.inputs, &prepared.settings);
    if let Some(baseline) = baseline {
        outcome.baselined = baseline.hide_known(&mut outcome);
    }
    Ok(Linted {
        outcome,
        walk_failed: prepared.walk_failed,
    })
}

/// Settings and inputs; a usage error ends the command with its exit code.
pub(crate) fn prepare(args: &LintArgs) -> Result<Prepared, ExitCode> {
    let (settings, exclude) = settings(args)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    // The baseline is biolint's own file, never an input, even where a walk would pick it.
    let baseline = args.baseline.as_deref().map(paths::absolute);
    let excluded = |path: &str| {
        exclude.as_ref().is_some_and(|g| g.matches(path))
            || baseline.as_ref() == Some(&paths::absolute(Path::new(path)))
    };
    let (inputs, walk_errors) =
        discover::discover(&paths, args.stdin_filename.as_deref(), &excluded);
    for error in &walk_errors {
        eprintln!("error: cannot walk {}: {}", error.path, error.message);
    }
    Ok(Prepared {
        settings,
        inputs,
        walk_failed: !walk_errors.is_empty(),
    })
}

impl Linted {
    /// Some input could not be read or walked (exit 2 whatever else happened).
    fn troubled(&self) -> bool {
        self.outcome.unreadable > 0 || self.walk_failed
    }

    fn exit_code(&self) -> ExitCode {
        if self.troubled() {
            ExitCode::from(EXIT_TROUBLE)
        } else if self
            .outcome
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error)
        {
            ExitCode::from(EXIT_FINDINGS)
        } else {
            ExitCode::SUCCESS
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    if args.fix || args.diff {
        return fix(args);
    }
    if args.unsafe_fixes {
        return usage_error("--unsafe-fixes applies with --fix or --diff");
    }
    let linted = match lint(&args.lint) {
        Ok(linted) => linted,
        Err(code) => return code,
    };
    if let Some(path) = &args.write_baseline {
        return match baseline::write(path, &linted.outcome) {
            Ok(n) => {
                let n = plural(n as u64, "finding");
                eprintln!("Recorded {n} in {}.", path.display());
                match linted.troubled() {
                    true => ExitCode::from(EXIT_TROUBLE),
                    false => ExitCode::SUCCESS,
                }
            }
            Err(message) => usage_error(&message),
        };
    }
    render(&args, &linted)
}

/// `--fix` / `--diff`: fixes in memory, then writes the files (and reports what is left) or
/// prints the diff.
fn fix(args: CheckArgs) -> ExitCode {
    let prepared = match prepare(&args.lint) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let least = match args.unsafe_fixes {
        true => Applicability::Unsafe,
        false => Applicability::Safe,
    };
    let fixed = apply::fix(&prepared.inputs, &prepared.settings, least);
    let mut stdout = std::io::stdout().lock();
    let settled = match apply::settle(&fixed, &prepared.inputs, args.diff, &mut stdout) {
        Ok(settled) => settled,
        Err(e) => return write_failed(e),
    };
    let fixes = match settled.fixes {
        1 => "1 fix".to_string(),
        n => format!("{n} fixes"),
    };
    let files = plural(settled.files as u64, "file");
    let linted = Linted {
        outcome: fixed.outcome,
        walk_failed: prepared.walk_failed || settled.failed > 0,
    };
    if args.diff {
        eprintln!("{fixes} would be applied to {files}");
        return match linted.troubled() {
            true => ExitCode::from(EXIT_TROUBLE),
            false if settled.files > 0 => ExitCode::from(EXIT_FINDINGS),
            false => ExitCode::SUCCESS,
        };
    }
    eprintln!("applied {fixes} to {files}");
    render(&args, &linted)
}

fn render(args: &CheckArgs, linted: &Linted) -> ExitCode {
    let renderer: Box<dyn Render> = match args.format {
        FormatArg::Human => Box::new(Human {
            color: match args.color {
                ColorArg::Always => true,
                ColorArg::Never => false,
                ColorArg::Auto => std::io::stdout().is_terminal(),
            },
            quiet: args.quiet,
            statistics: args.statistics,
        }),
        FormatArg::Concise => Box::new(Concise {
            quiet: args.quiet,
            statistics: args.statistics,
        }),
        FormatArg::Json => Box::new(Json),
        FormatArg::JsonLines => Box::new(JsonLines),
        FormatArg::Github => Box::new(Github),
        FormatArg::Sarif => Box::new(Sarif),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = renderer
        .render(&linted.outcome, &mut out)
        .and_then(|()| out.flush());
    if let Err(e) = written {
        return write_failed(e);
    }
    linted.exit_code()
}

pub(crate) fn write_failed(e: std::io::Error) -> ExitCode {
    // A closed pipe (`biolint | head`) is not an error worth a message.
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        eprintln!("error: cannot write the output: {e}");
    }
    ExitCode::from(EXIT_TROUBLE)
}

fn report(args: ReportArgs) -> ExitCode {
    let linted = match lint(&args.lint) {
        Ok(linted) => linted,
        Err(code) => return code,
    };
    let page = report::Report::of(&linted.outcome);
    let mut html = Vec::new();
    if let Err(e) = report::write(&page, &mut html) {
        return write_failed(e);
    }
    if args.output.as_os_str() == "-" {
        if let Err(e) = std::io::stdout().lock().write_all(&html) {
            return write_failed(e);
        }
    } else if let Err(e) = rewrite::write_atomic(&args.output, &html) {
        eprintln!("error: cannot write {}: {e}", args.output.display());
        return ExitCode::from(EXIT_TROUBLE);
    }
    eprintln!(
        "Wrote {}: {}.",
        args.output.display(),
        plural(page.totals.findings as u64, "finding")
    );
    linted.exit_code()
}

fn explain(key: &str) -> ExitCode {
    match Settings::rule(key) {
        Ok(rule) => {
            print!("{}", rule.doc);
            ExitCode::SUCCESS
        }
        Err(message) => usage_error(&message),
    }
}

fn rules() -> ExitCode {
    let metas: Vec<_> = registry::all().iter().map(|r| r.meta()).collect();
    let width = metas.iter().map(|m| m.name.len()).max().unwrap_or(0);
    for m in metas {
        println!(
            "{}  {:<width$}  {:<7}  {}",
            m.code,
            m.name,
            m.level.name(),
            m.summary()
        );
    }
    ExitCode::SUCCESS
}
