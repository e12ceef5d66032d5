//! Identifier rules shared by every part of the product: BCP-47 language tags,
//! UPPER_SNAKE_CASE keys and SourceIds (RoutingId and segment names: `flow::check_routing_id`,
//! `flow::check_segment_name`). Pure functions, so the UI, the CLI and both engines agree.

/// Why a language code is not a well-formed BCP-47 tag, or `None` when it is.
///
/// Accepted (the shapes an IVR uses): a 2–3 letter primary language, an optional 4-letter script,
/// an optional region (2 letters or 3 digits), then optional variants (5–8 alphanumerics, or a digit
/// followed by 3 alphanumerics). Letter case is not significant in BCP-47, but the conventional
/// form is required (`nl-BE`, `zh-Hant-TW`) so the same language is never stored twice.
pub fn bcp47_problem(code: &str) -> Option<String> {
    if code.is_empty() {
        return Some("is required (a BCP-47 language tag such as nl-BE)".into());
    }
    if code.trim() != code {
        return Some("must not start or end with spaces".into());
    }
    let parts: Vec<&str> = code.split('-').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Some(format!(
            "`{code}` is not a BCP-47 tag: empty part between hyphens"
        ));
    }
    let lang = parts[0];
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(format!(
            "`{code}` is not a BCP-47 tag: it must start with a 2 or 3 letter language (e.g. nl-BE)"
        ));
    }
    if !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        return Some(format!(
            "`{code}`: write the language part in lowercase (e.g. {})",
            conventional(code)
        ));
    }
    let mut i = 1;
    // Script: 4 letters, title case.
    if let Some(p) = parts.get(i) {
        if p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()) {
            let mut chars = p.chars();
            let title = chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_lowercase());
            if !title {
                return Some(format!(
                    "`{code}`: write the script part in title case (e.g. {})",
                    conventional(code)
                ));
            }
            i += 1;
        }
    }
    // Region: 2 letters (uppercase) or 3 digits.
    if let Some(p) = parts.get(i) {
        if p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()) {
            if !p.bytes().all(|b| b.is_ascii_uppercase()) {
                return Some(format!(
                    "`{code}`: write the region part in uppercase (e.g. {})",
                    conventional(code)
                ));
            }
            i += 1;
        } else if p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()) {
            i += 1;
        }
    }
    // Variants.
    for p in &parts[i..] {
        let alnum = p.bytes().all(|b| b.is_ascii_alphanumeric());
        let long = (5..=8).contains(&p.len());
        let short = p.len() == 4 && p.as_bytes()[0].is_ascii_digit();
        if !alnum || !(long || short) {
            return Some(format!(
                "`{code}` is not a BCP-47 tag: `{p}` is not a script, region or variant"
            ));
        }
    }
    None
}

pub fn is_bcp47(code: &str) -> bool {
    bcp47_problem(code).is_none()
}

/// The conventional spelling of a tag (`NL-be` → `nl-BE`), used in hints.
pub fn conventional(code: &str) -> String {
    code.split('-')
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                p.to_ascii_lowercase()
            } else if p.len() == 2 {
                p.to_ascii_uppercase()
            } else if p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()) {
                let mut s = p[..1].to_ascii_uppercase();
                s.push_str(&p[1..].to_ascii_lowercase());
                s
            } else {
                p.to_ascii_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Why `key` is not UPPER_SNAKE_CASE (`WELCOME_MSG`, `MENU_2`), or `None` when it is:
/// uppercase ASCII letters, digits and single underscores, starting with a letter, not ending
/// with an underscore.
pub fn upper_snake_problem(key: &str) -> Option<String> {
    if key.is_empty() {
        return Some("is required (UPPER_SNAKE_CASE, e.g. WELCOME_MESSAGE)".into());
    }
    let bytes = key.as_bytes();
    if !bytes[0].is_ascii_uppercase() {
        return Some(format!("`{key}` must start with an uppercase letter A–Z"));
    }
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Some(format!(
            "`{key}` may only contain A–Z, 0–9 and `_` (found `{c}`); write it UPPER_SNAKE_CASE"
        ));
    }
    if key.contains("__") || key.ends_with('_') {
        return Some(format!(
            "`{key}`: underscores separate words; no double or trailing underscore"
        ));
    }
    None
}

pub fn is_upper_snake(key: &str) -> bool {
    upper_snake_problem(key).is_none()
}

/// Why `id` is not a SourceId (what a call arrives on: a phone number such as `+3225550100`, a SIP
/// URI such as `sip:care@acme.example`, a trunk name), or `None` when it is: no spaces or other
/// whitespace anywhere, since a caller's address never has them and a pasted one often does.
/// Length, control characters and ASCII are the column's rules (`fields::check_text`).
pub fn source_id_problem(id: &str) -> Option<String> {
    id.trim()
        .chars()
        .any(char::is_whitespace)
        .then(|| format!("{id:?} has a space in it: a SourceId is a phone number, SIP URI or address without spaces"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcp47_accepts_common_tags() {
        for ok in [
            "nl",
            "nl-BE",
            "fr-BE",
            "en-US",
            "de-CH",
            "zh-Hant-TW",
            "es-419",
            "sr-Latn",
            "yue-HK",
            "sl-rozaj",
            "de-DE-1996",
        ] {
            assert!(is_bcp47(ok), "{ok} should be accepted");
        }
    }

    #[test]
    fn bcp47_refuses_malformed_tags() {
        for bad in [
            "", "n", "nl_BE", "nl-", "-BE", "nl--BE", "dutch", "nl-B", "NL-BE", "nl-be", "zh-hant",
            " nl-BE", "nl-BE ", "nl-BE-x", "1l-BE", "nl-BE-ab",
        ] {
            assert!(!is_bcp47(bad), "{bad:?} should be refused");
        }
        assert!(bcp47_problem("nl-be").unwrap().contains("nl-BE"));
    }

    #[test]
    fn upper_snake() {
        for ok in ["A", "WELCOME", "WELCOME_MSG", "MENU_2", "X1_Y2"] {
            assert!(is_upper_snake(ok), "{ok}");
        }
        for bad in [
            "", "welcome", "Welcome", "_A", "A_", "A__B", "1A", "A-B", "A B", "É",
        ] {
            assert!(!is_upper_snake(bad), "{bad:?}");
        }
    }
}
