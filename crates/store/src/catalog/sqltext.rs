//! A small SQL lexer shared by the catalog readers: enough to split DDL into definitions, find
//! constraint names and bodies, and compare expressions the two engines store differently
//! (`([IsActive]=(1))` on SQL Server, `IsActive = 1` as written on SQLite).

/// One lexical token with its byte range in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Identifiers without their quoting (`[x]`, `"x"`, `` `x` ``); literals and symbols as written.
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: keyword, identifier or number; dotted names (`ivr.x`, `t.Col`) are one word.
    Word,
    /// A quoted identifier (`[x]`, `"x"`, `` `x` ``), possibly as part of a dotted name.
    Quoted,
    /// A string literal with its quotes (`'open'`; `N'x'` keeps the `N`).
    Str,
    Open,
    Close,
    Comma,
    Semicolon,
    /// Operators (`=`, `>=`, `<>`, `+`, ...), grouped when adjacent.
    Op,
    Other,
}

impl Token {
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(w)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '#' | '$') || !c.is_ascii()
}

/// Splits SQL text into tokens, skipping whitespace and comments (`-- …`, `/* … */`).
pub fn tokens(sql: &str) -> Vec<Token> {
    let b: Vec<(usize, char)> = sql.char_indices().collect();
    let end_of = |i: usize| b.get(i).map_or(sql.len(), |(p, _)| *p);
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (pos, c) = b[i];
        let next = b.get(i + 1).map(|x| x.1);
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && next == Some('-') {
            while i < b.len() && b[i].1 != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < b.len() && !(b[i].1 == '*' && b.get(i + 1).map(|x| x.1) == Some('/')) {
                i += 1;
            }
            i += 2;
        } else if c == '\'' || ((c == 'N' || c == 'n') && next == Some('\'')) {
            let start = i;
            i += if c == '\'' { 1 } else { 2 };
            loop {
                match b.get(i).map(|x| x.1) {
                    None => break,
                    Some('\'') if b.get(i + 1).map(|x| x.1) == Some('\'') => i += 2,
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            out.push(Token {
                kind: TokenKind::Str,
                text: sql[pos..end_of(i)].to_string(),
                start: b[start].0,
                end: end_of(i),
            });
        } else if c == '[' || c == '"' || c == '`' || is_word_char(c) {
            // A possibly dotted, possibly quoted name: ivr.[rt_RoutingTable], t."Col", 1.5
            let start = pos;
            let mut text = String::new();
            let mut quoted = false;
            loop {
                match b.get(i).map(|x| x.1) {
                    Some(q @ ('[' | '"' | '`')) => {
                        let close = if q == '[' { ']' } else { q };
                        quoted = true;
                        i += 1;
                        while i < b.len() && b[i].1 != close {
                            text.push(b[i].1);
                            i += 1;
                        }
                        i += 1;
                    }
                    Some(ch) if is_word_char(ch) => {
                        while i < b.len() && is_word_char(b[i].1) {
                            text.push(b[i].1);
                            i += 1;
                        }
                    }
                    _ => break,
                }
                let after = b.get(i + 1).map(|x| x.1);
                if b.get(i).map(|x| x.1) == Some('.')
                    && after.is_some_and(|a| is_word_char(a) || matches!(a, '[' | '"' | '`' | '*'))
                {
                    text.push('.');
                    i += 1;
                    if b.get(i).map(|x| x.1) == Some('*') {
                        text.push('*');
                        i += 1;
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Token {
                kind: if quoted {
                    TokenKind::Quoted
                } else {
                    TokenKind::Word
                },
                text,
                start,
                end: end_of(i),
            });
        } else {
            let (kind, len) = match c {
                '(' => (TokenKind::Open, 1),
                ')' => (TokenKind::Close, 1),
                ',' => (TokenKind::Comma, 1),
                ';' => (TokenKind::Semicolon, 1),
                '<' | '>' | '=' | '!' | '+' | '-' | '*' | '/' | '%' | '|' | '&' => {
                    let mut n = 1;
                    while b
                        .get(i + n)
                        .is_some_and(|x| matches!(x.1, '<' | '>' | '=' | '!'))
                        && matches!(c, '<' | '>' | '=' | '!')
                    {
                        n += 1;
                    }
                    (TokenKind::Op, n)
                }
                _ => (TokenKind::Other, 1),
            };
            out.push(Token {
                kind,
                text: sql[pos..end_of(i + len)].to_string(),
                start: pos,
                end: end_of(i + len),
            });
            i += len;
        }
    }
    out
}

/// Index of the token closing the parenthesis opened at `open` (or the last token if unbalanced).
pub fn matching_close(toks: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.kind {
            TokenKind::Open => depth += 1,
            TokenKind::Close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    toks.len().saturating_sub(1)
}

/// Splits the tokens between `open` and its matching close on top-level commas.
pub fn split_list(toks: &[Token], open: usize) -> Vec<&[Token]> {
    let close = matching_close(toks, open);
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut from = open + 1;
    for i in open + 1..close {
        match toks[i].kind {
            TokenKind::Open => depth += 1,
            TokenKind::Close => depth = depth.saturating_sub(1),
            TokenKind::Comma if depth == 0 => {
                parts.push(&toks[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    if from < close {
        parts.push(&toks[from..close]);
    }
    parts
}

/// Comparable form of an expression: parentheses, brackets and quoting of identifiers dropped,
/// words lower-cased, string literals kept as written (without an `N` prefix), single spaces.
/// `([ChangeSetId] IS NULL AND [IsActive]=(1))` and `ChangeSetId IS NULL AND IsActive = 1` agree.
pub fn normalise(expr: &str) -> String {
    tokens(expr)
        .into_iter()
        .filter(|t| !matches!(t.kind, TokenKind::Open | TokenKind::Close))
        .map(|t| match t.kind {
            TokenKind::Str => t.text.trim_start_matches(['N', 'n']).to_string(),
            TokenKind::Word | TokenKind::Quoted => t.text.to_ascii_lowercase(),
            _ => t.text,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two predicates mean the same for the drift check: equal normalised text, or the same
/// terms of a pure OR chain in any order (SQL Server stores `x IN ('a','b')` as `x='b' OR x='a'`).
pub fn same_expr(a: &str, b: &str) -> bool {
    let (a, b) = (normalise(a), normalise(b));
    if a == b {
        return true;
    }
    let terms = |s: &str| {
        let mut t: Vec<String> = s.split(" or ").map(str::to_string).collect();
        t.sort();
        t
    };
    !a.contains(" and ") && !b.contains(" and ") && terms(&a) == terms(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_server_stored_text_matches_the_model_text() {
        assert!(same_expr("([IsActive]=(1))", "IsActive = 1"));
        assert!(same_expr(
            "([ChangeSetId] IS NOT NULL AND [IsActive]=(1))",
            "ChangeSetId IS NOT NULL AND IsActive = 1"
        ));
        assert!(same_expr(
            "([PublishedVersion] IS NULL OR [PublishedVersion]>=(1) AND [PublishedVersion]<=(10))",
            "PublishedVersion IS NULL OR (PublishedVersion >= 1 AND PublishedVersion <= 10)"
        ));
        assert!(same_expr(
            "([Status]='discarded' OR [Status]='published' OR [Status]='open')",
            "Status = 'open' OR Status = 'published' OR Status = 'discarded'"
        ));
        assert!(same_expr("(sysutcdatetime())", "SYSUTCDATETIME()"));
        assert!(same_expr("((0))", "0"));
        assert!(same_expr("(N'open')", "'open'"));
        assert!(!same_expr("([IsActive]=(0))", "IsActive = 1"));
        assert!(!same_expr("('Open')", "'open'"));
        assert!(!same_expr(
            "strftime('%y-%m-%dT%H:%M:%fZ','now')",
            "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
        ));
    }

    #[test]
    fn lexer_keeps_dotted_and_quoted_names_and_skips_comments() {
        let t = tokens(
            "SELECT r.[SourceId], 'it''s' -- c\n FROM ivr.rt_RoutingTable AS r /* x */ WHERE a>=1",
        );
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "SELECT",
                "r.SourceId",
                ",",
                "'it''s'",
                "FROM",
                "ivr.rt_RoutingTable",
                "AS",
                "r",
                "WHERE",
                "a",
                ">=",
                "1"
            ]
        );
    }
}
