//! Files attached to a union's collective response: what may be stored. The type is judged
//! from the file's first bytes, not from the name or the type the browser claims, so that a
//! file cannot pass as something it is not.

use super::{DomainError, text};

/// The largest attachment: a long scanned letter fits.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// Attachments on one response.
pub const MAX_ATTACHMENTS: usize = 10;

/// A kind of document a union may attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    Pdf,
    /// Word, Excel, OpenDocument: ZIP containers, told apart by the name's extension.
    OfficeOpenXml(&'static str),
    LegacyOffice(&'static str),
    Png,
    Jpeg,
    PlainText,
}

impl DocumentType {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::OfficeOpenXml(t) | Self::LegacyOffice(t) => t,
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::PlainText => "text/plain; charset=utf-8",
        }
    }
}

const ZIP_TYPES: [(&str, &str); 4] = [
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
];

const OLE_TYPES: [(&str, &str); 2] = [
    ("doc", "application/msword"),
    ("xls", "application/vnd.ms-excel"),
];

const ALLOWED: &str = "PDF, Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument (.odt, .ods), PNG, JPEG or plain text";

/// A file accepted for storing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub file_name: String,
    pub document_type: DocumentType,
}

/// Checks a file's name, size and type. `existing` is how many the response already has.
pub fn check(
    file_name: &str,
    bytes: &[u8],
    existing: usize,
    field: &str,
) -> Result<CheckedFile, DomainError> {
    if existing >= MAX_ATTACHMENTS {
        return Err(DomainError::bad_input(
            field,
            format!("A response can have at most {MAX_ATTACHMENTS} attachments; remove one first."),
        ));
    }
    // Browsers on Windows may send a full path; keep the last part.
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let file_name = text::required_line(base, field, "a file name", 200)?;
    if bytes.is_empty() {
        return Err(DomainError::bad_input(field, "The file is empty."));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(DomainError::bad_input(
            field,
            format!(
                "The file is larger than {} MiB; send a smaller one or split it.",
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ),
        ));
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let by_extension = |table: &[(&str, &'static str)]| {
        table.iter().find(|(e, _)| *e == extension).map(|(_, t)| *t)
    };
    let document_type = if bytes.starts_with(b"%PDF-") {
        Some(DocumentType::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") {
        by_extension(&ZIP_TYPES).map(DocumentType::OfficeOpenXml)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        by_extension(&OLE_TYPES).map(DocumentType::LegacyOffice)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(DocumentType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(DocumentType::Jpeg)
    } else if extension == "txt" && std::str::from_utf8(bytes).is_ok_and(|t| !t.contains('\0')) {
        Some(DocumentType::PlainText)
    } else {
        None
    };
    let document_type = document_type.ok_or_else(|| {
        DomainError::bad_input(
            field,
            format!("\"{file_name}\" is not a file type we accept; send {ALLOWED}."),
        )
    })?;
    Ok(CheckedFile {
        file_name,
        document_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_recognised_by_their_content() {
        let pdf = check("C:\\Users\\rep\\Response.pdf", b"%PDF-1.7\n...", 0, "f").unwrap();
        assert_eq!(pdf.file_name, "Response.pdf", "the path is dropped");
        assert_eq!(pdf.document_type.content_type(), "application/pdf");
        let docx = check("points.DOCX", b"PK\x03\x04rest", 0, "f").unwrap();
        assert!(
            docx.document_type
                .content_type()
                .contains("wordprocessingml")
        );
        assert_eq!(
            check("notes.txt", "Caseloads: 1:45".as_bytes(), 0, "f")
                .unwrap()
                .document_type,
            DocumentType::PlainText
        );
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let refused = |name: &str, bytes: &[u8], existing| {
            check(name, bytes, existing, "f").unwrap_err().code()
        };
        assert_eq!(refused("virus.pdf", b"MZ\x90\x00", 0), "BAD_USER_INPUT");
        assert_eq!(refused("archive.zip", b"PK\x03\x04", 0), "BAD_USER_INPUT");
        assert_eq!(refused("empty.pdf", b"", 0), "BAD_USER_INPUT");
        assert_eq!(
            refused("a.pdf", b"%PDF-", MAX_ATTACHMENTS),
            "BAD_USER_INPUT"
        );
        assert_eq!(refused("binary.txt", b"a\0b", 0), "BAD_USER_INPUT");
        let big = vec![b'a'; MAX_ATTACHMENT_BYTES + 1];
        assert_eq!(refused("big.txt", &big, 0), "BAD_USER_INPUT");
    }
}
