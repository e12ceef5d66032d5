//! Plain text tables for people (the JSON output is the contract for scripts).

/// Left-aligned columns separated by two spaces; cells are cut to `MAX` characters.
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    const MAX: usize = 48;
    let cut = |s: &str| -> String {
        let one_line = s.replace(['\n', '\r', '\t'], " ");
        if one_line.chars().count() > MAX {
            let mut t: String = one_line.chars().take(MAX - 1).collect();
            t.push('…');
            t
        } else {
            one_line
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < cells.len() {
                let pad = widths[i].saturating_sub(c.chars().count());
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = vec![line(headers.to_vec())];
    for r in &rows {
        out.push(line(r.iter().map(String::as_str).collect()));
    }
    out.join("\n")
}

/// `key: value` lines, aligned.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let w = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    pairs
        .iter()
        // A multi-line value (formatted JSON) keeps its lines under the value column.
        .map(|(k, v)| format!("{k:<w$}  {}", v.replace('\n', &format!("\n{:w$}  ", ""))))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "-".into())
}

pub fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// A page of a list: a table of one row per item (`row`), and its footer ([`page_footer`]).
pub fn page<T>(
    headers: &[&str],
    items: &[T],
    row: impl Fn(&T) -> Vec<String>,
    offset: i64,
    total: i64,
) -> String {
    let rows: Vec<Vec<String>> = items.iter().map(row).collect();
    format!(
        "{}
{}",
        render(headers, &rows),
        page_footer(offset, items.len(), total)
    )
}

/// "rows 1–50 of 120" style footer.
pub fn page_footer(offset: i64, shown: usize, total: i64) -> String {
    if shown == 0 {
        return format!("(none of {total})");
    }
    format!("rows {}–{} of {total}", offset + 1, offset + shown as i64)
}
