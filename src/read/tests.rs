use super::*;

fn fields_of(text: &str) -> Vec<(String, Vec<String>)> {
    let mut lines = Lines::new(text, Span::new(0, text.len()));
    let mut fields = Vec::new();
    let mut out = Vec::new();
    while let Some(line) = lines.next_fields(Separator::Tab, &mut fields) {
        out.push((
            line.to_string(),
            fields.iter().map(|f| f.to_string()).collect(),
        ));
    }
    out
}

#[test]
fn tab_lines_split_in_one_pass_like_str_split() {
    let text = "a\tO\r\n\r\nb\t\tB-X\r\n\tI-X\t\nlast\tO";
    let expected: Vec<(String, Vec<String>)> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .map(|l| (l.to_string(), l.split('\t').map(str::to_string).collect()))
        .collect();
    assert_eq!(fields_of(text), expected);
}

#[test]
fn a_final_newline_ends_the_last_line_without_adding_one() {
    assert_eq!(fields_of("a\tO\n").len(), 1);
    assert_eq!(fields_of("").len(), 0);
    assert_eq!(fields_of("\n"), vec![(String::new(), vec![String::new()])]);
}

fn layout(text: &str) -> Result<Layout, String> {
    sniff(
        &SourceFile::new("t".into(), text.into()),
        &Options::default(),
    )
    .map_err(|e| e.message)
}

#[test]
fn files_without_token_lines_are_readable_and_empty() {
    for text in [
        "",
        "\n\n",
        "\t\n",
        "-DOCSTART- -X- -X- O\n\n",
        "# sent_id = 1\n",
    ] {
        assert_eq!(
            layout(text).map(|l| l.format),
            Ok(Format::Columns),
            "{text:?}"
        );
    }
}

#[test]
fn token_lines_without_a_tag_column_are_refused() {
    assert_eq!(
        layout("The\nLinux\nkernel\n"),
        Err("no tag column: token lines hold a single field".to_string())
    );
}
