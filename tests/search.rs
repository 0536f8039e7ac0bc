//! Search: the index is built into `public/search_index/`, and the search box finds Russian,
//! Kazakh and English word forms in a real browser, linking to the clause.
//!
//! The browser tests serve `public/` under a base path (`/legal/`) with a tiny static server
//! and run headless Chromium with `--dump-dom` on `index.html?q=…`, which fills in the query
//! and runs it. The browser is `$CHROME`, else `chromium` or `chromium-browser` on the PATH.
//! Without one, they print a loud notice and pass, except when `CI` is set or
//! `REDAKT_REQUIRE_BROWSER=1`: then they fail, so CI cannot skip them silently.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{edition, Fixture};

const OPERATOR_WITH_TRANSLATIONS: &str = "name = \"ТОО «Тест»\"\nbin = \"180640028978\"\n\
    [i18n.kk]\nname = \"«Тест» ЖШС\"\n[i18n.en]\nname = \"Test LLP\"\n";

/// One policy in three languages whose clauses use other word forms than the queries.
fn portal() -> Fixture {
    Fixture::new(&[
        ("content/op/_operator.toml", OPERATOR_WITH_TRANSLATIONS),
        ("content/op/privacy/1.0.md", &edition(
            "version = \"1.0\"\npublished = 2024-01-15",
            "# Политика конфиденциальности\n\n## 2. Обработка\n\n2.4.1. Оператор обрабатывает персональные данные пользователей приложения.\n\n2.4.2. Файлы cookie хранятся один год.\n",
        )),
        ("content/op/privacy/1.0.kk.md", &edition(
            "version = \"1.0\"",
            "# Құпиялылық саясаты\n\n## 3. Өңдеу\n\n3.1. Оператор пайдаланушылардың дербес деректерді өңдейді.\n\n3.2. Cookie файлдары бір жыл сақталады.\n",
        )),
        ("content/op/privacy/1.0.en.md", &edition(
            "version = \"1.0\"",
            "# Privacy policy\n\n## 4. Processing\n\n4.1. Cookies are kept for one year.\n\n4.2. The operator processes the personal data of users.\n",
        )),
    ])
}

#[test]
fn the_index_is_written_for_every_language_with_the_search_box() {
    let site = portal();
    site.build();
    assert!(site.exists("search.js"));
    for lang in ["ru", "kk", "en"] {
        let meta = site.page(&format!("search_index/{lang}/meta.json"));
        // The operator and its policy.
        assert!(meta.contains("\"docs\":2,"), "{lang}: {meta}");
    }
    // The policy in Russian, cut at its heading and clauses, each a place to link to.
    let policy = site.page("search_index/ru/d/1.json");
    assert!(policy.contains("\"url\":\"/op/privacy/\""), "{policy}");
    assert!(
        policy.contains("[\"clause-2.4.1\",\"п. 2.4.1\",\"Оператор обрабатывает персональные данные пользователей приложения.\"]"),
        "{policy}"
    );
    assert!(
        policy.contains("[\"2-обработка\",\"2. Обработка\",\"\"]"),
        "{policy}"
    );
    let kk = site.page("search_index/kk/d/1.json");
    assert!(kk.contains("[\"clause-3.1\",\"3.1-тармақ\","), "{kk}");
    let index = site.page("index.html");
    assert!(index.contains("id=\"search\""), "{index}");
    assert!(index.contains("data-bundle=\"search_index/\""), "{index}");
    assert!(index.contains("<script src=\"search.js\" defer></script>"));
    // Without JavaScript the box stays hidden and a note says why.
    assert!(index.contains("aria-labelledby=\"search-heading\" hidden"));
    assert!(index.contains("<noscript>"));
    let kk = site.page("kk/index.html");
    assert!(kk.contains("data-bundle=\"../search_index/\""), "{kk}");
    assert!(kk.contains("Құжаттардан іздеу"));
}

#[test]
fn search_can_be_switched_off() {
    let site = portal();
    site.write(
        "site.toml",
        &format!("{}[search]\nenabled = false\n", common::SITE_TOML),
    );
    site.build();
    assert!(!site.exists("search_index"));
    assert!(!site.page("index.html").contains("id=\"search\""));
}

#[test]
fn the_index_is_the_same_for_the_same_input() {
    let site = portal();
    site.build();
    let first = common::snapshot(&site.path("public/search_index"));
    assert!(first.len() > 10, "{first:?}");
    site.build();
    assert_eq!(first, common::snapshot(&site.path("public/search_index")));
}

#[test]
fn a_russian_word_form_finds_the_clause_in_a_browser() {
    let Some(browser) = browser() else { return };
    let site = portal();
    site.build();
    let server = StaticServer::start(site.path("public"), "/legal/");
    let dom = search(&browser, &server, "", "персональных данных");
    assert!(dom.contains("Найдено документов: 1"), "{dom}");
    assert!(
        dom.contains("href=\"op/privacy/#clause-2.4.1\""),
        "no link to the clause:\n{dom}"
    );
    assert!(dom.contains("<mark>персональные</mark>"), "{dom}");
}

#[test]
fn kazakh_and_english_word_forms_find_their_clauses() {
    let Some(browser) = browser() else { return };
    let site = portal();
    site.build();
    let server = StaticServer::start(site.path("public"), "/legal/");
    // «деректерін» is not in the text; its stem is a prefix of «деректерді».
    let kk = search(&browser, &server, "kk/", "деректерін");
    assert!(
        kk.contains("href=\"../kk/op/privacy/#clause-3.1\""),
        "no link to the Kazakh clause:\n{kk}"
    );
    let en = search(&browser, &server, "en/", "processing");
    assert!(
        en.contains("href=\"../en/op/privacy/#clause-4.2\""),
        "no link to the English clause:\n{en}"
    );
    // Each language searches its own pages only.
    assert!(!results(&en).contains("../kk/"), "{en}");
}

#[test]
fn the_start_of_a_word_finds_it_and_every_word_must_be_found() {
    let Some(browser) = browser() else { return };
    let site = portal();
    site.build();
    let server = StaticServer::start(site.path("public"), "/legal/");
    // As the reader types: «персон» is the start of «персональные».
    let typed = search(&browser, &server, "", "персон");
    assert!(typed.contains("Найдено документов: 1"), "{typed}");
    assert!(typed.contains("<mark>персональные</mark>"), "{typed}");
    // A document must hold every word of the query.
    let both = search(&browser, &server, "", "персональных несуществующее");
    assert!(
        both.contains("По запросу «персональных несуществующее» ничего не найдено."),
        "{both}"
    );
    // Words of a heading find it: the link goes to the section.
    let heading = search(&browser, &server, "", "обработка");
    assert!(
        heading.contains("href=\"op/privacy/#2-обработка\""),
        "{heading}"
    );
}

/// The result list of a dumped page.
fn results(dom: &str) -> &str {
    let start = dom
        .find("<ol class=\"search__results\"")
        .unwrap_or(dom.len());
    let end = dom[start..].find("</ol>").map_or(dom.len(), |e| start + e);
    &dom[start..end]
}

#[test]
fn a_query_without_results_says_so() {
    let Some(browser) = browser() else { return };
    let site = portal();
    site.build();
    let server = StaticServer::start(site.path("public"), "/legal/");
    let dom = search(&browser, &server, "", "несуществующееслово");
    assert!(
        dom.contains("По запросу «несуществующееслово» ничего не найдено."),
        "{dom}"
    );
}

/// Opens the index page of `lang_root` with `?q=query` and returns the DOM once the results
/// are in (a slow machine gets a few more tries).
fn search(browser: &Path, server: &StaticServer, lang_root: &str, query: &str) -> String {
    let url = format!("{}{lang_root}?q={}", server.url(), query.replace(' ', "+"));
    let mut dom = String::new();
    for budget in [10_000, 30_000, 60_000] {
        dom = dump_dom(browser, &url, budget);
        if dom.contains("data-state=") {
            return dom;
        }
    }
    panic!("the search never finished on {url}:\n{dom}");
}

fn dump_dom(browser: &Path, url: &str, budget_ms: u32) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", browser.display()));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The browser to test with, or `None` after a loud notice when there is none and it is
/// not required.
fn browser() -> Option<PathBuf> {
    let found = std::env::var_os("CHROME").map(PathBuf::from).or_else(|| {
        ["chromium", "chromium-browser"]
            .iter()
            .find_map(|n| on_path(n))
    });
    let required = std::env::var_os("CI").is_some()
        || std::env::var("REDAKT_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    match found {
        Some(path) => Some(path),
        None if required => panic!(
            "no Chromium found ($CHROME, chromium, chromium-browser), and CI or REDAKT_REQUIRE_BROWSER=1 requires the browser tests"
        ),
        None => {
            eprintln!("\n*** SKIPPED: search browser test: no Chromium found ($CHROME, chromium, chromium-browser) ***\n");
            None
        }
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Serves a folder under a base path, as any static host would: `dir/` → `dir/index.html`,
/// with the MIME types a browser insists on for scripts.
struct StaticServer {
    addr: SocketAddr,
    base: &'static str,
}

impl StaticServer {
    fn start(root: PathBuf, base: &'static str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                std::thread::spawn(move || respond(stream, &root, base));
            }
        });
        StaticServer { addr, base }
    }

    fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.base)
    }
}

fn respond(mut stream: TcpStream, root: &Path, base: &str) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(base)
        .filter(|p| !p.split('/').any(|s| s == ".."))
        .map(|p| {
            let p = percent_decode(p);
            if p.is_empty() || p.ends_with('/') {
                root.join(p).join("index.html")
            } else {
                root.join(p)
            }
        });
    let (status, body) = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((file, body)) => (format!("200 OK\r\nContent-Type: {}", mime(&file)), body),
        None => (
            "404 Not Found\r\nContent-Type: text/plain".to_string(),
            b"not found".to_vec(),
        ),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

fn mime(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
