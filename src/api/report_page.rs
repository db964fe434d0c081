//! The printable outcome report: plain HTML with print styles and no script, every text
//! escaped.

use super::outcome::OutcomeReportData;
use std::fmt::Write;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Paragraphs of escaped text.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect()
}

const STYLE: &str = "body{font-family:Arial,sans-serif;line-height:1.4;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}\
h1{font-size:2rem}h2{margin-top:2rem;border-bottom:2px solid #0b0c0c}h3{margin-bottom:.25rem}\
.meta{color:#505a5f}.theme,.question{break-inside:avoid;margin-bottom:1.5rem}\
dl{display:grid;grid-template-columns:12rem 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}\
@media print{body{margin:0;max-width:none}a{color:inherit}}";

/// A count as the viewer may see it: withheld ones are "fewer than 3".
fn count(shown: Option<u32>) -> String {
    shown.map_or_else(|| "fewer than 3".to_owned(), |n| n.to_string())
}

/// The whole page.
pub fn render(report: &OutcomeReportData) -> String {
    let mut page = String::new();
    let title = format!("Consultation outcome report: {}", report.proposal_title);
    let _ = write!(
        page,
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><main>",
        escape(&title)
    );
    let _ = write!(page, "<h1>{}</h1>", escape(&title));
    let status = match report.report.completed_at {
        Some(at) => format!("Completed on {}.", at.format("%-d %B %Y")),
        None => "Draft: not yet completed.".to_owned(),
    };
    let _ = write!(page, "<p class=\"meta\">{}</p>", escape(&status));
    page.push_str(&paragraphs(&report.report.summary));

    page.push_str("<h2>You said, we did</h2>");
    if report.themes.is_empty() {
        page.push_str("<p>No themes yet.</p>");
    }
    for theme in &report.themes {
        let t = &theme.record;
        let _ = write!(
            page,
            "<section class=\"theme\"><h3>{}</h3>",
            escape(&t.name)
        );
        let _ = write!(
            page,
            "<p class=\"meta\">Raised in {} staff response(s), {} union response(s) and {} question(s).</p><dl>",
            count(theme.raised.staff_responses),
            count(theme.raised.union_responses),
            count(theme.raised.questions)
        );
        let response = t
            .management_response
            .as_deref()
            .unwrap_or("Not yet answered.");
        let _ = write!(page, "<dt>We did</dt><dd>{}</dd>", paragraphs(response));
        let outcome = match t.outcome {
            Some(crate::domain::outcome::ThemeOutcome::Changed) => "The proposal changed.",
            Some(crate::domain::outcome::ThemeOutcome::NoChange) => "No change to the proposal.",
            None => "",
        };
        let _ = write!(page, "<dt>Outcome</dt><dd>{}</dd>", escape(outcome));
        if let Some(change) = &t.change_description {
            let _ = write!(page, "<dt>Change</dt><dd>{}</dd>", paragraphs(change));
        }
        if let Some(n) = t.revision_number {
            let _ = write!(
                page,
                "<dt>Revision</dt><dd>Revision {n} of the proposal</dd>"
            );
        }
        page.push_str("</dl></section>");
    }

    page.push_str("<h2>Questions and answers</h2>");
    if report.questions.is_empty() {
        page.push_str("<p>No questions.</p>");
    }
    for q in &report.questions {
        let _ = write!(
            page,
            "<section class=\"question\"><h3>{}</h3>",
            escape(&q.record.text)
        );
        match &q.record.answer {
            Some(answer) => page.push_str(&paragraphs(answer)),
            None => page.push_str("<p><strong>Not yet answered.</strong></p>"),
        }
        if !q.themes.is_empty() {
            let _ = write!(
                page,
                "<p class=\"meta\">Themes: {}</p>",
                escape(&q.themes.join(", "))
            );
        }
        page.push_str("</section>");
    }
    page.push_str("</main></body></html>");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_paragraphs_kept() {
        assert_eq!(
            escape("<b>\"A&B\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
        assert_eq!(
            paragraphs("One\nline\n\nTwo"),
            "<p>One<br>line</p><p>Two</p>"
        );
    }
}
