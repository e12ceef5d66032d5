//! Splitting a migration file into batches at `GO`, and a small tokenizer for the lint.
//!
//! Rules (the same as `sqlcmd -i`, so a file runs the same both ways):
//! - `GO` (any case) alone on its line, with optional surrounding spaces or tabs, ends a batch.
//! - `GO` is not recognised inside a string literal (`'…'` with `''` escapes, `N'…'`), a quoted
//!   name (`[…]` with `]]`, `"…"` with `""`), a `--` line comment or a `/* … */` block comment
//!   (nested on SQL Server, not nested on SQLite, as each engine parses them).
//! - `GO <count>` (repeat the batch) is refused: a migration runs each statement once.
//! - `GO;` or `GO` followed by anything else on its line is refused with the line number: sqlcmd
//!   would send it to the server as text, which is never what the author meant.
//! - Batches holding only blanks and comments are dropped (there is nothing to send).
//! - An unterminated string, quoted name or block comment is an error naming the line it starts on.

use ivr_domain::connection::Engine;
use ivr_domain::migration::Batch;

/// A problem found while splitting; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    /// `'…'`; the line it started on.
    Str(usize),
    /// `"…"`
    DoubleQuoted(usize),
    /// `[…]`
    Bracket(usize),
    LineComment,
    /// Nesting depth and start line.
    Block(u32, usize),
}

enum GoLine {
    Separator,
    Refused(String),
    NotGo,
}

fn classify_go(line: &str) -> GoLine {
    let t = line.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\r');
    if t.len() < 2 || !t.is_char_boundary(2) || !t[..2].eq_ignore_ascii_case("go") {
        return GoLine::NotGo;
    }
    let rest = &t[2..];
    if rest.is_empty() {
        return GoLine::Separator;
    }
    let next = rest.chars().next().unwrap_or(' ');
    // `GOTO label`, `GOVERNOR`… are ordinary words, not separators.
    if next.is_alphanumeric() || next == '_' || next == '@' || next == '#' || next == '$' {
        return GoLine::NotGo;
    }
    let after = rest.trim_start_matches([' ', '\t']);
    if !after.is_empty() && after.chars().all(|c| c.is_ascii_digit()) {
        return GoLine::Refused(format!(
            "`{t}` repeats a batch; migrations run each batch once — write `GO` alone on the line"
        ));
    }
    GoLine::Refused(format!(
        "`{t}` is not a batch separator; write `GO` alone on its line (no `;`, count or comment after it)"
    ))
}

/// Splits `text` into batches (see the module documentation for the rules).
pub fn split_batches(text: &str, engine: Engine) -> Result<Vec<Batch>, SplitError> {
    let nested = engine == Engine::Mssql;
    let b = text.as_bytes();
    let mut batches = Vec::new();
    let mut state = State::Code;
    let mut line = 1usize;
    let mut at_line_start = true;
    let mut batch_start = 0usize;
    let mut batch_start_line = 1usize;
    let mut has_code = false;
    let mut i = 0usize;

    let mut push =
        |start: usize, end: usize, start_line: usize, end_line: usize, has_code: bool| {
            if has_code {
                batches.push(Batch {
                    start_line,
                    end_line,
                    sql: text[start..end].to_string(),
                });
            }
        };

    while i < b.len() {
        if at_line_start && state == State::Code {
            at_line_start = false;
            let end = text[i..].find('\n').map_or(b.len(), |p| i + p);
            match classify_go(&text[i..end]) {
                GoLine::Separator => {
                    push(
                        batch_start,
                        i,
                        batch_start_line,
                        line.saturating_sub(1).max(batch_start_line),
                        has_code,
                    );
                    has_code = false;
                    batch_start = (end + 1).min(b.len());
                    batch_start_line = line + 1;
                    // Continue at the newline so line counting stays in one place.
                    i = end;
                    continue;
                }
                GoLine::Refused(message) => return Err(SplitError { line, message }),
                GoLine::NotGo => {}
            }
        }
        at_line_start = false;
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == b'\n' {
            line += 1;
            at_line_start = true;
            if state == State::LineComment {
                state = State::Code;
            }
            i += 1;
            continue;
        }
        match state {
            State::Code => match c {
                b'\'' => {
                    state = State::Str(line);
                    has_code = true;
                }
                b'"' => {
                    state = State::DoubleQuoted(line);
                    has_code = true;
                }
                b'[' => {
                    state = State::Bracket(line);
                    has_code = true;
                }
                b'-' if next == Some(b'-') => {
                    state = State::LineComment;
                    i += 1;
                }
                b'/' if next == Some(b'*') => {
                    state = State::Block(1, line);
                    i += 1;
                }
                b' ' | b'\t' | b'\r' => {}
                _ => has_code = true,
            },
            State::Str(_) => {
                if c == b'\'' {
                    if next == Some(b'\'') {
                        i += 1;
                    } else {
                        state = State::Code;
                    }
                }
            }
            State::DoubleQuoted(_) => {
                if c == b'"' {
                    if next == Some(b'"') {
                        i += 1;
                    } else {
                        state = State::Code;
                    }
                }
            }
            State::Bracket(_) => {
                if c == b']' {
                    if next == Some(b']') {
                        i += 1;
                    } else {
                        state = State::Code;
                    }
                }
            }
            State::LineComment => {}
            State::Block(depth, start) => {
                if c == b'*' && next == Some(b'/') {
                    state = if depth == 1 {
                        State::Code
                    } else {
                        State::Block(depth - 1, start)
                    };
                    i += 1;
                } else if nested && c == b'/' && next == Some(b'*') {
                    state = State::Block(depth + 1, start);
                    i += 1;
                }
            }
        }
        i += 1;
    }
    let unterminated = match state {
        State::Str(l) => Some((l, "string literal")),
        State::DoubleQuoted(l) => Some((l, "quoted name (\"…\")")),
        State::Bracket(l) => Some((l, "bracketed name ([…])")),
        State::Block(_, l) => Some((l, "block comment (/* … */)")),
        State::Code | State::LineComment => None,
    };
    if let Some((l, what)) = unterminated {
        return Err(SplitError {
            line: l,
            message: format!("unterminated {what} starting on this line"),
        });
    }
    let end_line = if text.ends_with('\n') {
        line.saturating_sub(1).max(batch_start_line)
    } else {
        line
    };
    push(batch_start, b.len(), batch_start_line, end_line, has_code);
    Ok(batches)
}

/// A token of SQL text outside comments, for the lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A keyword or plain name, upper-cased (`DROP`, `SP_RENAME`, `@X`, `#TMP`, `123`).
    Word(String),
    /// A `[…]` / `"…"` quoted name (its content).
    Quoted(String),
    /// A string literal.
    Str,
    /// Any other single character: `(`, `)`, `,`, `;`, `.`, …
    Punct(char),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: usize,
    /// The word as written (for messages); empty for other tokens.
    pub raw: String,
}

impl Token {
    pub fn is_word(&self, w: &str) -> bool {
        matches!(&self.tok, Tok::Word(x) if x == w)
    }
    pub fn is_punct(&self, p: char) -> bool {
        self.tok == Tok::Punct(p)
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'@' | b'#' | b'$') || c >= 0x80
}

/// Tokens of one batch (or file). Unterminated constructs end the token stream quietly: the
/// splitter reports them.
pub(crate) fn tokenize(text: &str, engine: Engine, first_line: usize) -> Vec<Token> {
    let nested = engine == Engine::Mssql;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut line = first_line;
    let mut i = 0usize;
    // Scans to the closing `close` (doubled = escaped), counting lines; returns the content.
    let scan_quoted = |i: &mut usize, line: &mut usize, close: u8| -> String {
        let start = *i;
        while *i < b.len() {
            let c = b[*i];
            if c == b'\n' {
                *line += 1;
            }
            if c == close {
                if b.get(*i + 1) == Some(&close) {
                    *i += 2;
                    continue;
                }
                let content = text[start..*i].to_string();
                *i += 1;
                return content;
            }
            *i += 1;
        }
        text[start..].to_string()
    };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'-' if next == Some(b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if next == Some(b'*') => {
                let mut depth = 1u32;
                i += 2;
                while i < b.len() && depth > 0 {
                    if b[i] == b'\n' {
                        line += 1;
                    }
                    if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                    } else if nested && b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
            }
            b'\'' => {
                let l = line;
                i += 1;
                scan_quoted(&mut i, &mut line, b'\'');
                out.push(Token {
                    tok: Tok::Str,
                    line: l,
                    raw: String::new(),
                });
            }
            b'[' | b'"' => {
                let l = line;
                i += 1;
                let close = if c == b'[' { b']' } else { b'"' };
                let name = scan_quoted(&mut i, &mut line, close);
                out.push(Token {
                    tok: Tok::Quoted(name),
                    line: l,
                    raw: String::new(),
                });
            }
            c if is_word_byte(c) => {
                let start = i;
                while i < b.len() && is_word_byte(b[i]) {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Word(text[start..i].to_uppercase()),
                    line,
                    raw: text[start..i].to_string(),
                });
            }
            _ => {
                // Multi-byte characters are words (handled above), so `c` is ASCII here.
                out.push(Token {
                    tok: Tok::Punct(c as char),
                    line,
                    raw: String::new(),
                });
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(text: &str) -> Vec<String> {
        split_batches(text, Engine::Mssql)
            .unwrap()
            .into_iter()
            .map(|b| b.sql.trim().to_string())
            .collect()
    }

    #[test]
    fn splits_on_go_alone_on_a_line_any_case_with_spaces() {
        let text = "CREATE TABLE a (x INT)\nGO\nCREATE TABLE b (x INT)\n  go  \nSELECT 1\n\tGo\t\n";
        assert_eq!(
            sqls(text),
            vec![
                "CREATE TABLE a (x INT)",
                "CREATE TABLE b (x INT)",
                "SELECT 1"
            ]
        );
    }

    #[test]
    fn last_batch_without_go_and_line_numbers() {
        let text = "SELECT 1\nGO\n\nSELECT 2\nSELECT 3";
        let b = split_batches(text, Engine::Mssql).unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].start_line, b[0].end_line), (1, 1));
        assert_eq!((b[1].start_line, b[1].end_line), (3, 5));
        assert_eq!(b[1].sql, "\nSELECT 2\nSELECT 3");
    }

    #[test]
    fn crlf_line_endings() {
        let text = "SELECT 1\r\nGO\r\nSELECT 2\r\ngo\r\n";
        assert_eq!(sqls(text), vec!["SELECT 1", "SELECT 2"]);
    }

    #[test]
    fn empty_and_comment_only_batches_are_dropped() {
        let text = "GO\n\nGO\n-- nothing here\n/* nor here */\nGO\nSELECT 1\nGO\nGO\n";
        assert_eq!(sqls(text), vec!["SELECT 1"]);
        assert!(split_batches("", Engine::Mssql).unwrap().is_empty());
        assert!(split_batches("GO", Engine::Mssql).unwrap().is_empty());
    }

    #[test]
    fn go_inside_a_string_is_text() {
        let text =
            "INSERT INTO t VALUES ('first\nGO\nstill the string'), (N'it''s\ngo\n')\nGO\nSELECT 2";
        let b = sqls(text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].contains("still the string"));
        assert!(b[0].ends_with("go\n')"));
    }

    #[test]
    fn go_inside_comments_is_text() {
        let text =
            "SELECT 1 /* a\nGO\n/* nested\nGO\n*/ still comment\nGO\n*/\nGO\nSELECT 2 -- GO\nGO\n";
        let b = sqls(text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].starts_with("SELECT 1 /* a"));
        assert_eq!(b[1], "SELECT 2 -- GO");
    }

    #[test]
    fn sqlite_block_comments_do_not_nest() {
        // On SQLite the first `*/` closes the comment, so the GO after it separates.
        let text = "SELECT 1 /* a /* b */\nGO\nSELECT 2";
        let b = split_batches(text, Engine::Sqlite).unwrap();
        assert_eq!(b.len(), 2);
        // On SQL Server the comment is still open: unterminated.
        let e = split_batches(text, Engine::Mssql).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("block comment"), "{}", e.message);
    }

    #[test]
    fn go_inside_brackets_and_double_quotes_is_text() {
        let text = "CREATE TABLE [odd\nGO\nname]]x] (x INT)\nGO\nSELECT \"a\nGO\n\"\"b\"\nGO\n";
        let b = sqls(text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert!(b[0].contains("name]]x]"));
        assert!(b[1].starts_with("SELECT \"a"));
    }

    #[test]
    fn go_followed_by_other_text_is_refused_with_its_line() {
        let e = split_batches("SELECT 1\nGO;\nSELECT 2", Engine::Mssql).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("GO;"), "{}", e.message);
        let e = split_batches("SELECT 1\n\nGO 2\n", Engine::Mssql).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("repeats"), "{}", e.message);
        let e = split_batches("SELECT 1\nGO -- done\n", Engine::Mssql).unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn words_starting_with_go_are_not_separators() {
        let text = "IF 1 = 1\nGOTO done\ngovernor:\ndone:\nSELECT 1";
        assert_eq!(sqls(text).len(), 1);
        // GO not at the start of a line is text too.
        assert_eq!(sqls("SELECT 1 GO\nSELECT 2").len(), 1);
    }

    #[test]
    fn unterminated_constructs_name_their_start_line() {
        let e = split_batches("SELECT 1\nSELECT 'abc\nGO\n", Engine::Mssql).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("string"));
        let e = split_batches("SELECT [abc\n", Engine::Sqlite).unwrap_err();
        assert!(e.message.contains("bracketed"));
    }

    #[test]
    fn escaped_quote_at_end_of_string_does_not_leak() {
        // 'it''' ends after the third quote; the GO below separates.
        let text = "SELECT 'it'''\nGO\nSELECT ']'\nGO\nSELECT 3";
        assert_eq!(sqls(text).len(), 3);
    }

    #[test]
    fn tokenizer_skips_comments_and_strings() {
        let toks = tokenize(
            "DROP /* TABLE */ x -- TABLE\n'DROP TABLE' [drop table] N'x'",
            Engine::Mssql,
            1,
        );
        let words: Vec<_> = toks
            .iter()
            .filter_map(|t| match &t.tok {
                Tok::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(words, vec!["DROP", "X", "N"]);
        assert_eq!(toks.last().map(|t| t.line), Some(2));
    }
}
