//! Reading inputs into memory once, and refusing what cannot be text.

use crate::discover::Input;
use crate::source::{SourceFile, Span};
use std::io::Read;
use std::path::Path;

/// Why a file cannot be linted; reported by `unreadable-file` and makes the run exit 2.
#[derive(Clone, Debug, Default)]
pub struct Unreadable {
    pub message: String,
    /// Where the problem is, when it is inside the file.
    pub at: Option<Span>,
    /// How to make the file readable, when there is a usual way.
    pub help: Option<&'static str>,
}

/// Loads one input. An unreadable file still yields a `SourceFile` (with whatever text can
/// be shown) so that its diagnostic can point into it.
pub fn load(input: &Input) -> (SourceFile, Option<Unreadable>) {
    let name = input.display();
    let bytes = match input {
        Input::Path(path) | Input::Walked(path) => read_file(path),
        Input::Stdin { .. } => {
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
                ..Unreadable::default()
            }),
        ),
    }
}

/// Files from this size on are read in pieces on all cores: copying a big file out of the page
/// cache into fresh memory is otherwise a serial tenth of the run.
const PARALLEL_READ: usize = 16 << 20;
const PIECE: usize = 4 << 20;

#[cfg(unix)]
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use rayon::prelude::*;
    use std::io::{Seek, SeekFrom};
    use std::os::unix::fs::FileExt;
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len() as usize;
    if size < PARALLEL_READ {
        return std::fs::read(path);
    }
    let mut bytes = vec![0; size];
    let pieces = bytes.par_chunks_mut(PIECE).enumerate();
    if pieces
        .try_for_each(|(i, piece)| file.read_exact_at(piece, (i * PIECE) as u64))
        .is_err()
    {
        // The file shrank meanwhile, or another surprise: once more the plain way.
        return std::fs::read(path);
    }
    // A file that grew meanwhile: its end too.
    file.seek(SeekFrom::Start(size as u64))?;
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(not(unix))]
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
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

/// The first bytes of every gzip member (RFC 1952).
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Inflates gzip data, whatever the file is called; other bytes are returned as they are.
/// Positions in diagnostics then refer to the decompressed text.
pub(crate) fn gunzip(bytes: Vec<u8>) -> Result<Vec<u8>, Unreadable> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let mut text = Vec::with_capacity(bytes.len() * 4);
    // `MultiGzDecoder`: a `.gz` may hold several members (`cat a.gz b.gz`), as gzip(1) accepts.
    match flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut text) {
        Ok(_) => Ok(text),
        Err(e) => Err(Unreadable {
            message: format!("corrupt gzip data: {}", e.to_string().to_lowercase()),
            ..Unreadable::default()
        }),
    }
}

fn decode(name: String, bytes: Vec<u8>) -> (SourceFile, Option<Unreadable>) {
    let bytes = match gunzip(bytes) {
        Ok(bytes) => bytes,
        Err(problem) => return (SourceFile::new(name, String::new()), Some(problem)),
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let problem = Unreadable {
            message: "UTF-16 text: biolint reads UTF-8".into(),
            at: None,
            help: Some("convert the file to UTF-8, e.g. with `iconv -f UTF-16 -t UTF-8`"),
        };
        return (SourceFile::new(name, String::new()), Some(problem));
    }
    if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]) {
        // The text before the NUL is shown, without control bytes that would act on a terminal.
        let shown: String = String::from_utf8_lossy(&bytes[..nul])
            .chars()
            .map(
                |c| match c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                    true => char::REPLACEMENT_CHARACTER,
                    false => c,
                },
            )
            .collect();
        let at = Span::new(shown.len(), shown.len());
        let problem = Unreadable {
            message: "binary file: it holds NUL bytes".into(),
            at: Some(at),
            help: Some("export or decompress it as text, or keep it out of the corpus"),
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
                help: Some("convert the file to UTF-8, e.g. with `iconv -f latin1 -t UTF-8`"),
            };
            (SourceFile::new(name, text), Some(problem))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn problem(bytes: &[u8]) -> (String, Unreadable) {
        let (file, problem) = decode("t".into(), bytes.to_vec());
        (file.text, problem.expect("refused"))
    }

    #[test]
    fn binary_files_show_no_control_bytes() {
        let (text, p) = problem(b"PK\x03\x04\x1b[31m\x00\x00");
        assert_eq!(p.message, "binary file: it holds NUL bytes");
        assert_eq!(text, "PK\u{fffd}\u{fffd}\u{fffd}[31m");
        assert_eq!(p.at, Some(Span::new(text.len(), text.len())));
    }

    #[test]
    fn utf16_is_named_as_such() {
        let (_, p) = problem(b"\xff\xfeT\x00o\x00");
        assert!(p.message.starts_with("UTF-16 text"), "{}", p.message);
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let (text, p) = problem(b"Paris\tB-LOC\nM\xfcnchen\tB-LOC\n");
        assert_eq!(p.at, Some(Span::new(13, 16)));
        assert_eq!(&text[13..16], "\u{fffd}");
    }

    #[test]
    fn a_big_file_read_in_pieces_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.tsv");
        // Pieces of different lines, so that a piece read to the wrong place shows.
        let size = PARALLEL_READ + PIECE / 2 + 3;
        let bytes: Vec<u8> = (0..size)
            .map(|i| b"0123456789\n"[(i / PIECE + i) % 11])
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        assert!(read_file(&path).unwrap() == bytes);
    }

    fn gzip(text: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(text).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn gzip_input_is_read_as_its_text_whatever_its_name() {
        let (file, problem) = decode("a.conll".into(), gzip(b"EU\tB-ORG\n"));
        assert!(problem.is_none());
        assert_eq!(file.text, "EU\tB-ORG\n");
        // Concatenated members, as `cat a.gz b.gz` makes, are one text.
        let mut two = gzip(b"a\tO\n");
        two.extend(gzip(b"b\tO\n"));
        assert_eq!(decode("b.gz".into(), two).0.text, "a\tO\nb\tO\n");
    }

    #[test]
    fn corrupt_gzip_is_unreadable_not_binary_noise() {
        let mut bytes = gzip("EU\tB-ORG\n".repeat(100).as_bytes());
        let middle = bytes.len() / 2;
        bytes.truncate(middle);
        let (_, problem) = decode("a.conll.gz".into(), bytes);
        let message = problem.expect("a truncated gzip is unreadable").message;
        assert!(message.starts_with("corrupt gzip data"), "{message}");
    }
}
