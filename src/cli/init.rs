//! `redakt init [DIR]`: a new site with one example operator and policy, ready to build.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Failure;
use crate::diagnostics::Diagnostic;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in [default: the --root folder].
    pub dir: Option<PathBuf>,
}

const SITE_TOML: &str = r#"title = "Портал политик конфиденциальности"
base_url = "https://policies.example.kz"
default_language = "ru"
languages = ["ru", "kk", "en"]
utc_offset = "+05:00"
theme = "default"

[feeds]
enabled = true

[search]
enabled = true

[i18n.kk]
title = "Құпиялылық саясаттарының порталы"

[i18n.en]
title = "Privacy Policy Portal"
"#;

const OPERATOR_TOML: &str = r#"name = "ТОО «Пример»"
short_name = "Пример"
website = "https://example.kz"
email = "privacy@example.kz"
address = "г. Алматы, пр. Абая, д. 1"

[i18n.en]
name = "Example LLP"
"#;

const POLICY_TOML: &str = r#"kind = "privacy"
title = "Политика конфиденциальности"

[i18n.en]
title = "Privacy Policy"
"#;

const FIRST_EDITION: &str = r#"+++
version = "1.0"
published = 2024-01-15
+++

# Политика конфиденциальности

## 1. Общие положения

1.1. Настоящая Политика определяет порядок обработки персональных данных ТОО «Пример» (далее — «Оператор»).

1.2. Политика действует с даты её размещения на портале.

## 2. Контакты

2.1. Обращения по вопросам персональных данных принимаются по адресу privacy@example.kz.
"#;

pub fn run(root: &Path, args: InitArgs) -> Result<(), Failure> {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    if dir.join("site.toml").exists() {
        return Err(
            Diagnostic::error(dir.join("site.toml"), "a site already exists here")
                .with_hint("choose an empty folder: redakt init my-portal")
                .into(),
        );
    }
    let files = [
        ("site.toml", SITE_TOML),
        ("content/example/_operator.toml", OPERATOR_TOML),
        ("content/example/privacy/_policy.toml", POLICY_TOML),
        ("content/example/privacy/1.0.md", FIRST_EDITION),
        // editions.lock is committed; only the temporary file it is written through is not,
        // nor what builds keep between runs.
        (".gitignore", "public/\n.redakt-cache/\neditions.lock.tmp\n"),
    ];
    for (name, text) in files {
        super::new::write_new(&dir.join(name), text)?;
    }
    println!(
        "Created a site in {}. Next: cd {} && redakt build",
        dir.display(),
        dir.display()
    );
    Ok(())
}
