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
    employee::{EmployeeDetails, Holding, Impact, check_holdings},
    structure::{self, Fte, PostLine, PostSide},
    text,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The largest file accepted: about a council's whole establishment.
pub const MAX_ROWS: usize = 5_000;

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

/// A file that cannot be read at all (no header, a missing column, too many rows).
fn file_error(message: impl Into<String>) -> DomainError {
    DomainError::bad_input("input.csv", message)
}

struct Table {
    header: HashMap<String, usize>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn parse(text: &str, required: &[&str]) -> Result<Table, DomainError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header: HashMap<String, usize> = reader
            .headers()
            .map_err(|e| file_error(format!("The file is not CSV: {e}.")))?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_lowercase().replace(' ', "_"), i))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !header.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(file_error(format!(
                "The header row lacks the column(s) {}; the first row must name the columns: {}.",
                missing.join(", "),
                required.join(",")
            )));
        }
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record =
                record.map_err(|e| file_error(format!("Line {} cannot be read: {e}.", i + 2)))?;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if rows.len() == MAX_ROWS {
                return Err(file_error(format!(
                    "A file can hold at most {MAX_ROWS} rows."
                )));
            }
            rows.push((i + 2, record.iter().map(str::to_owned).collect()));
        }
        if rows.is_empty() {
            return Err(file_error("The file has a header but no rows."));
        }
        Ok(Table { header, rows })
    }

    fn cell<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.header
            .get(column)
            .and_then(|i| row.get(*i))
            .map_or("", String::as_str)
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

/// Checks a posts file. `grades` are those with a pay scale; `existing` maps the titles of
/// the proposal's posts to their lines (for reporting lines and the cycle check).
pub fn check_posts(
    text: &str,
    grades: &HashSet<String>,
    existing: &[PostLine],
) -> Result<Checked<ImportedPost>, DomainError> {
    const COLUMNS: [&str; 12] = [
        "ref",
        "title",
        "in_scope",
        "current_grade",
        "current_fte",
        "current_headcount",
        "current_reports_to",
        "proposed_grade",
        "proposed_fte",
        "proposed_headcount",
        "proposed_reports_to",
        "note",
    ];
    let table = Table::parse(text, &COLUMNS)?;
    // Ids first, so reporting lines can point forwards in the file.
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    let mut rows = Vec::new();
    let mut items = Vec::new();
    let mut pending = Vec::new();
    for (line, cells) in &table.rows {
        let reference = table.cell(cells, "ref").to_owned();
        let mut row = Row::default();
        if reference.is_empty() {
            row.fail(
                "ref",
                "Give each row a short unique ref, e.g. sen-caseworker.",
            );
        } else if ids.insert(reference.clone(), Uuid::now_v7()).is_some() {
            row.fail("ref", format!("The ref \"{reference}\" is used twice."));
        }
        pending.push((*line, cells, reference, row));
    }
    let existing_by_title: HashMap<&str, Uuid> =
        existing.iter().map(|l| (l.title.as_str(), l.id)).collect();
    for (line, cells, reference, mut row) in pending {
        let title = row.check(
            "title",
            text::required_line(
                table.cell(cells, "title"),
                "title",
                "the job title",
                text::SHORT_MAX_CHARS,
            ),
        );
        let in_scope = match table.cell(cells, "in_scope").to_lowercase().as_str() {
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
                table.cell(cells, &col("grade")),
                table.cell(cells, &col("fte")),
                table.cell(cells, &col("headcount")),
                table.cell(cells, &col("reports_to")),
            );
            if [grade, fte, headcount, reports_to]
                .iter()
                .all(|c| c.is_empty())
            {
                return None;
            }
            let grade = row.check(&col("grade"), structure::grade(grade, &col("grade")));
            if let Some(g) = &grade
                && !grades.contains(g)
            {
                row.fail(
                    &col("grade"),
                    format!("There is no pay scale for \"{g}\"; HR must set its cost first."),
                );
            }
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
            } else if let Some(id) = existing_by_title.get(reports_to) {
                Some(Some(*id))
            } else {
                row.fail(
                    &col("reports_to"),
                    format!(
                        "\"{reports_to}\" is neither a ref in this file nor a post of the proposal."
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
        let has_current = ["grade", "fte", "headcount", "reports_to"]
            .iter()
            .any(|c| !table.cell(cells, &format!("current_{c}")).is_empty());
        let has_proposed = ["grade", "fte", "headcount", "reports_to"]
            .iter()
            .any(|c| !table.cell(cells, &format!("proposed_{c}")).is_empty());
        if !has_current && !has_proposed {
            row.fail("", "A post needs a current side, a proposed side, or both.");
        }
        let note = row.check(
            "note",
            text::optional_line(Some(table.cell(cells, "note")), "note", "the note", 1000),
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
            line,
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
    Ok(Checked { items, rows })
}

/// An employee read from the file, with all their holdings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEmployee {
    pub details: EmployeeDetails,
    pub holdings: Vec<Holding>,
    pub impact: Impact,
    pub impact_note: Option<String>,
    pub weekly_pay: Option<structure::Pence>,
}

/// Checks an employees file against the proposal's current posts (`title → (id, FTE)`),
/// what others already hold in them, and the employee numbers already used.
pub fn check_employees(
    text: &str,
    posts: &HashMap<String, (Uuid, Fte)>,
    already_held: &HashMap<Uuid, Fte>,
    existing_numbers: &HashSet<String>,
) -> Result<Checked<ImportedEmployee>, DomainError> {
    const COLUMNS: [&str; 7] = [
        "employee_number",
        "name",
        "work_email",
        "post",
        "fte",
        "impact",
        "impact_note",
    ];
    let table = Table::parse(text, &COLUMNS)?;
    let mut rows = Vec::new();
    let mut by_number: Vec<(ImportedEmployee, Vec<usize>)> = Vec::new();
    for (line, cells) in &table.rows {
        let mut row = Row::default();
        let number = table.cell(cells, "employee_number");
        let details = row.check(
            "",
            EmployeeDetails::parse(
                number,
                table.cell(cells, "name"),
                table.cell(cells, "work_email"),
                "row",
            ),
        );
        if existing_numbers.contains(number) {
            row.fail(
                "employee_number",
                format!("Employee {number} is already in this proposal."),
            );
        }
        let post = table.cell(cells, "post");
        let post_id = match posts.get(post) {
            Some((id, _)) => Some(*id),
            None => {
                row.fail(
                    "post",
                    format!(
                        "\"{post}\" is not a current post of this proposal (use its exact title)."
                    ),
                );
                None
            }
        };
        let fte = row.check(
            "fte",
            number_or_one(table.cell(cells, "fte")).and_then(|v| Fte::parse(v, Fte::ONE, "fte")),
        );
        let impact = match table.cell(cells, "impact") {
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
                Some(table.cell(cells, "impact_note")),
                "impact_note",
                "the note",
                2000,
            ),
        );
        // Optional: a file without the column reads as empty cells.
        let weekly_pay = match table.cell(cells, "weekly_pay").trim() {
            "" => Some(None),
            raw => row
                .check(
                    "weekly_pay",
                    structure::Pence::parse_pounds(raw, "weekly_pay")
                        .and_then(|p| super::protective_award::weekly_pay(p, "weekly_pay")),
                )
                .map(Some),
        };
        for e in &mut row.errors {
            // EmployeeDetails names fields `row.name`; the report names columns.
            if let Some(rest) = e.column.strip_prefix("row.") {
                e.column = match rest {
                    "employeeNumber" => "employee_number".into(),
                    "workEmail" => "work_email".into(),
                    other => other.into(),
                };
            }
        }
        if let (Some(details), Some(post_id), Some(fte), Some(impact), Some(note), Some(weekly_pay)) =
            (details, post_id, fte, impact, note, weekly_pay)
            && row.errors.is_empty()
        {
            let holding = Holding { post_id, fte };
            match by_number
                .iter_mut()
                .find(|(e, _)| e.details.employee_number == details.employee_number)
            {
                Some((employee, lines)) => {
                    if employee.details != details {
                        row.fail(
                            "name",
                            "The same employee number has another name or email on an earlier row.",
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
                        lines.push(rows.len());
                    }
                }
                None => by_number.push((
                    ImportedEmployee {
                        details,
                        holdings: vec![holding],
                        impact,
                        impact_note: note,
                        weekly_pay,
                    },
                    vec![rows.len()],
                )),
            }
        }
        rows.push(RowReport {
            line: *line,
            errors: row.errors,
        });
    }
    // FTE limits per person and per post, counting every row of the file.
    let capacity: HashMap<Uuid, (String, Fte)> = posts
        .iter()
        .map(|(title, (id, fte))| (*id, (title.clone(), *fte)))
        .collect();
    let mut held = already_held.clone();
    for (employee, lines) in &by_number {
        if let Err(err) = check_holdings(&employee.holdings, &capacity, &held, "fte") {
            let last = *lines.last().expect("an employee has a row");
            rows[last].errors.push(CellError {
                column: "fte".into(),
                message: err.message().to_owned(),
            });
        }
        for h in &employee.holdings {
            let entry = held.entry(h.post_id).or_default();
            *entry = Fte::from_hundredths(entry.hundredths() + h.fte.hundredths());
        }
    }
    Ok(Checked {
        items: by_number.into_iter().map(|(e, _)| e).collect(),
        rows,
    })
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

    const POSTS: &str = "ref,title,in_scope,current_grade,current_fte,current_headcount,current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
lead,Team Manager,yes,Grade 13,1,1,,Grade 13,1,1,,
cw,SEN Caseworker,,Grade 9,4,4,lead,Grade 9,7,7,lead,Increase
";

    #[test]
    fn a_good_posts_file_is_read_with_forward_references() {
        let checked = check_posts(POSTS, &grades(), &[]).unwrap();
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
        let checked = check_posts(file, &grades(), &[]).unwrap();
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
        let checked = check_posts(file, &grades(), &[]).unwrap();
        assert_eq!(checked.rejected(), 1);
    }

    #[test]
    fn a_missing_column_refuses_the_file() {
        assert_eq!(
            check_posts("title\nA\n", &grades(), &[])
                .unwrap_err()
                .code(),
            "BAD_USER_INPUT"
        );
        assert!(check_posts("", &grades(), &[]).is_err());
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
        let checked = check_employees(file, &posts, &HashMap::new(), &HashSet::new()).unwrap();
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
        let checked = check_employees(file, &posts, &HashMap::new(), &HashSet::new()).unwrap();
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
}
