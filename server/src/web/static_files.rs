//! The built site's files (the `pkg/` bundle with its precompressed copies, the icon,
//! `robots.txt`), read into memory once at start-up and served from there. Going to the file
//! system for each request (several trips to the blocking thread pool: metadata, open, reads)
//! made a static file slower than a whole server-rendered page on a kept-alive connection.
//!
//! It answers as tower-http's `ServeDir` with precompressed br and gzip does: the content type
//! by extension, the `.br` or `.gz` copy when the client accepts it (`Content-Encoding`,
//! `Vary: accept-encoding`), `Last-Modified` and 304 for `If-Modified-Since`, and HEAD. Anything
//! else — another method, a `Range` or another precondition, a path not loaded — falls through to
//! the next handler, which reads the file system. The site is read when the server starts: after
//! a rebuild, restart the server (as `scripts/run` does).

use std::{
    collections::HashMap,
    future::Future,
    path::Path,
    pin::Pin,
    sync::Arc,
    time::{Duration, SystemTime},
};

use axum::{
    body::{Body, Bytes},
    extract::State,
    http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri},
};

/// Larger files are left to the file system.
const LARGEST_FILE: u64 = 8 << 20;
/// At most this much is held in memory; the rest is left to the file system.
const MOST_IN_MEMORY: u64 = 64 << 20;

/// The files under a site root, by their path in the site (`/pkg/portal.css`).
#[derive(Default)]
pub struct StaticFiles {
    files: HashMap<String, File>,
}

struct File {
    content_type: HeaderValue,
    /// Whole seconds, as HTTP dates have them.
    modified: Option<SystemTime>,
    identity: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
}

impl StaticFiles {
    /// Reads the files under `root`; a missing or unreadable root gives an empty set.
    pub fn load(root: &Path) -> Self {
        let mut found = Vec::new();
        walk(root, "", &mut found);
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let mut total = 0u64;
        let mut bytes: HashMap<String, (Bytes, Option<SystemTime>)> = HashMap::new();
        for (path, file, len) in found {
            if len > LARGEST_FILE || total + len > MOST_IN_MEMORY {
                continue;
            }
            let Ok(content) = std::fs::read(&file) else { continue };
            total += content.len() as u64;
            let modified = std::fs::metadata(&file).and_then(|m| m.modified()).ok().map(whole_seconds);
            bytes.insert(path, (Bytes::from(content), modified));
        }
        let files = bytes
            .iter()
            .map(|(path, (identity, modified))| {
                let copy = |suffix: &str| bytes.get(&format!("{path}{suffix}")).map(|(b, _)| b.clone());
                let content_type = mime_guess::from_path(path)
                    .first_raw()
                    .map(HeaderValue::from_static)
                    .unwrap_or_else(|| HeaderValue::from_static("application/octet-stream"));
                let file = File {
                    content_type,
                    modified: *modified,
                    identity: identity.clone(),
                    br: copy(".br"),
                    gzip: copy(".gz"),
                };
                (path.clone(), file)
            })
            .collect();
        Self { files }
    }

    /// How many files are held.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file is held.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The response for a request of `path`, or `None` to leave it to the file system.
    pub fn respond(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<Response<Body>> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let preconditions = [
            header::RANGE,
            header::IF_RANGE,
            header::IF_MATCH,
            header::IF_UNMODIFIED_SINCE,
            header::IF_NONE_MATCH,
        ];
        if preconditions.iter().any(|name| headers.contains_key(name)) {
            return None;
        }
        let file = self.files.get(path)?;
        let mut response = Response::builder()
            .header(header::CONTENT_TYPE, file.content_type.clone())
            .header(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(modified) = file.modified {
            response = response.header(header::LAST_MODIFIED, httpdate::fmt_http_date(modified));
            let since = headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| httpdate::parse_http_date(v).ok());
            if since.is_some_and(|since| modified <= since) {
                return response.status(StatusCode::NOT_MODIFIED).body(Body::empty()).ok();
            }
        }
        let (body, encoding) = match preferred_encoding(headers, file.br.is_some(), file.gzip.is_some()) {
            Some("br") => (file.br.clone()?, Some("br")),
            Some(_) => (file.gzip.clone()?, Some("gzip")),
            None => (file.identity.clone(), None),
        };
        if let Some(encoding) = encoding {
            response = response.header(header::CONTENT_ENCODING, encoding);
        }
        response = response.header(header::CONTENT_LENGTH, body.len());
        let body = if method == Method::HEAD { Body::empty() } else { Body::from(body) };
        response.status(StatusCode::OK).body(body).ok()
    }
}

/// What a fallback handler such as leptos_axum's returns.
pub type Answer = Pin<Box<dyn Future<Output = Response<Body>> + Send + 'static>>;

/// A fallback handler that serves `files` from memory and leaves everything else to `next`.
pub fn or_else<S, H>(
    files: StaticFiles,
    next: H,
) -> impl Fn(Uri, State<S>, Request<Body>) -> Answer + Clone + Send + Sync + 'static
where
    S: Send + Sync + 'static,
    H: Fn(Uri, State<S>, Request<Body>) -> Answer + Clone + Send + Sync + 'static,
{
    let files = Arc::new(files);
    move |uri: Uri, state: State<S>, request: Request<Body>| match files.respond(
        request.method(),
        uri.path(),
        request.headers(),
    ) {
        Some(response) => Box::pin(std::future::ready(response)),
        None => next(uri, state, request),
    }
}

/// The encoding of the precompressed copy to send, if the client accepts one that exists: the
/// highest quality wins, br on a tie; `*` stands for any encoding not named.
fn preferred_encoding(headers: &HeaderMap, has_br: bool, has_gzip: bool) -> Option<&'static str> {
    let mut br = None;
    let mut gzip = None;
    let mut any = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for entry in value.split(',') {
            let mut parts = entry.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
            let Some(quality) = quality else { continue };
            match name.as_str() {
                "br" => br = Some(quality),
                "gzip" | "x-gzip" => gzip = Some(quality),
                "*" => any = Some(quality),
                _ => {}
            }
        }
    }
    let br = if has_br { br.or(any).unwrap_or(0.0) } else { 0.0 };
    let gzip = if has_gzip { gzip.or(any).unwrap_or(0.0) } else { 0.0 };
    if br > 0.0 && br >= gzip {
        Some("br")
    } else if gzip > 0.0 {
        Some("gzip")
    } else {
        None
    }
}

/// Collects (path in the site, file, length) for the regular files under `dir`.
fn walk(dir: &Path, prefix: &str, found: &mut Vec<(String, std::path::PathBuf, u64)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
        let path = entry.path();
        let Ok(metadata) = std::fs::metadata(&path) else { continue };
        let site_path = format!("{prefix}/{name}");
        if metadata.is_dir() {
            walk(&path, &site_path, found);
        } else if metadata.is_file() {
            found.push((site_path, path, metadata.len()));
        }
    }
}

fn whole_seconds(time: SystemTime) -> SystemTime {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(since) => SystemTime::UNIX_EPOCH + Duration::from_secs(since.as_secs()),
        Err(_) => time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, StaticFiles) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/portal.css"), "body { margin: 0 }").unwrap();
        std::fs::write(dir.path().join("pkg/portal.css.br"), "BR").unwrap();
        std::fs::write(dir.path().join("pkg/portal.css.gz"), "GZ").unwrap();
        std::fs::write(dir.path().join("favicon.svg"), "<svg/>").unwrap();
        let files = StaticFiles::load(dir.path());
        (dir, files)
    }

    fn get(
        files: &StaticFiles,
        path: &str,
        headers: &[(header::HeaderName, &str)],
    ) -> Option<Response<Body>> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        files.respond(&Method::GET, path, &map)
    }

    async fn body(response: Response<Body>) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()
    }

    #[tokio::test]
    async fn files_are_served_with_their_type_and_the_precompressed_copy_the_client_accepts() {
        let (_dir, files) = site();
        assert_eq!(files.len(), 4);
        let plain = get(&files, "/pkg/portal.css", &[]).unwrap();
        assert_eq!(plain.headers()[header::CONTENT_TYPE], "text/css");
        assert_eq!(plain.headers()[header::VARY], "accept-encoding");
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(body(plain).await, b"body { margin: 0 }");
        for (accept, encoding, content) in [
            ("gzip, deflate, br", "br", &b"BR"[..]),
            ("gzip", "gzip", b"GZ"),
            ("br;q=0.5, gzip", "gzip", b"GZ"),
            ("*", "br", b"BR"),
        ] {
            let response = get(&files, "/pkg/portal.css", &[(header::ACCEPT_ENCODING, accept)]).unwrap();
            assert_eq!(response.headers()[header::CONTENT_ENCODING], encoding, "{accept}");
            assert_eq!(response.headers()[header::CONTENT_LENGTH], content.len().to_string());
            assert_eq!(body(response).await, content, "{accept}");
        }
        let refused =
            get(&files, "/pkg/portal.css", &[(header::ACCEPT_ENCODING, "br;q=0, gzip;q=0")]).unwrap();
        assert!(refused.headers().get(header::CONTENT_ENCODING).is_none());
        let icon = get(&files, "/favicon.svg", &[(header::ACCEPT_ENCODING, "br")]).unwrap();
        assert_eq!(icon.headers()[header::CONTENT_TYPE], "image/svg+xml");
        assert!(icon.headers().get(header::CONTENT_ENCODING).is_none(), "no copy: the layer compresses");
    }

    #[tokio::test]
    async fn a_copy_not_modified_since_gets_304_and_head_gets_no_body() {
        let (_dir, files) = site();
        let first = get(&files, "/favicon.svg", &[]).unwrap();
        let modified = first.headers()[header::LAST_MODIFIED].to_str().unwrap().to_string();
        let again = get(&files, "/favicon.svg", &[(header::IF_MODIFIED_SINCE, &modified)]).unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert!(body(again).await.is_empty());
        let old =
            get(&files, "/favicon.svg", &[(header::IF_MODIFIED_SINCE, "Mon, 01 Jan 2001 00:00:00 GMT")]);
        assert_eq!(old.unwrap().status(), StatusCode::OK);
        let head = files.respond(&Method::HEAD, "/favicon.svg", &HeaderMap::new()).unwrap();
        assert_eq!(head.headers()[header::CONTENT_LENGTH], "6");
        assert!(body(head).await.is_empty());
    }

    #[test]
    fn everything_else_is_left_to_the_file_system() {
        let (_dir, files) = site();
        assert!(get(&files, "/missing.css", &[]).is_none());
        assert!(get(&files, "/pkg", &[]).is_none());
        assert!(get(&files, "/pkg/portal.css", &[(header::RANGE, "bytes=0-3")]).is_none());
        assert!(files.respond(&Method::POST, "/pkg/portal.css", &HeaderMap::new()).is_none());
        assert!(StaticFiles::load(Path::new("/nonexistent/site")).is_empty());
    }
}
