//! Importing a structure from a spreadsheet: HR's posts and post holders as CSV, checked
//! row by row. Every row is checked and every problem reported, and nothing is imported
//! unless every row is good: a half-imported structure would be worse than none.
//!
//! Posts: `ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,
//! proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note` (a side is empty
//! for a new or deleted post; `reports_to` names a `ref` in the file or the title of a post
//! already in the proposal).
//! Employees: `employee_number,name,work_email,post,fte,impact,impact_note`, one row per post
//! held (an employee in two posts has two rows); `post` is the title of a current post. An
//! optional `weekly_pay` column gives their actual gross weekly pay in pounds (on any of their
//! rows; `protective_award`).

use super::{
    DomainError,
    csv_file::{self, CsvFile, Kind, Mapping, Resolved},
    employee::{EmployeeDetails, Holding, Impact, check_holdings},
    structure::{self, Fte, PostLine, PostSide},
    text,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub use super::csv_file::MAX_ROWS;

/// A problem with one cell (or the whole row when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: String,
    pub message: String,
}

/// What happened to one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowReport {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub errors: Vec<CellError>,
}

/// The outcome of checking a file: the rows, each with its problems (none = accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<T> {
    pub items: Vec<T>,
    pub rows: Vec<RowReport>,
}

impl<T> Checked<T> {
    pub fn rejected(&self) -> usize {
        self.rows.iter().filter(|r| !r.errors.is_empty()).count()
    }
}

/// A file read and mapped to Consult's fields, ready to be checked.
pub struct Source {
    pub file: CsvFile,
    pub resolved: Resolved,
}

impl Source {
    /// CSV sent as text with Consult's own headings (or ones the suggestions recognise).
    pub fn from_text(text: &str, kind: Kind, field: &str) -> Result<Source, DomainError> {
        let file = CsvFile::parse(text, csv_file::Encoding::Utf8, field)?;
        let mapping = csv_file::suggest_mapping(kind, &file.headers);
        Self::mapped(file, kind, &mapping, field)
    }

    /// A file with the person's mapping of its columns.
    pub fn mapped(
        file: CsvFile,
        kind: Kind,
        mapping: &Mapping,
        field: &str,
    ) -> Result<Source, DomainError> {
        let resolved = csv_file::resolve(kind, &file, mapping, field)?;
        Ok(Source { file, resolved })
    }

    /// The file's heading(s) a field is read from.
    pub fn heading(&self, key: &str) -> String {
        csv_file::heading_of(&self.file, &self.resolved, key)
    }

    /// Each row's cells by field, or the problems that make the row unreadable.
    fn table(&self) -> Vec<TableRow> {
        let width = self.file.headers.len();
        let field_of = |i: usize| {
            self.resolved
                .columns
                .iter()
                .find(|(_, ix)| ix.contains(&i))
                .map(|(k, _)| *k)
        };
        self.file
            .rows
            .iter()
            .map(|raw| {
                let mut unreadable = Vec::new();
                if raw.cells.len() != width {
                    unreadable.push(CellError {
                        column: String::new(),
                        message: format!(
                            "Row {} has {} cells but the header has {} columns; a separator or line break inside a cell needs the cell in quotes. Nothing in this row was read.",
                            raw.line,
                            raw.cells.len(),
                            width
                        ),
                    });
                    return TableRow {
                        line: raw.line,
                        cells: HashMap::new(),
                        unreadable,
                        misshapen: true,
                    };
                }
                for (i, cell) in raw.cells.iter().enumerate() {
                    if cell.contains('\u{FFFD}') {
                        unreadable.push(CellError {
                            column: field_of(i).unwrap_or("").to_owned(),
                            message: format!(
                                "The cell under \"{}\" has a character Consult cannot read (shown as \u{FFFD}). In Excel, save the file as \"CSV UTF-8 (Comma delimited)\" and upload it again.",
                                self.file.headers[i]
                            ),
                        });
                    }
                }
                let cells = self
                    .resolved
                    .columns
                    .iter()
                    .map(|(key, ix)| {
                        let parts: Vec<&str> = ix
                            .iter()
                            .map(|&i| raw.cells[i].as_str())
                            .filter(|c| !c.is_empty())
                            .collect();
                        (*key, parts.join(" "))
                    })
                    .collect();
                TableRow {
                    line: raw.line,
                    cells,
                    unreadable,
                    misshapen: false,
                }
            })
            .collect()
    }
}

struct TableRow {
    line: usize,
    cells: HashMap<&'static str, String>,
    /// Cells that could not be decoded, or the row's wrong number of cells.
    unreadable: Vec<CellError>,
    /// The row has the wrong number of cells: nothing else in it can be trusted.
    misshapen: bool,
}

impl TableRow {
    fn cell(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// Collects the problems of one row.
#[derive(Default)]
struct Row {
    errors: Vec<CellError>,
}

impl Row {
    fn check<T>(&mut self, column: &str, result: Result<T, DomainError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.errors.push(CellError {
                    column: column.to_owned(),
                    message: err.message().to_owned(),
                });
                None
            }
        }
    }

    fn fail(&mut self, column: &str, message: impl Into<String>) {
        self.errors.push(CellError {
            column: column.to_owned(),
            message: message.into(),
        });
    }
}

fn number(raw: &str, column: &str) -> Result<f64, DomainError> {
    raw.parse::<f64>()
        .map_err(|_| DomainError::bad_input(column, format!("\"{raw}\" is not a number.")))
}

/// A post line read from the file, with the note and the ref other rows use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPost {
    pub reference: String,
    pub line: PostLine,
    pub note: Option<String>,
}

/// " Did you mean "X"?" when a candidate is close enough, else nothing.
fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    csv_file::closest(wanted, candidates)
        .map(|c| format!(" Did you mean \"{c}\"?"))
        .unwrap_or_default()
}

/// Checks a posts file. `grades` are those with a pay scale (matched regardless of case);
/// `existing` are the proposal's posts (for reporting lines, by title regardless of case,
/// and the cycle check).
pub fn check_posts(
    source: &Source,
    grades: &HashSet<String>,
    existing: &[PostLine],
) -> Checked<ImportedPost> {
    let table = source.table();
    let grade_by_lower: HashMap<String, &String> =
        grades.iter().map(|g| (g.to_lowercase(), g)).collect();
    // Ids first, so reporting lines can point forwards in the file.
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    let mut rows = Vec::new();
    let mut items = Vec::new();
    let mut pending = Vec::new();
    for cells in &table {
        let mut row = Row {
            errors: cells.unreadable.clone(),
        };
        let reference = cells.cell("ref").to_owned();
        if cells.misshapen {
            // Reported as it is; its cells cannot be trusted.
        } else if reference.is_empty() {
            row.fail(
                "ref",
                "Give each row a short unique ref, e.g. sen-caseworker.",
            );
        } else if ids.insert(reference.clone(), Uuid::now_v7()).is_some() {
            row.fail("ref", format!("The ref \"{reference}\" is used twice."));
        }
        pending.push((cells, reference, row));
    }
    let existing_by_title: HashMap<String, Uuid> = existing
        .iter()
        .map(|l| (l.title.to_lowercase(), l.id))
        .collect();
    for (cells, reference, mut row) in pending {
        if cells.misshapen {
            rows.push(RowReport {
                line: cells.line,
                errors: row.errors,
            });
            continue;
        }
        let title = row.check(
            "title",
            text::required_line(
                cells.cell("title"),
                "title",
                "the job title",
                text::SHORT_MAX_CHARS,
            ),
        );
        let in_scope = match cells.cell("in_scope").to_lowercase().as_str() {
            "" | "yes" | "true" | "y" | "1" => true,
            "no" | "false" | "n" | "0" => false,
            other => {
                row.fail("in_scope", format!("\"{other}\" is not yes or no."));
                true
            }
        };
        let side = |prefix: &str, row: &mut Row| -> Option<PostSide> {
            let col = |name: &str| format!("{prefix}_{name}");
            let (grade, fte, headcount, reports_to) = (
                cells.cell(&col("grade")),
                cells.cell(&col("fte")),
                cells.cell(&col("headcount")),
                cells.cell(&col("reports_to")),
            );
            if [grade, fte, headcount, reports_to]
                .iter()
                .all(|c| c.is_empty())
            {
                return None;
            }
            let grade = row
                .check(&col("grade"), structure::grade(grade, &col("grade")))
                .and_then(|g| match grade_by_lower.get(&g.to_lowercase()) {
                    Some(known) => Some((*known).clone()),
                    None => {
                        row.fail(
                            &col("grade"),
                            format!(
                                "There is no pay scale for \"{g}\"; HR must set its cost first.{}",
                                did_you_mean(&g, grades.iter().map(String::as_str))
                            ),
                        );
                        None
                    }
                });
            let fte = row.check(
                &col("fte"),
                number(fte, &col("fte")).and_then(|v| Fte::parse(v, Fte::MAX_POST, &col("fte"))),
            );
            let headcount = if headcount.is_empty() {
                fte.map(|f| f.hundredths().div_ceil(100).max(1))
            } else {
                row.check(
                    &col("headcount"),
                    number(headcount, &col("headcount"))
                        .and_then(|v| structure::headcount(v as i32, &col("headcount"))),
                )
            };
            let reports_to = if reports_to.is_empty() {
                Some(None)
            } else if let Some(id) = ids.get(reports_to) {
                Some(Some(*id))
            } else if let Some(id) = existing_by_title.get(&reports_to.to_lowercase()) {
                Some(Some(*id))
            } else {
                let candidates = ids
                    .keys()
                    .map(String::as_str)
                    .chain(existing.iter().map(|l| l.title.as_str()));
                row.fail(
                    &col("reports_to"),
                    format!(
                        "\"{reports_to}\" is neither a ref in this file nor a post of the proposal.{}",
                        did_you_mean(reports_to, candidates)
                    ),
                );
                None
            };
            Some(PostSide {
                grade: grade?,
                fte: fte?,
                headcount: headcount?,
                reports_to: reports_to?,
                jd_version_id: None,
            })
        };
        let current = side("current", &mut row);
        let proposed = side("proposed", &mut row);
        let has_side = |prefix: &str| {
            ["grade", "fte", "headcount", "reports_to"]
                .iter()
                .any(|c| !cells.cell(&format!("{prefix}_{c}")).is_empty())
        };
        if !has_side("current") && !has_side("proposed") {
            row.fail("", "A post needs a current side, a proposed side, or both.");
        }
        let note = row.check(
            "note",
            text::optional_line(Some(cells.cell("note")), "note", "the note", 1000),
        );
        if row.errors.is_empty()
            && let (Some(title), Some(note)) = (title, note)
        {
            let id = ids[&reference];
            items.push(ImportedPost {
                reference,
                line: PostLine {
                    id,
                    title,
                    in_scope,
                    current,
                    proposed,
                },
                note,
            });
        }
        rows.push(RowReport {
            line: cells.line,
            errors: row.errors,
        });
    }
    // Reporting lines across the whole structure, once every row is good.
    if rows.iter().all(|r| r.errors.is_empty()) {
        let mut lines: Vec<PostLine> = existing.to_vec();
        lines.extend(items.iter().map(|i| i.line.clone()));
        if let Err(err) = structure::check_reporting_lines(&lines) {
            rows[0].errors.push(CellError {
                column: "reports_to".into(),
                message: err.message().to_owned(),
            });
        }
    }
    Checked { items, rows }
}

/// An employee read from the file, with all their holdings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEmployee {
    /// The line of the employee's first row, for the preview.
    pub line: usize,
    pub details: EmployeeDetails,
    pub holdings: Vec<Holding>,
    pub impact: Impact,
    pub impact_note: Option<String>,
    pub weekly_pay: Option<structure::Pence>,
}

/// An employee's rows so far: the employee, their rows' indexes in the report, and the
/// line of their first row.
struct Gathered {
    employee: ImportedEmployee,
    rows: Vec<usize>,
    first_line: usize,
}

/// Checks an employees file against the proposal's current posts (`title → (id, FTE)`,
/// matched regardless of case), what others already hold in them, and the employees
/// already in the proposal (`employee number → work email`).
pub fn check_employees(
    source: &Source,
    posts: &HashMap<String, (Uuid, Fte)>,
    already_held: &HashMap<Uuid, Fte>,
    existing: &HashMap<String, String>,
) -> Checked<ImportedEmployee> {
    let table = source.table();
    let posts_by_lower: HashMap<String, (Uuid, Fte)> = posts
        .iter()
        .map(|(title, post)| (title.to_lowercase(), *post))
        .collect();
    let mut rows = Vec::new();
    let mut by_number: Vec<Gathered> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    // Work email (lower case) → the employee number and line that first used it.
    let mut emails: HashMap<String, (String, usize)> = HashMap::new();
    // Work email (lower case) → the employee already in the proposal who has it.
    let existing_emails: HashMap<String, &str> = existing
        .iter()
        .map(|(number, email)| (email.to_lowercase(), number.as_str()))
        .collect();
    for cells in &table {
        let mut row = Row {
            errors: cells.unreadable.clone(),
        };
        if cells.misshapen {
            rows.push(RowReport {
                line: cells.line,
                errors: row.errors,
            });
            continue;
        }
        let line = cells.line;
        // Each of the three checked on its own, so every problem is said with its column.
        let number = row.check(
            "employee_number",
            text::required_line(
                cells.cell("employee_number"),
                "employee_number",
                "the employee number",
                50,
            ),
        );
        let name = row.check(
            "name",
            text::required_line(
                cells.cell("name"),
                "name",
                "the employee's name",
                text::SHORT_MAX_CHARS,
            ),
        );
        let email = row.check(
            "work_email",
            super::account::EmailAddress::parse(cells.cell("work_email"), "work_email")
                .map(|e| e.as_str().to_owned()),
        );
        if let Some(number) = &number
            && existing.contains_key(number)
        {
            row.fail(
                "employee_number",
                format!("Employee {number} is already in this proposal."),
            );
        }
        if let (Some(number), Some(email)) = (&number, &email)
            && let Some(other) = existing_emails.get(&email.to_lowercase())
            && other != number
        {
            row.fail(
                "work_email",
                format!(
                    "{email} is already the work email of employee {other} in this proposal; the email links a person's account, so each employee needs their own."
                ),
            );
        } else if let (Some(number), Some(email)) = (&number, &email) {
            match emails.get(&email.to_lowercase()) {
                Some((other, other_line)) if other != number => row.fail(
                    "work_email",
                    format!(
                        "{email} is also the work email of employee {other} on row {other_line}; the email links a person's account, so each employee needs their own."
                    ),
                ),
                Some(_) => {}
                None => {
                    emails.insert(email.to_lowercase(), (number.clone(), line));
                }
            }
        }
        let post = cells.cell("post");
        let post_id = match posts_by_lower.get(&post.to_lowercase()) {
            Some((id, _)) => Some(*id),
            None => {
                row.fail(
                    "post",
                    format!(
                        "\"{post}\" is not a current post of this proposal.{}",
                        did_you_mean(post, posts.keys().map(String::as_str))
                    ),
                );
                None
            }
        };
        let fte = row.check(
            "fte",
            number_or_one(cells.cell("fte")).and_then(|v| Fte::parse(v, Fte::ONE, "fte")),
        );
        // Blank on an employee's later row: the same as on their first.
        let impact_blank = cells.cell("impact").is_empty();
        let impact = match cells.cell("impact") {
            "" => Some(Impact::NotAffected),
            raw => {
                let parsed = Impact::parse(&raw.to_uppercase().replace([' ', '-'], "_"));
                if parsed.is_none() {
                    row.fail("impact", format!("\"{raw}\" is not an impact (NOT_AFFECTED, AFFECTED, AT_RISK, SLOT_IN, RING_FENCED, ...)."));
                }
                parsed
            }
        };
        let note = row.check(
            "impact_note",
            text::optional_line(
                Some(cells.cell("impact_note")),
                "impact_note",
                "the note",
                2000,
            ),
        );
        // Optional: a file without the column reads as empty cells.
        let weekly_pay = match cells.cell("weekly_pay").trim() {
            "" => Some(None),
            raw => row
                .check(
                    "weekly_pay",
                    structure::Pence::parse_pounds(raw, "weekly_pay")
                        .and_then(|p| super::protective_award::weekly_pay(p, "weekly_pay")),
                )
                .map(Some),
        };
        if let (
            Some(number),
            Some(name),
            Some(email),
            Some(post_id),
            Some(fte),
            Some(impact),
            Some(note),
            Some(weekly_pay),
        ) = (number, name, email, post_id, fte, impact, note, weekly_pay)
            && row.errors.is_empty()
        {
            let details = EmployeeDetails {
                employee_number: number.clone(),
                name,
                work_email: email,
            };
            let holding = Holding { post_id, fte };
            match index_of.get(&number).map(|&i| &mut by_number[i]) {
                Some(earlier) => {
                    let first = earlier.first_line;
                    let employee = &mut earlier.employee;
                    if employee.details != details {
                        row.fail(
                            "name",
                            format!("Employee {number} has another name or email on row {first}."),
                        );
                    } else if employee.holdings.iter().any(|h| h.post_id == post_id) {
                        row.fail(
                            "post",
                            format!("Employee {number} is already in this post on row {first}; give one row per post they hold."),
                        );
                    } else if (!impact_blank && employee.impact != impact)
                        || (note.is_some() && employee.impact_note != note)
                    {
                        row.fail(
                            "impact",
                            format!(
                                "Employee {number} has another impact or impact note on row {first}; one person has one impact, so give the same on each of their rows."
                            ),
                        );
                    } else if weekly_pay.is_some()
                        && employee.weekly_pay.is_some()
                        && weekly_pay != employee.weekly_pay
                    {
                        row.fail(
                            "weekly_pay",
                            "The same employee has another weekly pay on an earlier row; a week's pay covers all their posts, so give it once.",
                        );
                    } else {
                        employee.holdings.push(holding);
                        employee.weekly_pay = employee.weekly_pay.or(weekly_pay);
                        earlier.rows.push(rows.len());
                    }
                }
                None => {
                    index_of.insert(number, by_number.len());
                    by_number.push(Gathered {
                        employee: ImportedEmployee {
                            line,
                            details,
                            holdings: vec![holding],
                            impact,
                            impact_note: note,
                            weekly_pay,
                        },
                        rows: vec![rows.len()],
                        first_line: line,
                    });
                }
            }
        }
        rows.push(RowReport {
            line,
            errors: row.errors,
        });
    }
    // FTE limits per person and per post, counting every row of the file.
    let capacity: HashMap<Uuid, (String, Fte)> = posts
        .iter()
        .map(|(title, (id, fte))| (*id, (title.clone(), *fte)))
        .collect();
    let mut held = already_held.clone();
    for gathered in &by_number {
        if let Err(err) = check_holdings(&gathered.employee.holdings, &capacity, &held, "fte") {
            let last = *gathered.rows.last().expect("an employee has a row");
            rows[last].errors.push(CellError {
                column: "fte".into(),
                message: err.message().to_owned(),
            });
        }
        for h in &gathered.employee.holdings {
            let entry = held.entry(h.post_id).or_default();
            *entry = Fte::from_hundredths(entry.hundredths() + h.fte.hundredths());
        }
    }
    Checked {
        items: by_number.into_iter().map(|g| g.employee).collect(),
        rows,
    }
}

fn number_or_one(raw: &str) -> Result<f64, DomainError> {
    if raw.is_empty() {
        Ok(1.0)
    } else {
        number(raw, "fte")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades() -> HashSet<String> {
        ["Grade 9", "Grade 13"]
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn posts(text: &str) -> Checked<ImportedPost> {
        check_posts(
            &Source::from_text(text, Kind::Posts, "input.csv").unwrap(),
            &grades(),
            &[],
        )
    }

    fn employees(text: &str, posts: &HashMap<String, (Uuid, Fte)>) -> Checked<ImportedEmployee> {
        check_employees(
            &Source::from_text(text, Kind::Employees, "input.csv").unwrap(),
            posts,
            &HashMap::new(),
            &HashMap::new(),
        )
    }

    const POSTS: &str = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
lead,Team Manager,yes,Grade 13,1,1,,Grade 13,1,1,,
cw,SEN Caseworker,,Grade 9,4,4,lead,Grade 9,7,7,lead,Increase
";

    #[test]
    fn a_good_posts_file_is_read_with_forward_references() {
        let checked = posts(POSTS);
        assert_eq!(checked.rejected(), 0, "{:?}", checked.rows);
        assert_eq!(checked.items.len(), 2);
        let cw = &checked.items[1];
        assert_eq!(
            cw.line.current.as_ref().unwrap().reports_to,
            Some(checked.items[0].line.id)
        );
        assert_eq!(cw.line.proposed.as_ref().unwrap().fte.hundredths(), 700);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_column() {
        let file = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
a,Caseworker,,Grade 99,1,1,,,,,,
b,,,Grade 9,-2,1,,,,,,
c,Admin,,Grade 9,1,1,nobody,,,,,
a,Twice,,Grade 9,1,1,,,,,,
";
        let checked = posts(file);
        let columns: Vec<Vec<&str>> = checked
            .rows
            .iter()
            .map(|r| r.errors.iter().map(|e| e.column.as_str()).collect())
            .collect();
        assert_eq!(
            columns,
            vec![
                vec!["current_grade"],
                vec!["title", "current_fte"],
                vec!["current_reports_to"],
                vec!["ref"]
            ]
        );
        assert_eq!(checked.rows[0].line, 2);
    }

    #[test]
    fn a_cycle_across_the_file_is_refused() {
        let file = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
a,A,,Grade 9,1,1,b,,,,,
b,B,,Grade 9,1,1,a,,,,,
";
        let checked = posts(file);
        assert_eq!(checked.rejected(), 1);
    }

    #[test]
    fn a_missing_column_refuses_the_file() {
        assert_eq!(
            Source::from_text("title\nA\n", Kind::Posts, "input.csv")
                .err()
                .unwrap()
                .code(),
            "BAD_USER_INPUT"
        );
        assert!(Source::from_text("", Kind::Posts, "input.csv").is_err());
    }

    #[test]
    fn employees_merge_rows_and_respect_fte_limits() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let posts = HashMap::from([
            ("Caseworker".to_owned(), (a, Fte::from_hundredths(100))),
            ("Admin".to_owned(), (b, Fte::from_hundredths(50))),
        ]);
        let file = "employee_number,name,work_email,post,fte,impact,impact_note
E1,Jo Bloggs,jo@bury.example,Caseworker,0.5,ring fenced,
E1,Jo Bloggs,jo@bury.example,Admin,0.5,,
E2,Sam Hill,sam@bury.example,Caseworker,0.6,AFFECTED,
E3,Al Ng,al@bury.example,Nowhere,1,BOSS,
";
        let checked = employees(file, &posts);
        let columns: Vec<Vec<&str>> = checked
            .rows
            .iter()
            .map(|r| r.errors.iter().map(|e| e.column.as_str()).collect())
            .collect();
        assert_eq!(
            columns,
            vec![vec![], vec![], vec!["fte"], vec!["post", "impact"]],
            "{:?}",
            checked.rows
        );
        assert_eq!(checked.items[0].holdings.len(), 2);
        assert_eq!(checked.items[0].impact, Impact::RingFenced);
        assert_eq!(checked.items[0].weekly_pay, None, "no weekly_pay column");
    }

    /// s190(5): an optional weekly_pay column gives an employee's actual gross weekly pay,
    /// once for all their rows.
    #[test]
    fn employees_may_carry_their_weekly_pay() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let posts = HashMap::from([
            ("Caseworker".to_owned(), (a, Fte::from_hundredths(100))),
            ("Admin".to_owned(), (b, Fte::from_hundredths(100))),
        ]);
        let file = "employee_number,name,work_email,post,fte,impact,impact_note,weekly_pay
E1,Jo Bloggs,jo@bury.example,Caseworker,0.5,AT_RISK,,
E1,Jo Bloggs,jo@bury.example,Admin,0.5,,,£551.38
E2,Sam Hill,sam@bury.example,Caseworker,0.5,AT_RISK,,0
E3,Al Ng,al@bury.example,Admin,0.1,,,400
E3,Al Ng,al@bury.example,Caseworker,0.1,,,410
";
        let checked = employees(file, &posts);
        let columns: Vec<Vec<&str>> = checked
            .rows
            .iter()
            .map(|r| r.errors.iter().map(|e| e.column.as_str()).collect())
            .collect();
        assert_eq!(
            columns,
            vec![
                vec![],
                vec![],
                vec!["weekly_pay"],
                vec![],
                vec!["weekly_pay"]
            ]
        );
        assert_eq!(checked.items[0].weekly_pay, Some(structure::Pence(55_138)));
        assert_eq!(checked.items[1].weekly_pay, Some(structure::Pence(40_000)));
    }

    fn columns_of<T>(checked: &Checked<T>) -> Vec<Vec<&str>> {
        checked
            .rows
            .iter()
            .map(|r| r.errors.iter().map(|e| e.column.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_row_of_the_wrong_shape_is_refused_with_its_row_number() {
        let file = format!("{POSTS}short,Admin,,Grade 9\nlong,Admin,,Grade 9,1,1,,,,,,,extra\n");
        let checked = posts(&file);
        assert_eq!(checked.rejected(), 2);
        assert_eq!(checked.rows[2].line, 4);
        assert!(
            checked.rows[2].errors[0]
                .message
                .starts_with("Row 4 has 4 cells but the header has 12")
        );
        assert!(
            checked.rows[3].errors[0]
                .message
                .starts_with("Row 5 has 13 cells")
        );
    }

    #[test]
    fn grades_and_titles_match_regardless_of_case_or_say_did_you_mean() {
        let file = "ref,title,current_grade,current_fte,current_reports_to
a,Lead,grade 13,1,
b,Worker,GRADE 9,1,LEAD
c,Other,Grade 19,1,
";
        let checked = check_posts(
            &Source::from_text(file, Kind::Posts, "input.csv").unwrap(),
            &grades(),
            &[PostLine {
                id: Uuid::now_v7(),
                title: "Lead".into(),
                in_scope: true,
                current: None,
                proposed: None,
            }],
        );
        assert_eq!(
            columns_of(&checked),
            vec![vec![], vec![], vec!["current_grade"]]
        );
        assert!(
            checked.rows[2].errors[0]
                .message
                .contains("Did you mean \"Grade 9\"?")
                || checked.rows[2].errors[0]
                    .message
                    .contains("Did you mean \"Grade 13\"?")
        );
        let (a, _) = (Uuid::now_v7(), ());
        let posts = HashMap::from([("SEN Caseworker".to_owned(), (a, Fte::from_hundredths(300)))]);
        let people = employees(
            "employee_number,name,work_email,post\nE1,Jo,jo@x.example,sen caseworker\nE2,Al,al@x.example,SEN Casewroker\n",
            &posts,
        );
        assert_eq!(columns_of(&people), vec![vec![], vec!["post"]]);
        assert!(
            people.rows[1].errors[0]
                .message
                .contains("Did you mean \"SEN Caseworker\"?")
        );
    }

    #[test]
    fn every_error_of_a_row_names_its_column() {
        let posts = HashMap::from([(
            "Admin".to_owned(),
            (Uuid::now_v7(), Fte::from_hundredths(500)),
        )]);
        let people = employees(
            "employee_number,name,work_email,post,fte\n,,not-an-email,Admin,2\n",
            &posts,
        );
        assert_eq!(
            columns_of(&people),
            vec![vec!["employee_number", "name", "work_email", "fte"]]
        );
    }

    #[test]
    fn repeated_numbers_and_shared_emails_are_refused_naming_both_rows() {
        let posts = HashMap::from([
            (
                "Admin".to_owned(),
                (Uuid::now_v7(), Fte::from_hundredths(500)),
            ),
            (
                "Clerk".to_owned(),
                (Uuid::now_v7(), Fte::from_hundredths(500)),
            ),
        ]);
        let people = employees(
            "employee_number,name,work_email,post,fte,impact
E1,Jo,jo@x.example,Admin,0.5,AT_RISK
E1,Jo,jo@x.example,Clerk,0.5,NOT_AFFECTED
E2,Al,JO@x.example,Admin,1,
E1,Jo,jo@x.example,Admin,0.5,AT_RISK
",
            &posts,
        );
        assert_eq!(
            columns_of(&people),
            vec![vec![], vec!["impact"], vec!["work_email"], vec!["post"]]
        );
        assert!(people.rows[1].errors[0].message.contains("row 2"));
        assert!(
            people.rows[2].errors[0]
                .message
                .contains("employee E1 on row 2")
        );
    }

    #[test]
    fn an_email_of_an_employee_already_in_the_proposal_is_refused() {
        let posts = HashMap::from([(
            "Admin".to_owned(),
            (Uuid::now_v7(), Fte::from_hundredths(500)),
        )]);
        let existing = HashMap::from([("E9".to_owned(), "Sam@x.example".to_owned())]);
        let people = check_employees(
            &Source::from_text(
                "employee_number,name,work_email,post\nE1,Jo,jo@x.example,Admin\nE2,Al,sam@X.example,Admin\n",
                Kind::Employees,
                "input.csv",
            )
            .unwrap(),
            &posts,
            &HashMap::new(),
            &existing,
        );
        assert_eq!(columns_of(&people), vec![vec![], vec!["work_email"]]);
        assert!(
            people.rows[1].errors[0]
                .message
                .contains("employee E9 in this proposal"),
            "{:?}",
            people.rows
        );
    }

    #[test]
    fn each_employee_carries_the_line_of_their_first_row() {
        let posts = HashMap::from([
            (
                "Admin".to_owned(),
                (Uuid::now_v7(), Fte::from_hundredths(500)),
            ),
            (
                "Clerk".to_owned(),
                (Uuid::now_v7(), Fte::from_hundredths(500)),
            ),
        ]);
        let people = employees(
            "employee_number,name,work_email,post,fte\nE1,Jo,jo@x.example,Admin,0.5\nE2,Al,al@x.example,Admin,1\nE1,Jo,jo@x.example,Clerk,0.5\n",
            &posts,
        );
        assert_eq!(people.rejected(), 0, "{:?}", people.rows);
        let lines: Vec<usize> = people.items.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3]);
    }

    #[test]
    fn a_character_that_could_not_be_decoded_is_refused_not_stored() {
        let posts = HashMap::from([(
            "Admin".to_owned(),
            (Uuid::now_v7(), Fte::from_hundredths(500)),
        )]);
        let people = employees(
            "employee_number,name,work_email,post\nE1,Ren\u{FFFD}e,r@x.example,Admin\n",
            &posts,
        );
        assert_eq!(columns_of(&people), vec![vec!["name"]]);
        assert!(people.rows[0].errors[0].message.contains("CSV UTF-8"));
    }

    #[test]
    fn human_headings_with_a_joined_name_are_read() {
        let file = CsvFile::parse(
            "Employee No;Surname;Forename;Job Title;Work email;Cost centre\nE1;Brierley;Jo;Admin;jo@x.example;C1\n",
            csv_file::Encoding::Utf8,
            "f",
        )
        .unwrap();
        let mapping = csv_file::suggest_mapping(Kind::Employees, &file.headers);
        let source = Source::mapped(file, Kind::Employees, &mapping, "f").unwrap();
        let posts = HashMap::from([(
            "Admin".to_owned(),
            (Uuid::now_v7(), Fte::from_hundredths(500)),
        )]);
        let people = check_employees(&source, &posts, &HashMap::new(), &HashMap::new());
        assert_eq!(people.rejected(), 0, "{:?}", people.rows);
        assert_eq!(people.items[0].details.name, "Jo Brierley");
        assert_eq!(source.resolved.ignored, vec!["Cost centre"]);
    }
}
