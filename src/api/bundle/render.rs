//! The bundle's pages and tables: self-contained HTML (inline CSS, no script, nothing
//! fetched from elsewhere) made to print with numbered pages, and CSV.

use serde_json::Value;
use std::fmt::Write;

pub fn escape(text: &str) -> String {
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
pub fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect()
}

/// Print styles: A4, numbered pages ("Page N" in the bottom margin, CSS Paged Media's
/// `counter(page)`), tables that do not split a row.
const STYLE: &str = "@page{size:A4;margin:18mm 16mm 20mm;@bottom-right{content:\"Page \" counter(page) \" of \" counter(pages);font:9pt Arial,sans-serif}@bottom-left{content:string(bundle-title);font:9pt Arial,sans-serif}}\
body{font-family:Arial,sans-serif;font-size:11pt;line-height:1.4;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#0b0c0c}\
h1{font-size:1.7rem;string-set:bundle-title content()}h2{margin-top:2rem;border-bottom:2px solid #0b0c0c;break-after:avoid}h3{break-after:avoid}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #b1b4b6;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#f3f2f1}\
tr{break-inside:avoid}.meta{color:#505a5f}.withheld{color:#505a5f;font-style:italic}.section{break-before:page}\
dl{display:grid;grid-template-columns:14rem 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}\
ins{background:#e6f4ea;text-decoration:none}del{background:#fde8e8}pre{white-space:pre-wrap}\
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}";

/// A whole page: `body` is HTML already escaped.
pub fn page(title: &str, subtitle: &str, body: &str) -> Vec<u8> {
    format!(
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{STYLE}</style></head><body><main><h1>{t}</h1><p class=\"meta\">{s}</p>{body}</main></body></html>",
        t = escape(title),
        s = escape(subtitle),
    )
    .into_bytes()
}

/// A table of escaped cells; `html_cells` columns hold HTML already made safe.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table><thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", escape(cell).replace('\n', "<br>"));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// Terms and descriptions, each escaped.
pub fn definitions(pairs: &[(&str, String)]) -> String {
    let mut out = String::from("<dl>");
    for (term, text) in pairs {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape(term),
            escape(text).replace('\n', "<br>")
        );
    }
    out.push_str("</dl>");
    out
}

/// A stored JSON document (a revision's snapshot, a disclosure as given) as nested lists, so
/// it reads without a viewer for JSON.
pub fn json_html(value: &Value) -> String {
    match value {
        Value::Null => "<span class=\"withheld\">none</span>".to_owned(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => escape(s).replace('\n', "<br>"),
        Value::Array(items) if items.is_empty() => {
            "<span class=\"withheld\">none</span>".to_owned()
        }
        Value::Array(items) => {
            let mut out = String::from("<ol>");
            for item in items {
                let _ = write!(out, "<li>{}</li>", json_html(item));
            }
            out.push_str("</ol>");
            out
        }
        Value::Object(fields) => {
            let mut out = String::from("<dl>");
            for (key, item) in fields {
                let _ = write!(
                    out,
                    "<dt>{}</dt><dd>{}</dd>",
                    escape(&label(key)),
                    json_html(item)
                );
            }
            out.push_str("</dl>");
            out
        }
    }
}

/// `camelCaseKey` as "Camel case key".
pub fn label(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if c == '_' {
            out.push(' ');
        } else if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A JSON value in one line of text, for a table cell.
pub fn json_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

pub use crate::domain::readable::{day, when};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_escape_and_number_their_pages() {
        let page = String::from_utf8(page("A <b>", "x & y", "<p>ok</p>")).unwrap();
        assert!(page.contains("<h1>A &lt;b&gt;</h1>"));
        assert!(page.contains("counter(page)"));
        assert!(!page.contains("http"), "nothing is fetched from elsewhere");
    }

    #[test]
    fn json_reads_as_lists() {
        let html = json_html(&serde_json::json!({ "givenOn": "2026-12-01", "items": [1, "<x>"] }));
        assert!(html.contains("<dt>Given on</dt>"));
        assert!(html.contains("&lt;x&gt;"));
    }
}
