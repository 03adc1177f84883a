//! Reading inputs into memory once, and refusing what cannot be text.

use crate::discover::Input;
use crate::source::{SourceFile, Span};
use std::io::Read;

/// Why a file cannot be linted; reported by `unreadable-file` and makes the run exit 2.
#[derive(Debug)]
pub struct Unreadable {
    pub message: String,
    /// Where the problem is, when it is inside the file.
    pub at: Option<Span>,
}

/// Loads one input. An unreadable file still yields a `SourceFile` (with whatever text can
/// be shown) so that its diagnostic can point into it.
pub fn load(input: &Input) -> (SourceFile, Option<Unreadable>) {
    let name = input.display();
    let bytes = match input {
        Input::Path(path) => std::fs::read(path),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
        }
    };
    match bytes {
        Ok(bytes) => decode(name, bytes),
        Err(e) => (
            SourceFile::new(name, String::new()),
            Some(Unreadable {
                message: format!("cannot read the file: {}", io_message(&e)),
                at: None,
            }),
        ),
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string().to_lowercase(),
    }
}

/// How much of the start of a file is searched for NUL bytes, as git and ripgrep do.
const BINARY_PROBE: usize = 8192;

fn decode(name: String, bytes: Vec<u8>) -> (SourceFile, Option<Unreadable>) {
    if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]) {
        let shown = String::from_utf8_lossy(&bytes[..nul]).into_owned();
        let at = Span::new(shown.len(), shown.len());
        let problem = Unreadable {
            message: "binary file: it holds NUL bytes".into(),
            at: Some(at),
        };
        return (SourceFile::new(name, shown), Some(problem));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(name, text), None),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let problem = Unreadable {
                message: "invalid UTF-8: the file is not UTF-8 text".into(),
                at: Some(Span::new(valid, valid + '\u{fffd}'.len_utf8())),
            };
            (SourceFile::new(name, text), Some(problem))
        }
    }
}
