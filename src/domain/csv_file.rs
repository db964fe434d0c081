//! Reading a spreadsheet export as HR actually has it: the bytes Excel wrote (UTF-8 with or
//! without a byte order mark, Windows-1252 from "CSV (Comma delimited)", or UTF-16 from
//! "Unicode text"), separated by commas, semicolons (Excel in most of Europe) or tabs, with
//! the person's own column headings, which a mapping ties to Consult's fields.

use super::DomainError;
use std::collections::HashMap;

/// The largest file accepted, in bytes: the same as any upload (`attachment`), so that the
/// web page, the HTTP layer and the import all refuse at one size.
pub const MAX_FILE_BYTES: usize = super::attachment::MAX_ATTACHMENT_BYTES;

/// The most rows one file may hold: about a council's whole establishment.
pub const MAX_ROWS: usize = 5_000;

/// The limits in words, for the page and for refusals.
pub fn limits_in_words() -> String {
    format!(
        "A file can hold up to {} rows and be up to {} MB.",
        thousands(MAX_ROWS),
        MAX_FILE_BYTES / 1024 / 1024
    )
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How the file's text was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 => "UTF-16",
            Encoding::Windows1252 => "Windows-1252 (Excel's \"CSV (Comma delimited)\")",
        }
    }
}

/// Windows-1252's characters for bytes 0x80 to 0x9F (the rest of the upper half is
/// Latin-1, i.e. the same code point). Undefined bytes decode to U+FFFD, which the checks
/// then refuse. Source: the WHATWG Encoding Standard's index-windows-1252.
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

/// Decodes a file's bytes: a UTF-8 or UTF-16 byte order mark says which; text that is valid
/// UTF-8 is UTF-8 (an ASCII file is both); anything else is Windows-1252, which every byte
/// sequence is, and which Excel writes for "CSV (Comma delimited)".
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units = rest
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)]));
        let text = char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect();
        return (text, Encoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), Encoding::Utf8),
        Err(_) => (
            bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => WINDOWS_1252_HIGH[(b - 0x80) as usize],
                    _ => b as char,
                })
                .collect(),
            Encoding::Windows1252,
        ),
    }
}

/// What separates the cells of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Separator {
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }

    /// Plural, as in "cells separated by semicolons".
    pub fn name(self) -> &'static str {
        match self {
            Separator::Comma => "commas",
            Separator::Semicolon => "semicolons",
            Separator::Tab => "tabs",
        }
    }
}

/// The separator the header line uses most, outside quotes; commas when there is none.
pub fn detect_separator(text: &str) -> Separator {
    let (mut commas, mut semicolons, mut tabs) = (0, 0, 0);
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs >= semicolons {
        Separator::Tab
    } else if semicolons > commas {
        Separator::Semicolon
    } else {
        Separator::Comma
    }
}

/// One row of the file as written, before mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// Line number in the file where the row starts (the header is line 1).
    pub line: usize,
    pub cells: Vec<String>,
}

/// A file read into its header and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    pub encoding: Encoding,
    pub separator: Separator,
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
}

/// A problem with the whole file, on the API's `field`.
pub fn file_error(field: &str, message: impl Into<String>) -> DomainError {
    DomainError::bad_input(field, message)
}

impl CsvFile {
    /// Reads an uploaded file's bytes.
    pub fn from_bytes(bytes: &[u8], field: &str) -> Result<CsvFile, DomainError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(file_error(
                field,
                format!(
                    "The file is larger than {} MB. {} Split it into several files.",
                    MAX_FILE_BYTES / 1024 / 1024,
                    limits_in_words()
                ),
            ));
        }
        let (text, encoding) = decode(bytes);
        Self::parse(&text, encoding, field)
    }

    /// Reads text (a file already decoded, or CSV sent as a string).
    pub fn parse(text: &str, encoding: Encoding, field: &str) -> Result<CsvFile, DomainError> {
        let separator = detect_separator(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .delimiter(separator.byte())
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let headers: Vec<String> = match records.next() {
            Some(Ok(record)) => record.iter().map(|h| h.trim().to_owned()).collect(),
            Some(Err(e)) => {
                return Err(file_error(
                    field,
                    format!(
                        "The header row cannot be read with {} between the columns: {e}.",
                        separator.name()
                    ),
                ));
            }
            None => return Err(file_error(field, "The file is empty.")),
        };
        if headers.iter().all(String::is_empty) {
            return Err(file_error(
                field,
                "The first row must name the columns, and it is empty.",
            ));
        }
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                file_error(field, format!("Line {line} cannot be read: {e}."))
            })?;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if rows.len() == MAX_ROWS {
                return Err(file_error(
                    field,
                    format!(
                        "The file has more than {} rows. {} Split it into several files.",
                        thousands(MAX_ROWS),
                        limits_in_words()
                    ),
                ));
            }
            rows.push(RawRow {
                line: record.position().map_or(0, |p| p.line() as usize),
                cells: record.iter().map(|c| c.trim().to_owned()).collect(),
            });
        }
        if rows.is_empty() {
            return Err(file_error(field, "The file has a header but no rows."));
        }
        Ok(CsvFile {
            encoding,
            separator,
            headers,
            rows,
        })
    }
}

/// A field of Consult's a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The name of the column in Consult's template (`employee_number`).
    pub key: &'static str,
    /// What a person calls it.
    pub label: &'static str,
    pub required: bool,
    /// Whether several columns may be joined into it (a forename and a surname into a name).
    pub joinable: bool,
    /// Headings HR's systems use for it, compared after `normalise`.
    pub synonyms: &'static [&'static str],
}

const fn field(
    key: &'static str,
    label: &'static str,
    required: bool,
    synonyms: &'static [&'static str],
) -> Field {
    Field {
        key,
        label,
        required,
        joinable: false,
        synonyms,
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Posts,
    Employees,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Posts => "POSTS",
            Kind::Employees => "EMPLOYEES",
        }
    }
}

const POST_FIELDS: [Field; 12] = [
    field(
        "ref",
        "Reference",
        true,
        &[
            "ref",
            "reference",
            "postref",
            "postreference",
            "postid",
            "postno",
            "postnumber",
            "positionid",
            "positionnumber",
        ],
    ),
    field(
        "title",
        "Job title",
        true,
        &[
            "title",
            "jobtitle",
            "posttitle",
            "post",
            "position",
            "positiontitle",
            "role",
        ],
    ),
    field(
        "in_scope",
        "In scope",
        false,
        &["inscope", "scope", "inconsultation"],
    ),
    field(
        "current_grade",
        "Current grade",
        false,
        &["currentgrade", "grade", "grademin", "existinggrade"],
    ),
    field(
        "current_fte",
        "Current FTE",
        false,
        &["currentfte", "fte", "existingfte"],
    ),
    field(
        "current_headcount",
        "Current headcount",
        false,
        &[
            "currentheadcount",
            "headcount",
            "existingheadcount",
            "numberofposts",
        ],
    ),
    field(
        "current_reports_to",
        "Current reports to",
        false,
        &[
            "currentreportsto",
            "reportsto",
            "linemanager",
            "manager",
            "existingreportsto",
        ],
    ),
    field(
        "proposed_grade",
        "Proposed grade",
        false,
        &["proposedgrade", "newgrade", "futuregrade"],
    ),
    field(
        "proposed_fte",
        "Proposed FTE",
        false,
        &["proposedfte", "newfte", "futurefte"],
    ),
    field(
        "proposed_headcount",
        "Proposed headcount",
        false,
        &["proposedheadcount", "newheadcount", "futureheadcount"],
    ),
    field(
        "proposed_reports_to",
        "Proposed reports to",
        false,
        &[
            "proposedreportsto",
            "newreportsto",
            "futurereportsto",
            "newlinemanager",
        ],
    ),
    field(
        "note",
        "Note",
        false,
        &["note", "notes", "comment", "comments"],
    ),
];

const EMPLOYEE_FIELDS: [Field; 8] = [
    field(
        "employee_number",
        "Employee number",
        true,
        &[
            "employeenumber",
            "employeeno",
            "empno",
            "empnumber",
            "employeeid",
            "staffnumber",
            "staffno",
            "staffid",
            "payrollnumber",
            "payrollno",
            "personnelnumber",
            "personid",
            "assignmentnumber",
        ],
    ),
    Field {
        key: "name",
        label: "Name",
        required: true,
        joinable: true,
        synonyms: &[
            "name",
            "fullname",
            "employeename",
            "staffname",
            "displayname",
        ],
    },
    field(
        "work_email",
        "Work email",
        true,
        &[
            "workemail",
            "email",
            "emailaddress",
            "workemailaddress",
            "businessemail",
            "officeemail",
        ],
    ),
    field(
        "post",
        "Post (job title)",
        true,
        &[
            "post",
            "jobtitle",
            "posttitle",
            "title",
            "position",
            "positiontitle",
            "role",
            "job",
        ],
    ),
    field(
        "fte",
        "FTE",
        false,
        &["fte", "fulltimeequivalent", "contractedfte", "hoursfte"],
    ),
    field(
        "impact",
        "Impact",
        false,
        &["impact", "impactonthem", "status", "atrisk"],
    ),
    field(
        "impact_note",
        "Impact note",
        false,
        &["impactnote", "note", "notes", "comment", "comments"],
    ),
    field(
        "weekly_pay",
        "Weekly pay",
        false,
        &["weeklypay", "weeklygrosspay", "grossweeklypay", "weekspay"],
    ),
];

/// The fields a file of `kind` can fill, in template order.
pub fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Posts => &POST_FIELDS,
        Kind::Employees => &EMPLOYEE_FIELDS,
    }
}

/// A heading reduced to letters and digits, lower case: "Employee No." and "employee_no"
/// are the same.
pub fn normalise(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which of the file's columns fill which field: the field's key, and the headings (more
/// than one only for a joinable field, joined with a space in that order).
pub type Mapping = Vec<(String, Vec<String>)>;

const FORENAMES: [&str; 6] = [
    "forename",
    "forenames",
    "firstname",
    "givenname",
    "firstnames",
    "knownas",
];
const SURNAMES: [&str; 4] = ["surname", "lastname", "familyname", "lastnames"];

/// A mapping guessed from the headings: each field takes the first heading that is one of
/// its synonyms (a heading is used once); a name not given whole is forename and surname.
pub fn suggest_mapping(kind: Kind, headers: &[String]) -> Mapping {
    let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut mapping = Mapping::new();
    // Exact keys first, so Consult's own template maps to itself whatever the order.
    for pass in 0..2 {
        for f in fields(kind) {
            if mapping.iter().any(|(k, _)| k == f.key) {
                continue;
            }
            let wanted: Vec<String> = if pass == 0 {
                vec![normalise(f.key)]
            } else {
                f.synonyms.iter().map(|s| s.to_string()).collect()
            };
            let found = wanted
                .iter()
                .find_map(|w| (0..headers.len()).find(|&i| !used[i] && &normalised[i] == w));
            if let Some(i) = found {
                used[i] = true;
                mapping.push((f.key.to_owned(), vec![headers[i].clone()]));
            }
        }
    }
    if kind == Kind::Employees && !mapping.iter().any(|(k, _)| k == "name") {
        let find = |names: &[&str]| {
            (0..headers.len()).find(|&i| !used[i] && names.contains(&normalised[i].as_str()))
        };
        if let (Some(f), Some(s)) = (find(&FORENAMES), find(&SURNAMES)) {
            mapping.push(("name".into(), vec![headers[f].clone(), headers[s].clone()]));
        }
    }
    // Template order, so the mapping reads like the form.
    mapping.sort_by_key(|(k, _)| fields(kind).iter().position(|f| f.key == k));
    mapping
}

/// The mapping resolved against a file: for each field, the indexes of its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub columns: HashMap<&'static str, Vec<usize>>,
    /// The file's headings that no field uses.
    pub ignored: Vec<String>,
}

/// Checks a mapping against the file's headings and the kind's fields: every field known,
/// every heading in the file, several headings only where they can be joined, and every
/// required field given. Refusals name the separator the header was read with, since a
/// wrong one makes the whole header a single heading.
pub fn resolve(
    kind: Kind,
    file: &CsvFile,
    mapping: &Mapping,
    field_name: &str,
) -> Result<Resolved, DomainError> {
    let mut columns: HashMap<&'static str, Vec<usize>> = HashMap::new();
    for (key, headings) in mapping {
        if headings.is_empty() {
            continue;
        }
        let Some(f) = fields(kind).iter().find(|f| f.key == key) else {
            return Err(file_error(
                field_name,
                format!("\"{key}\" is not a field Consult can import."),
            ));
        };
        if headings.len() > 1 && !f.joinable {
            return Err(file_error(
                field_name,
                format!("Choose one column for {}.", f.label.to_lowercase()),
            ));
        }
        let mut indexes = Vec::new();
        for h in headings {
            let Some(i) = file.headers.iter().position(|x| x == h) else {
                return Err(file_error(
                    field_name,
                    format!("The file has no column headed \"{h}\"."),
                ));
            };
            indexes.push(i);
        }
        columns.insert(f.key, indexes);
    }
    let missing: Vec<&str> = fields(kind)
        .iter()
        .filter(|f| f.required && !columns.contains_key(f.key))
        .map(|f| f.label)
        .collect();
    if !missing.is_empty() {
        let found: Vec<String> = file.headers.iter().map(|h| format!("\"{h}\"")).collect();
        return Err(file_error(
            field_name,
            format!(
                "No column is chosen for {}. Consult read the header row with {} between the columns and found {} column(s): {}. Choose which of your columns is which, or use the template's headings ({}).",
                missing.join(", "),
                file.separator.name(),
                file.headers.len(),
                found.join(", "),
                fields(kind)
                    .iter()
                    .map(|f| f.key)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ));
    }
    let used: Vec<usize> = columns.values().flatten().copied().collect();
    let ignored = file
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(i) && !h.is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    Ok(Resolved { columns, ignored })
}

/// The file's headings a field is read from, for error messages ("Forename + Surname").
pub fn heading_of(file: &CsvFile, resolved: &Resolved, key: &str) -> String {
    resolved
        .columns
        .get(key)
        .map(|ix| {
            ix.iter()
                .map(|&i| file.headers[i].as_str())
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .unwrap_or_default()
}

/// A template: the header row and one example row.
pub fn template(kind: Kind) -> String {
    match kind {
        Kind::Posts => "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note\r\nlead,Team Manager,yes,Grade 13,1,1,,Grade 13,1,1,,\r\ncw,Caseworker,yes,Grade 9,4,4,lead,Grade 9,3,3,lead,One post deleted\r\n".into(),
        Kind::Employees => "employee_number,name,work_email,post,fte,impact,impact_note,weekly_pay\r\nE1001,Jo Bloggs,jo.bloggs@example.org,Caseworker,1,AT_RISK,,\r\nE1002,Sam Hill,sam.hill@example.org,Team Manager,0.6,NOT_AFFECTED,,\r\n".into(),
    }
}

/// Levenshtein distance between two strings, by character, ignoring case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// The candidate closest to `wanted` by edit distance, when it is close enough to be a slip
/// (at most a third of the longer one's characters differ, and at least one is the same).
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, c)| {
            let longer = wanted.chars().count().max(c.chars().count());
            *d * 3 <= longer && *d < longer
        })
        .min_by_key(|(d, c)| (*d, c.to_owned()))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_decoded_and_utf8_with_or_without_bom_is_kept() {
        let bytes = b"name\nRen\xe9e \x93Ren\x94 \xa3100 \x96 ok\n";
        let (text, encoding) = decode(bytes);
        assert_eq!(encoding, Encoding::Windows1252);
        assert_eq!(text, "name\nRenée “Ren” £100 – ok\n");
        assert_eq!(
            decode("Renée £".as_bytes()),
            ("Renée £".to_owned(), Encoding::Utf8)
        );
        let with_bom = [&[0xEF, 0xBB, 0xBF][..], "Renée".as_bytes()].concat();
        assert_eq!(decode(&with_bom), ("Renée".to_owned(), Encoding::Utf8));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é£".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16), ("é£".to_owned(), Encoding::Utf16));
        // An undefined byte cannot be guessed: it stays a replacement, which the checks refuse.
        assert_eq!(decode(b"a\x81").0, "a\u{FFFD}");
    }

    #[test]
    fn the_separator_is_the_header_lines_commonest() {
        assert_eq!(detect_separator("a,b,c\n1;2;3"), Separator::Comma);
        assert_eq!(detect_separator("a;b;\"c,d\"\n"), Separator::Semicolon);
        assert_eq!(detect_separator("a\tb\tc,d\n"), Separator::Tab);
        assert_eq!(detect_separator("name\n"), Separator::Comma);
        let file = CsvFile::parse("a;b\n1;2\n", Encoding::Utf8, "f").unwrap();
        assert_eq!(file.headers, vec!["a", "b"]);
        assert_eq!(file.rows[0].cells, vec!["1", "2"]);
    }

    #[test]
    fn human_headings_are_suggested_a_mapping() {
        let headers: Vec<String> = [
            "Employee No.",
            "Surname",
            "Forename",
            "Job Title",
            "Work email",
            "Cost centre",
        ]
        .map(String::from)
        .to_vec();
        let mapping = suggest_mapping(Kind::Employees, &headers);
        assert_eq!(
            mapping,
            vec![
                ("employee_number".into(), vec!["Employee No.".into()]),
                ("name".into(), vec!["Forename".into(), "Surname".into()]),
                ("work_email".into(), vec!["Work email".into()]),
                ("post".into(), vec!["Job Title".into()]),
            ]
        );
        let file = CsvFile {
            encoding: Encoding::Utf8,
            separator: Separator::Comma,
            headers,
            rows: vec![],
        };
        let resolved = resolve(Kind::Employees, &file, &mapping, "f").unwrap();
        assert_eq!(resolved.ignored, vec!["Cost centre"]);
        assert_eq!(heading_of(&file, &resolved, "name"), "Forename + Surname");
        // The template maps to itself.
        let template = CsvFile::parse(&template(Kind::Posts), Encoding::Utf8, "f").unwrap();
        let own = suggest_mapping(Kind::Posts, &template.headers);
        assert!(own.iter().all(|(k, h)| h == &vec![k.clone()]));
        assert_eq!(own.len(), 12);
    }

    #[test]
    fn a_header_read_with_the_wrong_separator_names_it() {
        let file = CsvFile::parse("employee_number|name\n1|2\n", Encoding::Utf8, "f").unwrap();
        let err = resolve(
            Kind::Employees,
            &file,
            &suggest_mapping(Kind::Employees, &file.headers),
            "f",
        )
        .unwrap_err();
        assert!(err.message().contains("with commas between"), "{err:?}");
        assert!(err.message().contains("Employee number"), "{err:?}");
    }

    #[test]
    fn did_you_mean_is_the_closest_within_reach() {
        let titles = ["SEN Caseworker", "Team Manager", "Admin Officer"];
        assert_eq!(closest("SEN Casewroker", titles), Some("SEN Caseworker"));
        assert_eq!(closest("Team Manger", titles), Some("Team Manager"));
        assert_eq!(closest("Chief Executive", titles), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn limits_are_said_in_words() {
        assert_eq!(
            limits_in_words(),
            "A file can hold up to 5,000 rows and be up to 10 MB."
        );
    }
}
