//! Micro-benchmarks of the build's hot stages, so that a regression shows here before it
//! reaches the whole-site figure of `bench/run.sh`. No benchmark framework: each stage runs
//! in batches for about a tenth of a second, eleven times, and the median time per call is
//! printed, which is stable enough on a noisy machine and costs no dependency.
//!
//! `cargo bench` runs them all; `cargo bench -- diff` only those whose name contains `diff`.
//! The input is a portal from `bench/gen.py` (20 operators × 3 policies × 5 editions of
//! ~10 KB Russian text), so python3 is needed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use redakt::content::frontmatter;
use redakt::site::{self, output::Discard, LoadOptions};
use redakt::{diff, markdown};

const SAMPLES: usize = 11;
const SAMPLE_TIME: Duration = Duration::from_millis(100);

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = generate(dir.path());
    let (old_file, new_file) = two_editions(&root);
    let old_text = std::fs::read_to_string(&old_file).expect("edition");
    let new_text = std::fs::read_to_string(&new_file).expect("edition");
    let old = frontmatter::parse(&old_text, &old_file).expect("valid edition");
    let new = frontmatter::parse(&new_text, &new_file).expect("valid edition");
    let options = LoadOptions {
        root: root.clone(),
        date: Some(time::macros::date!(2026 - 11 - 22)),
        ..Default::default()
    };
    let loaded = site::load(&options).expect("the bench portal loads");

    let run = |name: &str, f: &mut dyn FnMut()| {
        if filter.as_deref().is_none_or(|f| name.contains(f)) {
            report(name, measure(f));
        }
    };
    run("front-matter parse (one edition)", &mut || {
        frontmatter::parse(&new_text, &new_file).expect("valid");
    });
    run("markdown render (one edition)", &mut || {
        markdown::render(&new.body, false);
    });
    run("markdown passages for search (one edition)", &mut || {
        markdown::passages(&new.body);
    });
    run("diff split (one edition)", &mut || {
        diff::blocks::split(&new.body);
    });
    let (old_blocks, new_blocks) = (
        diff::blocks::split(&old.body),
        diff::blocks::split(&new.body),
    );
    run("diff compare + html (two split editions)", &mut || {
        let redline = diff::compare(&old_blocks, &new_blocks);
        let links = diff::html::Links {
            old_page: "../../1/",
            new_page: "../",
        };
        diff::html::render(&redline, &Default::default(), &links);
    });
    run("site load (300 editions)", &mut || {
        site::load(&options).expect("loads");
    });
    run(
        "site render to memory (300 editions, every page)",
        &mut || {
            site::render(&loaded.site, &Discard).expect("renders");
        },
    );
    run(
        "search index (300 editions, 60 current; theme loaded)",
        &mut || {
            site::search::write_index(&loaded.site, &Discard).expect("indexes");
        },
    );
}

fn generate(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen.py");
    let status = Command::new("python3")
        .arg(&script)
        .arg(&root)
        .args(["--operators", "20", "--policies", "3", "--editions", "5"])
        .status()
        .expect("python3 runs bench/gen.py");
    assert!(status.success(), "bench/gen.py failed");
    root
}

/// The first policy's first two editions: an edit an editor made.
fn two_editions(root: &Path) -> (PathBuf, PathBuf) {
    let policy = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name() == "_policy.toml" || e.path().extension().is_some_and(|x| x == "md")
        })
        .and_then(|e| e.path().parent().map(Path::to_path_buf))
        .expect("a policy folder");
    let mut editions: Vec<PathBuf> = std::fs::read_dir(&policy)
        .expect("policy folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    editions.sort();
    (editions[0].clone(), editions[1].clone())
}

/// Median time per call over the samples.
fn measure(f: &mut dyn FnMut()) -> Duration {
    f();
    let mut per_call = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let started = Instant::now();
        let mut calls = 0u32;
        while started.elapsed() < SAMPLE_TIME {
            f();
            calls += 1;
        }
        per_call.push(started.elapsed() / calls);
    }
    per_call.sort();
    per_call[SAMPLES / 2]
}

fn report(name: &str, median: Duration) {
    println!("{name:<52} {:>12.3} µs", median.as_secs_f64() * 1e6);
}
