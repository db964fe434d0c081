//! The built web app (`frontend/dist`), read into memory at start-up and served with the
//! encodings the build precompressed (`.br`, `.gz` beside each file; `npm run build` writes
//! them), so a first visit transfers the compressed bytes and no request spends CPU
//! compressing. Hashed files under `/assets/` never change under their name and are cached for
//! a year; `index.html` (and every deep link, which the app routes) is revalidated each time.

use poem::{
    Endpoint, Request, Response,
    http::{HeaderValue, Method, StatusCode, header},
};
use sha2::{Digest, Sha256};
use std::{collections::HashMap, path::Path};

/// One file of the app, in every encoding the build wrote.
struct Asset {
    content_type: &'static str,
    identity: Vec<u8>,
    gzip: Option<Vec<u8>>,
    brotli: Option<Vec<u8>>,
    etag: String,
}

/// The web app's files, by URL path (`/assets/index-3f2a.js`).
pub struct WebApp {
    files: HashMap<String, Asset>,
}

/// Hashed by the bundler: the name changes whenever the content does.
const HASHED_PREFIX: &str = "/assets/";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

impl WebApp {
    /// Reads every file under `dir`; `None` when it holds no `index.html` (not built).
    pub fn load(dir: &Path) -> std::io::Result<Option<Self>> {
        if !dir.join("index.html").is_file() {
            return Ok(None);
        }
        let mut files = HashMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let name = path.to_string_lossy();
                if name.ends_with(".gz") || name.ends_with(".br") {
                    continue;
                }
                let identity = std::fs::read(&path)?;
                let sibling = |suffix: &str| {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    std::fs::read(file).ok()
                };
                let relative = path
                    .strip_prefix(dir)
                    .map_err(std::io::Error::other)?
                    .to_string_lossy()
                    .replace('\\', "/");
                let etag = format!("\"{}\"", &format!("{:x}", Sha256::digest(&identity))[..20]);
                files.insert(
                    format!("/{relative}"),
                    Asset {
                        content_type: content_type(&relative),
                        gzip: sibling(".gz"),
                        brotli: sibling(".br"),
                        identity,
                        etag,
                    },
                );
            }
        }
        Ok(Some(Self { files }))
    }

    fn respond(&self, request: &Request) -> Response {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return StatusCode::METHOD_NOT_ALLOWED.into();
        }
        let path = request.original_uri().path();
        let (asset, cache) = match self.files.get(path) {
            Some(asset) if path.starts_with(HASHED_PREFIX) => (asset, IMMUTABLE),
            Some(asset) => (asset, REVALIDATE),
            // A hashed file that is not there is an old page asking for a gone build.
            None if path.starts_with(HASHED_PREFIX) => return StatusCode::NOT_FOUND.into(),
            // Any other path is a page of the app, which routes it (the API explorer at
            // /graphiql among them: GraphiQL is a chunk of the app, not a page of its own).
            None => match self.files.get("/index.html") {
                Some(index) => (index, REVALIDATE),
                None => return StatusCode::NOT_FOUND.into(),
            },
        };
        let accepted = request
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let not_modified = request
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| tags.split(',').any(|t| t.trim() == asset.etag));
        let (body, encoding) = match (&asset.brotli, &asset.gzip) {
            (Some(br), _) if accepts(accepted, "br") => (br, Some("br")),
            (_, Some(gz)) if accepts(accepted, "gzip") => (gz, Some("gzip")),
            _ => (&asset.identity, None),
        };
        let mut response = if not_modified {
            Response::builder()
                .status(StatusCode::NOT_MODIFIED)
                .finish()
        } else if request.method() == Method::HEAD {
            Response::builder().finish()
        } else {
            Response::builder().body(body.clone())
        };
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        if let Ok(etag) = HeaderValue::from_str(&asset.etag) {
            headers.insert(header::ETAG, etag);
        }
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }
}

impl Endpoint for WebApp {
    type Output = Response;

    async fn call(&self, request: Request) -> poem::Result<Response> {
        Ok(self.respond(&request))
    }
}

/// Whether an `Accept-Encoding` value accepts `coding` (and does not refuse it with `q=0`).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.8, br;q=1.0", "gzip"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "br"));
    }
}
