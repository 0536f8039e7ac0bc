//! `redakt serve` over HTTP: the server runs in-process on a free port against a fixture
//! site; requests go over real sockets. Edits are made on disk and the tests poll until the
//! served site shows them (no fixed sleeps, no timing assertions).

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::http::{self, eventually, Events};
use common::{edition, Fixture, OPERATOR_TOML};
use redakt::serve::{self, ServeOptions, Server};
use redakt::site::{self, output::Memory, LoadOptions};

const WAIT: Duration = Duration::from_secs(30);
const DATE: &str = "2026-11-23";

fn date() -> time::Date {
    redakt::cli::parse_date(DATE).unwrap()
}

fn first_edition() -> String {
    edition(
        "version = \"1.0\"\npublished = 2024-01-15",
        "# Политика\n\n1.1. Первая редакция.\n",
    )
}

fn second_edition(text: &str) -> String {
    edition(
        "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Вторая\"",
        &format!("# Политика\n\n1.1. {text}\n"),
    )
}

/// Two operators, one with a translated policy, and a stylesheet of the site's own.
fn portal(site_toml: Option<&str>) -> Fixture {
    let mut files = vec![
        ("content/op/_operator.toml", OPERATOR_TOML.to_string()),
        ("content/op/privacy/1.0.md", first_edition()),
        (
            "content/op/privacy/2.0.md",
            second_edition("Вторая редакция."),
        ),
        (
            "content/op/privacy/2.0.kk.md",
            edition(
                "version = \"2.0\"\nsummary = \"Екінші\"",
                "# Саясат\n\n1.1. Екінші редакция.\n",
            ),
        ),
        (
            "content/other/_operator.toml",
            "name = \"ТОО «Другой»\"\n".into(),
        ),
        ("content/other/terms/1.0.md", first_edition()),
        ("static/site.css", "body { color: black; }\n".into()),
    ];
    if let Some(text) = site_toml {
        files.push(("site.toml", text.to_string()));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Fixture::new(&files)
}

fn start(site: &Fixture) -> Server {
    serve::start(ServeOptions {
        root: site.root().to_path_buf(),
        port: 0,
        date: Some(date()),
        quiet: true,
        ..ServeOptions::default()
    })
    .unwrap_or_else(|e| panic!("serve did not start: {e:?}"))
}

fn page(server: &Server, path: &str) -> String {
    let response = http::get(server.addr(), path);
    assert_eq!(response.status, 200, "GET {path}: {}", response.text());
    response.text()
}

/// Polls until the page at `path` satisfies `check`; fails with the last body seen.
fn wait_for_page(server: &Server, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    let held = eventually(WAIT, || {
        last = http::get(server.addr(), path).text();
        check(&last)
    });
    assert!(held, "{path} never showed {what}; last served:\n{last}");
    last
}

#[test]
fn text_files_are_served_with_their_type_in_utf8_and_never_cached() {
    let site = portal(None);
    let server = start(&site);
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/op/privacy/", "text/html; charset=utf-8"),
        ("/kk/op/privacy/2.0/", "text/html; charset=utf-8"),
        ("/redakt.css", "text/css; charset=utf-8"),
        ("/site.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/api/v1/index.json", "application/json; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let response = http::get(server.addr(), path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(kind), "{path}");
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
    }
    let head = http::request(server.addr(), "HEAD", "/op/privacy/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(http::request(server.addr(), "POST", "/").status, 405);
}

#[test]
fn a_page_without_its_slash_redirects_to_the_folder() {
    let site = portal(None);
    let server = start(&site);
    for (path, location) in [
        ("/op/privacy", "/op/privacy/"),
        ("/op/privacy/2.0?x=1", "/op/privacy/2.0/?x=1"),
        ("/kk", "/kk/"),
    ] {
        let response = http::get(server.addr(), path);
        assert!(
            [301, 308].contains(&response.status),
            "{path}: {}",
            response.status
        );
        assert_eq!(response.header("location"), Some(location), "{path}");
    }
    assert!(page(&server, "/op/privacy/").contains("Вторая редакция"));
}

#[test]
fn unknown_paths_get_status_404_and_the_sites_404_page() {
    let site = portal(None);
    let server = start(&site);
    let not_found_page = String::from_utf8(server.files()["404.html"].clone()).unwrap();
    let title = not_found_page
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap()
        .to_string();
    for path in ["/nope/", "/op/privacy/9.9/", "/op/missing.css"] {
        let response = http::get(server.addr(), path);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(response.text().contains(&title), "{path}: 404 page body");
    }
}

#[test]
fn paths_that_try_to_leave_the_site_are_refused() {
    let site = portal(None);
    site.write("secret.txt", "TOP SECRET\n");
    let server = start(&site);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2e%2e/site.toml",
        "/op%2f..%2f..%2fsite.toml",
        "/op/..%2f..%2fsite.toml",
        "//etc/passwd",
        "/..\\site.toml",
        "/op%5c..%5c..%5csite.toml",
        "/op/privacy/%00",
        "/./secret.txt",
        "/secret.txt",
        "/site.toml",
        "/content/op/privacy/1.0.md",
        "/etc/passwd",
    ] {
        let response = http::get(server.addr(), path);
        assert!(
            [400, 404].contains(&response.status),
            "{path}: status {}",
            response.status
        );
        let body = response.text();
        assert!(
            !body.contains("TOP SECRET") && !body.contains("base_url") && !body.contains("root:"),
            "{path} leaked a file:\n{body}"
        );
    }
}

#[test]
fn a_site_under_a_base_path_is_served_under_it() {
    let toml = common::SITE_TOML.replace("https://policies.example.kz", "https://example.kz/legal");
    let site = portal(Some(&toml));
    let server = start(&site);
    assert!(
        server.url().ends_with("/legal/"),
        "url {} has no base path",
        server.url()
    );
    let page = page(&server, "/legal/op/privacy/");
    assert!(page.contains("Вторая редакция"));
    let origin = format!("http://{}", server.addr());
    assert!(
        page.contains(&format!("{origin}/legal/op/privacy/")),
        "canonical URL not under the server's base path"
    );
    assert!(page.contains("data-events=\"/legal/__redakt/events\""));
    assert_eq!(
        http::get(server.addr(), "/").header("location"),
        Some("/legal/")
    );
    assert_eq!(http::get(server.addr(), "/op/privacy/").status, 404);
    let events = Events::connect(server.addr(), "/legal/__redakt/events");
    assert_eq!(events.status, 200);
    assert!(events.content_type.starts_with("text/event-stream"));
}

#[test]
fn a_new_base_path_in_site_toml_moves_the_site() {
    let site = portal(None);
    let server = start(&site);
    assert_eq!(http::get(server.addr(), "/op/privacy/").status, 200);
    site.write(
        "site.toml",
        &common::SITE_TOML.replace("https://policies.example.kz", "https://example.kz/legal"),
    );
    assert!(eventually(WAIT, || http::get(
        server.addr(),
        "/legal/op/privacy/"
    )
    .status
        == 200));
    assert_eq!(http::get(server.addr(), "/op/privacy/").status, 404);
    assert!(page(&server, "/legal/").contains("data-events=\"/legal/__redakt/events\""));
}

#[test]
fn the_live_reload_script_is_in_served_pages_and_never_in_build_output() {
    let site = portal(None);
    let server = start(&site);
    for path in ["/", "/op/privacy/", "/kk/op/", "/nope/"] {
        let body = http::get(server.addr(), path).text();
        let script = body.find("data-events=\"/__redakt/events\"");
        let closing = body.rfind("</body>");
        assert!(
            script.is_some() && script < closing,
            "{path}: no script before </body>"
        );
    }
    // Non-HTML files are served as built.
    assert_eq!(
        http::get(server.addr(), "/site.css").body,
        b"body { color: black; }\n"
    );
    site.build();
    for entry in files_under(&site.path("public")) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        assert!(
            !text.contains("__redakt") && !text.contains("redakt-overlay"),
            "{} carries serve's script",
            entry.display()
        );
    }
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn an_edited_edition_is_served_after_the_rebuild_and_tabs_are_told() {
    let site = portal(None);
    let server = start(&site);
    let mut events = Events::connect(server.addr(), "/__redakt/events");
    let hello = events.next_named("hello", WAIT).expect("hello event");
    assert!(hello.data.contains("\"problems\":null"), "{}", hello.data);
    site.write(
        "content/op/privacy/2.0.md",
        &second_edition("Исправленная редакция."),
    );
    wait_for_page(&server, "/op/privacy/", "the new text", |p| {
        p.contains("Исправленная редакция")
    });
    let reload = events.next_named("reload", WAIT).expect("reload event");
    assert!(reload.data.contains("\"build\""));
    assert!(server.rebuilds().partial >= 1, "{:?}", server.rebuilds());
}

#[test]
fn broken_front_matter_shows_the_overlay_over_the_last_good_site_until_fixed() {
    let site = portal(None);
    let server = start(&site);
    let mut events = Events::connect(server.addr(), "/__redakt/events");
    events.next_named("hello", WAIT).expect("hello event");
    site.write(
        "content/op/privacy/2.0.md",
        "+++\nversion = \"2.0\"\npublishd = 2025-03-01\nsummary = \"Вторая\"\n+++\n# Политика\n\n1.1. Сломанная.\n",
    );
    let broken = wait_for_page(&server, "/op/privacy/", "the overlay", |p| {
        p.contains("id=\"redakt-overlay\"")
    });
    assert!(
        broken.contains("content/op/privacy/2.0.md:3:1"),
        "overlay without file and line:\n{broken}"
    );
    assert!(broken.contains("unknown key `publishd`"));
    assert!(
        broken.contains("Вторая редакция"),
        "the last good page must stay"
    );
    // Every page carries it, the 404 page and other operators' pages too.
    assert!(http::get(server.addr(), "/other/")
        .text()
        .contains("id=\"redakt-overlay\""));
    assert!(http::get(server.addr(), "/nope/")
        .text()
        .contains("id=\"redakt-overlay\""));
    let problems = events.next_named("problems", WAIT).expect("problems event");
    assert!(problems.data.contains("\"line\":3"), "{}", problems.data);

    site.write(
        "content/op/privacy/2.0.md",
        &second_edition("Починенная редакция."),
    );
    let fixed = wait_for_page(&server, "/op/privacy/", "the fixed page", |p| {
        p.contains("Починенная редакция")
    });
    assert!(!fixed.contains("id=\"redakt-overlay\""));
    events
        .next_named("reload", WAIT)
        .expect("reload event after the fix");
}

#[test]
fn a_changed_published_text_shows_the_lock_error_as_the_build_would() {
    let site = portal(None);
    site.build(); // writes editions.lock with 1.0 and 2.0 in it
    let server = start(&site);
    site.write(
        "content/op/privacy/1.0.md",
        &edition(
            "version = \"1.0\"\npublished = 2024-01-15",
            "# Политика\n\n1.1. Тихо переписанная редакция.\n",
        ),
    );
    let broken = wait_for_page(&server, "/op/privacy/1.0/", "the overlay", |p| {
        p.contains("id=\"redakt-overlay\"")
    });
    assert!(
        broken.contains("published edition op/privacy version 1.0 (ru) has changed"),
        "{broken}"
    );
    assert!(
        broken.contains("Первая редакция"),
        "the last good page stays"
    );
    site.write("content/op/privacy/1.0.md", &first_edition());
    let fixed = wait_for_page(
        &server,
        "/op/privacy/1.0/",
        "the page without overlay",
        |p| !p.contains("id=\"redakt-overlay\""),
    );
    assert!(fixed.contains("Первая редакция"));
}

#[test]
fn a_broken_link_added_in_an_edit_shows_as_the_build_would_report_it() {
    let site = portal(None);
    let server = start(&site);
    site.write(
        "content/op/privacy/2.0.md",
        &second_edition("См. [прежнюю редакцию](/op/privacy/9.0/)."),
    );
    let broken = wait_for_page(&server, "/op/privacy/", "the overlay", |p| {
        p.contains("id=\"redakt-overlay\"")
    });
    assert!(broken.contains("/op/privacy/9.0/"), "{broken}");
    assert!(broken.contains("content/op/privacy/2.0.md:"), "{broken}");
    site.write(
        "content/op/privacy/2.0.md",
        &second_edition("См. [прежнюю редакцию](/op/privacy/1.0/)."),
    );
    wait_for_page(&server, "/op/privacy/", "the page without overlay", |p| {
        !p.contains("id=\"redakt-overlay\"") && p.contains("прежнюю редакцию")
    });
}

#[test]
fn a_stylesheet_change_reloads_styles_only() {
    let site = portal(None);
    let server = start(&site);
    let mut events = Events::connect(server.addr(), "/__redakt/events");
    events.next_named("hello", WAIT).expect("hello event");
    site.write("static/site.css", "body { color: navy; }\n");
    let event = events.next(WAIT).expect("an event after the CSS change");
    assert_eq!(event.name, "css", "{event:?}");
    // Copied over, not a rebuild of the whole site.
    assert_eq!(server.rebuilds().full, 1, "{:?}", server.rebuilds());
    assert_eq!(
        http::get(server.addr(), "/site.css").text(),
        "body { color: navy; }\n"
    );
}

#[test]
fn added_and_removed_files_and_folders_show_up() {
    let site = portal(None);
    let server = start(&site);
    // A new edition: a partial rebuild.
    site.write(
        "content/op/privacy/3.0.md",
        &edition(
            "version = \"3.0\"\npublished = 2026-01-10\nsummary = \"Третья\"",
            "1.1. Третья редакция.\n",
        ),
    );
    wait_for_page(&server, "/op/privacy/", "edition 3.0", |p| {
        p.contains("Третья редакция")
    });
    // A removed edition loses its page.
    std::fs::remove_file(site.path("content/op/privacy/3.0.md")).unwrap();
    assert!(eventually(WAIT, || http::get(
        server.addr(),
        "/op/privacy/3.0/"
    )
    .status
        == 404));
    // A new operator: a full rebuild.
    site.write("content/newop/_operator.toml", "name = \"ТОО «Новый»\"\n");
    site.write("content/newop/privacy/1.0.md", &first_edition());
    wait_for_page(&server, "/", "the new operator", |p| {
        p.contains("ТОО «Новый»")
    });
    assert_eq!(http::get(server.addr(), "/newop/privacy/").status, 200);
    // A removed policy folder.
    std::fs::remove_dir_all(site.path("content/other/terms")).unwrap();
    assert!(eventually(WAIT, || http::get(
        server.addr(),
        "/other/terms/"
    )
    .status
        == 404));
}

type Edit = Box<dyn Fn(&Fixture)>;

/// The served site after a sequence of edits, partial rebuilds and all, must be the site a
/// fresh full build writes, byte for byte.
#[test]
fn after_any_sequence_of_edits_the_served_site_equals_a_fresh_build() {
    let site = portal(None);
    let server = start(&site);
    let edits: Vec<Edit> = vec![
        Box::new(|s| s.write("content/op/privacy/2.0.md", &second_edition("Правка один."))),
        Box::new(|s| {
            s.write(
                "content/op/privacy/2.1.md",
                &edition(
                    "version = \"2.1\"\npublished = 2026-11-20\neffective = 2026-12-01\nsummary = \"Будущая\"",
                    "1.1. Будущая.\n",
                ),
            )
        }),
        Box::new(|s| {
            s.write(
                "content/op/privacy/_policy.toml",
                "kind = \"privacy\"\ntitle = \"Новое название\"\n",
            )
        }),
        Box::new(|s| std::fs::remove_file(s.path("content/op/privacy/2.0.kk.md")).unwrap()),
        Box::new(|s| {
            s.write(
                "content/other/terms/1.0.en.md",
                &edition("version = \"1.0\"", "# Terms\n\n1.1. English.\n"),
            )
        }),
        Box::new(|s| std::fs::remove_file(s.path("content/op/privacy/2.1.md")).unwrap()),
        Box::new(|s| {
            s.write(
                "content/other/_operator.toml",
                "name = \"ТОО «Переименован»\"\n",
            )
        }),
        Box::new(|s| {
            s.write(
                "content/other/terms/1.0.md",
                &first_edition().replace("Первая", "Иная"),
            )
        }),
        // An archived edition's date: the pages listing the policy show no such date, but
        // the period of 1.0 and the sitemap's dates change.
        Box::new(|s| {
            s.write(
                "content/op/privacy/1.0.md",
                &first_edition().replace("2024-01-15", "2024-02-01"),
            )
        }),
        Box::new(|s| {
            let draft = second_edition("Черновик.").replace("\n+++\n#", "\ndraft = true\n+++\n#");
            s.write("content/op/privacy/2.0.md", &draft)
        }),
        Box::new(|s| {
            s.write(
                "content/op/privacy/2.0.md",
                &second_edition("Снова в силе."),
            )
        }),
        Box::new(|s| s.write("static/site.css", "body { color: teal; }\n")),
        Box::new(|s| s.write("static/extra.js", "console.log(1);\n")),
        Box::new(|s| std::fs::remove_file(s.path("static/extra.js")).unwrap()),
    ];
    for (i, edit) in edits.iter().enumerate() {
        edit(&site);
        let mut last_difference = String::new();
        let equal = eventually(WAIT, || {
            match difference(&server.files(), &fresh_build(&site, &server)) {
                None => true,
                Some(d) => {
                    last_difference = d;
                    false
                }
            }
        });
        assert!(equal, "after edit {i}: {last_difference}");
    }
    let rebuilds = server.rebuilds();
    assert!(rebuilds.partial >= 4, "{rebuilds:?}");
    assert_eq!(rebuilds.failed, 0, "{rebuilds:?}");
}

fn fresh_build(site: &Fixture, server: &Server) -> BTreeMap<String, Vec<u8>> {
    let loaded = site::load(&LoadOptions {
        root: site.root().to_path_buf(),
        date: Some(date()),
        base_url: Some(server.url().to_string()),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    let memory = Memory::default();
    site::render(&loaded.site, &memory).unwrap_or_else(|e| panic!("{e:?}"));
    memory.into_files()
}

fn difference(
    served: &BTreeMap<String, Vec<u8>>,
    fresh: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    // The search index covers the whole site; partial rebuilds keep the last full one (see
    // README), so it is the one thing a partial rebuild may leave behind.
    let (served, fresh) = (without_search(served), without_search(fresh));
    let missing: Vec<_> = fresh.keys().filter(|k| !served.contains_key(*k)).collect();
    let extra: Vec<_> = served.keys().filter(|k| !fresh.contains_key(*k)).collect();
    let changed: Vec<_> = fresh
        .iter()
        .filter(|(k, v)| served.get(*k).is_some_and(|s| s != *v))
        .map(|(k, _)| k)
        .collect();
    (!missing.is_empty() || !extra.is_empty() || !changed.is_empty()).then(|| {
        format!("missing from the served site {missing:?}; extra {extra:?}; different {changed:?}")
    })
}

fn without_search(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&String, &Vec<u8>> {
    files
        .iter()
        .filter(|(path, _)| !path.starts_with(redakt::site::search::FOLDER))
        .collect()
}

#[test]
fn many_concurrent_requests_and_clients_that_hang_up_do_not_stop_the_server() {
    let site = portal(None);
    let server = start(&site);
    let addr = server.addr();
    let hangups: Vec<_> = (0..16)
        .map(|i| {
            std::thread::spawn(move || {
                for _ in 0..10 {
                    let mut stream = TcpStream::connect(addr).unwrap();
                    let path = if i % 2 == 0 {
                        "/op/privacy/"
                    } else {
                        "/__redakt/events"
                    };
                    let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
                    let mut some = [0u8; 64];
                    let _ = stream.read(&mut some);
                    // Dropped mid-response.
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..16)
        .map(|_| {
            std::thread::spawn(move || {
                (0..20)
                    .map(|_| http::get(addr, "/kk/op/privacy/2.0/"))
                    .filter(|r| r.status == 200 && r.text().contains("Екінші редакция"))
                    .count()
            })
        })
        .collect();
    for thread in hangups {
        thread.join().unwrap();
    }
    let ok: usize = readers.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(ok, 16 * 20);
    assert_eq!(http::get(addr, "/").status, 200);
}

#[test]
fn a_site_that_does_not_build_at_first_is_served_once_fixed() {
    let site = portal(None);
    site.write(
        "content/op/privacy/1.0.md",
        "+++\nversion = \"1.0\"\n+++\nтекст\n",
    );
    let server = start(&site);
    let response = http::get(server.addr(), "/op/privacy/");
    assert_eq!(response.status, 503);
    assert!(response.text().contains("content/op/privacy/1.0.md"));
    assert!(response.text().contains("missing required key `published`"));
    site.write("content/op/privacy/1.0.md", &first_edition());
    wait_for_page(&server, "/op/privacy/", "the site", |p| {
        p.contains("Вторая редакция")
    });
}

#[test]
fn a_taken_port_is_a_usage_error_naming_the_port_and_a_free_one() {
    let site = portal(None);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("port {port} is already in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("try --port "), "{}", run.stderr);
}

#[test]
fn serve_without_a_site_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::Fixture { dir }.run(&["serve", "--port", "0"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("site.toml not found"), "{}", run.stderr);
}

#[test]
fn the_command_prints_the_url_and_serves_it() {
    let site = portal(None);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redakt"))
        .args(["--root"])
        .arg(site.root())
        .args(["serve", "--port", "0", "--date", DATE])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let status = http::get(addr, "/op/privacy/").status;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 200);
}
