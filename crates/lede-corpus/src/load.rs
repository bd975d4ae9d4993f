//! Where documents come from: the embedded seeds, a directory of text files, a JSONL file.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{Corpus, Document, Error, headline};

/// The seed articles, embedded in the binary: (name, text).
// `seeds` in this crate links to the workspace's `seeds/`, so that `cargo package` ships the
// files and the published crate builds on its own.
const SEEDS: [(&str, &str); 5] = [
    (
        "000_21eaf71ef8813072",
        include_str!("../seeds/000_21eaf71ef8813072.txt"),
    ),
    (
        "001_ea396f7a82a19f71",
        include_str!("../seeds/001_ea396f7a82a19f71.txt"),
    ),
    (
        "002_03ef136adfabfcb1",
        include_str!("../seeds/002_03ef136adfabfcb1.txt"),
    ),
    (
        "003_af01109d76127dd9",
        include_str!("../seeds/003_af01109d76127dd9.txt"),
    ),
    (
        "004_a1b7e0ca4b3ddd8c",
        include_str!("../seeds/004_a1b7e0ca4b3ddd8c.txt"),
    ),
];

/// The five seed articles of `seeds/`, embedded in the binary, as documents.
///
/// Each is named by its file stem (`"001_ea396f7a82a19f71"`), as
/// [`documents_from_dir`] would name it, so the embedded seeds and the `seeds/` directory
/// give the same corpus. Its title is its [`headline`] where it has one (two of the five do).
#[must_use]
pub fn seed_documents() -> Vec<Document> {
    SEEDS
        .iter()
        .map(|&(name, text)| Document::new(name, text).with_headline_title())
        .collect()
}

/// The documents of the `.txt` and `.md` files directly in `dir` (not in subdirectories;
/// names starting with `.` are skipped), in file-name order.
///
/// A document is named by its file stem (`notes.md` → `notes`) and titled by its
/// [`headline`] (a Markdown `# ` is removed). A UTF-8 byte-order mark is dropped.
///
/// # Errors
///
/// [`Error::Io`] naming the directory or file that cannot be read; [`Error::InvalidText`]
/// naming the file and line for text that is not UTF-8, and the file for a name that cannot
/// be a document name or that another file already gives (`a.txt` and `a.md`).
pub fn documents_from_dir(dir: impl AsRef<Path>) -> Result<Vec<Document>, Error> {
    let dir = dir.as_ref();
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let Some(file_name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let text_file = path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md"));
        if text_file && !file_name.starts_with('.') && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut documents = Vec::with_capacity(paths.len());
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for path in paths {
        let invalid = |line, message: String| Error::InvalidText {
            path: path.clone(),
            line,
            message,
        };
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_owned();
        if let Some(other) = taken.get(&name) {
            return Err(invalid(
                0,
                format!(
                    "the document name {name:?} is also that of {}",
                    other.display()
                ),
            ));
        }
        let bytes = fs::read(&path).map_err(io(&path))?;
        let text = String::from_utf8(bytes).map_err(|error| {
            let offset = error.utf8_error().valid_up_to();
            let line = 1 + error.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            invalid(line, format!("not valid UTF-8 (at byte {offset})"))
        })?;
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        let document = Document::new(name.clone(), text).with_headline_title();
        document
            .validate()
            .map_err(|reason| invalid(0, format!("invalid document name {name:?}: {reason}")))?;
        taken.insert(name, path.clone());
        documents.push(document);
    }
    Ok(documents)
}

/// The field names of JSONL records; [`Default`] is `name|id`, `title`, `text`, `source`,
/// `date`.
///
/// `name` and `text` are required in every record; the others are optional (absent or
/// `null` is fine), and `None` ignores the field altogether.
///
/// [`name`](Self::name) may list alternatives separated by `|`, tried in order: the default
/// `name|id` reads `name`, or `id` in a record without `name`, so that files keyed by `id`
/// (the Reuters-21578 and 20 Newsgroups exports) load without configuration.
///
/// Non-exhaustive, because options will grow: start from [`Default`] (or a constructor) and
/// set fields with the `with_*` builders (or assign them).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonlFields {
    /// The field holding the document's name: a string, or an integer (used as its decimal
    /// text). Alternatives are separated by `|` (`"name|id"`); the first present one is read.
    pub name: String,
    /// The field holding its title; a record without one is titled by its [`headline`].
    pub title: Option<String>,
    /// The field holding its text: a string.
    pub text: String,
    /// The field holding its source: a string.
    pub source: Option<String>,
    /// The field holding its date: a string.
    pub date: Option<String>,
}

impl Default for JsonlFields {
    fn default() -> Self {
        Self {
            name: "name|id".to_owned(),
            title: Some("title".to_owned()),
            text: "text".to_owned(),
            source: Some("source".to_owned()),
            date: Some("date".to_owned()),
        }
    }
}

/// Builders: the struct is `#[non_exhaustive]` (options will grow), so code outside this
/// crate starts from [`Default`] and sets what it needs.
impl JsonlFields {
    /// Sets [`name`](Self::name).
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Sets [`title`](Self::title).
    #[must_use]
    pub fn with_title(mut self, title: Option<String>) -> Self {
        self.title = title;
        self
    }

    /// Sets [`text`](Self::text).
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = text.into();
        self
    }

    /// Sets [`source`](Self::source).
    #[must_use]
    pub fn with_source(mut self, source: Option<String>) -> Self {
        self.source = source;
        self
    }

    /// Sets [`date`](Self::date).
    #[must_use]
    pub fn with_date(mut self, date: Option<String>) -> Self {
        self.date = date;
        self
    }
}

/// The documents of a JSONL file (one JSON object per line; blank lines are skipped), in
/// file order; see [`JsonlFields`] for the fields read.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be read; [`Error::InvalidJsonl`] naming the file and
/// line (counted from 1) of the first record that is not JSON, not an object, lacks a
/// required field, has a field of the wrong type, has an invalid name, or repeats the name
/// of an earlier record; text that is not UTF-8 is reported at its line too.
pub fn documents_from_jsonl(
    path: impl AsRef<Path>,
    fields: &JsonlFields,
) -> Result<Vec<Document>, Error> {
    let path = path.as_ref();
    let bytes = fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let invalid = |line, message: String| Error::InvalidJsonl {
        path: path.to_owned(),
        line,
        message,
    };
    let text = std::str::from_utf8(&bytes).map_err(|error| {
        let offset = error.valid_up_to();
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        invalid(line, format!("not valid UTF-8 (at byte {offset})"))
    })?;
    let mut documents = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let document = parse_record(line, fields).map_err(|message| invalid(number, message))?;
        if let Some(first) = first_line.get(&document.name) {
            return Err(invalid(
                number,
                format!(
                    "the name {:?} is already that of the record on line {first}",
                    document.name
                ),
            ));
        }
        first_line.insert(document.name.clone(), number);
        documents.push(document);
    }
    Ok(documents)
}

/// One JSONL record as a document, or what is wrong with it.
fn parse_record(line: &str, fields: &JsonlFields) -> Result<Document, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|error| format!("not valid JSON: {error}"))?;
    let serde_json::Value::Object(record) = value else {
        return Err("a record must be a JSON object".to_owned());
    };
    // The first of the alternative name fields that the record has (absent and `null` alike
    // fall through to the next alternative).
    let name_field = fields
        .name
        .split('|')
        .find(|field| record.get(*field).is_some_and(|value| !value.is_null()));
    let name = match name_field.map(|field| (field, &record[field])) {
        Some((_, serde_json::Value::String(name))) => name.clone(),
        Some((_, serde_json::Value::Number(number))) if number.is_i64() || number.is_u64() => {
            number.to_string()
        }
        Some((field, _)) => return Err(format!("field {field:?} must be a string")),
        None => {
            let fields: Vec<String> = fields.name.split('|').map(|f| format!("{f:?}")).collect();
            return Err(format!("missing field {}", fields.join(" or ")));
        }
    };
    let text = match record.get(&fields.text) {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(_) => return Err(format!("field {:?} must be a string", fields.text)),
        None => return Err(format!("missing field {:?}", fields.text)),
    };
    let optional = |field: &Option<String>| -> Result<Option<String>, String> {
        let Some(field) = field else {
            return Ok(None);
        };
        match record.get(field) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(value)) => Ok(Some(value.clone())),
            Some(_) => Err(format!("field {field:?} must be a string or null")),
        }
    };
    let title = optional(&fields.title)?;
    let source = optional(&fields.source)?;
    let date = optional(&fields.date)?;
    let mut document = Document::new(name, text);
    document.title = match title {
        Some(title) => Some(title),
        None => headline(&document.text).map(str::to_owned),
    };
    document.source = source;
    document.date = date;
    document
        .validate()
        .map_err(|reason| format!("invalid document name {:?}: {reason}", document.name))?;
    Ok(document)
}

impl Corpus {
    /// An English corpus of the five seed articles ([`seed_documents`]): the default corpus,
    /// which needs no file.
    ///
    /// # Errors
    ///
    /// None in practice ([`Error::Statistics`] would need more than `u32::MAX` terms).
    pub fn from_seeds() -> Result<Self, Error> {
        let mut corpus = Self::new();
        corpus.extend(seed_documents())?;
        Ok(corpus)
    }

    /// An English corpus of the `.txt` and `.md` files in `dir`; see [`documents_from_dir`].
    ///
    /// # Errors
    ///
    /// As [`documents_from_dir`].
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, Error> {
        let mut corpus = Self::new();
        corpus.extend(documents_from_dir(dir)?)?;
        Ok(corpus)
    }

    /// An English corpus of the records of a JSONL file; see [`documents_from_jsonl`].
    ///
    /// # Errors
    ///
    /// As [`documents_from_jsonl`].
    pub fn from_jsonl(path: impl AsRef<Path>, fields: &JsonlFields) -> Result<Self, Error> {
        let mut corpus = Self::new();
        corpus.extend(documents_from_jsonl(path, fields)?)?;
        Ok(corpus)
    }

    /// Inserts every document, or none: all are checked first (valid, names neither taken
    /// nor repeated).
    ///
    /// # Errors
    ///
    /// As [`insert`](Self::insert), for the first document that cannot be inserted; nothing
    /// is inserted then (except after [`Error::Statistics`], which needs more than
    /// `u32::MAX` terms).
    pub fn extend(&mut self, documents: impl IntoIterator<Item = Document>) -> Result<(), Error> {
        let documents: Vec<Document> = documents.into_iter().collect();
        let mut names = std::collections::HashSet::new();
        for document in &documents {
            self.check_insertable(document)?;
            if !names.insert(document.name.as_str()) {
                return Err(Error::AlreadyExists {
                    name: document.name.clone(),
                });
            }
        }
        for document in documents {
            self.insert(document)?;
        }
        Ok(())
    }
}
