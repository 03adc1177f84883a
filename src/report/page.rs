//! The HTML page: a static shell with inline CSS and JavaScript, and the report as JSON in a
//! `<script type="application/json">` element. Nothing is fetched from anywhere.
//!
//! Tokens come from untrusted files. The script builds the page with `textContent` only, and
//! the JSON is written so that no string in it can end the element that holds it.

use super::model::Report;
use crate::render::plural;
use std::io::{self, Write};

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let title = format!(
        "biolint report: {} in {}",
        plural(report.totals.findings as u64, "finding"),
        plural(report.totals.files as u64, "file")
    );
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"biolint {version}\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <noscript><p class=\"noscript\">This report is drawn by JavaScript; \
         please open it in a browser with JavaScript enabled.</p></noscript>\n\
         <div id=\"app\"></div>\n<script type=\"application/json\" id=\"report-data\">",
        version = report.version,
        title = escape_html(&title),
    )?;
    serde_json::to_writer(ScriptSafe(&mut *out), report).map_err(io::Error::other)?;
    write!(
        out,
        "</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    )
}

/// Escapes text for HTML element content and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes JSON so that it can sit inside a `<script>` element: `<`, `>` and `&` only occur
/// inside JSON strings, where their `\uXXXX` escapes mean the same, so no `</script>` or
/// `<!--` can appear. (Being ASCII, these bytes are never part of a longer UTF-8 character.)
struct ScriptSafe<W>(W);

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut rest = bytes;
        while let Some(i) = rest.iter().position(|b| matches!(b, b'<' | b'>' | b'&')) {
            self.0.write_all(&rest[..i])?;
            self.0.write_all(match rest[i] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            rest = &rest[i + 1..];
        }
        self.0.write_all(rest)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script_element() {
        let mut safe = Vec::new();
        let text = "</script><script>alert(1)</script><!-- & \u{2028}";
        serde_json::to_writer(ScriptSafe(&mut safe), text).unwrap();
        let safe = String::from_utf8(safe).unwrap();
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn html_escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
