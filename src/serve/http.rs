//! HTTP: every answer comes from the snapshot in memory. A request path is decoded segment
//! by segment and refused (400) when a segment could climb out or smuggle a separator
//! (`..`, `.`, `%2f`, `\`, NUL, empty segments as in `//etc/passwd`); what is left is only
//! ever a key into the map of built files, so nothing can reach the disk. Pretty URLs as a
//! static host serves them: `/op/policy` redirects to `/op/policy/`, which serves
//! `op/policy/index.html`; unknown paths get the site's 404 page with status 404.

use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::broadcast;

use super::inject;
use super::state::{Message, Shared, Snapshot};

/// The live-reload endpoint, under the site's base path.
pub const EVENTS: &str = "__redakt/events";

/// Starts a small runtime serving `listener` in the background.
pub fn spawn(
    listener: TcpListener,
    shared: Arc<Shared>,
) -> std::io::Result<tokio::runtime::Runtime> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("redakt-http")
        .enable_all()
        .build()?;
    listener.set_nonblocking(true)?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let app = Router::new().fallback(handle).with_state(shared);
    runtime.spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("warning: the HTTP server stopped: {e}");
        }
    });
    Ok(runtime)
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the build, by its key.
    File(String),
    /// The same path with a trailing slash (a page), or the base path's root.
    Redirect(String),
    Events,
    NotFound,
    /// A path that tries to leave the site or hides a separator.
    BadRequest,
}

async fn handle(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = shared.snapshot();
    let exists = |key: &str| snapshot.files.contains_key(key);
    match resolve(uri.path(), &snapshot.base_path, &exists) {
        Target::File(key) => file(&snapshot, &key, StatusCode::OK),
        Target::Redirect(path) => redirect(&path, uri.query()),
        Target::Events => events(&shared, &snapshot),
        Target::NotFound => not_found(&snapshot),
        Target::BadRequest => plain(StatusCode::BAD_REQUEST, "bad request path\n"),
    }
}

/// Maps a raw (still percent-encoded) request path to what it names.
pub fn resolve(raw: &str, base_path: &str, exists: &dyn Fn(&str) -> bool) -> Target {
    let Some(path) = decode_path(raw) else {
        return Target::BadRequest;
    };
    let rest = if base_path.is_empty() {
        path.strip_prefix('/')
    } else if path == base_path || path == "/" {
        return Target::Redirect(format!("{base_path}/"));
    } else {
        path.strip_prefix(base_path)
            .and_then(|r| r.strip_prefix('/'))
    };
    let Some(rest) = rest else {
        return Target::NotFound;
    };
    if rest == EVENTS {
        return Target::Events;
    }
    if rest.is_empty() || rest.ends_with('/') {
        let key = format!("{rest}index.html");
        return if exists(&key) {
            Target::File(key)
        } else {
            Target::NotFound
        };
    }
    if exists(rest) {
        Target::File(rest.to_string())
    } else if exists(&format!("{rest}/index.html")) {
        Target::Redirect(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

/// Decodes a path segment by segment; `None` for anything a file name of the site cannot
/// be: `.`/`..`, an encoded `/`, a backslash, NUL, an empty segment but the last one, bad
/// percent escapes, invalid UTF-8.
fn decode_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    let mut decoded = String::with_capacity(raw.len());
    for (i, segment) in segments.iter().enumerate() {
        let text = percent_decode(segment)?;
        let last = i + 1 == segments.len();
        let empty_inside = text.is_empty() && !last;
        if empty_inside || text == "." || text == ".." || text.contains(['/', '\\', '\0']) {
            return None;
        }
        decoded.push('/');
        decoded.push_str(&text);
    }
    Some(decoded)
}

fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn file(snapshot: &Snapshot, key: &str, status: StatusCode) -> Response {
    let Some(bytes) = snapshot.files.get(key) else {
        return not_found(snapshot);
    };
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        Bytes::from(inject::page(bytes, snapshot, &events_url(snapshot)))
    } else {
        bytes.clone()
    };
    respond(status, kind, body)
}

fn not_found(snapshot: &Snapshot) -> Response {
    if snapshot.files.contains_key("404.html") {
        return file(snapshot, "404.html", StatusCode::NOT_FOUND);
    }
    // No build to take a 404 page from: the site has not built yet.
    let (status, title) = match snapshot.problems {
        Some(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The site has errors and has not been built yet",
        ),
        None => (StatusCode::NOT_FOUND, "Not found"),
    };
    let page = inject::standalone(title, snapshot, &events_url(snapshot));
    respond(status, "text/html; charset=utf-8", Bytes::from(page))
}

fn redirect(path: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    let mut response = plain(StatusCode::PERMANENT_REDIRECT, "");
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(text.as_bytes()),
    )
}

fn respond(status: StatusCode, kind: &'static str, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn events_url(snapshot: &Snapshot) -> String {
    format!("{}/{EVENTS}", snapshot.base_path)
}

/// The content type of a file of the site, by its extension; text always in UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Server-Sent Events: first the state at connection time (`hello`), then every rebuild.
fn events(shared: &Shared, snapshot: &Snapshot) -> Response {
    let hello = serde_json::json!({
        "build": snapshot.build,
        "problems": snapshot.problems.as_deref(),
    });
    let first = Event::default().event("hello").data(hello.to_string());
    let receiver = shared.subscribe();
    let later = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let message = next_message(&mut receiver).await?;
        Some((Ok::<_, Infallible>(to_event(&message)), receiver))
    });
    let stream = futures_util::stream::StreamExt::chain(
        futures_util::stream::once(async move { Ok(first.retry(Duration::from_secs(1))) }),
        later,
    );
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The next message; a tab that fell behind is told to reload, which catches it up.
async fn next_message(receiver: &mut broadcast::Receiver<Message>) -> Option<Message> {
    match receiver.recv().await {
        Ok(message) => Some(message),
        Err(broadcast::error::RecvError::Lagged(_)) => Some(Message::Reload {
            build: String::new(),
        }),
        Err(broadcast::error::RecvError::Closed) => None,
    }
}

fn to_event(message: &Message) -> Event {
    match message {
        Message::Reload { build } => Event::default()
            .event("reload")
            .data(serde_json::json!({ "build": build }).to_string()),
        Message::Css { build } => Event::default()
            .event("css")
            .data(serde_json::json!({ "build": build }).to_string()),
        Message::Problems(problems) => Event::default()
            .event("problems")
            .data(serde_json::to_string(problems.as_ref()).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        [
            "index.html",
            "op/policy/index.html",
            "redakt.css",
            "404.html",
        ]
        .contains(&key)
    }

    #[test]
    fn pages_files_and_redirects() {
        assert_eq!(resolve("/", "", &site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/op/policy/", "", &site),
            Target::File("op/policy/index.html".into())
        );
        assert_eq!(
            resolve("/op/policy", "", &site),
            Target::Redirect("/op/policy/".into())
        );
        assert_eq!(
            resolve("/redakt.css", "", &site),
            Target::File("redakt.css".into())
        );
        assert_eq!(resolve("/missing", "", &site), Target::NotFound);
        assert_eq!(resolve("/__redakt/events", "", &site), Target::Events);
    }

    #[test]
    fn the_base_path_is_where_the_site_lives() {
        assert_eq!(
            resolve("/legal/op/policy/", "/legal", &site),
            Target::File("op/policy/index.html".into())
        );
        assert_eq!(
            resolve("/legal", "/legal", &site),
            Target::Redirect("/legal/".into())
        );
        assert_eq!(
            resolve("/", "/legal", &site),
            Target::Redirect("/legal/".into())
        );
        assert_eq!(resolve("/op/policy/", "/legal", &site), Target::NotFound);
        assert_eq!(resolve("/legalese/", "/legal", &site), Target::NotFound);
        assert_eq!(
            resolve("/legal/__redakt/events", "/legal", &site),
            Target::Events
        );
    }

    #[test]
    fn paths_that_climb_or_smuggle_separators_are_refused() {
        for raw in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/op/../../site.toml",
            "/op%2f..%2f..%2fsite.toml",
            "/op%2F..%2Fsite.toml",
            "//etc/passwd",
            "/op\\..\\site.toml",
            "/op%5c..%5csite.toml",
            "/op%00.html",
            "/./index.html",
            "/%zz",
            "/%ff",
            "*",
            "",
        ] {
            assert_eq!(resolve(raw, "", &site), Target::BadRequest, "{raw}");
        }
    }

    #[test]
    fn text_types_say_utf8() {
        for (path, kind) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("redakt.css", "text/css; charset=utf-8"),
            ("x.js", "text/javascript; charset=utf-8"),
            ("feed.xml", "application/xml; charset=utf-8"),
            ("api/v1/index.json", "application/json; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.png", "image/png"),
            ("noextension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), kind);
        }
    }
}
