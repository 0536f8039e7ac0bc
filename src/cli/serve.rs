//! `redakt serve`: the preview server with live reload, until Ctrl-C.

use std::net::IpAddr;
use std::path::Path;
use std::process::{Command, Stdio};

use clap::Args;

use super::{parse_date, Failure};
use crate::serve::{self, ServeOptions, StartError};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; 0.0.0.0 makes the preview reachable from other machines.
    #[arg(long, short, default_value = "127.0.0.1", value_parser = parse_interface)]
    pub interface: IpAddr,
    /// Serve as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<time::Date>,
    /// Include editions marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

fn parse_interface(text: &str) -> Result<IpAddr, String> {
    match text {
        "localhost" => Ok(IpAddr::from([127, 0, 0, 1])),
        _ => text.parse().map_err(|_| {
            format!("`{text}` is not an IP address; try 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)")
        }),
    }
}

pub fn run(root: &Path, args: ServeArgs) -> Result<(), Failure> {
    let options = ServeOptions {
        root: root.to_path_buf(),
        interface: args.interface,
        port: args.port,
        date: args.date,
        drafts: args.drafts,
        quiet: false,
    };
    let server = serve::start(options).map_err(|e| match e {
        StartError::Usage(message) => Failure::Usage(message),
        StartError::Content(problems) => Failure::Content(problems),
    })?;
    if args.open {
        open_browser(server.url());
    }
    server.wait();
    Ok(())
}

/// Opens `url` with the system's opener; failing to is only worth a warning.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        Command::new("xdg-open")
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
    };
    if let Err(e) = opener {
        eprintln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}
