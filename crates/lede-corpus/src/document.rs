//! Documents: what the corpus holds.

use std::collections::BTreeMap;
use std::time::SystemTime;

/// A document: a unique name, its text, and what is known about it.
///
/// The text is kept whole (a headline stays in it); [`title`](Self::title) is metadata, by
/// default the text's headline line when it has one ([`headline`]).
///
/// ```
/// use lede_corpus::Document;
///
/// let doc = Document::new("paris-summit", "Leaders meet in Paris\n\nLeaders met on Thursday.")
///     .with_headline_title()
///     .with_source("Example Wire")
///     .with_date("2026-01-06");
/// assert_eq!(doc.title.as_deref(), Some("Leaders meet in Paris"));
/// assert_eq!(doc.source.as_deref(), Some("Example Wire"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Document {
    /// The document's name, unique in its corpus: non-empty, without control characters.
    pub name: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// Its text.
    pub text: String,
    /// Where it comes from (a publication, a feed, a URL), if known.
    pub source: Option<String>,
    /// When it was published, as given (not parsed; ISO 8601 is recommended), if known.
    pub date: Option<String>,
    /// Free-form key/value metadata (author, section, ...): kept, never analysed.
    pub metadata: BTreeMap<String, String>,
    /// When the document was added to its collection, if known (set by whoever stores it;
    /// the corpus keeps it as given).
    pub created: Option<SystemTime>,
    /// When the document was last changed, if known (as [`created`](Self::created)).
    pub updated: Option<SystemTime>,
}

impl Document {
    /// When it was published, read from [`date`](Self::date) as RFC 3339
    /// (`2026-01-06T10:00:00Z`, with fraction or offset) or a bare date (`2026-01-06`,
    /// midnight UTC): the one reading that filters and servers use. `None` without a date,
    /// or for one in another form (a JSONL feed's `"last Tuesday"`), which stays in `date`
    /// as given.
    #[must_use]
    pub fn publish_time(&self) -> Option<SystemTime> {
        let nanos = crate::filter::parse_time(self.date.as_deref()?)?;
        // Whole seconds and the rest: nanoseconds alone overflow a u64 before year 1416.
        let since = |nanos: i128| {
            let nanos = nanos.unsigned_abs();
            let seconds = u64::try_from(nanos / 1_000_000_000).ok()?;
            let rest = u32::try_from(nanos % 1_000_000_000).ok()?;
            Some(std::time::Duration::new(seconds, rest))
        };
        if nanos >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(since(nanos)?)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(since(nanos)?)
        }
    }

    /// A copy of everything but the text (left empty): what a write answers with, without
    /// copying a text of megabytes. Written field by field on purpose: a new field fails to
    /// compile here until it is copied too.
    #[must_use]
    pub fn without_text(&self) -> Self {
        let Self {
            name,
            title,
            text: _,
            source,
            date,
            metadata,
            created,
            updated,
        } = self;
        Self {
            name: name.clone(),
            title: title.clone(),
            text: String::new(),
            source: source.clone(),
            date: date.clone(),
            metadata: metadata.clone(),
            created: *created,
            updated: *updated,
        }
    }

    /// A document with a name and a text, and nothing else.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            ..Self::default()
        }
    }

    /// The same document with `title`.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The same document with its [`headline`] as its title (and no title when the text has
    /// no headline).
    #[must_use]
    pub fn with_headline_title(mut self) -> Self {
        self.title = headline(&self.text).map(str::to_owned);
        self
    }

    /// The same document with `source`.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The same document with `date`.
    #[must_use]
    pub fn with_date(mut self, date: impl Into<String>) -> Self {
        self.date = Some(date.into());
        self
    }

    /// Checks that the document can be inserted into a corpus: its name is non-empty, has no
    /// control characters and no white space at either end. This is the rule every corpus
    /// keeps, also for what it loads (a store refuses to write a name that breaks it); what
    /// a new document may be named is the stricter [`check_name`](crate::check_name).
    ///
    /// # Errors
    ///
    /// What is wrong with the name.
    pub fn validate(&self) -> Result<(), &'static str> {
        if self.name.is_empty() {
            Err("the name is empty")
        } else if self.name.chars().any(char::is_control) {
            Err("the name contains a control character")
        } else if self.name.trim() != self.name {
            Err("the name starts or ends with white space")
        } else {
            Ok(())
        }
    }
}

/// The headline of `text`: its first line, when it stands apart as a title does.
///
/// A first line is a headline when it is not the only line, has at most 300 bytes and does
/// not end with sentence punctuation (`.`, `!`, `?`, `…`, `:`, `;`, `,`, also before a
/// closing quote or bracket). A Markdown heading marker (`# `) is removed. This is the line
/// news feeds put above the lead: "Zelensky attends Paris summit as US, Europe draft security
/// guarantees for Ukraine".
///
/// ```
/// use lede_corpus::headline;
///
/// assert_eq!(headline("Macron hosts summit\nLeaders met in Paris."), Some("Macron hosts summit"));
/// assert_eq!(headline("# Macron hosts summit\n\nLeaders met."), Some("Macron hosts summit"));
/// assert_eq!(headline("Leaders met in Paris.\nThey talked."), None); // a sentence
/// assert_eq!(headline("Macron hosts summit"), None); // the whole text
/// ```
#[must_use]
pub fn headline(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let (first, rest) = text.split_once('\n')?;
    if rest.trim().is_empty() {
        return None;
    }
    let mut line = first.trim();
    if line.starts_with('#') {
        line = line.trim_start_matches('#').trim_start();
    }
    if line.is_empty() || line.len() > 300 {
        return None;
    }
    let unquoted = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    let ends_sentence = unquoted.ends_with(['.', '!', '?', '…', ':', ';', ',']);
    (!ends_sentence).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines() {
        assert_eq!(headline("  Title here \r\nBody."), Some("Title here"));
        assert_eq!(headline("“Quoted.”\nBody."), None);
        assert_eq!(headline("Title\n\n   \n"), None);
        assert_eq!(headline(""), None);
        assert_eq!(headline("###\nBody."), None);
    }

    #[test]
    fn validation() {
        assert!(Document::new("a", "").validate().is_ok());
        assert!(Document::new("", "x").validate().is_err());
        assert!(Document::new(" a", "x").validate().is_err());
        assert!(Document::new("a\nb", "x").validate().is_err());
    }
}

#[cfg(test)]
mod publish_time_tests {
    use super::*;

    #[test]
    fn a_date_is_read_once_as_rfc_3339_or_a_day() {
        let at = |date: &str| Document::new("d", "").with_date(date).publish_time();
        let day = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(20_459 * 86_400);
        assert_eq!(at("2026-01-06"), Some(day));
        assert_eq!(at("2026-01-06T00:00:00Z"), Some(day));
        assert_eq!(
            at("2026-01-06T01:00:00.5+01:00"),
            Some(day + std::time::Duration::from_millis(500))
        );
        let first = SystemTime::UNIX_EPOCH - std::time::Duration::from_secs(62_135_596_800);
        assert_eq!(at("0001-01-01T00:00:00Z"), Some(first));
        assert_eq!(
            at("1969-12-31T23:59:59.25Z"),
            Some(SystemTime::UNIX_EPOCH - std::time::Duration::from_millis(750))
        );
        assert_eq!(at("last Tuesday"), None);
        assert_eq!(Document::new("d", "").publish_time(), None);
    }

    #[test]
    fn without_text_keeps_every_other_field() {
        let mut document = Document::new("d", "text")
            .with_title("T")
            .with_source("S")
            .with_date("2026-01-06");
        document.metadata.insert("k".to_owned(), "v".to_owned());
        document.created = Some(SystemTime::UNIX_EPOCH);
        let copy = document.without_text();
        assert_eq!(copy.text, "");
        document.text.clear();
        assert_eq!(copy, document);
    }
}
