//! URLs, e-mail addresses and the domain part of fediverse handles.
//!
//! These scanners work on characters, not UAX #29 segments: a URL or an address has its own
//! grammar, and word boundaries inside it (`/`, `@`, `.`) are not token boundaries. Failed
//! attempts are bounded (an address part by its RFC length limit; a URL fails only when its
//! body has no letter or digit, so the next attempt starts past it): a long run of `a+a+a+…`
//! or `http://!!!…` must not make tokenisation quadratic.

/// RFC 5321 limits, also the bound on how far a failed attempt looks.
const MAX_LOCAL_PART: usize = 64;
const MAX_DOMAIN: usize = 253;

/// If a URL starts at `pos`, its end (exclusive); the scan stops at `end`.
///
/// Recognised starts: `http://`, `https://`, `ftp://` (any case) and `www.`. Trailing
/// sentence punctuation and an unbalanced closing bracket are left out, because "see
/// https://example.com/a." and "(https://example.com)" end the sentence or the aside.
pub(super) fn url_end(text: &str, pos: usize, end: usize) -> Option<usize> {
    let rest = text.get(pos..end)?;
    let prefix = ["https://", "http://", "ftp://", "www."]
        .into_iter()
        .find(|p| starts_with_ignore_ascii_case(rest, p))?
        .len();
    let body = &rest[prefix..];
    let mut len = body
        .char_indices()
        .find(|&(_, c)| ends_url(c))
        .map_or(body.len(), |(i, _)| i);
    let (mut open_paren, mut open_bracket) = (0i64, 0i64);
    for c in body[..len].chars() {
        match c {
            '(' => open_paren += 1,
            ')' => open_paren -= 1,
            '[' => open_bracket += 1,
            ']' => open_bracket -= 1,
            _ => {}
        }
    }
    while let Some(c) = body[..len].chars().next_back() {
        let drop = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' => true,
            ')' if open_paren < 0 => {
                open_paren += 1;
                true
            }
            ']' if open_bracket < 0 => {
                open_bracket += 1;
                true
            }
            _ => false,
        };
        if !drop {
            break;
        }
        len -= c.len_utf8();
    }
    let body = &body[..len];
    if !body.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(pos + prefix + len)
}

/// Characters that cannot be part of a URL in running text: RFC 3986 excludes the ASCII ones;
/// typographic quotes, guillemets and dashes around a link are far more common than inside one.
fn ends_url(c: char) -> bool {
    matches!(
        c,
        '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '\u{2013}' | '\u{2014}' | '\u{2018}'
            ..='\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{203A}' | '\u{2026}'
    )
}

/// If an e-mail address starts at `pos` (whose character the caller checked is alphanumeric),
/// its end (exclusive).
pub(super) fn email_end(text: &str, pos: usize, end: usize) -> Option<usize> {
    let rest = text.get(pos..end)?;
    let mut at = None;
    for (i, c) in rest.char_indices() {
        if c == '@' {
            at = Some(i);
            break;
        }
        if i >= MAX_LOCAL_PART || !(c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
        {
            return None;
        }
    }
    let at = at?;
    if at == 0 || rest[..at].ends_with('.') {
        return None;
    }
    domain_end(text, pos + at + 1, end)
}

/// If a domain name (`example.com`, `mastodon.social`) starts at `pos`, its end (exclusive).
///
/// At least two labels of letters, digits and inner hyphens; the last one (the TLD) has two or
/// more characters and a letter. A trailing period is sentence punctuation, not the DNS root.
pub(super) fn domain_end(text: &str, pos: usize, end: usize) -> Option<usize> {
    let rest = text.get(pos..end)?;
    let bytes_limit = rest.len().min(MAX_DOMAIN);
    let mut labels = 0;
    let mut label_start = 0;
    let mut good_end = None;
    let mut chars = rest.char_indices().peekable();
    loop {
        // One label: alphanumerics with inner hyphens.
        let mut label_end = label_start;
        let mut has_letter = false;
        while let Some(&(i, c)) = chars.peek() {
            if i >= bytes_limit {
                break;
            }
            if c.is_alphanumeric() {
                has_letter |= c.is_alphabetic();
                label_end = i + c.len_utf8();
            } else if c != '-' {
                break;
            }
            chars.next();
        }
        let label = &rest[label_start..label_end];
        if label.is_empty() || label.starts_with('-') {
            break;
        }
        labels += 1;
        if labels >= 2 && label.chars().count() >= 2 && has_letter {
            good_end = Some(label_end);
        }
        // Continue only over a period that has a label after it; a hyphen run left unconsumed
        // by the label (`a-.b`) ends the domain.
        match chars.peek() {
            Some(&(i, '.')) if i == label_end => {
                chars.next();
                match chars.peek() {
                    Some(&(j, c)) if c.is_alphanumeric() && j < bytes_limit => label_start = j,
                    _ => break,
                }
            }
            _ => break,
        }
    }
    good_end.map(|e| pos + e)
}

fn starts_with_ignore_ascii_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Option<&str> {
        url_end(s, 0, s.len()).map(|e| &s[..e])
    }

    fn email(s: &str) -> Option<&str> {
        email_end(s, 0, s.len()).map(|e| &s[..e])
    }

    #[test]
    fn urls_drop_trailing_punctuation() {
        assert_eq!(url("https://example.com/a."), Some("https://example.com/a"));
        assert_eq!(
            url("http://x.org/path?q=1&r=2,"),
            Some("http://x.org/path?q=1&r=2")
        );
        assert_eq!(url("https://example.com)"), Some("https://example.com"));
        assert_eq!(
            url("https://en.wikipedia.org/wiki/Foo_(bar))."),
            Some("https://en.wikipedia.org/wiki/Foo_(bar)")
        );
        assert_eq!(url("www.reuters.com”"), Some("www.reuters.com"));
        assert_eq!(url("https://x.com—and"), Some("https://x.com"));
        assert_eq!(url("HTTPS://EXAMPLE.COM"), Some("HTTPS://EXAMPLE.COM"));
        assert_eq!(url("http://"), None);
        assert_eq!(url("http://..."), None);
        assert_eq!(url("www."), None);
        assert_eq!(url("wwwx.com"), None);
        assert_eq!(url("example.com"), None);
    }

    #[test]
    fn emails_need_a_real_domain() {
        assert_eq!(
            email("jane.doe+news@example.co.uk."),
            Some("jane.doe+news@example.co.uk")
        );
        assert_eq!(email("a@b.com’s"), Some("a@b.com"));
        assert_eq!(email("foo@bar"), None);
        assert_eq!(email("foo.@bar.com"), None);
        assert_eq!(email("foo@bar.c"), None);
        assert_eq!(email("foo@192.168.0.1"), None);
        assert_eq!(email("foo@-bar.com"), None);
        assert_eq!(email("foo bar@x.com"), None);
        let long = format!("{}@x.com", "a".repeat(65));
        assert_eq!(email(&long), None);
    }
}
