//! Filters over documents: a subset of [AIP-160](https://google.aip.dev/160), parsed once
//! into a [`Filter`] and evaluated against any number of [`Document`]s.
//!
//! # Grammar
//!
//! ```text
//! filter      = expression
//! expression  = sequence { "AND" sequence }
//! sequence    = factor { factor }              (juxtaposition means AND)
//! factor      = term { "OR" term }
//! term        = [ "NOT" | "-" ] simple
//! simple      = restriction | "(" expression ")"
//! restriction = field [ operator value ]
//! operator    = "=" | "!=" | "<" | "<=" | ">" | ">=" | ":"
//! value       = "quoted string" | bare-word | "*"
//! ```
//!
//! As AIP-160 specifies, `OR` binds tighter than `AND`: `a AND b OR c` is `a AND (b OR c)`.
//! Keywords are upper case; a string is double-quoted with `\"` and `\\` escapes.
//!
//! # Fields
//!
//! | field | operators | notes |
//! |---|---|---|
//! | `source` | `=`, `!=`, `:` | exact, case-sensitive; `source:*` is "has a source" |
//! | `publish_time` | `=`, `!=`, `<`, `<=`, `>`, `>=`, `:*` | RFC 3339 (`"2026-01-06T00:00:00Z"`) or a date (`2026-01-06`, midnight UTC); a document's date may also be Reuters-21578's `26-FEB-1987 15:01:01.79` |
//! | `create_time` | as `publish_time` | when the document was added |
//! | `metadata.KEY` | `=`, `!=`, `:` | `metadata.KEY:*` is "has KEY"; `metadata:KEY` too (AIP-160's map presence); `metadata."a key"` for other keys |
//! | `duplicate_of` | `=`, `!=`, `:*` | the document this one is a near-duplicate of, `documents/{document}` or its identifier |
//!
//! A comparison with a field the document lacks is false; `!=` is `NOT =`, so it is true
//! there. A document's publish time is its `date` read as RFC 3339 or as a date; a date that
//! is neither counts as absent.
//!
//! Every error carries the column (1-based, in characters) of what is wrong, so a client can
//! point at it.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::Document;

/// The longest filter string accepted, in bytes: a filter is parsed on every request.
pub const MAX_FILTER_BYTES: usize = 4096;

/// The deepest nesting of parentheses and `NOT`s accepted (the parser is recursive).
const MAX_DEPTH: usize = 32;

/// A filter that cannot be parsed: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FilterError {
    /// The column of the offending token, counted in characters from 1.
    pub column: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for FilterError {}

/// A parsed filter; see the [module documentation](self) for the grammar and the fields.
///
/// ```
/// use lede_corpus::{Document, Filter};
///
/// let filter = Filter::parse(r#"publish_time >= "2026-01-06T00:00:00Z" AND source = "Reuters""#)?;
/// let doc = Document::new("a", "text").with_source("Reuters").with_date("2026-01-07");
/// assert!(filter.matches(&doc));
/// assert!(!filter.matches(&doc.clone().with_source("AP")));
///
/// let error = Filter::parse("source = ").unwrap_err();
/// assert_eq!(error.column, 10);
/// # Ok::<(), lede_corpus::FilterError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    expr: Expr,
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Test(Test),
}

/// A time in nanoseconds since the Unix epoch (negative before it).
type Nanos = i128;

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Source(Equality, String),
    HasSource,
    Time(TimeField, Ordering, Nanos),
    HasTime(TimeField),
    Metadata(String, Equality, String),
    HasMetadata(String),
    DuplicateOf(Equality, String),
    IsDuplicate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Equality {
    Equal,
    NotEqual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ordering {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TimeField {
    Publish,
    Create,
}

impl Filter {
    /// Parses `text`. An empty (or blank) filter matches every document.
    ///
    /// # Errors
    ///
    /// A [`FilterError`] with the column of the first thing that is wrong: an unknown field,
    /// an operator the field does not take, a value that is not a time, an unbalanced
    /// parenthesis, a missing operand, or a filter over [`MAX_FILTER_BYTES`].
    pub fn parse(text: &str) -> Result<Self, FilterError> {
        if text.len() > MAX_FILTER_BYTES {
            return Err(FilterError {
                column: 1,
                message: format!("the filter is longer than {MAX_FILTER_BYTES} bytes"),
            });
        }
        let tokens = lex(text)?;
        let end_column = text.chars().count() + 1;
        let mut parser = Parser {
            tokens,
            at: 0,
            end_column,
            depth: 0,
        };
        if parser.tokens.is_empty() {
            return Ok(Self::all());
        }
        let expr = parser.expression()?;
        if let Some(token) = parser.peek() {
            let message = match token.kind {
                Kind::Close => "a `)` without its `(`".to_owned(),
                _ => format!("unexpected {}", token.describe()),
            };
            return Err(FilterError {
                column: token.column,
                message,
            });
        }
        Ok(Self { expr })
    }

    /// The filter that matches every document (what an empty filter string parses to).
    #[must_use]
    pub fn all() -> Self {
        Self {
            expr: Expr::And(Vec::new()),
        }
    }

    /// Whether this filter matches every document (it is empty).
    #[must_use]
    pub fn is_all(&self) -> bool {
        matches!(&self.expr, Expr::And(parts) if parts.is_empty())
    }

    /// Whether `document` passes the filter; its near-duplicate status is unknown (as if it
    /// had none): see [`matches_with`](Self::matches_with).
    #[must_use]
    pub fn matches(&self, document: &Document) -> bool {
        self.matches_with(document, None)
    }

    /// Whether `document`, a near-duplicate of `duplicate_of` (its name) if that is set,
    /// passes the filter.
    #[must_use]
    pub fn matches_with(&self, document: &Document, duplicate_of: Option<&str>) -> bool {
        let facts = Facts {
            document,
            publish: std::cell::OnceCell::new(),
            duplicate_of,
        };
        eval(&self.expr, &facts)
    }

    /// This filter and "not a near-duplicate" (`NOT duplicate_of:*`), unless it names
    /// `duplicate_of` itself: what search pages and summaries read by default.
    #[must_use]
    pub fn excluding_duplicates(self) -> Self {
        if self.mentions_duplicates() {
            return self;
        }
        let not_duplicate = Expr::Not(Box::new(Expr::Test(Test::IsDuplicate)));
        let expr = match self.expr {
            Expr::And(mut parts) => {
                parts.push(not_duplicate);
                flatten(parts, Expr::And)
            }
            other => Expr::And(vec![other, not_duplicate]),
        };
        Self { expr }
    }

    /// Whether the filter names `duplicate_of` (so a caller that hides duplicates by default
    /// lets the filter decide instead).
    #[must_use]
    pub fn mentions_duplicates(&self) -> bool {
        fn walk(expr: &Expr) -> bool {
            match expr {
                Expr::And(parts) | Expr::Or(parts) => parts.iter().any(walk),
                Expr::Not(inner) => walk(inner),
                Expr::Test(Test::DuplicateOf(..) | Test::IsDuplicate) => true,
                Expr::Test(_) => false,
            }
        }
        walk(&self.expr)
    }
}

struct Facts<'a> {
    document: &'a Document,
    publish: std::cell::OnceCell<Option<Nanos>>,
    duplicate_of: Option<&'a str>,
}

impl Facts<'_> {
    fn time(&self, field: TimeField) -> Option<Nanos> {
        match field {
            TimeField::Publish => *self
                .publish
                .get_or_init(|| self.document.date.as_deref().and_then(parse_time)),
            TimeField::Create => self.document.created.map(system_nanos),
        }
    }
}

fn eval(expr: &Expr, facts: &Facts<'_>) -> bool {
    match expr {
        Expr::And(parts) => parts.iter().all(|part| eval(part, facts)),
        Expr::Or(parts) => parts.iter().any(|part| eval(part, facts)),
        Expr::Not(inner) => !eval(inner, facts),
        Expr::Test(test) => {
            let document = facts.document;
            match test {
                Test::Source(equality, value) => {
                    equality.holds(document.source.as_deref() == Some(value.as_str()))
                }
                Test::HasSource => document.source.as_deref().is_some_and(|s| !s.is_empty()),
                Test::Time(field, ordering, value) => facts
                    .time(*field)
                    .map_or(*ordering == Ordering::NotEqual, |time| {
                        ordering.holds(time.cmp(value))
                    }),
                Test::HasTime(field) => facts.time(*field).is_some(),
                Test::Metadata(key, equality, value) => {
                    equality.holds(document.metadata.get(key) == Some(value))
                }
                Test::HasMetadata(key) => document.metadata.contains_key(key),
                Test::DuplicateOf(equality, name) => {
                    equality.holds(facts.duplicate_of == Some(name.as_str()))
                }
                Test::IsDuplicate => facts.duplicate_of.is_some(),
            }
        }
    }
}

impl Equality {
    fn holds(self, equal: bool) -> bool {
        match self {
            Self::Equal => equal,
            Self::NotEqual => !equal,
        }
    }
}

impl Ordering {
    fn holds(self, order: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Self::Equal => order == Equal,
            Self::NotEqual => order != Equal,
            Self::Less => order == Less,
            Self::LessOrEqual => order != Greater,
            Self::Greater => order == Greater,
            Self::GreaterOrEqual => order != Less,
        }
    }
}

fn system_nanos(time: SystemTime) -> Nanos {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as Nanos,
        Err(before) => -(before.duration().as_nanos() as Nanos),
    }
}

/// Parses an RFC 3339 date-time (`2026-01-06T10:00:00Z`, `…T10:00:00.5+01:00`; `t`/`z` and a
/// space for `T` accepted), a bare date (`2026-01-06`, midnight UTC) or a Reuters-21578 date
/// (`26-FEB-1987 15:01:01.79`, UTC) into nanoseconds since the Unix epoch. Leap seconds
/// (`:60`) are read as the second before.
#[must_use]
pub fn parse_time(text: &str) -> Option<i128> {
    parse_rfc3339(text).or_else(|| parse_reuters(text))
}

/// `26-FEB-1987 15:01:01.79` (day, English month abbreviation, year, time, hundredths).
fn parse_reuters(text: &str) -> Option<i128> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let (day, rest) = text.trim().split_once('-')?;
    let (month, rest) = rest.split_once('-')?;
    let (year, time) = rest.split_once(' ').unwrap_or((rest, "00:00:00"));
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? + 1;
    let (day, year): (u32, u32) = (day.parse().ok()?, year.parse().ok()?);
    let time = time.trim();
    let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
    let fraction = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    parse_rfc3339(&format!("{year:04}-{month:02}-{day:02}T{clock}{fraction}Z"))
}

fn parse_rfc3339(text: &str) -> Option<i128> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if bytes.len() == 10 {
        return Some(Nanos::from(days) * 86_400 * 1_000_000_000);
    }
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        || bytes.get(13) != Some(&b':')
        || bytes.get(16) != Some(&b':')
    {
        return None;
    }
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut nanos: i64 = 0;
    if bytes.get(at) == Some(&b'.') {
        let start = at + 1;
        let mut end = start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return None;
        }
        // Digits past nanoseconds are dropped.
        let kept = (end - start).min(9);
        let value = number(start..start + kept)?;
        nanos = value * 10i64.pow(u32::try_from(9 - kept).ok()?);
        at = end;
    }
    let offset_seconds = match bytes.get(at) {
        Some(b'Z' | b'z') if bytes.len() == at + 1 => 0,
        Some(&sign @ (b'+' | b'-'))
            if bytes.len() == at + 6 && bytes.get(at + 3) == Some(&b':') =>
        {
            let (hours, minutes) = (number(at + 1..at + 3)?, number(at + 4..at + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if sign == b'+' { offset } else { -offset }
        }
        _ => return None,
    };
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_seconds;
    Some(Nanos::from(seconds) * 1_000_000_000 + Nanos::from(nanos))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

// --- Lexer -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Open,
    Close,
    Minus,
    Op(Op),
    /// A bare word: a field path, a keyword, or a value.
    Word(String),
    /// A double-quoted string, unescaped.
    Quoted(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Has,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Has => ":",
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    column: usize,
}

impl Token {
    fn describe(&self) -> String {
        match &self.kind {
            Kind::Open => "`(`".to_owned(),
            Kind::Close => "`)`".to_owned(),
            Kind::Minus => "`-`".to_owned(),
            Kind::Op(op) => format!("`{}`", op.text()),
            Kind::Word(word) => format!("`{word}`"),
            Kind::Quoted(text) => format!("the string {text:?}"),
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '*' | '+' | '/')
}

fn lex(text: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().enumerate().peekable();
    while let Some((index, c)) = chars.next() {
        let column = index + 1;
        let kind = match c {
            c if c.is_whitespace() => continue,
            '(' => Kind::Open,
            ')' => Kind::Close,
            '=' => Kind::Op(Op::Eq),
            ':' => Kind::Op(Op::Has),
            '!' => {
                if chars.next_if(|&(_, c)| c == '=').is_none() {
                    return Err(FilterError {
                        column,
                        message: "`!` must be followed by `=` (for negation write NOT)".into(),
                    });
                }
                Kind::Op(Op::Ne)
            }
            '<' => Kind::Op(if chars.next_if(|&(_, c)| c == '=').is_some() {
                Op::Le
            } else {
                Op::Lt
            }),
            '>' => Kind::Op(if chars.next_if(|&(_, c)| c == '=').is_some() {
                Op::Ge
            } else {
                Op::Gt
            }),
            '"' => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => {
                            return Err(FilterError {
                                column,
                                message: "a string without its closing `\"`".into(),
                            });
                        }
                        Some((_, '"')) => break,
                        Some((at, '\\')) => match chars.next() {
                            Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                            _ => {
                                return Err(FilterError {
                                    column: at + 1,
                                    message: "only `\\\"` and `\\\\` are escapes in a string"
                                        .into(),
                                });
                            }
                        },
                        Some((_, c)) => value.push(c),
                    }
                }
                Kind::Quoted(value)
            }
            '-' if chars
                .peek()
                .is_some_and(|&(_, next)| next.is_alphabetic() || next == '(') =>
            {
                Kind::Minus
            }
            c if is_word_char(c) => {
                let mut word = String::from(c);
                while let Some((_, c)) = chars.next_if(|&(_, c)| is_word_char(c)) {
                    word.push(c);
                }
                Kind::Word(word)
            }
            other => {
                return Err(FilterError {
                    column,
                    message: format!("unexpected character {other:?}"),
                });
            }
        };
        tokens.push(Token { kind, column });
    }
    Ok(tokens)
}

// --- Parser ------------------------------------------------------------------------------

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    end_column: usize,
    depth: usize,
}

const FIELDS: &str = "source, publish_time, create_time, metadata.KEY, duplicate_of";

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        if token.is_some() {
            self.at += 1;
        }
        token
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Word(word), .. }) if word == keyword)
    }

    fn error_here(&self, message: impl Into<String>) -> FilterError {
        FilterError {
            column: self.peek().map_or(self.end_column, |t| t.column),
            message: message.into(),
        }
    }

    fn expression(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.sequence()?];
        while self.at_keyword("AND") {
            self.next();
            parts.push(self.sequence()?);
        }
        Ok(flatten(parts, Expr::And))
    }

    fn sequence(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.factor()?];
        while let Some(token) = self.peek() {
            let starts_term = match &token.kind {
                Kind::Open | Kind::Minus => true,
                Kind::Word(word) => word != "AND" && word != "OR",
                _ => false,
            };
            if !starts_term {
                break;
            }
            parts.push(self.factor()?);
        }
        Ok(flatten(parts, Expr::And))
    }

    fn factor(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.term()?];
        while self.at_keyword("OR") {
            self.next();
            parts.push(self.term()?);
        }
        Ok(flatten(parts, Expr::Or))
    }

    fn term(&mut self) -> Result<Expr, FilterError> {
        let negated = match self.peek() {
            Some(Token {
                kind: Kind::Minus, ..
            }) => true,
            Some(Token {
                kind: Kind::Word(word),
                ..
            }) => word == "NOT",
            _ => false,
        };
        if negated {
            self.next();
            self.descend()?;
            let inner = self.simple();
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner?)));
        }
        self.simple()
    }

    fn descend(&mut self) -> Result<(), FilterError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error_here(format!("nested more than {MAX_DEPTH} deep")));
        }
        self.depth += 1;
        Ok(())
    }

    fn simple(&mut self) -> Result<Expr, FilterError> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error_here("the filter ends where a restriction was expected"));
        };
        match token.kind {
            Kind::Open => {
                self.next();
                self.descend()?;
                let inner = self.expression();
                self.depth -= 1;
                let inner = inner?;
                match self.next() {
                    Some(Token {
                        kind: Kind::Close, ..
                    }) => Ok(inner),
                    Some(other) => Err(FilterError {
                        column: other.column,
                        message: format!(
                            "expected `)` to close the `(` of column {}, found {}",
                            token.column,
                            other.describe()
                        ),
                    }),
                    None => Err(FilterError {
                        column: token.column,
                        message: "a `(` without its `)`".into(),
                    }),
                }
            }
            Kind::Word(ref word) if word == "AND" || word == "OR" || word == "NOT" => {
                Err(self.error_here(format!("`{word}` where a restriction was expected")))
            }
            Kind::Word(word) => {
                self.next();
                self.restriction(word, token.column)
            }
            _ => Err(self.error_here(format!(
                "{} where a restriction was expected",
                token.describe()
            ))),
        }
    }

    /// A restriction on `path` (which started at `column`).
    fn restriction(&mut self, path: String, column: usize) -> Result<Expr, FilterError> {
        let field = Field::parse(&path, column, self)?;
        let Some(Token {
            kind: Kind::Op(op),
            column: op_column,
        }) = self.peek().cloned()
        else {
            return Err(FilterError {
                column,
                message: format!(
                    "`{path}` alone is not a restriction: compare it (`{path} = \"…\"`) or test \
                     its presence (`{path}:*`)"
                ),
            });
        };
        self.next();
        let Some(value_token) = self.next() else {
            return Err(FilterError {
                column: self.end_column,
                message: format!("`{}` needs a value after it", op.text()),
            });
        };
        let value_column = value_token.column;
        let value = match value_token.kind {
            Kind::Word(word) => Value::Bare(word),
            Kind::Quoted(text) => Value::Quoted(text),
            _ => {
                return Err(FilterError {
                    column: value_column,
                    message: format!(
                        "expected a value after `{}`, found {}",
                        op.text(),
                        value_token.describe()
                    ),
                });
            }
        };
        let wrong_op = |allowed: &str| FilterError {
            column: op_column,
            message: format!("`{path}` takes {allowed}, not `{}`", op.text()),
        };
        let star = matches!(&value, Value::Bare(word) if word == "*");
        let test = match field {
            Field::Source | Field::DuplicateOf | Field::Metadata(_) => {
                let equality = match op {
                    Op::Eq => Equality::Equal,
                    Op::Ne => Equality::NotEqual,
                    Op::Has if star => {
                        return Ok(Expr::Test(match field {
                            Field::Source => Test::HasSource,
                            Field::DuplicateOf => Test::IsDuplicate,
                            Field::Metadata(key) => Test::HasMetadata(key),
                            _ => Test::HasSource,
                        }));
                    }
                    Op::Has => Equality::Equal,
                    _ => return Err(wrong_op("`=`, `!=` or `:`")),
                };
                let value = value.into_string();
                match field {
                    Field::Source => Test::Source(equality, value),
                    Field::DuplicateOf => Test::DuplicateOf(
                        equality,
                        value
                            .strip_prefix("documents/")
                            .map_or(value.clone(), str::to_owned),
                    ),
                    Field::Metadata(key) => Test::Metadata(key, equality, value),
                    _ => Test::HasSource,
                }
            }
            Field::MetadataMap => {
                if op != Op::Has {
                    return Err(wrong_op("`:` and a key (`metadata:author`)"));
                }
                Test::HasMetadata(value.into_string())
            }
            Field::Time(time_field) => {
                let ordering = match op {
                    Op::Has if star => return Ok(Expr::Test(Test::HasTime(time_field))),
                    Op::Has => return Err(wrong_op("`:*` (presence) or a comparison")),
                    Op::Eq => Ordering::Equal,
                    Op::Ne => Ordering::NotEqual,
                    Op::Lt => Ordering::Less,
                    Op::Le => Ordering::LessOrEqual,
                    Op::Gt => Ordering::Greater,
                    Op::Ge => Ordering::GreaterOrEqual,
                };
                let text = value.into_string();
                let time = parse_time(&text).ok_or_else(|| FilterError {
                    column: value_column,
                    message: format!(
                        "{text:?} is not an RFC 3339 time (\"2026-01-06T10:00:00Z\") or a date \
                         (\"2026-01-06\")"
                    ),
                })?;
                Test::Time(time_field, ordering, time)
            }
        };
        Ok(Expr::Test(test))
    }
}

enum Value {
    Bare(String),
    Quoted(String),
}

impl Value {
    fn into_string(self) -> String {
        match self {
            Self::Bare(text) | Self::Quoted(text) => text,
        }
    }
}

enum Field {
    Source,
    Time(TimeField),
    Metadata(String),
    MetadataMap,
    DuplicateOf,
}

impl Field {
    fn parse(path: &str, column: usize, parser: &mut Parser) -> Result<Self, FilterError> {
        Ok(match path {
            "source" => Self::Source,
            "publish_time" => Self::Time(TimeField::Publish),
            "create_time" => Self::Time(TimeField::Create),
            "duplicate_of" => Self::DuplicateOf,
            "metadata" => Self::MetadataMap,
            "metadata." => {
                // `metadata."a key"`: the key is the string right after the dot.
                match parser.peek().cloned() {
                    Some(Token {
                        kind: Kind::Quoted(key),
                        column: key_column,
                    }) if key_column == column + path.chars().count() => {
                        parser.next();
                        Self::Metadata(key)
                    }
                    _ => {
                        return Err(FilterError {
                            column: column + path.chars().count(),
                            message: "`metadata.` needs a key (`metadata.author`)".into(),
                        });
                    }
                }
            }
            other => {
                if let Some(key) = other.strip_prefix("metadata.") {
                    Self::Metadata(key.to_owned())
                } else {
                    return Err(FilterError {
                        column,
                        message: format!("unknown field `{other}`: the fields are {FIELDS}"),
                    });
                }
            }
        })
    }
}

fn flatten(mut parts: Vec<Expr>, make: fn(Vec<Expr>) -> Expr) -> Expr {
    if parts.len() == 1
        && let Some(only) = parts.pop()
    {
        return only;
    }
    make(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc() -> Document {
        let mut doc = Document::new("a", "text")
            .with_source("Reuters")
            .with_date("2026-01-06T12:00:00Z");
        doc.metadata.insert("author".into(), "Ann Lee".into());
        doc.metadata.insert("section".into(), "world".into());
        doc.created = Some(UNIX_EPOCH + std::time::Duration::from_secs(1_767_700_000));
        doc
    }

    fn check(filter: &str) -> bool {
        Filter::parse(filter)
            .unwrap_or_else(|e| panic!("{filter}: {e}"))
            .matches(&doc())
    }

    fn error(filter: &str) -> FilterError {
        Filter::parse(filter).expect_err(filter)
    }

    #[test]
    fn fields_and_operators() {
        assert!(check(""));
        assert!(check("  "));
        assert!(check(r#"source = "Reuters""#));
        assert!(check("source = Reuters"));
        assert!(!check(r#"source = "reuters""#));
        assert!(check(r#"source != "AP""#));
        assert!(check("source:*"));
        assert!(check(r#"publish_time > "2026-01-01T00:00:00Z""#));
        assert!(check(r#"publish_time >= "2026-01-06T12:00:00Z""#));
        assert!(check(r#"publish_time <= "2026-01-06T13:00:00+01:00""#));
        assert!(!check(r#"publish_time < "2026-01-06T12:00:00Z""#));
        assert!(check(r#"publish_time = "2026-01-06T12:00:00.000Z""#));
        assert!(check("publish_time > 2026-01-06"));
        assert!(check("publish_time:*"));
        assert!(check(
            "create_time < 2026-01-07 AND create_time > 2026-01-06"
        ));
        assert!(check(r#"metadata.author = "Ann Lee""#));
        assert!(check("metadata.section:*"));
        assert!(check("metadata:section"));
        assert!(!check("metadata:genre"));
        assert!(!check("metadata.genre:*"));
        assert!(check(r#"metadata."section" = world"#));
        assert!(check("metadata.genre != x"));
        assert!(!check("duplicate_of:*"));
    }

    #[test]
    fn absent_fields() {
        let bare = Document::new("b", "x");
        let parse = |f: &str| Filter::parse(f).expect(f);
        assert!(!parse("source = x").matches(&bare));
        assert!(parse("source != x").matches(&bare));
        assert!(!parse("publish_time > 1970-01-01").matches(&bare));
        assert!(parse("publish_time != 1970-01-01").matches(&bare));
        assert!(!parse("create_time:*").matches(&bare));
        let undated = bare.clone().with_date("last Tuesday");
        assert!(!parse("publish_time:*").matches(&undated));
    }

    #[test]
    fn boolean_structure() {
        assert!(check("source = AP OR source = Reuters"));
        assert!(!check("source = AP AND source = Reuters"));
        assert!(check("NOT source = AP"));
        assert!(check("-source = AP"));
        assert!(!check("-(source = Reuters)"));
        // Juxtaposition is AND.
        assert!(check("source = Reuters metadata.section = world"));
        assert!(!check("source = Reuters metadata.section = sport"));
        // OR binds tighter than AND (AIP-160): false AND (true OR x) = false.
        assert!(!check("source = AP AND source = Reuters OR source = x"));
        assert!(check(
            "(source = AP OR source = Reuters) AND metadata:author"
        ));
        assert!(check("((source = Reuters))"));
    }

    #[test]
    fn duplicates() {
        let filter = Filter::parse("duplicate_of = documents/b").expect("parses");
        assert!(filter.mentions_duplicates());
        assert!(filter.matches_with(&doc(), Some("b")));
        assert!(!filter.matches_with(&doc(), Some("c")));
        let present = Filter::parse("NOT duplicate_of:*").expect("parses");
        assert!(present.matches(&doc()));
        assert!(!present.matches_with(&doc(), Some("b")));
        assert!(
            !Filter::parse("source = x")
                .expect("parses")
                .mentions_duplicates()
        );
    }

    #[test]
    fn error_columns() {
        let e = error("sauce = x");
        assert_eq!(e.column, 1);
        assert!(e.message.contains("unknown field `sauce`"), "{e}");
        assert_eq!(error("source = x AND title = y").column, 16);
        assert_eq!(error("source =").column, 9);
        assert_eq!(error("source = x AND").column, 15);
        assert_eq!(error("(source = x").column, 1);
        assert_eq!(error("source = x)").column, 11);
        assert_eq!(error(r#"publish_time > "yesterday""#).column, 16);
        assert_eq!(error(r#"publish_time > "2026-02-30""#).column, 16);
        assert_eq!(error("publish_time : x").column, 14);
        assert_eq!(error("source < x").column, 8);
        assert_eq!(error("source").column, 1);
        assert_eq!(error(r#"source = "open"#).column, 10);
        assert_eq!(error("source ! x").column, 8);
        assert_eq!(error("source = x # y").column, 12);
        assert_eq!(error("AND source = x").column, 1);
        assert_eq!(error("source = (x)").column, 10);
        // Columns count characters, not bytes.
        assert_eq!(error("source = \"é\" AND x = y").column, 18);
        assert!(error(&"(".repeat(40)).message.contains("nested"));
        assert!(
            error(&"x".repeat(MAX_FILTER_BYTES + 1))
                .message
                .contains("longer")
        );
        assert_eq!(
            error("source =").to_string(),
            "column 9: `=` needs a value after it"
        );
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_time("1970-01-01"), Some(0));
        assert_eq!(parse_time("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_time("1970-01-01T00:00:01.5Z"), Some(1_500_000_000));
        assert_eq!(parse_time("1969-12-31T23:59:59Z"), Some(-1_000_000_000));
        assert_eq!(
            parse_time("2026-01-06T00:00:00Z"),
            Some(1_767_657_600 * 1_000_000_000)
        );
        assert_eq!(
            parse_time("2024-02-29"),
            Some(19_782 * 86_400 * 1_000_000_000)
        );
        assert_eq!(
            parse_time("26-FEB-1987 15:01:01.79"),
            parse_time("1987-02-26T15:01:01.79Z")
        );
        assert!(parse_time("26-FEB-1987 15:01:01.79").is_some());
        assert_eq!(parse_time("26-FEB-1987"), parse_time("1987-02-26"));
        assert_eq!(parse_time("26-FOO-1987 15:01:01"), None);
        for bad in [
            "",
            "2026-1-6",
            "2026-13-01",
            "2025-02-29",
            "2026-01-06T24:00:00Z",
            "2026-01-06T10:00:00",
            "2026-01-06T10:00:00+0100",
            "2026-01-06T10:00:00.Z",
            "2026-01-06Z",
            "２０２６-01-06",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn parsing_never_panics(text in ".{0,80}") {
            let _ = Filter::parse(&text);
        }

        #[test]
        fn error_columns_are_inside_the_text(text in "[a-z_.:=<>!()\" *-]{0,40}") {
            if let Err(error) = Filter::parse(&text) {
                prop_assert!(error.column >= 1 && error.column <= text.chars().count() + 1);
            }
        }

        #[test]
        fn times_order_like_their_text(
            a in (1970i64..2100, 1i64..=12, 1i64..=28, 0i64..24, 0i64..60, 0i64..60),
            b in (1970i64..2100, 1i64..=12, 1i64..=28, 0i64..24, 0i64..60, 0i64..60),
        ) {
            let show = |t: (i64, i64, i64, i64, i64, i64)| {
                format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.0, t.1, t.2, t.3, t.4, t.5)
            };
            let (x, y) = (show(a), show(b));
            prop_assert_eq!(parse_time(&x).cmp(&parse_time(&y)), x.cmp(&y));
        }

        #[test]
        fn not_negates(source in "[A-Za-z]{1,6}") {
            let f = Filter::parse(&format!("source = {source}")).expect("parses");
            let g = Filter::parse(&format!("NOT source = {source}")).expect("parses");
            let d = doc();
            prop_assert_eq!(f.matches(&d), !g.matches(&d));
        }
    }
}
