//! An issued letter as a PDF (`GET /letters/{id}/pdf`), for HR to attach or post and for the
//! employee to keep. It is the letter's stored plain text, set in the PDF standard fonts
//! (Helvetica), so nothing is embedded and no font or layout toolchain is needed: A4, 2 cm
//! margins, paragraphs wrapped by the fonts' published widths, and "Page N of M" on each page.
//! The HTML print page stays the place that shows the pay table as a table; here its lines are
//! the text the letter holds.
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str, TextStr};

/// A4 in points, and 2 cm margins.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.69;
const BODY_SIZE: f32 = 11.0;
const BODY_LEADING: f32 = 15.0;
const TITLE_SIZE: f32 = 16.0;
const TITLE_LEADING: f32 = 21.0;
const META_SIZE: f32 = 9.0;

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// What the PDF shows: the heading, a line saying to whom and when, and the body text.
pub struct LetterDocument<'a> {
    pub subject: &'a str,
    pub addressed_to: &'a str,
    pub issued_on: &'a str,
    pub body_text: &'a str,
}

/// One line set on a page.
struct Line {
    text: String,
    bold: bool,
    size: f32,
    /// The space above the line's baseline, from the previous one.
    advance: f32,
}

/// The letter as the bytes of a PDF file.
pub fn render(letter: &LetterDocument) -> Vec<u8> {
    let lines = lines(letter);
    write_pdf(letter, &paginate(&lines))
}

/// The letter's lines, wrapped to the text width.
fn lines(letter: &LetterDocument) -> Vec<Line> {
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let mut out = Vec::new();
    let meta = format!(
        "Letter to {}, issued {}",
        letter.addressed_to, letter.issued_on
    );
    for text in wrap(&meta, META_SIZE, width) {
        out.push(Line {
            text,
            bold: false,
            size: META_SIZE,
            advance: META_SIZE * 1.4,
        });
    }
    for (i, text) in wrap(letter.subject, TITLE_SIZE, width)
        .into_iter()
        .enumerate()
    {
        out.push(Line {
            text,
            bold: true,
            size: TITLE_SIZE,
            advance: if i == 0 {
                TITLE_LEADING * 1.5
            } else {
                TITLE_LEADING
            },
        });
    }
    let mut first_of_paragraph = true;
    for source_line in letter.body_text.lines() {
        if source_line.trim().is_empty() {
            first_of_paragraph = true;
            continue;
        }
        for text in wrap(source_line, BODY_SIZE, width) {
            out.push(Line {
                text,
                bold: false,
                size: BODY_SIZE,
                advance: if first_of_paragraph {
                    BODY_LEADING * 1.6
                } else {
                    BODY_LEADING
                },
            });
            first_of_paragraph = false;
        }
    }
    out
}

/// The lines on each page: a page takes lines until the next would cross the bottom margin.
/// The space above a line that opens a page is dropped.
fn paginate(lines: &[Line]) -> Vec<Vec<(f32, &Line)>> {
    let usable = PAGE_HEIGHT - 2.0 * MARGIN - BODY_LEADING * 2.0;
    let mut pages: Vec<Vec<(f32, &Line)>> = vec![Vec::new()];
    let mut used = 0.0;
    for line in lines {
        let page = pages.last_mut().expect("one page at least");
        let advance = if page.is_empty() {
            line.size
        } else {
            line.advance
        };
        if !page.is_empty() && used + advance > usable {
            used = line.size;
            pages.push(vec![(used, line)]);
        } else {
            used += advance;
            page.push((used, line));
        }
    }
    pages
}

fn write_pdf(letter: &LetterDocument, pages: &[Vec<(f32, &Line)>]) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first_page = 6;
    let page_ref = |i: usize| Ref::new(first_page + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(first_page + 2 * i as i32 + 1);

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..pages.len()).map(page_ref))
        .count(pages.len() as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(letter.subject))
        .producer(TextStr("Consult"));
    for (i, lines) in pages.iter().enumerate() {
        let mut page = pdf.page(page_ref(i));
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_ref(i));
        page.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        drop(page);

        let mut content = Content::new();
        content.begin_text();
        for (depth, line) in lines {
            content
                .set_font(if line.bold { BOLD } else { REGULAR }, line.size)
                .set_text_matrix([1.0, 0.0, 0.0, 1.0, MARGIN, PAGE_HEIGHT - MARGIN - depth])
                .show(Str(&win_ansi(&line.text)));
        }
        let footer = format!("Page {} of {}", i + 1, pages.len());
        let footer_width = text_width(&footer, META_SIZE);
        content
            .set_font(REGULAR, META_SIZE)
            .set_text_matrix([
                1.0,
                0.0,
                0.0,
                1.0,
                PAGE_WIDTH - MARGIN - footer_width,
                MARGIN / 2.0,
            ])
            .show(Str(&win_ansi(&footer)));
        content.end_text();
        pdf.stream(content_ref(i), &content.finish());
    }
    pdf.finish()
}

/// Greedy wrapping at spaces; a word wider than the line is broken where it must be.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, size) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A single word too long for a line (a long address or reference).
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if text_width(&piece, size) > width {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        current = piece;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// The width of `text` in Helvetica at `size` points (bold is a little wider; the margin
/// absorbs it).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(glyph_width).sum::<u32>() as f32 * size / 1000.0
}

/// Helvetica's advance widths, in thousandths of an em, from its published font metrics.
fn glyph_width(c: char) -> u32 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // ' '../
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
        278, 278, 584, 584, 584, 556, 1015, // :;<=>?@
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A-M
        722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
        278, 278, 278, 469, 556, 333, // [\]^_`
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a-m
        556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n-z
        334, 260, 334, 584, // {|}~
    ];
    match c {
        ' '..='~' => u32::from(ASCII[c as usize - 32]),
        '\u{2018}' | '\u{2019}' => 222,
        '\u{201C}' | '\u{201D}' => 333,
        '\u{2022}' => 350,
        '\u{2013}' => 556,
        '\u{2014}' | '\u{2026}' => 1000,
        _ => 556,
    }
}

/// The text in the fonts' WinAnsi encoding: Latin-1 as itself, the typographic quotes, dashes,
/// bullet, ellipsis and euro at their WinAnsi codes, anything else as `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{A0}'..='\u{FF}' => c as u32 as u8,
            '\u{20AC}' => 0x80,
            '\u{2026}' => 0x85,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(body: &str) -> Vec<u8> {
        render(&LetterDocument {
            subject: "Notice of dismissal by reason of redundancy",
            addressed_to: "Tom Ashworth",
            issued_on: "Monday 7 December 2026",
            body_text: body,
        })
    }

    fn text_of(pdf: &[u8]) -> String {
        String::from_utf8_lossy(pdf).into_owned()
    }

    #[test]
    fn a_letter_is_a_pdf_with_its_heading_addressee_and_text() {
        let pdf = letter("Dear Tom,\n\nYour last day of service is Friday 26 February 2027.");
        let text = text_of(&pdf);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(text.trim_end().ends_with("%%EOF"));
        assert!(text.contains("(Notice of dismissal by reason of redundancy) Tj"));
        assert!(text.contains("(Letter to Tom Ashworth, issued Monday 7 December 2026) Tj"));
        assert!(text.contains("(Your last day of service is Friday 26 February 2027.) Tj"));
        assert!(text.contains("(Page 1 of 1) Tj"));
        assert!(text.contains("/BaseFont /Helvetica"));
    }

    #[test]
    fn pounds_and_typographic_quotes_are_in_the_fonts_encoding() {
        assert_eq!(
            win_ansi("£751 – ‘a’ “b” é"),
            b"\xA3751 \x96 \x91a\x92 \x93b\x94 \xE9"
        );
        assert_eq!(win_ansi("日"), b"?");
    }

    #[test]
    fn long_paragraphs_wrap_inside_the_margins() {
        let width = PAGE_WIDTH - 2.0 * MARGIN;
        let paragraph = "You have the right to appeal against this decision. ".repeat(12);
        let lines = wrap(&paragraph, BODY_SIZE, width);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, BODY_SIZE) <= width));
        assert_eq!(
            lines.join(" ").split_whitespace().count(),
            paragraph.split_whitespace().count(),
            "no word is lost"
        );
        let unbroken = "x".repeat(200);
        let pieces = wrap(&unbroken, BODY_SIZE, width);
        assert!(pieces.len() > 1 && pieces.concat() == unbroken);
    }

    #[test]
    fn a_long_letter_runs_onto_numbered_pages() {
        let body = (1..=120)
            .map(|i| format!("Paragraph {i} of the letter."))
            .collect::<Vec<_>>()
            .join("\n\n");
        let text = text_of(&letter(&body));
        assert!(text.contains("(Paragraph 120 of the letter.) Tj"));
        let total: usize = text
            .split("(Page 1 of ")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .and_then(|n| n.parse().ok())
            .expect("a page count");
        assert!(
            total >= 4,
            "120 spaced paragraphs fill several pages: {total}"
        );
        assert!(text.contains(&format!("(Page {total} of {total}) Tj")));
    }
}
