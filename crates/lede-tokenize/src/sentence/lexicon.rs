//! Closed word lists behind the sentence rules.
//!
//! Every list here answers one question the scanner cannot answer from characters alone:
//! is this dotted word an abbreviation, and of which kind; can this capitalised word only be
//! the first word of a new sentence; may this word follow "p.m." inside the same sentence.
//! The lists are English (news style, AP conventions) and deliberately short: a word is only
//! listed when its reading is unambiguous in running text. Lookups take ASCII-lowercased
//! bytes, so they are exact `match` arms that the compiler turns into a few comparisons.

/// What a period after a word says about the end of the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbrev {
    /// Not an abbreviation: the period is a full stop.
    None,
    /// A title or other word that always stands before a name ("Mr.", "Gen.", "Sen.",
    /// "vs."): never the last word of a sentence.
    Prefix,
    /// An abbreviation that is usually followed by more of the same sentence but may end
    /// it ("U.S.", "Inc.", "Jan.", "No.", initials): the period ends the sentence only when
    /// the next word is one that starts sentences ("The", "He", "However", ...).
    Ambiguous,
    /// "a.m." and "p.m.": usually at the end of a clause; the period ends the sentence before
    /// a capitalised word unless that word belongs to the time ("p.m. Tuesday", "p.m. EST")
    /// or the sentence so far is only a fronted time ("At 5 a.m.").
    Time,
    /// "etc.": almost always closes its clause, so a capitalised word after it starts a new
    /// sentence.
    Final,
    /// An abbreviated month: AP style abbreviates months only before a day ("Jan. 6",
    /// "Dec. 28"), so a number continues the sentence and a capitalised word starts a new
    /// one ("exports rose in Jan. Imports fell").
    Month,
    /// A company suffix ("Inc.", "Corp.", "Co.", "Ltd."): it ends the company's name, so a
    /// capitalised word after it starts a new sentence unless it is a corporate title or
    /// another suffix ("Apple Inc. CEO Tim Cook", "Samsung Co. Ltd.").
    Company,
}

/// Longest abbreviation in the lists below, in bytes.
pub(super) const MAX_ABBREV_LEN: usize = 8;

/// Classifies a word (the token before a period, without the period) by the lists.
///
/// `lower` is the word ASCII-lowercased; `capitalised` says whether the original starts with
/// an upper-case letter. Many abbreviations are also common English words ("art", "fig",
/// "no", "ill", "wash") or are only abbreviations in their capitalised form (titles, months,
/// US states); those are recognised only when capitalised.
pub(super) fn abbreviation(lower: &[u8], capitalised: bool) -> Abbrev {
    match lower {
        // Versus, in case names and match-ups; written in lower case.
        b"v" | b"vs" => Abbrev::Prefix,
        b"etc" => Abbrev::Final,
        // Written in lower case as often as not ("5th st.", "Jane and co.").
        b"co" | b"cos" | b"corp" | b"inc" | b"ltd" | b"bros" | b"plc" | b"llc" => Abbrev::Company,
        b"st" | b"mt" | b"ft" | b"jr" | b"sr" | b"esq" | b"dept" | b"univ" | b"assn" | b"govt"
        | b"intl" | b"natl" | b"mfg" | b"ave" | b"blvd" | b"rd" | b"hwy" | b"apt" | b"bldg"
        | b"mtn" | b"al" | b"approx" | b"est" | b"ca" | b"cf" | b"viz" | b"ibid" | b"pp"
        | b"para" | b"vol" | b"vols" | b"ch" | b"chap" | b"nr" | b"ext" | b"tel" | b"figs"
        | b"sect" | b"misc" => Abbrev::Ambiguous,
        _ if !capitalised => Abbrev::None,
        // Titles and ranks: they precede a name.
        b"mr" | b"mrs" | b"ms" | b"mx" | b"messrs" | b"mmes" | b"mme" | b"mlle" | b"dr"
        | b"drs" | b"prof" | b"profs" | b"gen" | b"gens" | b"lt" | b"col" | b"maj" | b"capt"
        | b"cpt" | b"cmdr" | b"cdr" | b"adm" | b"sgt" | b"cpl" | b"pvt" | b"pfc" | b"spc"
        | b"brig" | b"sen" | b"sens" | b"rep" | b"reps" | b"gov" | b"govs" | b"atty" | b"attys"
        | b"supt" | b"insp" | b"det" | b"rev" | b"msgr" | b"hon" | b"pres" | b"fr" | b"rt"
        | b"amb" => Abbrev::Prefix,
        // Number abbreviations and words that are also ordinary English in lower case.
        b"no" | b"nos" | b"art" | b"fig" | b"sec" | b"op" => Abbrev::Ambiguous,
        // Months (AP abbreviates them only before a day: "Jan. 6", "Dec. 28").
        b"jan" | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept"
        | b"oct" | b"nov" | b"dec" => Abbrev::Month,
        // US states in AP style (the dotted two-letter ones are initialisms already).
        b"ala" | b"ariz" | b"ark" | b"calif" | b"colo" | b"conn" | b"del" | b"fla" | b"ga"
        | b"ill" | b"ind" | b"kan" | b"kans" | b"ky" | b"la" | b"md" | b"mass" | b"mich"
        | b"minn" | b"miss" | b"mo" | b"mont" | b"neb" | b"nev" | b"okla" | b"ore" | b"pa"
        | b"penn" | b"tenn" | b"tex" | b"vt" | b"va" | b"wash" | b"wis" | b"wyo" => {
            Abbrev::Ambiguous
        }
        _ => Abbrev::None,
    }
}

/// Whether a capitalised word (given ASCII-lowercased) is one that begins sentences and is
/// hardly ever part of a name: pronouns, determiners, conjunctions, sentence adverbs,
/// question words, auxiliaries. After an ambiguous abbreviation such a word is the evidence
/// that the period was also a full stop ("in the U.S. How about you?") where a name is not
/// ("the U.S. Special Envoy"). Names that are also such words ("Will", "May", "Hope") are
/// left out on purpose.
pub(super) fn is_sentence_starter(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"i" | b"he"
            | b"she"
            | b"it"
            | b"we"
            | b"they"
            | b"you"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"there"
            | b"here"
            | b"his"
            | b"her"
            | b"its"
            | b"our"
            | b"their"
            | b"my"
            | b"your"
            | b"the"
            | b"a"
            | b"an"
            | b"some"
            | b"many"
            | b"most"
            | b"all"
            | b"each"
            | b"every"
            | b"both"
            | b"several"
            | b"few"
            | b"such"
            | b"another"
            | b"but"
            | b"and"
            | b"or"
            | b"so"
            | b"yet"
            | b"however"
            | b"meanwhile"
            | b"still"
            | b"also"
            | b"then"
            | b"now"
            | b"thus"
            | b"instead"
            | b"indeed"
            | b"moreover"
            | b"furthermore"
            | b"nevertheless"
            | b"nonetheless"
            | b"therefore"
            | b"hence"
            | b"otherwise"
            | b"later"
            | b"earlier"
            | b"today"
            | b"yesterday"
            | b"tomorrow"
            | b"finally"
            | b"afterwards"
            | b"previously"
            | b"recently"
            | b"eventually"
            | b"after"
            | b"before"
            | b"when"
            | b"while"
            | b"although"
            | b"though"
            | b"because"
            | b"since"
            | b"if"
            | b"unless"
            | b"as"
            | b"in"
            | b"on"
            | b"at"
            | b"for"
            | b"with"
            | b"from"
            | b"by"
            | b"according"
            | b"despite"
            | b"during"
            | b"until"
            | b"within"
            | b"without"
            | b"among"
            | b"once"
            | b"whether"
            | b"what"
            | b"where"
            | b"why"
            | b"how"
            | b"who"
            | b"which"
            | b"whose"
            | b"whom"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
            | b"do"
            | b"does"
            | b"did"
            | b"can"
            | b"could"
            | b"would"
            | b"should"
            | b"shall"
            | b"might"
            | b"must"
            | b"has"
            | b"have"
            | b"had"
            | b"being"
            | b"not"
            | b"yes"
            | b"please"
            | b"let"
            | b"perhaps"
            | b"maybe"
            | b"only"
            | b"even"
            | b"just"
            | b"last"
            | b"more"
            | b"millions"
            | b"thousands"
            | b"hundreds"
            | b"nobody"
            | b"everyone"
            | b"someone"
            | b"nothing"
            | b"everything"
            | b"something"
            | b"none"
    )
}

/// Titles that begin a sentence about a person ("... and co. Mr. Smith said"): listed apart
/// because they are followed by their own period.
pub(super) fn is_title_starter(lower: &[u8]) -> bool {
    matches!(lower, b"mr" | b"mrs" | b"ms" | b"mx")
}

/// Whether a capitalised word after "a.m."/"p.m." still belongs to the time: weekdays,
/// months and time zones ("7 p.m. Tuesday", "9 a.m. EST", "6 p.m. Jan. 6").
pub(super) fn continues_time(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"monday"
            | b"tuesday"
            | b"wednesday"
            | b"thursday"
            | b"friday"
            | b"saturday"
            | b"sunday"
            | b"mon"
            | b"tue"
            | b"tues"
            | b"wed"
            | b"thu"
            | b"thur"
            | b"thurs"
            | b"fri"
            | b"sat"
            | b"sun"
            | b"january"
            | b"february"
            | b"march"
            | b"april"
            | b"may"
            | b"june"
            | b"july"
            | b"august"
            | b"september"
            | b"october"
            | b"november"
            | b"december"
            | b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"et"
            | b"est"
            | b"edt"
            | b"ct"
            | b"cst"
            | b"cdt"
            | b"mt"
            | b"mst"
            | b"mdt"
            | b"pt"
            | b"pst"
            | b"pdt"
            | b"akst"
            | b"akdt"
            | b"hst"
            | b"gmt"
            | b"utc"
            | b"bst"
            | b"cet"
            | b"cest"
            | b"eet"
            | b"eest"
            | b"msk"
            | b"ist"
            | b"jst"
            | b"aest"
            | b"aedt"
            | b"eastern"
            | b"central"
            | b"mountain"
            | b"pacific"
            | b"atlantic"
            | b"local"
    )
}

/// Whether a capitalised word after a company suffix still belongs to the same sentence:
/// a corporate title ("Ford Motor Co. Chairman Bill Ford") or another legal suffix
/// ("Co. KG", "Co. Ltd.").
pub(super) fn continues_company(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"ceo"
            | b"cfo"
            | b"coo"
            | b"cto"
            | b"chairman"
            | b"chairwoman"
            | b"chair"
            | b"chief"
            | b"president"
            | b"vice"
            | b"executive"
            | b"director"
            | b"founder"
            | b"cofounder"
            | b"co"
            | b"spokesman"
            | b"spokeswoman"
            | b"spokesperson"
            | b"treasurer"
            | b"secretary"
            | b"senior"
            | b"managing"
            | b"general"
            | b"head"
            | b"board"
            | b"unit"
            | b"subsidiary"
            | b"ltd"
            | b"inc"
            | b"corp"
            | b"llc"
            | b"llp"
            | b"lp"
            | b"plc"
            | b"ag"
            | b"kg"
            | b"kgaa"
            | b"gmbh"
            | b"sa"
            | b"spa"
            | b"nv"
            | b"bv"
            | b"ab"
            | b"oy"
            | b"asa"
            | b"pty"
    )
}

/// Prepositions that open a fronted time phrase ("At 5 a.m. Mr. Smith went ...").
pub(super) fn is_time_preposition(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"at"
            | b"by"
            | b"before"
            | b"after"
            | b"until"
            | b"till"
            | b"around"
            | b"about"
            | b"from"
            | b"since"
            | b"circa"
    )
}

/// Adverbs that may stand before a fronted time phrase ("Shortly after 5 a.m. ...").
pub(super) fn is_time_adverb(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"shortly" | b"just" | b"soon" | b"sometime" | b"right" | b"early" | b"late" | b"only"
    )
}

/// Words that cannot end a line of a headline or a heading: a line break after them
/// is inside a sentence (hard-wrapped text), not after a line of its own.
pub(super) fn cannot_end_line(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"a" | b"an"
            | b"the"
            | b"and"
            | b"or"
            | b"nor"
            | b"but"
            | b"of"
            | b"to"
            | b"with"
            | b"from"
            | b"into"
            | b"than"
            | b"by"
            | b"at"
    )
}

/// Names of the HTML elements that occur in news text (lower-case ASCII).
pub(super) fn is_html_element(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"a" | b"abbr"
            | b"article"
            | b"aside"
            | b"b"
            | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"caption"
            | b"center"
            | b"cite"
            | b"code"
            | b"dd"
            | b"del"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"figcaption"
            | b"figure"
            | b"font"
            | b"footer"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"header"
            | b"hr"
            | b"html"
            | b"i"
            | b"img"
            | b"ins"
            | b"li"
            | b"main"
            | b"mark"
            | b"nav"
            | b"ol"
            | b"p"
            | b"pre"
            | b"q"
            | b"s"
            | b"section"
            | b"small"
            | b"span"
            | b"strike"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tbody"
            | b"td"
            | b"th"
            | b"thead"
            | b"time"
            | b"title"
            | b"tr"
            | b"tt"
            | b"u"
            | b"ul"
            | b"wbr"
    )
}

/// HTML elements that hold a block of text of their own: their end ends a sentence.
pub(super) fn is_block_element(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"p" | b"div"
            | b"li"
            | b"ul"
            | b"ol"
            | b"dd"
            | b"dt"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"blockquote"
            | b"td"
            | b"th"
            | b"tr"
            | b"table"
            | b"title"
            | b"caption"
            | b"figcaption"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"aside"
            | b"pre"
    )
}

/// Nouns that name a list item ("option a)", "items 1) and 2)"): a marker after one is cited,
/// not listed (lower-case ASCII, singular or plural).
pub(super) fn names_an_item(lower: &[u8]) -> bool {
    let singular = lower.strip_suffix(b"s").unwrap_or(lower);
    matches!(
        singular,
        b"option"
            | b"item"
            | b"point"
            | b"section"
            | b"subsection"
            | b"article"
            | b"paragraph"
            | b"clause"
            | b"question"
            | b"step"
            | b"part"
            | b"rule"
            | b"chapter"
            | b"note"
            | b"answer"
            | b"choice"
            | b"figure"
            | b"table"
            | b"annex"
            | b"schedule"
            | b"appendix"
            | b"exhibit"
            | b"count"
            | b"amendment"
            | b"principle"
            | b"criterion"
            | b"stage"
            | b"phase"
            | b"level"
            | b"grade"
            | b"scenario"
            | b"category"
            | b"tier"
    ) || lower == b"criteria"
}

/// ASCII-lowercases `word` into `buf`; `None` when it is longer than `buf` or not ASCII
/// (no list entry is).
pub(super) fn lower_ascii<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !bytes.is_ascii() {
        return None;
    }
    let out = &mut buf[..bytes.len()];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b.to_ascii_lowercase();
    }
    Some(out)
}
