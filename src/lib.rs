//! Redakt compiles a multi-operator policy portal — operators, their policies and every
//! edition of each — from Markdown into a static site. The modules follow the pipeline:
//! `config` → `content` → `markdown` → `render` → `site`, with `cli` on top; each depends
//! only on those before it.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod render;
pub mod site;
mod toml_file;
