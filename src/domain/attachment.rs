//! Files attached to a union's collective response: what may be stored. The type is judged
//! from the file's content, not from the name or the type the browser claims, so that a file
//! cannot pass as something it is not: the first bytes say which type it claims to be, and its
//! structure must then bear that out (a PDF ends with its trailer, an Office file is a whole ZIP
//! holding that kind of document, an image ends where its format ends). A program with a PDF's
//! first bytes glued on is refused.

use super::{DomainError, text};

/// The largest attachment, inclusive (a file of exactly this size is accepted): a long
/// scanned letter fits.
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

const ALLOWED: &str = "PDF, Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument (.odt, .ods), PNG, JPEG or plain text";

/// A file accepted for storing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub file_name: String,
    pub document_type: DocumentType,
}

/// What a person is told when a file is over the limit. The limit is inclusive: a file of
/// exactly `MAX_ATTACHMENT_BYTES` is accepted.
pub fn too_large_message() -> String {
    format!(
        "The file is larger than {} MiB ({MAX_ATTACHMENT_BYTES} bytes), the most one upload can be; send a smaller file or split it.",
        MAX_ATTACHMENT_BYTES / 1024 / 1024
    )
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
        return Err(DomainError::bad_input(field, too_large_message()));
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some(claimed) = claimed_type(bytes, &extension) else {
        return Err(DomainError::bad_input(
            field,
            format!("\"{file_name}\" is not a file type we accept; send {ALLOWED}."),
        ));
    };
    if let Err(flaw) = claimed.whole(bytes) {
        return Err(DomainError::bad_input(
            field,
            format!(
                "\"{file_name}\" starts like {} but is not a complete one: {flaw}. Save it again from the program that made it (or as a PDF) and send it again.",
                claimed.what
            ),
        ));
    }
    Ok(CheckedFile {
        file_name,
        document_type: claimed.document_type,
    })
}

/// The type a file's first bytes (and, for ZIP and OLE containers, its name) claim.
struct Claimed {
    document_type: DocumentType,
    /// "a PDF", "a Word document (.docx)": for the message.
    what: &'static str,
    structure: Structure,
}

/// What the rest of the file must show for the claim to hold.
#[derive(Clone, Copy)]
enum Structure {
    Pdf,
    /// An Office Open XML package: `[Content_Types].xml` and a part under this folder.
    OpenXml(&'static str),
    /// An OpenDocument package: a stored `mimetype` entry holding this media type.
    OpenDocument(&'static str),
    Ole,
    Png,
    Jpeg,
    /// UTF-8 without NUL: checked whole before it is claimed.
    Text,
}

/// ZIP-based documents by extension: media type, what the message calls it, what it holds.
const ZIP_TYPES: [(&str, &str, &str, Structure); 4] = [
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "a Word document (.docx)",
        Structure::OpenXml("word/"),
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "an Excel workbook (.xlsx)",
        Structure::OpenXml("xl/"),
    ),
    (
        "odt",
        "application/vnd.oasis.opendocument.text",
        "an OpenDocument text (.odt)",
        Structure::OpenDocument("application/vnd.oasis.opendocument.text"),
    ),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        "an OpenDocument spreadsheet (.ods)",
        Structure::OpenDocument("application/vnd.oasis.opendocument.spreadsheet"),
    ),
];

/// Word and Excel 97–2003 files (OLE compound files) by extension.
const OLE_TYPES: [(&str, &str, &str); 2] = [
    (
        "doc",
        "application/msword",
        "a Word 97–2003 document (.doc)",
    ),
    (
        "xls",
        "application/vnd.ms-excel",
        "an Excel 97–2003 workbook (.xls)",
    ),
];

const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn claimed_type(bytes: &[u8], extension: &str) -> Option<Claimed> {
    let claim = |document_type, what, structure| {
        Some(Claimed {
            document_type,
            what,
            structure,
        })
    };
    if bytes.starts_with(b"%PDF-") {
        claim(DocumentType::Pdf, "a PDF", Structure::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") {
        let (_, content_type, what, structure) = ZIP_TYPES.iter().find(|t| t.0 == extension)?;
        claim(DocumentType::OfficeOpenXml(content_type), what, *structure)
    } else if bytes.starts_with(&OLE_SIGNATURE) {
        let (_, content_type, what) = OLE_TYPES.iter().find(|t| t.0 == extension)?;
        claim(
            DocumentType::LegacyOffice(content_type),
            what,
            Structure::Ole,
        )
    } else if bytes.starts_with(PNG_SIGNATURE) {
        claim(DocumentType::Png, "a PNG image", Structure::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        claim(DocumentType::Jpeg, "a JPEG image", Structure::Jpeg)
    } else if extension == "txt" && plain_text(bytes) {
        claim(DocumentType::PlainText, "a text file", Structure::Text)
    } else {
        None
    }
}

impl Claimed {
    /// `Ok` when the whole file bears out the claim; else what is wrong, for the message.
    fn whole(&self, bytes: &[u8]) -> Result<(), String> {
        match self.structure {
            Structure::Pdf => pdf(bytes),
            Structure::OpenXml(folder) => open_xml(bytes, folder),
            Structure::OpenDocument(mimetype) => open_document(bytes, mimetype),
            Structure::Ole => ole(bytes),
            Structure::Png => png(bytes),
            Structure::Jpeg => jpeg(bytes),
            Structure::Text => Ok(()),
        }
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A PDF ends with `startxref`, the offset of its cross-reference, and `%%EOF`, within its
/// last 1024 bytes (where readers look); only line breaks or padding may follow.
fn pdf(bytes: &[u8]) -> Result<(), String> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let Some(eof) = rfind(tail, b"%%EOF") else {
        return Err("it has no %%EOF trailer at its end".into());
    };
    if !tail[eof + 5..]
        .iter()
        .all(|b| b.is_ascii_whitespace() || *b == 0)
    {
        return Err("something other than a PDF follows its %%EOF trailer".into());
    }
    let Some(startxref) = rfind(&tail[..eof], b"startxref") else {
        return Err("it has no startxref before its %%EOF trailer".into());
    };
    let offset = std::str::from_utf8(&tail[startxref + 9..eof])
        .ok()
        .map(str::trim)
        .filter(|o| !o.is_empty() && o.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|o| o.parse::<usize>().ok());
    match offset {
        Some(offset) if offset < bytes.len() => Ok(()),
        _ => Err("its startxref does not point into the file".into()),
    }
}

/// One entry of a ZIP's central directory.
struct ZipEntry<'a> {
    name: &'a [u8],
    /// 0: stored as is.
    method: u16,
    compressed_size: u32,
    local_header: usize,
}

/// The entries of a well-formed ZIP: its end-of-central-directory record ends the file (only
/// its comment may follow), and the central directory it points to lists exactly the entries
/// it counts, each pointing at a local file header before the directory. `None` otherwise
/// (multi-disk and ZIP64 archives included: no Office file under the size limit needs them).
fn zip_entries(bytes: &[u8]) -> Option<Vec<ZipEntry<'_>>> {
    const EOCD_LEN: usize = 22;
    let last = bytes.len().checked_sub(EOCD_LEN)?;
    let earliest = last.saturating_sub(0xFFFF);
    let eocd = (earliest..=last).rev().find(|&at| {
        bytes[at..].starts_with(b"PK\x05\x06")
            && u16_at(bytes, at + 20)
                .is_some_and(|comment| at + EOCD_LEN + usize::from(comment) == bytes.len())
    })?;
    let (this_disk, directory_disk) = (u16_at(bytes, eocd + 4)?, u16_at(bytes, eocd + 6)?);
    let (on_this_disk, total) = (u16_at(bytes, eocd + 8)?, u16_at(bytes, eocd + 10)?);
    if this_disk != 0 || directory_disk != 0 || on_this_disk != total {
        return None;
    }
    let size = u32_at(bytes, eocd + 12)? as usize;
    let start = u32_at(bytes, eocd + 16)? as usize;
    let end = start.checked_add(size)?;
    if end > eocd {
        return None;
    }
    let mut entries = Vec::with_capacity(usize::from(total));
    let mut at = start;
    for _ in 0..total {
        if !bytes.get(at..end)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let name_len = usize::from(u16_at(bytes, at + 28)?);
        let extra_len = usize::from(u16_at(bytes, at + 30)?);
        let comment_len = usize::from(u16_at(bytes, at + 32)?);
        let local_header = u32_at(bytes, at + 42)? as usize;
        if local_header >= start || !bytes[local_header..].starts_with(b"PK\x03\x04") {
            return None;
        }
        entries.push(ZipEntry {
            name: bytes.get(at + 46..at + 46 + name_len)?,
            method: u16_at(bytes, at + 10)?,
            compressed_size: u32_at(bytes, at + 20)?,
            local_header,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    (at == end).then_some(entries)
}

const DAMAGED_ZIP: &str = "its ZIP directory is missing or damaged";

/// Word and Excel packages: `[Content_Types].xml` and the document's own folder.
fn open_xml(bytes: &[u8], folder: &str) -> Result<(), String> {
    let entries = zip_entries(bytes).ok_or(DAMAGED_ZIP)?;
    if !entries.iter().any(|e| e.name == b"[Content_Types].xml") {
        return Err("it holds no [Content_Types].xml".into());
    }
    if !entries
        .iter()
        .any(|e| e.name.starts_with(folder.as_bytes()))
    {
        return Err(format!("it holds no {folder} part"));
    }
    Ok(())
}

/// OpenDocument packages: an uncompressed `mimetype` entry naming the document's type.
fn open_document(bytes: &[u8], mimetype: &str) -> Result<(), String> {
    let entries = zip_entries(bytes).ok_or(DAMAGED_ZIP)?;
    let wrong = || format!("its mimetype entry does not say {mimetype}");
    let entry = entries
        .iter()
        .find(|e| e.name == b"mimetype")
        .ok_or_else(|| "it holds no mimetype entry".to_owned())?;
    if entry.method != 0 || entry.compressed_size as usize != mimetype.len() {
        return Err(wrong());
    }
    let local = entry.local_header;
    let name_len = usize::from(u16_at(bytes, local + 26).ok_or(DAMAGED_ZIP)?);
    let extra_len = usize::from(u16_at(bytes, local + 28).ok_or(DAMAGED_ZIP)?);
    let data = local + 30 + name_len + extra_len;
    match bytes.get(data..data + mimetype.len()) {
        Some(content) if content == mimetype.as_bytes() => Ok(()),
        _ => Err(wrong()),
    }
}

/// Word and Excel 97–2003: a compound-file header with its byte-order mark, a version and the
/// sector size that goes with it (512 bytes for version 3, 4096 for 4), 64-byte mini sectors,
/// at least one FAT sector, and a directory inside the file.
fn ole(bytes: &[u8]) -> Result<(), String> {
    let damaged = || "its compound-file header is damaged".to_owned();
    let field = |at| u16_at(bytes, at).ok_or_else(damaged);
    let (major, byte_order) = (field(26)?, field(28)?);
    let (sector_shift, mini_shift) = (field(30)?, field(32)?);
    let sane = byte_order == 0xFFFE
        && matches!((major, sector_shift), (3, 9) | (4, 12))
        && mini_shift == 6;
    if !sane {
        return Err("its compound-file header has an impossible version or sector size".into());
    }
    let sector = 1u64 << sector_shift;
    let fat_sectors = u32_at(bytes, 44).ok_or_else(damaged)?;
    let directory = u32_at(bytes, 48).ok_or_else(damaged)?;
    // Sector n starts after the header, which takes one sector: at (n + 1) × sector size.
    if fat_sectors == 0 || (u64::from(directory) + 2) * sector > bytes.len() as u64 {
        return Err("its compound-file directory is not inside the file".into());
    }
    Ok(())
}

/// A PNG starts with its IHDR chunk and ends with its IEND chunk.
fn png(bytes: &[u8]) -> Result<(), String> {
    if bytes.get(12..16) != Some(b"IHDR") {
        return Err("it does not begin with an IHDR chunk".into());
    }
    if bytes.len() < 8 + 25 + 12 || !bytes.ends_with(b"\0\0\0\0IEND\xAE\x42\x60\x82") {
        return Err("it does not end with an IEND chunk".into());
    }
    Ok(())
}

/// A JPEG ends with its end-of-image marker (FF D9); some cameras pad it with zero bytes.
fn jpeg(bytes: &[u8]) -> Result<(), String> {
    let end = bytes.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    if end < 4 || !bytes[..end].ends_with(&[0xFF, 0xD9]) {
        return Err("it does not end with the end-of-image marker (FF D9)".into());
    }
    Ok(())
}

/// Plain text is UTF-8 without NUL bytes.
fn plain_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|text| !text.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CRC-32 (ZIP, PNG).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A ZIP of stored entries, as Office and LibreOffice would lay it out.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for (name, data) in entries {
            let offset = out.len() as u32;
            let (crc, size, name_len) = (crc32(data), data.len() as u32, name.len() as u16);
            out.extend(b"PK\x03\x04");
            out.extend(20u16.to_le_bytes());
            out.extend([0; 2 + 2 + 2 + 2]); // flags, method (stored), time, date
            out.extend(crc.to_le_bytes());
            out.extend(size.to_le_bytes());
            out.extend(size.to_le_bytes());
            out.extend(name_len.to_le_bytes());
            out.extend(0u16.to_le_bytes());
            out.extend(name.as_bytes());
            out.extend(*data);
            directory.extend(b"PK\x01\x02");
            directory.extend(20u16.to_le_bytes());
            directory.extend(20u16.to_le_bytes());
            directory.extend([0; 2 + 2 + 2 + 2]);
            directory.extend(crc.to_le_bytes());
            directory.extend(size.to_le_bytes());
            directory.extend(size.to_le_bytes());
            directory.extend(name_len.to_le_bytes());
            directory.extend([0; 2 + 2 + 2 + 2 + 4]); // extra, comment, disk, attributes
            directory.extend(offset.to_le_bytes());
            directory.extend(name.as_bytes());
        }
        let (start, size, count) = (
            out.len() as u32,
            directory.len() as u32,
            entries.len() as u16,
        );
        out.extend(directory);
        out.extend(b"PK\x05\x06");
        out.extend([0; 4]);
        out.extend(count.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend(size.to_le_bytes());
        out.extend(start.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }

    fn docx() -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ])
    }

    fn odf(mimetype: &str) -> Vec<u8> {
        zip(&[
            ("mimetype", mimetype.as_bytes()),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ])
    }

    /// A one-page-tree PDF with a correct cross-reference table.
    fn pdf() -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
        ];
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    fn png() -> Vec<u8> {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            let mut body = kind.to_vec();
            body.extend(data);
            out.extend(&body);
            out.extend(crc32(&body).to_be_bytes());
            out
        };
        let mut out = PNG_SIGNATURE.to_vec();
        out.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        out.extend(chunk(
            b"IDAT",
            &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
        ));
        out.extend(chunk(b"IEND", &[]));
        out
    }

    fn jpeg() -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        out.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        out.extend([0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34]);
        out.extend([0xFF, 0xD9]);
        out
    }

    /// A version-3 compound file: header, one FAT sector, one directory sector.
    fn ole() -> Vec<u8> {
        let mut out = OLE_SIGNATURE.to_vec();
        out.extend([0; 16]);
        out.extend(0x3Eu16.to_le_bytes());
        out.extend(3u16.to_le_bytes());
        out.extend(0xFFFEu16.to_le_bytes());
        out.extend(9u16.to_le_bytes());
        out.extend(6u16.to_le_bytes());
        out.extend([0; 6 + 4]); // reserved, directory sectors (0 in version 3)
        out.extend(1u32.to_le_bytes()); // FAT sectors
        out.extend(1u32.to_le_bytes()); // first directory sector
        out.extend(0u32.to_le_bytes());
        out.extend(4096u32.to_le_bytes());
        out.extend(0xFFFF_FFFEu32.to_le_bytes());
        out.extend(0u32.to_le_bytes());
        out.extend(0xFFFF_FFFEu32.to_le_bytes());
        out.extend(0u32.to_le_bytes());
        out.extend(0u32.to_le_bytes()); // the FAT is sector 0
        out.resize(512, 0xFF);
        out.resize(512 * 3, 0);
        out
    }

    fn accepted(name: &str, bytes: &[u8]) -> DocumentType {
        check(name, bytes, 0, "f")
            .unwrap_or_else(|e| panic!("{name}: {}", e.message()))
            .document_type
    }

    fn refused(name: &str, bytes: &[u8]) -> String {
        let err = check(name, bytes, 0, "input.file").unwrap_err();
        assert_eq!(err.code(), "BAD_USER_INPUT");
        assert!(
            matches!(&err, DomainError::BadInput { field, .. } if field == "input.file"),
            "{err:?}"
        );
        err.message().to_owned()
    }

    #[test]
    fn real_shaped_documents_of_every_accepted_type_pass() {
        let pdf_file = check("C:\\Users\\rep\\Response.pdf", &pdf(), 0, "f").unwrap();
        assert_eq!(pdf_file.file_name, "Response.pdf", "the path is dropped");
        assert_eq!(pdf_file.document_type.content_type(), "application/pdf");
        let mut padded = pdf();
        padded.extend(b"\r\n\0\0");
        assert_eq!(accepted("padded.pdf", &padded), DocumentType::Pdf);
        assert!(
            accepted("points.DOCX", &docx())
                .content_type()
                .contains("wordprocessingml")
        );
        let xlsx = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ]);
        assert!(
            accepted("costs.xlsx", &xlsx)
                .content_type()
                .contains("spreadsheetml")
        );
        assert_eq!(
            accepted(
                "letter.odt",
                &odf("application/vnd.oasis.opendocument.text")
            )
            .content_type(),
            "application/vnd.oasis.opendocument.text"
        );
        assert_eq!(
            accepted(
                "costs.ods",
                &odf("application/vnd.oasis.opendocument.spreadsheet")
            )
            .content_type(),
            "application/vnd.oasis.opendocument.spreadsheet"
        );
        assert_eq!(
            accepted("old.doc", &ole()).content_type(),
            "application/msword"
        );
        assert_eq!(
            accepted("old.xls", &ole()).content_type(),
            "application/vnd.ms-excel"
        );
        assert_eq!(accepted("chart.png", &png()), DocumentType::Png);
        assert_eq!(accepted("scan.jpg", &jpeg()), DocumentType::Jpeg);
        let mut padded = jpeg();
        padded.extend([0; 16]);
        assert_eq!(accepted("camera.jpg", &padded), DocumentType::Jpeg);
        assert_eq!(
            accepted("notes.txt", "Caseloads: 1:45\r\n\tand £ signs".as_bytes()),
            DocumentType::PlainText
        );
    }

    #[test]
    fn the_size_limit_is_inclusive_and_says_what_it_is() {
        let at_limit = vec![b'a'; MAX_ATTACHMENT_BYTES];
        assert_eq!(accepted("big.txt", &at_limit), DocumentType::PlainText);
        let over = vec![b'a'; MAX_ATTACHMENT_BYTES + 1];
        let message = refused("big.txt", &over);
        assert!(message.contains("10 MiB (10485760 bytes)"), "{message}");
        assert_eq!(message, too_large_message());
    }

    #[test]
    fn a_program_behind_a_documents_first_bytes_is_refused() {
        let mut exe = b"%PDF-1.4\n".to_vec();
        exe.extend(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff");
        exe.extend(vec![0x90; 4096]);
        let message = refused("response.pdf", &exe);
        assert!(message.contains("starts like a PDF"), "{message}");
        assert!(message.contains("%%EOF"), "{message}");
        let mut appended = pdf();
        appended.extend(b"MZ\x90\x00 this program cannot be run in DOS mode");
        assert!(refused("response.pdf", &appended).contains("follows its %%EOF"));
        assert!(refused("x.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n").contains("startxref"));
        assert!(
            refused("x.pdf", b"%PDF-1.7\nstartxref\n999999\n%%EOF\n").contains("does not point")
        );
        let mut jpeg_exe = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpeg_exe.extend(b"MZ\x90\x00");
        assert!(refused("photo.jpg", &jpeg_exe).contains("FF D9"));
        let mut png_exe = png();
        png_exe.truncate(40);
        png_exe.extend(b"MZ\x90\x00");
        assert!(refused("chart.png", &png_exe).contains("IEND"));
        let mut no_header = PNG_SIGNATURE.to_vec();
        no_header.extend(b"\0\0\0\0IEND\xAE\x42\x60\x82");
        assert!(refused("chart.png", &no_header).contains("IHDR"));
    }

    #[test]
    fn office_files_must_be_whole_zips_of_their_kind() {
        let magic_only = refused("points.docx", b"PK\x03\x04rest");
        assert!(magic_only.contains("ZIP directory"), "{magic_only}");
        let mut truncated = docx();
        truncated.truncate(truncated.len() - 10);
        assert!(refused("points.docx", &truncated).contains("ZIP directory"));
        let mut trailing = docx();
        trailing.extend(b"MZ\x90\x00");
        assert!(refused("points.docx", &trailing).contains("ZIP directory"));
        let no_types = zip(&[("word/document.xml", b"<w:document/>")]);
        assert!(refused("points.docx", &no_types).contains("[Content_Types].xml"));
        let workbook = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ]);
        let message = refused("points.docx", &workbook);
        assert!(message.contains("no word/ part"), "{message}");
        assert!(refused("costs.xlsx", &docx()).contains("no xl/ part"));
        let spreadsheet = odf("application/vnd.oasis.opendocument.spreadsheet");
        assert!(refused("letter.odt", &spreadsheet).contains("mimetype"));
        let no_mimetype = zip(&[("content.xml", b"<office:document-content/>")]);
        assert!(refused("letter.odt", &no_mimetype).contains("no mimetype"));
        // The mimetype must be stored as is (method 0) so that it can be read in place.
        let mut deflated = odf("application/vnd.oasis.opendocument.text");
        deflated[8] = 8;
        let directory = u32_at(&deflated, deflated.len() - 6).unwrap() as usize;
        deflated[directory + 10] = 8;
        assert!(refused("letter.odt", &deflated).contains("mimetype"));
        // A ZIP that is no Office file at all.
        assert!(refused("archive.zip", &docx()).contains("not a file type"));
    }

    #[test]
    fn legacy_office_files_need_a_sane_compound_file_header() {
        let mut wrong_sector = ole();
        wrong_sector[30] = 12; // 4096-byte sectors in a version-3 file
        assert!(refused("old.doc", &wrong_sector).contains("sector size"));
        let mut wrong_order = ole();
        wrong_order[28] = 0;
        assert!(refused("old.doc", &wrong_order).contains("sector size"));
        assert!(refused("old.xls", &ole()[..600]).contains("directory"));
        assert!(refused("old.doc", &OLE_SIGNATURE).contains("header"));
        assert!(refused("old.pdf", &ole()).contains("not a file type"));
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        assert!(refused("virus.pdf", b"MZ\x90\x00").contains("not a file type"));
        assert!(refused("binary.txt", b"a\0b").contains("not a file type"));
        assert!(refused("latin1.txt", b"caf\xe9").contains("not a file type"));
        assert_eq!(refused("empty.pdf", b""), "The file is empty.");
        let err = check("a.pdf", &pdf(), MAX_ATTACHMENTS, "f").unwrap_err();
        assert_eq!(err.code(), "BAD_USER_INPUT");
    }
}
