//! How long an editor waits: the time from writing one edition file to `redakt serve`
//! serving the page with the new text over HTTP. Run it through `bench/serve_latency.sh`,
//! which generates the portal and builds the binaries; by hand:
//!
//! ```sh
//! cargo run --release --example serve_latency -- --redakt target/release/redakt --root SITE [--edits 25]
//! ```
//!
//! It starts `redakt serve --port 0`, then, for each edit, appends a unique sentence to the
//! current edition of a policy (cycling through operators), and polls the policy page until
//! the sentence is served. The server's own "Rebuilt … in N ms" lines give the rebuild time
//! without the debounce and the polling. Every edited file is restored at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Args {
    redakt: PathBuf,
    root: PathBuf,
    edits: usize,
    date: String,
}

fn main() {
    let args = parse_args();
    let server = Server::start(&args);
    println!(
        "first build and start: {:.0} ms ({} operators)",
        server.started_in.as_secs_f64() * 1000.0,
        operators(&args.root).len()
    );
    let targets = pick_targets(&args.root, args.edits);
    let mut latencies = Vec::new();
    let mut rebuilds = Vec::new();
    for (i, (file, page)) in targets.iter().enumerate() {
        let original = std::fs::read_to_string(file).expect("read the edition");
        let marker = format!("Правка номер {i} для замера задержки.");
        let started = Instant::now();
        std::fs::write(file, format!("{original}\n{marker}\n")).expect("write the edition");
        wait_for(server.addr, page, &marker);
        latencies.push(started.elapsed());
        rebuilds.extend(server.rebuild_times(Duration::from_millis(500)));
        std::fs::write(file, &original).expect("restore the edition");
        // Let the restore rebuild finish so the next edit starts from a quiet server.
        rebuilds.extend(server.rebuild_times(Duration::from_millis(1500)));
    }
    report("write → new page served", &mut latencies);
    report("server rebuild (from its log)", &mut rebuilds);
    server.stop();
}

fn parse_args() -> Args {
    let mut args = Args {
        redakt: PathBuf::from("target/release/redakt"),
        root: PathBuf::new(),
        edits: 25,
        date: "2026-11-22".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--redakt" => args.redakt = value.into(),
            "--root" => args.root = value.into(),
            "--edits" => args.edits = value.parse().unwrap_or_else(|_| usage("--edits N")),
            "--date" => args.date = value,
            _ => usage(&format!("unknown option {flag}")),
        }
    }
    if args.root.as_os_str().is_empty() {
        usage("--root SITE is required");
    }
    args
}

fn usage(why: &str) -> ! {
    eprintln!("serve_latency: {why}\nusage: serve_latency --root SITE [--redakt BIN] [--edits N] [--date YYYY-MM-DD]");
    std::process::exit(2);
}

/// The running server, its address, and its log lines as they come.
struct Server {
    child: Child,
    addr: SocketAddr,
    started_in: Duration,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(args: &Args) -> Server {
        let started = Instant::now();
        let mut child = Command::new(&args.redakt)
            .arg("--root")
            .arg(&args.root)
            .args(["serve", "--port", "0", "--date", &args.date])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", args.redakt.display()));
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let first = lines
            .recv_timeout(Duration::from_secs(300))
            .expect("the server printed no URL");
        let addr = first
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .and_then(|w| w.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        Server {
            child,
            addr,
            started_in: started.elapsed(),
            lines,
        }
    }

    /// Rebuild times the server logged within `wait`.
    fn rebuild_times(&self, wait: Duration) -> Vec<Duration> {
        let deadline = Instant::now() + wait;
        let mut times = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.lines.recv_timeout(left) else {
                break;
            };
            let ms = line
                .split(" in ")
                .nth(1)
                .and_then(|rest| rest.split(" ms").next())
                .and_then(|n| n.parse::<f64>().ok());
            if let (true, Some(ms)) = (line.starts_with("Rebuilt"), ms) {
                times.push(Duration::from_secs_f64(ms / 1000.0));
            }
        }
        times
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn operators(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .expect("read content/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// `(edition file, policy page path)` for each edit: the newest edition of the first policy
/// of operators spread over the portal.
fn pick_targets(root: &Path, edits: usize) -> Vec<(PathBuf, String)> {
    let operators = operators(root);
    (0..edits)
        .map(|i| {
            let operator = &operators[(i * 7919) % operators.len()];
            let mut policies: Vec<PathBuf> = std::fs::read_dir(operator)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect();
            policies.sort();
            let policy = &policies[0];
            let mut editions: Vec<PathBuf> = std::fs::read_dir(policy)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            // Versions 1.0 … 1.9 sort as text; the generator writes no more per policy.
            editions.sort();
            let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
            let page = format!("/{}/{}/", name(operator), name(policy));
            (editions.pop().expect("an edition"), page)
        })
        .collect()
}

/// Polls `page` until it holds `marker`.
fn wait_for(addr: SocketAddr, page: &str, marker: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if get(addr, page).contains(marker) {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("{page} never showed the edit");
}

fn get(addr: SocketAddr, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut body = Vec::new();
    let _ = stream.read_to_end(&mut body);
    String::from_utf8_lossy(&body).into_owned()
}

fn report(what: &str, times: &mut [Duration]) {
    if times.is_empty() {
        println!("{what}: no samples");
        return;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms ({} samples)",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
