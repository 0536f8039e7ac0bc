//! Live reload in a real browser: headless Chromium, driven over the DevTools protocol,
//! shows a page of `redakt serve` while the tests edit files on disk. Nothing reloads the
//! page but the injected script.
//!
//! The browser is `$CHROME`, else `chromium` or `chromium-browser` on the PATH. Without
//! one, the tests print a loud notice and pass, except when `CI` is set or
//! `REDAKT_REQUIRE_BROWSER=1`: then they fail, so CI cannot skip them silently.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

use common::http::eventually;
use common::{edition, Fixture, OPERATOR_TOML};
use redakt::serve::{self, ServeOptions, Server};

const WAIT: Duration = Duration::from_secs(30);

fn site() -> Fixture {
    Fixture::new(&[
        ("content/op/_operator.toml", OPERATOR_TOML),
        ("content/op/privacy/1.0.md", &first_edition("Исходный текст политики.")),
        ("static/site.css", "body { color: black; }\n"),
        (
            "templates/partials/footer.html",
            "<footer class=\"site-footer\"><link rel=\"stylesheet\" href=\"{{ page.root }}site.css\"></footer>\n",
        ),
    ])
}

fn first_edition(text: &str) -> String {
    edition(
        "version = \"1.0\"\npublished = 2024-01-15",
        &format!("# Политика\n\n1.1. {text}\n"),
    )
}

fn start(site: &Fixture, port: u16) -> Server {
    serve::start(ServeOptions {
        root: site.root().to_path_buf(),
        port,
        date: redakt::cli::parse_date("2026-11-23").ok(),
        quiet: true,
        ..ServeOptions::default()
    })
    .unwrap_or_else(|e| panic!("serve did not start: {e:?}"))
}

#[test]
fn an_open_page_follows_edits_errors_and_fixes() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let site = site();
    let server = start(&site, 0);
    let tab = browser.open(&format!("{}op/privacy/", server.url()));
    browser.wait_for(tab.as_str(), "the page, connected", "document.body.innerText.includes('Исходный текст') && window.__redakt && window.__redakt.connected");

    site.write(
        "content/op/privacy/1.0.md",
        &first_edition("Новый текст без перезагрузки."),
    );
    browser.wait_for(
        &tab,
        "the edited text",
        "document.body.innerText.includes('Новый текст без перезагрузки')",
    );

    site.write(
        "content/op/privacy/1.0.md",
        "+++\nversion = \"1.0\"\npublishd = 2024-01-15\n+++\n# Политика\n\n1.1. Сломано.\n",
    );
    browser.wait_for(&tab, "the overlay with file and line", "(document.getElementById('redakt-overlay') || {innerText: ''}).innerText.includes('content/op/privacy/1.0.md:3:1')");
    let overlay = browser.eval(&tab, "document.getElementById('redakt-overlay').innerText");
    assert!(
        overlay.as_str().unwrap_or("").contains("publishd"),
        "{overlay}"
    );
    assert!(
        browser.eval(
            &tab,
            "document.body.innerText.includes('Новый текст без перезагрузки')"
        ) == json!(true),
        "the last good page must stay under the overlay"
    );

    site.write("content/op/privacy/1.0.md", &first_edition("Исправлено."));
    browser.wait_for(&tab, "the fixed page without the overlay", "document.body.innerText.includes('Исправлено.') && !document.getElementById('redakt-overlay')");
}

#[test]
fn a_page_opened_while_the_site_is_broken_shows_the_overlay_at_once() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let site = site();
    let server = start(&site, 0);
    site.write(
        "content/op/privacy/1.0.md",
        "+++\nversion = \"1.0\"\n+++\nтекст\n",
    );
    assert!(eventually(WAIT, || server.rebuilds().failed > 0));
    let tab = browser.open(&format!("{}op/privacy/", server.url()));
    browser.wait_for(&tab, "the overlay", "(document.getElementById('redakt-overlay') || {innerText: ''}).innerText.includes('content/op/privacy/1.0.md')");
}

#[test]
fn a_stylesheet_change_restyles_the_page_without_reloading_it() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let site = site();
    let server = start(&site, 0);
    let tab = browser.open(&format!("{}op/privacy/", server.url()));
    browser.wait_for(
        &tab,
        "the page, connected",
        "window.__redakt && window.__redakt.connected",
    );
    // A reload would drop this mark.
    browser.eval(&tab, "window.redaktTestMark = 42");
    site.write("static/site.css", "body { color: rgb(0, 0, 128); }\n");
    browser.wait_for(
        &tab,
        "the new style",
        "getComputedStyle(document.body).color === 'rgb(0, 0, 128)'",
    );
    assert_eq!(
        browser.eval(&tab, "window.redaktTestMark"),
        json!(42),
        "the page was reloaded"
    );
}

#[test]
fn an_open_page_reconnects_after_the_server_restarts() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let site = site();
    let server = start(&site, 0);
    let port = server.addr().port();
    let tab = browser.open(&format!("{}op/privacy/", server.url()));
    browser.wait_for(
        &tab,
        "the page, connected",
        "window.__redakt && window.__redakt.connected",
    );
    drop(server);
    browser.wait_for(&tab, "the lost connection", "!window.__redakt.connected");
    site.write(
        "content/op/privacy/1.0.md",
        &first_edition("Изменено, пока сервер стоял."),
    );
    let _server = start(&site, port);
    browser.wait_for(
        &tab,
        "the text changed while the server was down",
        "document.body.innerText.includes('Изменено, пока сервер стоял')",
    );
}

/// A headless Chromium and one DevTools connection to it.
struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts the browser; `None` (after a loud notice) when there is none and none is required.
    fn launch() -> Option<Browser> {
        let Some(binary) = find_browser() else {
            let required = std::env::var_os("CI").is_some()
                || std::env::var("REDAKT_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
            assert!(!required, "no Chromium found ($CHROME, chromium, chromium-browser), and CI or REDAKT_REQUIRE_BROWSER=1 requires the browser tests: install it, e.g. apt-get install chromium");
            // Straight to stderr: the test harness would swallow eprintln! of a passing test.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"\n!!!!! SKIPPED: browser test, no Chromium found ($CHROME, chromium, chromium-browser); install it (apt-get install chromium) to run it !!!!!\n",
            );
            return None;
        };
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(&binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let endpoint = devtools_endpoint(&mut child);
        let socket = connect(&endpoint);
        Some(Browser {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        })
    }

    /// Opens `url` in a new tab; returns the DevTools session of that tab.
    fn open(&mut self, url: &str) -> String {
        let target = self.call(None, "Target.createTarget", json!({ "url": url }));
        let target_id = target["targetId"].as_str().unwrap().to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        attached["sessionId"].as_str().unwrap().to_string()
    }

    /// The value of a JavaScript expression in the tab (`null` while the page is loading).
    fn eval(&mut self, session: &str, expression: &str) -> Value {
        let result = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        result["result"]["value"].clone()
    }

    /// Polls `expression` until it is `true`.
    fn wait_for(&mut self, session: &str, what: &str, expression: &str) {
        let held = eventually(WAIT, || self.eval(session, expression) == json!(true));
        if !held {
            let text = self.eval(session, "document.documentElement.outerHTML");
            panic!("the browser never showed {what} ({expression}); the page:\n{text}");
        }
    }

    /// Sends one command and waits for its answer, skipping events.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to the browser");
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            let reply = match self.socket.read() {
                Ok(Message::Text(text)) => serde_json::from_str::<Value>(&text).unwrap(),
                Ok(_) => continue,
                Err(e) => panic!("the browser connection failed: {e}"),
            };
            if reply["id"] == json!(id) {
                // A page navigating away answers with an error; the caller polls again.
                return reply.get("result").cloned().unwrap_or(Value::Null);
            }
        }
        panic!("the browser did not answer {method}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Chromium prints `DevTools listening on ws://…` on stderr once it is ready.
fn devtools_endpoint(child: &mut Child) -> String {
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        // Keep reading after the address, so the browser never blocks on a full pipe.
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let (false, Some(at)) = (sent, line.find("ws://")) {
                let _ = sender.send(line[at..].trim().to_string());
                sent = true;
            }
        }
    });
    receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("Chromium did not print its DevTools address within 60 s")
}

fn connect(endpoint: &str) -> WebSocket<TcpStream> {
    let host = endpoint
        .trim_start_matches("ws://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let stream = TcpStream::connect(&host).expect("connect to DevTools");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let (socket, _) = tungstenite::client(endpoint, stream).expect("DevTools handshake");
    socket
}
