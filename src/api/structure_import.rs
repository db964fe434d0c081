//! Importing posts and employees from a spreadsheet: the file as HR has it (uploaded as a
//! multipart file), a mapping of its columns, a preview that writes nothing, then the
//! import, all or nothing. `importStructureCsv` stays for API clients sending CSV text with
//! Consult's own headings.

use super::{
    ApiState,
    auth::{RoleGuard, audit_actor},
    parse_id,
    structure::summary,
};
use crate::domain::{
    DomainError,
    access::Permission,
    csv_file::{self, CsvFile, Kind, Mapping},
    csv_import::{self, Checked, ImportedEmployee, ImportedPost, Source},
};
use crate::store::{self, structure::ImportRun};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Upload};
use sha2::{Digest, Sha256};
use std::io::Read;

/// What a CSV file holds.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CsvKind {
    /// Post lines: ref,title,in_scope,current_grade,current_fte,current_headcount,
    /// current_reports_to,proposed_grade,proposed_fte,proposed_headcount,proposed_reports_to,note
    Posts,
    /// Post holders, one row per post held: employee_number,name,work_email,post,fte,impact,impact_note
    /// and optionally weekly_pay (actual gross weekly pay in pounds, once per employee)
    Employees,
}

impl From<CsvKind> for Kind {
    fn from(kind: CsvKind) -> Self {
        match kind {
            CsvKind::Posts => Kind::Posts,
            CsvKind::Employees => Kind::Employees,
        }
    }
}

/// A CSV file to import into a proposal.
#[derive(InputObject)]
pub struct ImportStructureCsvInput {
    /// The proposal.
    pub proposal_id: ID,
    /// What the file holds.
    pub kind: CsvKind,
    /// The file's text, with a header row naming the columns.
    pub csv: String,
    /// For a shared proposal: what changed.
    pub change_summary: Option<String>,
}

/// Which of the file's columns fill one of Consult's fields.
#[derive(InputObject, SimpleObject, Clone)]
#[graphql(input_name = "ImportColumnInput")]
pub struct ImportColumn {
    /// Consult's field (`employee_number`, `name`, ...; see `importSetup.fields`).
    pub field: String,
    /// The file's headings, exactly as in its first row. Several only for a field that can
    /// join columns (a name from a forename and a surname), joined with a space in this order.
    pub columns: Vec<String>,
}

/// A spreadsheet file to preview or import (a GraphQL multipart request).
#[derive(InputObject)]
pub struct StructureImportInput {
    /// The proposal.
    pub proposal_id: ID,
    /// What the file holds.
    pub kind: CsvKind,
    /// The file as saved from the spreadsheet: CSV or tab-separated text in UTF-8 or
    /// Windows-1252, within `importSetup.maxBytes` and `importSetup.maxRows`.
    pub file: Upload,
    /// Which column is which. Left out: the mapping used last time when it fits the file,
    /// else one suggested from the headings.
    pub mapping: Option<Vec<ImportColumn>>,
    /// For a shared proposal: what changed.
    pub change_summary: Option<String>,
    /// Importing only: the `previewToken` of this file's preview with this mapping.
    pub preview_token: Option<String>,
}

/// A field a column can fill.
#[derive(SimpleObject)]
pub struct ImportField {
    /// Its key, as in the template's heading.
    pub key: String,
    /// What a person calls it.
    pub label: String,
    /// Whether every file must have it.
    pub required: bool,
    /// Whether several columns can be joined into it.
    pub joinable: bool,
}

/// What the import page needs before a file is chosen.
#[derive(SimpleObject)]
pub struct ImportSetup {
    /// The largest file, in bytes (the same limit for every upload).
    pub max_bytes: i32,
    /// The most rows in one file.
    pub max_rows: i32,
    /// Both limits in words.
    pub limits: String,
    /// The fields a column can fill.
    pub fields: Vec<ImportField>,
    /// A CSV template: the headings and example rows.
    pub template: String,
    /// The mapping used at the last import of this kind, if any.
    pub remembered_mapping: Option<Vec<ImportColumn>>,
}

/// A problem with one cell of a row.
#[derive(SimpleObject)]
pub struct ImportCellError {
    /// Consult's field (empty for the whole row).
    pub column: String,
    /// The file's heading(s) the field was read from (empty for the whole row).
    pub heading: String,
    /// What is wrong and how to put it right.
    pub message: String,
}

/// One row of the file.
#[derive(SimpleObject)]
pub struct ImportRowReport {
    /// Its line number (the header is line 1).
    pub line: i32,
    /// Whether the row was good.
    pub accepted: bool,
    /// Its problems.
    pub errors: Vec<ImportCellError>,
}

/// The outcome of an import: everything is imported, or nothing when any row is rejected.
#[derive(SimpleObject)]
pub struct ImportReport {
    /// Posts or employees imported (0 when any row is rejected).
    pub imported: i32,
    /// Rows rejected.
    pub rejected: i32,
    /// Every row, with its problems.
    pub rows: Vec<ImportRowReport>,
}

/// A post or employee the import would create, as a row of a table.
#[derive(SimpleObject)]
pub struct ImportPreviewItem {
    /// The line it was read from (its first, for an employee on several rows).
    pub line: i32,
    /// Its cells, under `ImportPreview.itemHeadings`.
    pub cells: Vec<String>,
}

/// What an import would do, without doing it.
#[derive(SimpleObject)]
pub struct ImportPreview {
    /// How the file's text was read (UTF-8, Windows-1252, UTF-16).
    pub encoding: String,
    /// What separates its cells ("commas", "semicolons", "tabs").
    pub separator: String,
    /// The file's headings, in order.
    pub headings: Vec<String>,
    /// The mapping used.
    pub mapping: Vec<ImportColumn>,
    /// Whether the mapping is the one remembered from the last import.
    pub mapping_remembered: bool,
    /// Why the mapping cannot be used (a required field has no column); the rows are not
    /// checked until it can.
    pub mapping_problem: Option<String>,
    /// Headings no field uses: their cells are not imported.
    pub ignored_columns: Vec<String>,
    /// Posts or employees that would be created.
    pub will_create: i32,
    /// Existing ones that would change (an import only adds, so 0).
    pub will_update: i32,
    /// Rows rejected.
    pub rejected: i32,
    /// The headings of `items`.
    pub item_headings: Vec<String>,
    /// What would be created (empty when any row is rejected).
    pub items: Vec<ImportPreviewItem>,
    /// The rejected rows, each with every one of its problems.
    pub errors: Vec<ImportRowReport>,
    /// The problems as CSV (line, column, heading, problem), to download.
    pub errors_csv: String,
    /// Pass it to `importStructureFile` to import this file with this mapping; absent
    /// while any row is rejected.
    pub preview_token: Option<String>,
}

fn row_reports(
    rows: Vec<csv_import::RowReport>,
    source: &Source,
    only_rejected: bool,
) -> Vec<ImportRowReport> {
    rows.into_iter()
        .filter(|r| !only_rejected || !r.errors.is_empty())
        .map(|r| ImportRowReport {
            line: r.line as i32,
            accepted: r.errors.is_empty(),
            errors: r
                .errors
                .into_iter()
                .map(|e| ImportCellError {
                    heading: source.heading(&e.column),
                    column: e.column,
                    message: e.message,
                })
                .collect(),
        })
        .collect()
}

fn report<T>(checked: Checked<T>, source: &Source) -> ImportReport {
    let rejected = checked.rejected() as i32;
    ImportReport {
        imported: if rejected == 0 {
            checked.items.len() as i32
        } else {
            0
        },
        rejected,
        rows: row_reports(checked.rows, source, false),
    }
}

fn mapping_of(columns: Vec<ImportColumn>) -> Mapping {
    columns.into_iter().map(|c| (c.field, c.columns)).collect()
}

fn columns_of(mapping: &Mapping) -> Vec<ImportColumn> {
    mapping
        .iter()
        .map(|(field, columns)| ImportColumn {
            field: field.clone(),
            columns: columns.clone(),
        })
        .collect()
}

/// Ties a preview to its file and mapping, so an import runs only what was previewed.
fn preview_token(kind: Kind, bytes: &[u8], mapping: &Mapping) -> String {
    let mut hash = Sha256::new();
    hash.update(kind.as_str());
    hash.update([0]);
    hash.update(bytes);
    for (field, columns) in mapping {
        hash.update([0]);
        hash.update(field);
        for c in columns {
            hash.update([1]);
            hash.update(c);
        }
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn read_upload(ctx: &Context<'_>, file: &Upload) -> Result<Vec<u8>, DomainError> {
    let unreadable =
        || DomainError::bad_input("input.file", "The file could not be read; send it again.");
    let upload = file.value(ctx).map_err(|_| unreadable())?;
    let mut bytes = Vec::new();
    upload
        .into_read()
        .take(csv_file::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| unreadable())?;
    Ok(bytes)
}

fn csv_escape(cell: &str) -> String {
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    let safe = if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

fn errors_csv(errors: &[ImportRowReport]) -> String {
    let mut out = String::from("line,column,heading,problem\r\n");
    for row in errors {
        for e in &row.errors {
            out.push_str(&format!(
                "{},{},{},{}\r\n",
                row.line,
                csv_escape(&e.column),
                csv_escape(&e.heading),
                csv_escape(&e.message)
            ));
        }
    }
    out
}

fn fte_text(fte: crate::domain::structure::Fte) -> String {
    let h = fte.hundredths();
    if h.is_multiple_of(100) {
        (h / 100).to_string()
    } else {
        format!("{}", h as f64 / 100.0)
    }
}

/// `AT_RISK` → "At risk".
fn impact_text(impact: crate::domain::employee::Impact) -> String {
    let words = impact.as_str().replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn post_items(
    items: &[ImportedPost],
    checked_lines: &[usize],
) -> (Vec<String>, Vec<ImportPreviewItem>) {
    let side = |s: &Option<crate::domain::structure::PostSide>| {
        s.as_ref().map_or(String::new(), |s| {
            format!("{}, {} FTE", s.grade, fte_text(s.fte))
        })
    };
    (
        ["Ref", "Title", "Now", "Proposed"]
            .map(String::from)
            .to_vec(),
        items
            .iter()
            .zip(checked_lines)
            .map(|(p, line)| ImportPreviewItem {
                line: *line as i32,
                cells: vec![
                    p.reference.clone(),
                    p.line.title.clone(),
                    side(&p.line.current),
                    side(&p.line.proposed),
                ],
            })
            .collect(),
    )
}

fn employee_items(
    items: &[ImportedEmployee],
    titles: &std::collections::HashMap<uuid::Uuid, String>,
) -> (Vec<String>, Vec<ImportPreviewItem>) {
    (
        ["Employee number", "Name", "Work email", "Posts", "Impact"]
            .map(String::from)
            .to_vec(),
        items
            .iter()
            .map(|e| ImportPreviewItem {
                line: e.line as i32,
                cells: vec![
                    e.details.employee_number.clone(),
                    e.details.name.clone(),
                    e.details.work_email.clone(),
                    e.holdings
                        .iter()
                        .map(|h| {
                            format!(
                                "{} ({} FTE)",
                                titles.get(&h.post_id).map_or("", String::as_str),
                                fte_text(h.fte)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    impact_text(e.impact),
                ],
            })
            .collect(),
    )
}

#[derive(Default)]
pub struct ImportQuery;

#[Object]
impl ImportQuery {
    /// The limits, fields, template and remembered mapping for importing a kind of file.
    /// HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn import_setup(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the file holds.")] kind: CsvKind,
    ) -> async_graphql::Result<ImportSetup> {
        let kind = Kind::from(kind);
        let remembered =
            store::structure::remembered_mapping(ApiState::of(ctx).store.conn(), kind).await?;
        Ok(ImportSetup {
            max_bytes: csv_file::MAX_FILE_BYTES as i32,
            max_rows: csv_file::MAX_ROWS as i32,
            limits: csv_file::limits_in_words(),
            fields: csv_file::fields(kind)
                .iter()
                .map(|f| ImportField {
                    key: f.key.into(),
                    label: f.label.into(),
                    required: f.required,
                    joinable: f.joinable,
                })
                .collect(),
            template: csv_file::template(kind),
            remembered_mapping: remembered.as_ref().map(columns_of),
        })
    }
}

#[derive(Default)]
pub struct ImportMutation;

/// Runs the import's checks (and, unless previewing, the import) for a mapped file.
async fn run(
    ctx: &Context<'_>,
    proposal_id: uuid::Uuid,
    kind: Kind,
    source: &Source,
    change_summary: Option<String>,
    run: ImportRun<'_>,
) -> async_graphql::Result<(ImportReport, (Vec<String>, Vec<ImportPreviewItem>))> {
    let store = &ApiState::of(ctx).store;
    let actor = audit_actor(ctx)?;
    Ok(match kind {
        Kind::Posts => {
            let checked = store::structure::import_posts(
                store,
                &actor,
                proposal_id,
                source,
                change_summary,
                run,
            )
            .await?;
            let lines: Vec<usize> = checked
                .rows
                .iter()
                .filter(|r| r.errors.is_empty())
                .map(|r| r.line)
                .collect();
            let items = post_items(&checked.items, &lines);
            (report(checked, source), items)
        }
        Kind::Employees => {
            let checked =
                store::structure::import_employees(store, &actor, proposal_id, source, run).await?;
            let titles = if matches!(run, ImportRun::Preview) && checked.rejected() == 0 {
                store::structure::post_titles(store.conn(), proposal_id).await?
            } else {
                Default::default()
            };
            let items = employee_items(&checked.items, &titles);
            (report(checked, source), items)
        }
    })
}

#[Object]
impl ImportMutation {
    /// Imports posts or employees from CSV text with Consult's headings, checking every
    /// row: all are imported, or none when any row is rejected, with a report of each row.
    /// HR only. People with a spreadsheet use `previewStructureImport` and
    /// `importStructureFile`.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn import_structure_csv(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The file.")] input: ImportStructureCsvInput,
    ) -> async_graphql::Result<ImportReport> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let kind = Kind::from(input.kind);
        let source = Source::from_text(&input.csv, kind, "input.csv")?;
        let summary = summary(input.change_summary)?;
        Ok(
            run(ctx, proposal_id, kind, &source, summary, ImportRun::Commit)
                .await?
                .0,
        )
    }

    /// Reads a spreadsheet file (a GraphQL multipart request) and says what importing it
    /// would do: how it was read, the mapping of its columns, what would be created, the
    /// columns ignored, and every problem. Writes nothing. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn preview_structure_import(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The file and its mapping.")] input: StructureImportInput,
    ) -> async_graphql::Result<ImportPreview> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let kind = Kind::from(input.kind);
        let bytes = read_upload(ctx, &input.file)?;
        let file = CsvFile::from_bytes(&bytes, "input.file")?;
        let remembered = if input.mapping.is_none() {
            store::structure::remembered_mapping(ApiState::of(ctx).store.conn(), kind)
                .await?
                .filter(|m| csv_file::resolve(kind, &file, m, "input.mapping").is_ok())
        } else {
            None
        };
        let mapping_remembered = remembered.is_some();
        let mapping = match (input.mapping, remembered) {
            (Some(given), _) => mapping_of(given),
            (None, Some(remembered)) => remembered,
            (None, None) => csv_file::suggest_mapping(kind, &file.headers),
        };
        let token = preview_token(kind, &bytes, &mapping);
        let mut preview = ImportPreview {
            encoding: file.encoding.label().into(),
            separator: file.separator.name().into(),
            headings: file.headers.clone(),
            mapping: columns_of(&mapping),
            mapping_remembered,
            mapping_problem: None,
            ignored_columns: vec![],
            will_create: 0,
            will_update: 0,
            rejected: 0,
            item_headings: vec![],
            items: vec![],
            errors: vec![],
            errors_csv: errors_csv(&[]),
            preview_token: None,
        };
        let source = match Source::mapped(file, kind, &mapping, "input.mapping") {
            Ok(source) => source,
            Err(err) => {
                preview.mapping_problem = Some(err.message().to_owned());
                return Ok(preview);
            }
        };
        preview.ignored_columns = source.resolved.ignored.clone();
        let summary = summary(input.change_summary)?;
        let (report, (headings, items)) =
            run(ctx, proposal_id, kind, &source, summary, ImportRun::Preview).await?;
        preview.rejected = report.rejected;
        if report.rejected == 0 {
            preview.will_create = items.len() as i32;
            preview.item_headings = headings;
            preview.items = items;
            preview.preview_token = Some(token);
        }
        preview.errors = report.rows.into_iter().filter(|r| !r.accepted).collect();
        preview.errors_csv = errors_csv(&preview.errors);
        Ok(preview)
    }

    /// Imports a spreadsheet file previewed with `previewStructureImport`: the same file,
    /// mapping and the preview's token. All rows or none, in one transaction; the mapping is
    /// remembered for next time. HR only.
    #[graphql(guard = "RoleGuard(Permission::ManageProposals)")]
    async fn import_structure_file(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The file, its mapping and its preview's token.")]
        input: StructureImportInput,
    ) -> async_graphql::Result<ImportReport> {
        let proposal_id = parse_id(&input.proposal_id, "input.proposalId")?;
        let kind = Kind::from(input.kind);
        let bytes = read_upload(ctx, &input.file)?;
        let Some(mapping) = input.mapping.map(mapping_of) else {
            return Err(DomainError::bad_input(
                "input.mapping",
                "Say which column is which: preview the file first and import it with the preview's mapping.",
            )
            .into());
        };
        if input.preview_token.as_deref() != Some(preview_token(kind, &bytes, &mapping).as_str()) {
            return Err(DomainError::bad_input(
                "input.previewToken",
                "Preview the file before importing it: the file or its mapping has changed since its preview.",
            )
            .into());
        }
        let file = CsvFile::from_bytes(&bytes, "input.file")?;
        let source = Source::mapped(file, kind, &mapping, "input.mapping")?;
        let summary = summary(input.change_summary)?;
        Ok(run(
            ctx,
            proposal_id,
            kind,
            &source,
            summary,
            ImportRun::CommitRemembering(&mapping),
        )
        .await?
        .0)
    }
}
