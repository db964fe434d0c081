//! A minimal ZIP writer that streams: each file goes out as soon as it is made, in chunks of
//! at most [`CHUNK`] bytes, into a sink that waits while the client is slow (a bounded
//! channel), and only the central directory — a few dozen bytes per file — is kept until the
//! end.
//!
//! Why our own and not the `zip` crate: `zip`'s writer is synchronous (`std::io::Write`) and
//! wants `Seek` unless put in its streaming mode, so feeding an async body would need a
//! blocking thread and a bridge per download; `async_zip` is another dependency tree for the
//! same few bytes of format. The format needed here is small: the bundle's files are made
//! one at a time in memory (a page, a CSV, one attachment read from the database), so each
//! file's CRC-32 and size are known before its local header is written and no data
//! descriptors are needed; files are STORED (the attachments — PDFs, Word files — are already
//! compressed, and the pages are small). APPNOTE.TXT 6.3.x, sections 4.3.7 (local file
//! header), 4.3.12 (central directory header) and 4.3.16 (end of central directory).
//!
//! Limits, refused with an error rather than written wrong: no ZIP64, so at most 65,535 files
//! and 4 GiB in all (a bundle's attachments are at most 10 MiB each).

use chrono::{DateTime, Datelike, Timelike, Utc};
use sha2::{Digest, Sha256};
use std::{future::Future, io};

/// The most bytes sent at once; with a channel of a few chunks it bounds what a download
/// holds besides the one file being written.
pub const CHUNK: usize = 64 * 1024;

/// Where the archive's bytes go, a chunk at a time. `send` waits while the reader is behind
/// and fails once the reader is gone (the download was cancelled).
pub trait ChunkSink: Send {
    fn send(&mut self, chunk: Vec<u8>) -> impl Future<Output = io::Result<()>> + Send;
}

impl ChunkSink for tokio::sync::mpsc::Sender<io::Result<Vec<u8>>> {
    async fn send(&mut self, chunk: Vec<u8>) -> io::Result<()> {
        tokio::sync::mpsc::Sender::send(self, Ok(chunk))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the download was cancelled"))
    }
}

/// What the manifest says of a file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub name: String,
    pub size: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
}

struct CentralEntry {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
}

/// A ZIP archive being streamed into `S`.
pub struct ZipStream<S> {
    sink: S,
    buffer: Vec<u8>,
    offset: u64,
    entries: Vec<CentralEntry>,
    dos_time: u16,
    dos_date: u16,
}

fn too_large() -> io::Error {
    io::Error::other("the bundle is larger than a ZIP without ZIP64 holds (4 GiB, 65,535 files)")
}

/// MS-DOS time and date (APPNOTE 4.4.6), to the two seconds they hold.
fn dos_stamp(at: DateTime<Utc>) -> (u16, u16) {
    let year = at.year().clamp(1980, 2107) as u16;
    let date = ((year - 1980) << 9) | ((at.month() as u16) << 5) | at.day() as u16;
    let time = ((at.hour() as u16) << 11) | ((at.minute() as u16) << 5) | (at.second() as u16 / 2);
    (time, date)
}

/// Flags: bit 11, the name is UTF-8.
const UTF8_NAMES: u16 = 1 << 11;
/// Version 2.0: what STORED files with no extensions need.
const VERSION: u16 = 20;

impl<S: ChunkSink> ZipStream<S> {
    /// An archive whose files are all dated `made_at`.
    pub fn new(sink: S, made_at: DateTime<Utc>) -> Self {
        let (dos_time, dos_date) = dos_stamp(made_at);
        ZipStream {
            sink,
            buffer: Vec::with_capacity(CHUNK),
            offset: 0,
            entries: Vec::new(),
            dos_time,
            dos_date,
        }
    }

    /// Queues bytes, sending every full chunk.
    async fn write(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let room = CHUNK - self.buffer.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = later;
            if self.buffer.len() == CHUNK {
                let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
                self.sink.send(chunk).await?;
            }
        }
        Ok(())
    }

    /// Adds one file, `name` being its path in the archive (see [`safe_name`]).
    pub async fn add(&mut self, name: &str, content: &[u8]) -> io::Result<Written> {
        let offset = u32::try_from(self.offset).map_err(|_| too_large())?;
        let size = u32::try_from(content.len()).map_err(|_| too_large())?;
        if self.entries.len() >= usize::from(u16::MAX) {
            return Err(too_large());
        }
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        let crc = crc32(content);
        let mut header = Vec::with_capacity(30 + name.len());
        header.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
        header.extend_from_slice(&VERSION.to_le_bytes());
        header.extend_from_slice(&UTF8_NAMES.to_le_bytes());
        header.extend_from_slice(&0_u16.to_le_bytes()); // STORED
        header.extend_from_slice(&self.dos_time.to_le_bytes());
        header.extend_from_slice(&self.dos_date.to_le_bytes());
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes()); // compressed
        header.extend_from_slice(&size.to_le_bytes()); // uncompressed
        header.extend_from_slice(&name_len.to_le_bytes());
        header.extend_from_slice(&0_u16.to_le_bytes()); // extra field
        header.extend_from_slice(name.as_bytes());
        self.write(&header).await?;
        self.write(content).await?;
        self.offset += (header.len() + content.len()) as u64;
        if self.offset > u64::from(u32::MAX) {
            return Err(too_large());
        }
        self.entries.push(CentralEntry {
            name: name.to_owned(),
            crc,
            size,
            offset,
        });
        Ok(Written {
            name: name.to_owned(),
            size: content.len() as u64,
            sha256: sha256_hex(content),
        })
    }

    /// Writes the central directory and sends what is left; returns the sink.
    pub async fn finish(mut self) -> io::Result<S> {
        let start = u32::try_from(self.offset).map_err(|_| too_large())?;
        let entries = std::mem::take(&mut self.entries);
        let mut directory_size: u64 = 0;
        for entry in &entries {
            let mut record = Vec::with_capacity(46 + entry.name.len());
            record.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
            record.extend_from_slice(&((3_u16 << 8) | VERSION).to_le_bytes()); // made by: Unix
            record.extend_from_slice(&VERSION.to_le_bytes());
            record.extend_from_slice(&UTF8_NAMES.to_le_bytes());
            record.extend_from_slice(&0_u16.to_le_bytes());
            record.extend_from_slice(&self.dos_time.to_le_bytes());
            record.extend_from_slice(&self.dos_date.to_le_bytes());
            record.extend_from_slice(&entry.crc.to_le_bytes());
            record.extend_from_slice(&entry.size.to_le_bytes());
            record.extend_from_slice(&entry.size.to_le_bytes());
            record.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
            record.extend_from_slice(&0_u16.to_le_bytes()); // extra
            record.extend_from_slice(&0_u16.to_le_bytes()); // comment
            record.extend_from_slice(&0_u16.to_le_bytes()); // disk
            record.extend_from_slice(&0_u16.to_le_bytes()); // internal attributes
            record.extend_from_slice(&(0o100_644_u32 << 16).to_le_bytes()); // -rw-r--r--
            record.extend_from_slice(&entry.offset.to_le_bytes());
            record.extend_from_slice(entry.name.as_bytes());
            directory_size += record.len() as u64;
            self.write(&record).await?;
        }
        let directory_size = u32::try_from(directory_size).map_err(|_| too_large())?;
        if u64::from(start) + u64::from(directory_size) > u64::from(u32::MAX) {
            return Err(too_large());
        }
        let count = entries.len() as u16;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
        end.extend_from_slice(&0_u16.to_le_bytes());
        end.extend_from_slice(&0_u16.to_le_bytes());
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&directory_size.to_le_bytes());
        end.extend_from_slice(&start.to_le_bytes());
        end.extend_from_slice(&0_u16.to_le_bytes());
        self.write(&end).await?;
        if !self.buffer.is_empty() {
            let rest = std::mem::take(&mut self.buffer);
            self.sink.send(rest).await?;
        }
        Ok(self.sink)
    }
}

/// A path inside the archive made of `parts`: each part keeps letters, digits, `.`, `-` and
/// `_` (others become `-`), none is empty or made of dots, so no name can climb out of the
/// folder it is extracted to or hide.
pub fn safe_name(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|part| {
            let cleaned: String = part
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                        c
                    } else {
                        '-'
                    }
                })
                .take(120)
                .collect();
            let cleaned = cleaned.trim_start_matches('.').to_owned();
            if cleaned.is_empty() {
                "file".to_owned()
            } else {
                cleaned
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// CRC-32 as ZIP uses it (IEEE 802.3, reflected, polynomial 0xEDB88320).
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0_u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0_u32;
    for &b in bytes {
        crc = TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that keeps everything, for checking the format.
    struct Collect(Vec<u8>, usize);

    impl ChunkSink for Collect {
        async fn send(&mut self, chunk: Vec<u8>) -> io::Result<()> {
            assert!(chunk.len() <= CHUNK);
            self.1 += 1;
            self.0.extend_from_slice(&chunk);
            Ok(())
        }
    }

    #[test]
    fn crc32_matches_the_check_value() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn names_cannot_climb_out_or_hide() {
        assert_eq!(
            safe_name(&["06-unions", "../../etc/passwd"]),
            "06-unions/-..-etc-passwd"
        );
        assert_eq!(safe_name(&["a", ".."]), "a/file");
        assert_eq!(safe_name(&["a", ".hidden"]), "a/hidden");
        assert_eq!(safe_name(&["Reply (final).pdf"]), "Reply--final-.pdf");
    }

    #[tokio::test]
    async fn an_archive_has_its_headers_directory_and_end_record() {
        let made = DateTime::parse_from_rfc3339("2026-12-07T10:20:30Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut zip = ZipStream::new(Collect(Vec::new(), 0), made);
        let a = zip.add("a.txt", b"hello").await.unwrap();
        zip.add("dir/b.txt", b"").await.unwrap();
        let out = zip.finish().await.unwrap().0;
        assert_eq!(a.size, 5);
        assert_eq!(
            a.sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(&out[..4], &0x0403_4b50_u32.to_le_bytes());
        // The end record: two entries, and the directory where it says.
        let end = &out[out.len() - 22..];
        assert_eq!(&end[..4], &0x0605_4b50_u32.to_le_bytes());
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let dir_size = u32::from_le_bytes(end[12..16].try_into().unwrap()) as usize;
        let dir_start = u32::from_le_bytes(end[16..20].try_into().unwrap()) as usize;
        assert_eq!(dir_start + dir_size, out.len() - 22);
        assert_eq!(
            &out[dir_start..dir_start + 4],
            &0x0201_4b50_u32.to_le_bytes()
        );
        // 10:20:30 on 7 December 2026.
        assert_eq!(
            dos_stamp(made),
            ((10 << 11) | (20 << 5) | 15, (46 << 9) | (12 << 5) | 7)
        );
    }

    /// The writer holds at most a chunk: over a channel of one slot it cannot run ahead of
    /// the reader, so a bundle built whole before sending could not pass. 64 MiB go through in
    /// chunks no larger than `CHUNK`, and the writer is still waiting on the reader when the
    /// reader has had only part of them.
    #[tokio::test]
    async fn over_a_bounded_channel_the_writer_waits_for_the_reader() {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<io::Result<Vec<u8>>>(1);
        let file = vec![7_u8; 1024 * 1024];
        let writer = tokio::spawn(async move {
            let mut zip = ZipStream::new(tx, Utc::now());
            for i in 0..64 {
                zip.add(&format!("f{i}.bin"), &file).await?;
            }
            zip.finish().await.map(drop)
        });
        let mut received = 0_usize;
        let mut chunks = 0_usize;
        while let Some(chunk) = rx.recv().await {
            let chunk = chunk.unwrap();
            assert!(chunk.len() <= CHUNK, "a chunk of {} bytes", chunk.len());
            received += chunk.len();
            chunks += 1;
            if chunks == 16 {
                // 1 MiB read of 64: the writer cannot have finished, it waits on the channel.
                assert!(!writer.is_finished());
            }
        }
        writer.await.unwrap().unwrap();
        assert!(received > 64 * 1024 * 1024);
        assert!(chunks > 1000);
    }

    #[tokio::test]
    async fn a_cancelled_download_stops_the_writer() {
        let (tx, rx) = tokio::sync::mpsc::channel::<io::Result<Vec<u8>>>(1);
        drop(rx);
        let mut zip = ZipStream::new(tx, Utc::now());
        let err = zip
            .add("big.bin", &vec![0_u8; CHUNK * 2])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }
}
