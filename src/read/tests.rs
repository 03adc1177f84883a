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
    let split_like_str = |text: &str| -> Vec<(String, Vec<String>)> {
        text.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .map(|l| (l.to_string(), l.split('\t').map(str::to_string).collect()))
            .collect()
    };
    let text = "a\tO\r\n\r\nb\t\tB-X\r\n\tI-X\t\nlast\tO";
    assert_eq!(fields_of(text), split_like_str(text));
    // Separators at every offset of the 8-byte words the scan reads, next to multibyte
    // characters and carriage returns.
    let mut text = String::new();
    for token in 0..19 {
        for tag in 0..11 {
            let cr = if (token + tag) % 3 == 0 { "\r" } else { "" };
            text.push_str(&format!(
                "{}\t{}{cr}\n",
                "é".repeat(token / 2) + &"x".repeat(token % 2),
                "B".repeat(tag)
            ));
        }
    }
    text.push_str("no final newline\t\tO");
    assert_eq!(fields_of(&text), split_like_str(&text));
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

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path.into(), text.into())
}

/// Every sentence of a file as (token, tag, tag span text) triples, and the defects.
type Read = (Vec<Vec<(String, String, String)>>, Vec<Defect>);

fn read_all(file: &SourceFile, layout: &Layout, chunks: &[Span]) -> Read {
    let (mut sentences, mut defects) = (Vec::new(), Vec::new());
    for chunk in chunks {
        read(file, layout, *chunk, &mut |event| match event {
            Event::Sentence(s) => sentences.push(
                s.tokens
                    .iter()
                    .map(|t| {
                        let at = &file.text[t.tag_span.start..t.tag_span.end];
                        (t.text.to_string(), t.tag.to_string(), at.to_string())
                    })
                    .collect(),
            ),
            Event::Defect(d) => defects.push(d),
            Event::Document(_) => {}
        });
    }
    (sentences, defects)
}

fn sniff_and_read(path: &str, text: &str, options: &Options) -> (Layout, Read) {
    let file = file(path, text);
    let layout = sniff(&file, options).unwrap_or_else(|e| panic!("{}", e.message));
    let read = read_all(&file, &layout, &[Span::new(0, text.len())]);
    (layout, read)
}

/// Why `sniff` refuses a file; fails the test if it does not.
fn refusal(path: &str, text: &str) -> String {
    match sniff(&file(path, text), &Options::default()) {
        Ok(layout) => panic!("{path} was read as {}", layout.describe()),
        Err(problem) => problem.message,
    }
}

fn triple(token: &str, tag: &str, at: &str) -> (String, String, String) {
    (token.into(), tag.into(), at.into())
}

const CONLLU: &str = "# sent_id = 1\n# text = Vlada je v Ljubljani.\n\
1\tVlada\tvlada\tNOUN\tNcfsn\tCase=Nom\t2\tnsubj\t_\tNER=B-org\n\
2-3\tje\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tje\tbiti\tAUX\tVa\t_\t0\troot\t_\tNER=O\n\
3\tv\tv\tADP\tSl\t_\t4\tcase\t_\tSpaceAfter=No|NER=B-loc\n\
3.1\tx\tx\tX\tX\t_\t_\t_\t_\tNER=B-per\n\
4\tLjubljani\tLjubljana\tPROPN\tNpfsl\t_\t2\tobl\t_\tNER=I-loc|SpaceAfter=No\n\n";

#[test]
fn conllu_tags_come_from_misc_and_ranges_and_empty_nodes_are_skipped() {
    let (layout, (sentences, defects)) = sniff_and_read("a.txt", CONLLU, &Options::default());
    assert_eq!(layout.format, Format::Conllu);
    assert_eq!(layout.tag_key.as_deref(), Some("NER"));
    assert_eq!(layout.describe(), "CoNLL-U, tags from MISC `NER=`");
    assert!(defects.is_empty());
    assert_eq!(
        sentences,
        [vec![
            triple("Vlada", "B-org", "B-org"),
            triple("je", "O", "O"),
            triple("v", "B-loc", "B-loc"),
            triple("Ljubljani", "I-loc", "I-loc"),
        ]]
    );
}

#[test]
fn conllu_tag_field_names_another_misc_key_or_a_named_column() {
    let text = CONLLU.replace("NER=", "Entity=");
    let options = Options {
        tag_field: Some("Entity".into()),
        ..Options::default()
    };
    let (layout, (sentences, _)) = sniff_and_read("a.conllu", &text, &options);
    assert_eq!(layout.tag_key.as_deref(), Some("Entity"));
    assert_eq!(sentences[0][3], triple("Ljubljani", "I-loc", "I-loc"));

    let plus =
        "# global.columns = ID FORM UPOS PARSEME:NE\n1\tEU\tPROPN\tB-ORG\n2\trejects\tVERB\tO\n";
    let (layout, (sentences, _)) = sniff_and_read("p.conllu", plus, &Options::default());
    assert_eq!(
        (layout.columns, layout.tag_column),
        (4, TagColumn::Index(3))
    );
    assert_eq!(sentences[0][0], triple("EU", "B-ORG", "B-ORG"));
}

#[test]
fn conllu_without_ner_is_refused_rather_than_read_as_tags() {
    let text = CONLLU.replace("NER=", "Other=");
    let message = refusal("a.conllu", &text);
    assert!(message.starts_with("no NER tags"), "{message}");
}

#[test]
fn uner_files_stay_columns() {
    let text = "# sent_id = a-0001\n# text = tampa bay\n1\ttampa\tB-LOC\t-\tstephen\n2\tbay\tI-LOC\t-\tstephen\n";
    let (layout, (sentences, _)) = sniff_and_read("en.iob2", text, &Options::default());
    assert_eq!(layout.format, Format::Columns);
    assert_eq!(
        (layout.token_column, layout.tag_column),
        (1, TagColumn::Index(2))
    );
    assert_eq!(sentences[0][1], triple("bay", "I-LOC", "I-LOC"));
}

#[test]
fn prose_is_not_taken_for_columns_of_tags() {
    let text = "you may not use this file except in compliance with\n\
                the License. You may obtain a copy of the License at\n"
        .repeat(3);
    let message = refusal("LICENSE", &text);
    assert!(message.starts_with("no tag column"), "{message}");
}

#[test]
fn jsonl_tokens_and_tags_keep_the_spans_of_their_elements() {
    let text = "{\"id\": \"0\", \"words\": [\"Caf\\u00e9\", \"in\", \"Paris\"], \"ner\": [\"O\", \"O\", \"B-LOC\"]}\n\n\
                {\"words\": [\"EU\"], \"ner\": [\"B-ORG\"], \"x\": {\"ner\": [1]}}\n";
    let (layout, (sentences, defects)) = sniff_and_read("a.json", text, &Options::default());
    assert_eq!(layout.format, Format::Jsonl);
    assert_eq!(layout.describe(), "JSON Lines, `words`/`ner`");
    assert!(defects.is_empty(), "{defects:?}");
    assert_eq!(sentences.len(), 2);
    assert_eq!(sentences[0][0], triple("Café", "O", "O"));
    assert_eq!(sentences[0][2], triple("Paris", "B-LOC", "B-LOC"));
    let file = file("a.json", text);
    let mut spans = Vec::new();
    read(&file, &layout, Span::new(0, text.len()), &mut |e| {
        if let Event::Sentence(s) = e {
            spans.extend(
                s.tokens
                    .iter()
                    .map(|t| &text[t.text_span.start..t.text_span.end]),
            );
        }
    });
    assert_eq!(spans, ["Caf\\u00e9", "in", "Paris", "EU"]);
}

#[test]
fn escaped_jsonl_tags_are_read_as_their_decoded_spelling() {
    let text = "{\"tokens\": [\"Hans\", \"M\\u00fcller\"], \"ner_tags\": [\"B-Pers\\u00f6n\", \"I-Persön\"]}\n";
    let (_, (sentences, _)) = sniff_and_read("a.jsonl", text, &Options::default());
    assert_eq!(
        sentences,
        [vec![
            triple("Hans", "B-Persön", "B-Pers\\u00f6n"),
            triple("Müller", "I-Persön", "I-Persön"),
        ]]
    );
}

#[test]
fn broken_jsonl_records_are_defects_at_their_cause_and_the_rest_is_read() {
    let text = "{\"tokens\": [\"a\", \"b\"], \"ner_tags\": [\"O\"]}\n\
                {\"tokens\": [\"a\"], \"ner_tags\": [\"O\"\n\
                [1, 2]\n\
                {\"tokens\": [\"a\"]}\n\
                {\"tokens\": [\"a\"], \"ner_tags\": [null]}\n\
                {\"tokens\": [\"a\"], \"ner_tags\": [7]}\n\
                {\"tokens\": [\"ok\"], \"ner_tags\": [\"B-X\"]}\n\
                {\"tokens\": [], \"ner_tags\": [\"O\"]}\n";
    let (_, (sentences, defects)) = sniff_and_read("a.jsonl", text, &Options::default());
    assert_eq!(sentences, [vec![triple("ok", "B-X", "B-X")]]);
    let found: Vec<(&str, &str)> = defects
        .iter()
        .map(|d| (d.message.as_str(), &text[d.span.start..d.span.end]))
        .collect();
    assert_eq!(
        found,
        [
            ("1 tag for 2 tokens", "\"b\""),
            ("invalid JSON: EOF while parsing a list", ""),
            ("the line holds an array, not a JSON object", "[1, 2]"),
            (
                "no `ner_tags` array in this record",
                "{\"tokens\": [\"a\"]}"
            ),
            ("tag is null, not a string or a label number", "null"),
            ("tag `7` is a number and the file has no label names", "7"),
            ("1 tag for 0 tokens", "\"O\""),
        ]
    );
    // The EOF is reported at the end of its line, not on the next one.
    let second_line_end = text.match_indices('\n').nth(1).unwrap().0;
    assert_eq!(defects[1].span.start, second_line_end);
}

#[test]
fn numeric_jsonl_tags_are_named_by_the_label_list() {
    let text = "{\"tokens\": [\"EU\", \"rejects\"], \"ner_tags\": [3, 0]}\n{\"tokens\": [\"x\"], \"ner_tags\": [9]}\n";
    let options = Options {
        label_names: Some(["O", "B-PER", "I-PER", "B-ORG"].map(String::from).to_vec()),
        ..Options::default()
    };
    let (layout, (sentences, defects)) = sniff_and_read("a.jsonl", text, &options);
    assert_eq!(
        layout.describe(),
        "JSON Lines, `tokens`/`ner_tags`, tag numbers named by --label-names"
    );
    assert_eq!(
        sentences,
        [vec![
            triple("EU", "B-ORG", "3"),
            triple("rejects", "O", "0")
        ]]
    );
    assert_eq!(defects[0].message, "tag number 9 has no name");

    let problem = sniff(&file("a.jsonl", text), &Options::default()).unwrap_err();
    assert_eq!(
        problem.at,
        Some(Span::new(
            text.find('3').unwrap(),
            text.find('3').unwrap() + 1
        ))
    );
}

#[test]
fn json_documents_and_empty_files_are_not_json_lines() {
    let pretty = "{\n  \"tokens\": [\"a\"],\n  \"ner_tags\": [\"O\"]\n}\n";
    let message = refusal("a.json", pretty);
    assert!(message.starts_with("one JSON document"), "{message}");
    // An empty file is readable: `empty-file` reports it.
    let layout = sniff(&file("a.jsonl", "\n"), &Options::default()).map_err(|e| e.message);
    assert_eq!(layout.map(|l| l.format), Ok(Format::Jsonl));
}

#[test]
fn forcing_a_format_overrides_detection() {
    let options = Options {
        format: Some(Format::Columns),
        ..Options::default()
    };
    let (layout, _) = sniff_and_read("a.conllu", CONLLU, &options);
    assert_eq!(layout.format, Format::Columns);
    let jsonl_named_txt = "{\"tokens\": [\"a\"], \"ner_tags\": [\"O\"]}\n";
    let (layout, _) = sniff_and_read("a.txt", jsonl_named_txt, &Options::default());
    assert_eq!(layout.format, Format::Jsonl);
}

#[test]
fn extensions_look_through_gz() {
    assert_eq!(extension("data/train.CoNLLU.gz").as_deref(), Some("conllu"));
    assert_eq!(extension("a.jsonl").as_deref(), Some("jsonl"));
    assert_eq!(extension("notes.gz"), None);
    assert_eq!(extension("LICENSE"), None);
}

/// Big files are cut into chunks that each parse on their own, with the same result as one read.
#[test]
fn chunked_reading_matches_a_whole_read_in_the_new_formats() {
    let record =
        "{\"tokens\": [\"EU\", \"rejects\", \"it\"], \"ner_tags\": [\"B-ORG\", \"O\", \"O\"]}\n";
    let sentence = CONLLU;
    for (path, text) in [
        ("big.jsonl", record.repeat(3 * CHUNK / record.len())),
        ("big.conllu", sentence.repeat(3 * CHUNK / sentence.len())),
    ] {
        let file = file(path, &text);
        let layout = sniff(&file, &Options::default()).unwrap_or_else(|e| panic!("{}", e.message));
        let pieces = chunks(&file.text, 0, layout.format);
        assert!(pieces.len() >= 3, "{path}: {} chunks", pieces.len());
        let whole = read_all(&file, &layout, &[Span::new(0, text.len())]);
        assert_eq!(read_all(&file, &layout, &pieces), whole, "{path}");
    }
}

#[test]
fn newdoc_comments_are_document_boundaries() {
    for (path, text) in [
        ("a.conllu", format!("# newdoc id = d1\n{CONLLU}# newdoc id = d2\n{CONLLU}")),
        ("a.iob2", "# newdoc id = d1\n# sent_id = 1\n1\tEU\tB-ORG\t-\t-\n\n# newdoc id = d2\n1\tit\tO\t-\t-\n".to_string()),
    ] {
        let file = file(path, &text);
        let layout = sniff(&file, &Options::default()).unwrap_or_else(|e| panic!("{}", e.message));
        let mut documents = Vec::new();
        read(&file, &layout, Span::new(0, text.len()), &mut |event| {
            if let Event::Document(at) = event {
                documents.push(&text[at.start..at.end]);
            }
        });
        assert_eq!(documents, ["# newdoc id = d1", "# newdoc id = d2"], "{path}");
    }
}

#[test]
fn conllu_with_a_tag_column_appended_after_misc() {
    let text = "# sent_id = 1\n1\tEU\teu\tPROPN\t_\t_\t2\tnsubj\t_\t_\tB-ORG\n\
                2\trejects\treject\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\tO\n\n";
    let (layout, (sentences, _)) = sniff_and_read("a.conllu", text, &Options::default());
    assert_eq!(
        (layout.columns, layout.tag_column),
        (11, TagColumn::Index(10))
    );
    assert_eq!(layout.describe(), "CoNLL-U, tags in column 11");
    assert_eq!(sentences[0][0], triple("EU", "B-ORG", "B-ORG"));
}
