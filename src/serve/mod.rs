//! `redakt serve`: the preview server. The site is built into memory, never over `public/`,
//! and served over HTTP from that memory alone, so no request can reach the file system.
//! A watcher turns bursts of file events into one rebuild; a rebuild renders into a fresh
//! map of files (for an edit inside one policy's folder, only the pages that edit touches,
//! see `site::partial`) and swaps it in whole, and only then tells open tabs to reload, so a
//! tab never races a half-written site. A failed rebuild keeps the last good site served and
//! shows its errors in every tab as an overlay.
//!
//! Threads: the rebuild runs on a plain thread (rendering fans out on rayon); HTTP runs on a
//! small tokio runtime. They share one [`state::Shared`]: the current snapshot behind a lock
//! (readers clone an `Arc` and let go) and a broadcast channel for live-reload messages.

mod http;
mod inject;
mod rebuild;
mod state;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};

pub use state::Rebuilds;

/// What `redakt serve` may be asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    pub interface: IpAddr,
    /// `0` picks a free port (tests); the bound one is [`Server::addr`].
    pub port: u16,
    pub date: Option<time::Date>,
    pub drafts: bool,
    /// Print nothing: no URL, no rebuild lines, no diagnostics.
    pub quiet: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            interface: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            date: None,
            drafts: false,
            quiet: false,
        }
    }
}

/// Why the server did not start.
#[derive(Debug)]
pub enum StartError {
    /// The command line asked for something impossible (a taken port): exit code 2.
    Usage(String),
    /// There is no site to serve: exit code 1.
    Content(Diagnostics),
}

/// A running preview server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    url: String,
    shared: Arc<state::Shared>,
    runtime: Option<tokio::runtime::Runtime>,
    /// Dropping the watcher ends the rebuild thread.
    watcher: Option<watch::Watcher>,
    rebuilder: Option<JoinHandle<()>>,
}

/// Binds the port, builds the site, starts watching and serving. A site that fails to
/// build still starts: its pages show the errors until the files are fixed.
pub fn start(mut options: ServeOptions) -> Result<Server, StartError> {
    // Watch events name absolute paths; the root must be one to recognise them.
    options.root = std::path::absolute(&options.root).unwrap_or(options.root);
    let site_toml = options.root.join("site.toml");
    if !site_toml.is_file() {
        return Err(StartError::Content(
            Diagnostic::error(site_toml, "no site here: site.toml not found")
                .with_hint("run redakt in the site folder, pass --root <site folder>, or create a site with `redakt init`")
                .into(),
        ));
    }
    let listener = bind(options.interface, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Usage(format!("cannot read the bound address: {e}")))?;
    let origin = format!("http://{}", browsable(addr));
    let started = Instant::now();
    // Watch first: an edit made during the first build still triggers a rebuild.
    let (watcher, batches) = watch::Watcher::start(&options.root)
        .map_err(|d| StartError::Content(Diagnostics::from(d)))?;
    let mut builder = rebuild::Builder::new(&options, origin);
    let first = builder.full();
    let shared = Arc::new(state::Shared::new());
    shared.publish(first.update, false);
    let url = format!("{}/", builder.base_url());
    let log = Log {
        quiet: options.quiet,
    };
    log.first(&url, &first.problems, started.elapsed());
    let rebuilder = spawn_rebuilder(builder, batches, shared.clone(), log);
    let runtime = http::spawn(listener, shared.clone())
        .map_err(|e| StartError::Usage(format!("cannot start the HTTP server: {e}")))?;
    Ok(Server {
        addr,
        url,
        shared,
        runtime: Some(runtime),
        watcher: Some(watcher),
        rebuilder: Some(rebuilder),
    })
}

impl Server {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's home page, with the base path of `base_url`: `http://127.0.0.1:1111/legal/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many rebuilds ran since the start, by kind.
    pub fn rebuilds(&self) -> Rebuilds {
        self.shared.rebuilds()
    }

    /// The files being served now, as the build wrote them (before any live-reload script
    /// is injected), by path relative to the site root.
    pub fn files(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.shared
            .snapshot()
            .files
            .iter()
            .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
            .collect()
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        if let Some(thread) = self.rebuilder.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Without its watcher the rebuild thread finishes the rebuild at hand and ends.
        self.watcher.take();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn spawn_rebuilder(
    mut builder: rebuild::Builder,
    batches: watch::Batches,
    shared: Arc<state::Shared>,
    log: Log,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        while let Some(batch) = batches.next() {
            let started = Instant::now();
            let change = builder.classify(&batch);
            let outcome = builder.rebuild(&change);
            let css_only = change.css_only && !outcome.problems.has_errors();
            shared.publish(outcome.update, css_only);
            log.rebuilt(&batch, &outcome.kind, &outcome.problems, started.elapsed());
        }
    })
}

/// Binds the listening socket; a taken port is a usage error that names a free one.
fn bind(interface: IpAddr, port: u16) -> Result<TcpListener, StartError> {
    TcpListener::bind((interface, port)).map_err(|e| {
        let what = format!("cannot listen on {}", SocketAddr::new(interface, port));
        match e.kind() {
            std::io::ErrorKind::AddrInUse => {
                let hint = match next_free_port(interface, port) {
                    Some(free) => format!("try --port {free}"),
                    None => "pass another --port".to_string(),
                };
                StartError::Usage(format!("port {port} is already in use ({what}); {hint}"))
            }
            std::io::ErrorKind::AddrNotAvailable => StartError::Usage(format!(
                "{what}: this machine has no interface {interface}; try --interface 127.0.0.1"
            )),
            _ => StartError::Usage(format!("{what}: {e}; try another --port")),
        }
    })
}

fn next_free_port(interface: IpAddr, taken: u16) -> Option<u16> {
    (taken.saturating_add(1)..=taken.saturating_add(100))
        .find(|&port| port != taken && TcpListener::bind((interface, port)).is_ok())
}

/// The address to put in URLs: a browser cannot open the unspecified address `0.0.0.0`.
fn browsable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        ip if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), addr.port())
        }
        _ => addr,
    }
}

/// What the server tells the terminal.
#[derive(Clone, Copy)]
struct Log {
    quiet: bool,
}

impl Log {
    fn first(&self, url: &str, problems: &Diagnostics, took: std::time::Duration) {
        if self.quiet {
            return;
        }
        self.problems(problems);
        let state = if problems.has_errors() {
            "the site has errors; its pages show them until they are fixed"
        } else {
            "built"
        };
        let watched: Vec<String> = watch::FOLDERS
            .iter()
            .map(|f| format!("{f}/"))
            .chain(watch::FILES.iter().map(|f| f.to_string()))
            .collect();
        println!(
            "Serving the site at {url} ({state}, {:.0} ms). Watching {}. Ctrl-C stops.",
            took.as_secs_f64() * 1000.0,
            watched.join(", ")
        );
    }

    fn rebuilt(
        &self,
        batch: &watch::Batch,
        kind: &str,
        problems: &Diagnostics,
        took: std::time::Duration,
    ) {
        if self.quiet {
            return;
        }
        self.problems(problems);
        let failed = problems.has_errors();
        println!(
            "{} {kind} in {:.0} ms after a change to {}",
            if failed { "Rebuild failed:" } else { "Rebuilt" },
            took.as_secs_f64() * 1000.0,
            batch.describe()
        );
    }

    fn problems(&self, problems: &Diagnostics) {
        for d in problems.clone().sorted() {
            eprintln!("{d}");
        }
    }
}
