//! A strict RFC 4180 CSV reader and writer for translators' files.
//!
//! Strict on purpose: a lenient reader turns a broken quote into a silently merged cell, and a
//! translator's text would then be stored wrong. Every problem names the line it is on. Text is
//! kept byte-exact, including line breaks inside quoted cells. The delimiter is `,` or, for files
//! saved by spreadsheet programs in locales that use it, `;` (detected from the header line).

/// One record and the line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRecord {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

const BOM: &str = "\u{feff}";

/// What a file holds: the records read, and each problem that kept a line from being read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub records: Vec<CsvRecord>,
    pub errors: Vec<CsvError>,
}

/// Parses a whole file. Blank lines are skipped. A quoting problem inside a line drops that line's
/// record and reading goes on at the next line, so one pass names every such line; a quote never
/// closed swallows the rest of the file, and a file that is not UTF-8 is not read at all.
pub fn parse(bytes: &[u8]) -> Parsed {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let message = format!(
                "the file is not valid UTF-8 (byte {} of the file); save it as \"CSV UTF-8\"",
                at + 1
            );
            return Parsed {
                records: Vec::new(),
                errors: vec![CsvError { line, message }],
            };
        }
    };
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let delimiter = detect_delimiter(text);
    let chars: Vec<char> = text.chars().collect();
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    let mut line = 1;
    'records: while i < chars.len() {
        let record_line = line;
        let mut fields = Vec::new();
        loop {
            // One field.
            let mut field = String::new();
            if i < chars.len() && chars[i] == '"' {
                let quote_line = line;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            errors.push(CsvError {
                                line: quote_line,
                                message: format!(
                                    "a quoted cell opened on line {quote_line} is never closed; close it with \" (a quote inside a cell is written \"\")"
                                ),
                            });
                            break 'records;
                        }
                        Some('"') if chars.get(i + 1) == Some(&'"') => {
                            field.push('"');
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(c) => {
                            if *c == '\n' {
                                line += 1;
                            }
                            field.push(*c);
                            i += 1;
                        }
                    }
                }
                match chars.get(i) {
                    None | Some('\n') => {}
                    Some('\r') if matches!(chars.get(i + 1), None | Some('\n')) => {}
                    Some(c) if *c == delimiter => {}
                    Some(_) => {
                        errors.push(CsvError {
                            line,
                            message: "text follows a closing quote in the same cell; a quote inside a quoted cell is written \"\"".into(),
                        });
                        skip_line(&chars, &mut i, &mut line);
                        continue 'records;
                    }
                }
            } else {
                while let Some(c) = chars.get(i) {
                    if *c == delimiter || *c == '\n' {
                        break;
                    }
                    if *c == '\r' && matches!(chars.get(i + 1), None | Some('\n')) {
                        break;
                    }
                    if *c == '"' {
                        errors.push(CsvError {
                            line,
                            message: "a quote inside a cell that does not start with a quote; put the whole cell in quotes and write the quote as \"\"".into(),
                        });
                        skip_line(&chars, &mut i, &mut line);
                        continue 'records;
                    }
                    field.push(*c);
                    i += 1;
                }
            }
            fields.push(field);
            match chars.get(i) {
                Some(c) if *c == delimiter => {
                    i += 1;
                }
                Some('\r') => {
                    i += 1;
                    if chars.get(i) == Some(&'\n') {
                        i += 1;
                    }
                    line += 1;
                    break;
                }
                Some('\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                _ => break,
            }
        }
        let blank = fields.len() == 1 && fields[0].is_empty();
        if !blank {
            records.push(CsvRecord {
                line: record_line,
                fields,
            });
        }
    }
    Parsed { records, errors }
}

/// Moves past the end of the current line (after a problem that drops its record).
fn skip_line(chars: &[char], i: &mut usize, line: &mut usize) {
    while let Some(c) = chars.get(*i) {
        *i += 1;
        if *c == '\n' {
            *line += 1;
            return;
        }
    }
}

/// `;` when the header line has a `;` before any `,` outside quotes, else `,`.
fn detect_delimiter(text: &str) -> char {
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => return ',',
            ';' if !quoted => return ';',
            '\n' if !quoted => break,
            _ => {}
        }
    }
    ','
}

/// Writes records with `,`, CRLF line ends and a UTF-8 BOM (spreadsheet programs need it to read
/// UTF-8). Cells with a delimiter, a quote, a line break or surrounding spaces are quoted.
pub fn write(records: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    for r in records {
        let cells: Vec<String> = r.iter().map(|c| quote(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn quote(cell: &str) -> String {
    let needs =
        cell.contains([',', ';', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ');
    if needs {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}
