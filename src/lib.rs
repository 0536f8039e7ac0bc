//! Redakt compiles a multi-operator policy portal — operators, their policies and every
//! edition of each — from Markdown into a static site. The modules follow the pipeline:
//! `config` → `content` → `lock` → `markdown` → `diff` → `check` → `render` → `site` →
//! `serve`, then `import` (office documents to editions), with `cli` on top; each depends
//! only on those before it.

// A diagnostic is a few strings and a path: big for an `Err`, but built only when something
// is wrong, and boxing it would burden every `?` in the loader for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod diff;
mod escape;
pub mod import;
pub mod lock;
pub mod markdown;
pub mod render;
pub mod serve;
pub mod site;
mod toml_file;
