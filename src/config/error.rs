//! A problem in a configuration file, shown like a finding: the TOML excerpt with the bad key
//! or value underlined (line and column), then a help line.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config, Styles, StylesWriter};
use std::io::Write;
use std::ops::Range;

/// Boxed: it travels up through every parsing function, which should stay cheap to return.
#[derive(Debug)]
pub struct ConfigError(Box<Details>);

#[derive(Debug)]
struct Details {
    /// The file as shown to the user.
    path: String,
    /// Its text, when it could be read.
    text: String,
    /// Where in `text` the problem is; `None` when the file as a whole is the problem.
    span: Option<Range<usize>>,
    message: String,
    label: &'static str,
    help: Option<String>,
}

impl ConfigError {
    /// A problem with a value at `span` of the file.
    pub fn at(span: Range<usize>, message: impl Into<String>, label: &'static str) -> ConfigError {
        ConfigError(Box::new(Details {
            path: String::new(),
            text: String::new(),
            span: Some(span),
            message: message.into(),
            label,
            help: None,
        }))
    }

    /// A problem with the file as a whole.
    pub fn whole(message: impl Into<String>) -> ConfigError {
        let mut error = ConfigError::at(0..0, message, "");
        error.0.span = None;
        error
    }

    pub fn help(mut self, help: impl Into<String>) -> ConfigError {
        self.0.help = Some(help.into());
        self
    }

    /// Says which file this is about.
    pub fn in_file(mut self, path: &str, text: &str) -> ConfigError {
        self.0.path = path.to_string();
        self.0.text = text.to_string();
        self
    }

    /// Prints the error to standard error.
    pub fn emit(&self, color: bool) {
        let error = &self.0;
        let file = SimpleFile::new(&error.path, &error.text);
        let mut diagnostic = Diagnostic::error().with_message(&error.message);
        match &error.span {
            Some(span) => {
                let span = span.start.min(error.text.len())..span.end.min(error.text.len());
                diagnostic = diagnostic
                    .with_labels(vec![Label::primary((), span).with_message(error.label)]);
            }
            None => diagnostic.message = format!("{}: {}", error.path, error.message),
        }
        if let Some(help) = &error.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
        }
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        let mut buffer = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let styles = Styles::default();
        // The span is clamped to the text, so the excerpt always exists.
        term::emit_to_write_style(
            &mut StylesWriter::new(&mut buffer, &styles),
            &config,
            &file,
            &diagnostic,
        )
        .expect("the span lies in the file");
        // Standard error is all there is to report on; if it is gone, so is the reader.
        let _ = std::io::stderr().write_all(buffer.as_slice());
    }
}
