//! `redakt check` lints, end to end: for every rule a fixture that trips it and one that
//! does not, positions in the original `.md`, the JSON output, `--deny-warnings`, and
//! `[lint] allow`.

mod common;

use common::{edition, Fixture, Run};

const DATE: &str = "2026-11-23";

/// An operator with every contact, so that only the rule under test speaks.
const OPERATOR: &str = "name = \"ТОО «Тест»\"\nbin = \"180640028978\"\nemail = \"privacy@test.kz\"\naddress = \"г. Алматы, ул. Абая, 1\"\n";

/// A privacy policy stating everything the checklist asks for, one clause per item.
const COMPLETE: &str = "
# Политика конфиденциальности

## 1. Общие положения

1.1. Оператор — ТОО «Тест» (БИН 180640028978), адрес: г. Алматы, ул. Абая, 1; e-mail: privacy@test.kz.

1.2. Политика вступает в силу с 1 марта 2024 года.

## 2. Обработка

2.1. Мы обрабатываем следующие данные: имя и номер телефона.

2.2. Данные обрабатываются, чтобы исполнять договор.

## 3. Передача

3.1. Данные передаются третьим лицам только по закону.

3.2. Трансграничная передача не осуществляется.

3.3. Данные хранятся на территории Республики Казахстан.

3.4. Срок хранения — три года.

## 4. Права

4.1. Пользователь вправе знать о своих данных и требовать их изменения.

4.2. Запрос направляется на privacy@test.kz.

4.3. Согласие можно отозвать в любое время.

## 5. Заключительные положения

5.1. Новая редакция Политики размещается на портале.
";

const KK: &str = "
# Құпиялылық саясаты

1. «Тест» ЖШС (БСН 180640028978), мекенжайы: Алматы қ.

2. Өңдеу мақсаттары: шартты орындау.

3. Дербес деректердің санаттары: аты, телефоны.

4. Деректер үшінші тұлғаларға берілмейді.

5. Трансшекаралық беру жүзеге асырылмайды.

6. Деректер Қазақстан Республикасының аумағында сақталады.

7. Сақтау мерзімі — үш жыл.

8. Субъект өз деректері туралы білуге құқылы.

9. Өтініш privacy@test.kz мекенжайына жіберіледі.

10. Келісімді кез келген уақытта кері қайтарып алуға болады.

11. Өзгерістер порталда жарияланады.

12. Саясат 2024 жылғы 1 наурыздан бастап күшіне енеді.
";

const EN: &str = "
# Privacy policy

1\\. Test LLP (BIN 180640028978), e-mail privacy@test.kz.

2\\. Purposes: to perform the contract.

3\\. Categories of data: name and phone number.

4\\. Data are not passed to third parties.

5\\. Data are not transferred abroad.

6\\. Databases are located in Kazakhstan.

7\\. Retention: three years.

8\\. You have the right to know what data we hold.

9\\. Send a request to privacy@test.kz.

10\\. You may withdraw consent at any time.

11\\. Changes are posted on the portal.

12\\. This policy is effective from 1 March 2024.
";

/// A site with the complete operator and the given files under `content/op/`.
fn site(files: &[(&str, String)]) -> Fixture {
    let mut all: Vec<(String, String)> =
        vec![("content/op/_operator.toml".into(), OPERATOR.into())];
    for (path, text) in files {
        all.push((format!("content/op/{path}"), text.clone()));
    }
    let refs: Vec<(&str, &str)> = all.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    Fixture::new(&refs)
}

fn first(body: &str) -> String {
    edition("version = \"1.0\"\npublished = 2024-03-01", body)
}

fn check(fixture: &Fixture, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--date", DATE];
    args.extend_from_slice(extra);
    fixture.run(&args)
}

/// One finding as printed: `file:line:col: severity[code]: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    file: String,
    line: usize,
    column: usize,
    code: String,
    message: String,
}

fn found(run: &Run) -> Vec<Found> {
    run.stderr
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": ")?;
            let (severity_code, message) = rest.split_once(": ")?;
            let code = severity_code
                .strip_prefix("warning[")
                .or_else(|| severity_code.strip_prefix("error["))?
                .strip_suffix(']')?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some(Found {
                file: parts.next()?.to_string(),
                line,
                column,
                code: code.to_string(),
                message: message.to_string(),
            })
        })
        .collect()
}

fn codes(run: &Run) -> Vec<String> {
    found(run).into_iter().map(|f| f.code).collect()
}

fn assert_clean(run: &Run) {
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert_eq!(codes(run), Vec::<String>::new(), "stderr:\n{}", run.stderr);
    assert!(
        run.stdout.contains("no errors, 0 warning(s)"),
        "stdout:\n{}",
        run.stdout
    );
}

#[test]
fn a_complete_policy_in_three_languages_passes() {
    let fixture = site(&[
        ("privacy/1.0.md", first(COMPLETE)),
        ("privacy/1.0.kk.md", edition("version = \"1.0\"", KK)),
        ("privacy/1.0.en.md", edition("version = \"1.0\"", EN)),
    ]);
    assert_clean(&check(&fixture, &[]));
}

/// Each checklist item, and the clause of [`COMPLETE`] that states it.
const CHECKLIST: &[(&str, &str)] = &[
    ("missing-operator", "1.1. Оператор"),
    ("missing-effective-date", "1.2. Политика"),
    ("missing-data-categories", "2.1. Мы"),
    ("missing-purposes", "2.2. Данные"),
    ("missing-third-parties", "3.1. Данные"),
    ("missing-cross-border", "3.2. Трансграничная"),
    ("missing-storage-location", "3.3. Данные"),
    ("missing-retention", "3.4. Срок"),
    ("missing-rights", "4.1. Пользователь"),
    ("missing-rights", "4.2. Запрос"),
    ("missing-withdrawal", "4.3. Согласие"),
    ("missing-changes-notice", "5.1. Новая"),
];

/// [`COMPLETE`] without the clause starting with `start`, its text kept as an unnumbered
/// placeholder-free line so that numbering stays unbroken.
fn without(start: &str) -> String {
    COMPLETE
        .lines()
        .map(|l| {
            if l.starts_with(start) {
                format!("{} Текст.", &start[..start.find(' ').unwrap()])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_checklist_item_is_reported_when_missing() {
    for (code, clause) in CHECKLIST {
        let fixture = site(&[("privacy/1.0.md", first(&without(clause)))]);
        let run = check(&fixture, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(codes(&run), [*code], "without «{clause}»:\n{}", run.stderr);
    }
}

#[test]
fn a_missing_item_cites_the_section_where_it_usually_goes() {
    let fixture = site(&[("privacy/1.0.md", first(&without("3.4. Срок")))]);
    let run = check(&fixture, &[]);
    let f = &found(&run)[0];
    assert_eq!(
        (f.file.as_str(), f.line, f.column),
        ("content/op/privacy/1.0.md", 20, 1)
    );
    assert_eq!(
        f.message,
        "the text does not say how long personal data are kept"
    );
    assert!(
        run.stderr.contains("  = help: add it where it usually goes: a section «Сроки хранения персональных данных» after «3. Передача»"),
        "{}",
        run.stderr
    );
}

#[test]
fn kazakh_and_english_texts_are_checked_in_their_own_words() {
    let kk = KK.replace("7. Сақтау мерзімі — үш жыл.", "7. Мәтін.");
    let en = EN.replace("10\\. You may withdraw consent at any time.", "10\\. Text.");
    let fixture = site(&[
        ("privacy/1.0.md", first(COMPLETE)),
        ("privacy/1.0.kk.md", edition("version = \"1.0\"", &kk)),
        ("privacy/1.0.en.md", edition("version = \"1.0\"", &en)),
    ]);
    let run = check(&fixture, &[]);
    let got: Vec<(String, String)> = found(&run).into_iter().map(|f| (f.file, f.code)).collect();
    assert_eq!(
        got,
        [
            (
                "content/op/privacy/1.0.en.md".into(),
                "missing-withdrawal".into()
            ),
            (
                "content/op/privacy/1.0.kk.md".into(),
                "missing-retention".into()
            ),
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("«Дербес деректерді сақтау мерзімі»"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_checklist_applies_to_privacy_and_consent_only() {
    let offer = "\n# Оферта\n\n1.1. Текст оферты.\n";
    let fixture = site(&[
        ("offer/_policy.toml", "kind = \"offer\"\n".into()),
        ("offer/1.0.md", first(offer)),
    ]);
    assert_clean(&check(&fixture, &[]));
    let consent = "\n# Согласие\n\n1.1. Текст согласия.\n";
    let fixture = site(&[
        ("consent/_policy.toml", "kind = \"consent\"\n".into()),
        ("consent/1.0.md", first(consent)),
    ]);
    let run = check(&fixture, &[]);
    let mut got = codes(&run);
    got.sort();
    assert_eq!(
        got,
        [
            "missing-cross-border",
            "missing-data-categories",
            "missing-operator",
            "missing-purposes",
            "missing-retention",
            "missing-storage-location",
            "missing-third-parties",
            "missing-withdrawal"
        ],
        "{}",
        run.stderr
    );
}

/// [`COMPLETE`] with `extra` appended as its last paragraph.
fn with(extra: &str) -> String {
    format!("{COMPLETE}\n{extra}\n")
}

#[test]
fn placeholders_are_found_where_they_are() {
    let fixture = site(&[(
        "privacy/1.0.md",
        first(&with(
            "5.2. Сайт размещён на домене _____________ и [название].",
        )),
    )]);
    let run = check(&fixture, &[]);
    let got = found(&run);
    assert_eq!(
        got,
        [
            Found {
                file: "content/op/privacy/1.0.md".into(),
                line: 42,
                column: 30,
                code: "placeholder".into(),
                message: "unfilled placeholder `_____________`".into(),
            },
            Found {
                file: "content/op/privacy/1.0.md".into(),
                line: 42,
                column: 46,
                code: "placeholder".into(),
                message: "unfilled placeholder `[название]`".into(),
            },
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  = help: fill in the blank with the real value before publishing"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 0, "warnings do not fail check");
}

#[test]
fn export_debris_and_broken_bold_are_found() {
    let body = with("5.2. Текст.[bookmark: _GoBack]\n\n.\n\n- 5.3.** Оператор вправе.");
    let fixture = site(&[("privacy/1.0.md", first(&body))]);
    let run = check(&fixture, &[]);
    let got: Vec<(usize, String, String)> = found(&run)
        .into_iter()
        .map(|f| (f.line, f.code, f.message))
        .collect();
    assert_eq!(
        got,
        [
            (
                42,
                "export-debris".into(),
                "Word bookmark marker `[bookmark: _GoBack]`".into()
            ),
            (44, "export-debris".into(), "a line holding only `.`".into()),
            (
                46,
                "broken-bold".into(),
                "stray `**`: bold or italic that never closes".into()
            ),
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn closed_bold_numbers_are_not_debris() {
    let body = with("**5.2.** Оператор *вправе* уведомить.");
    assert_clean(&check(&site(&[("privacy/1.0.md", first(&body))]), &[]));
}

#[test]
fn numbering_gaps_and_repeats_are_found() {
    let body = with("5.3. Пропуск.\n\n5.3. Повтор.");
    let fixture = site(&[("privacy/1.0.md", first(&body))]);
    let run = check(&fixture, &[]);
    let got: Vec<(usize, String, String)> = found(&run)
        .into_iter()
        .map(|f| (f.line, f.code, f.message))
        .collect();
    assert_eq!(
        got,
        [
            (
                42,
                "numbering-gap".into(),
                "numbering skips 5.2: clause 5.3 follows 5.1".into()
            ),
            (
                44,
                "numbering-repeat".into(),
                "clause 5.3 is numbered again (first on line 42)".into()
            ),
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn an_operator_without_contacts_is_reported() {
    let mut fixture = site(&[("privacy/1.0.md", first(COMPLETE))]);
    fixture.write("content/op/_operator.toml", "name = \"ТОО «Тест»\"\n");
    let run = check(&fixture, &[]);
    let got = found(&run);
    assert_eq!(got.len(), 1, "{}", run.stderr);
    assert_eq!(
        (
            got[0].file.as_str(),
            got[0].code.as_str(),
            got[0].message.as_str()
        ),
        (
            "content/op/_operator.toml",
            "operator-contact",
            "the operator has no e-mail or website and no address"
        )
    );
    fixture = site(&[("privacy/1.0.md", first(COMPLETE))]);
    assert_clean(&check(&fixture, &[]));
}

fn second(front: &str) -> String {
    edition(
        &format!("version = \"1.1\"\npublished = 2024-06-01\n{front}"),
        COMPLETE,
    )
}

#[test]
fn an_empty_summary_is_reported() {
    let fixture = site(&[
        ("privacy/1.0.md", first(COMPLETE)),
        ("privacy/1.1.md", second("summary = \"\"")),
    ]);
    let run = check(&fixture, &[]);
    assert_eq!(
        found(&run),
        [Found {
            file: "content/op/privacy/1.1.md".into(),
            line: 4,
            column: 1,
            code: "empty-summary".into(),
            message: "`summary` is empty".into(),
        }],
        "{}",
        run.stderr
    );
    let fixture = site(&[
        ("privacy/1.0.md", first(COMPLETE)),
        ("privacy/1.1.md", second("summary = \"Уточнён срок\"")),
    ]);
    assert_clean(&check(&fixture, &[]));
}

#[test]
fn archived_editions_are_linted_only_when_asked() {
    let old = edition(
        "version = \"1.0\"\npublished = 2024-03-01",
        &with("5.2. Домен ____."),
    );
    let fixture = site(&[
        ("privacy/1.0.md", old),
        ("privacy/1.1.md", second("summary = \"Уточнён срок\"")),
    ]);
    assert_clean(&check(&fixture, &[]));
    let run = check(&fixture, &["--archived"]);
    assert_eq!(codes(&run), ["placeholder"], "{}", run.stderr);
}

#[test]
fn deny_warnings_fails_on_a_warning_only() {
    let fixture = site(&[("privacy/1.0.md", first(&with("5.2. Домен ____.")))]);
    let run = check(&fixture, &["--deny-warnings"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("1 warning(s)\nerror: 1 warning(s) denied by --deny-warnings\n"),
        "{}",
        run.stderr
    );
    let clean = site(&[("privacy/1.0.md", first(COMPLETE))]);
    assert_eq!(check(&clean, &["--deny-warnings"]).code, 0);
}

#[test]
fn json_output_lists_every_finding() {
    let fixture = site(&[("privacy/1.0.md", first(&with("5.2. Домен ____.")))]);
    let run = check(&fixture, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(
        json,
        serde_json::json!({
            "schema": 1,
            "errors": 0,
            "warnings": 1,
            "silenced": 0,
            "findings": [{
                "severity": "warning",
                "code": "placeholder",
                "file": "content/op/privacy/1.0.md",
                "line": 42,
                "column": 12,
                "message": "unfilled placeholder `____`",
                "hint": "fill in the blank with the real value before publishing",
            }],
        })
    );
    let denied = check(&fixture, &["--format", "json", "--deny-warnings"]);
    assert_eq!(denied.code, 1);
    assert_eq!(denied.stdout, run.stdout);
}

#[test]
fn json_output_carries_errors_too() {
    let body = with("5.2. См. [редакцию 9.0](/op/privacy/9.0/).");
    let fixture = site(&[("privacy/1.0.md", first(&body))]);
    let run = check(&fixture, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(json["errors"], 1);
    assert_eq!(json["findings"][0]["code"], "broken-link");
    assert_eq!(json["findings"][0]["line"], 42);
}

#[test]
fn broken_internal_links_are_errors_that_stop_the_build() {
    let body = with("5.2. См. [редакцию 9.0](/op/privacy/9.0/) и [условия](https://policies.example.kz/op/terms/).");
    let fixture = site(&[("privacy/1.0.md", first(&body))]);
    let run = check(&fixture, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let got: Vec<(usize, usize, String)> = found(&run)
        .into_iter()
        .map(|f| (f.line, f.column, f.message))
        .collect();
    assert_eq!(
        got,
        [
            (
                42,
                10,
                "broken link `/op/privacy/9.0/`: the site has no page /op/privacy/9.0/".into()
            ),
            (
                42,
                45,
                "broken link `https://policies.example.kz/op/terms/`: the site has no page /op/terms/".into()
            ),
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  = help: the nearest page that exists is `/op/privacy/`"),
        "{}",
        run.stderr
    );
    let built = fixture.run(&["build", "--date", DATE]);
    assert_eq!(built.code, 1, "{}", built.stderr);
    assert!(!fixture.path("public").exists());
}

#[test]
fn links_to_existing_pages_pass() {
    let body = with("5.2. См. [редакцию 1.0](/op/privacy/1.0/#clause-1.1), [казахский текст](/kk/op/privacy/), [ленту](/feed.xml) и [портал](https://policies.example.kz/).");
    assert_clean(&check(&site(&[("privacy/1.0.md", first(&body))]), &[]));
}

#[test]
fn a_relative_link_on_the_current_edition_must_work_on_the_policy_page_too() {
    let body = with("5.2. См. [редакцию 1.0](../1.0/).");
    let fixture = site(&[
        ("privacy/1.0.md", first(COMPLETE)),
        (
            "privacy/1.1.md",
            edition(
                "version = \"1.1\"\npublished = 2024-06-01\nsummary = \"Ссылка\"",
                &body,
            ),
        ),
    ]);
    let run = check(&fixture, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[broken-link]: broken link `../1.0/`: on /op/privacy/, where this text is also shown, it leads to /op/1.0/, which does not exist"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  = help: write the link from the site root: `/op/privacy/1.0/`"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_prints_warnings_and_succeeds() {
    let fixture = site(&[("privacy/1.0.md", first(&with("5.2. Домен ____.")))]);
    let run = fixture.build();
    assert!(
        run.stderr.contains(
            "content/op/privacy/1.0.md:42:12: warning[placeholder]: unfilled placeholder `____`"
        ),
        "{}",
        run.stderr
    );
    assert!(fixture.exists("op/privacy/index.html"));
}

fn allowing(lint: &str) -> String {
    edition(
        &format!("version = \"1.0\"\npublished = 2024-03-01\n\n{lint}"),
        &with("5.2. Домен ____."),
    )
}

#[test]
fn lint_allow_silences_a_warning_with_a_reason() {
    let text = allowing("[lint]\nallow = [\"placeholder\"]\nreason = \"Домен ещё не куплен\"");
    let fixture = site(&[("privacy/1.0.md", text)]);
    let run = check(&fixture, &[]);
    assert_clean(&run);
    assert!(
        run.stdout.contains("(1 allowed by [lint])"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_allow_that_silences_nothing_is_a_warning() {
    let text = allowing(
        "[lint]\nallow = [\"placeholder\", \"broken-bold\"]\nreason = \"Домен ещё не куплен\"",
    );
    let fixture = site(&[("privacy/1.0.md", text)]);
    let run = check(&fixture, &[]);
    assert_eq!(
        found(&run),
        [Found {
            file: "content/op/privacy/1.0.md".into(),
            line: 6,
            column: 1,
            code: "unused-allow".into(),
            message: "`broken-bold` is allowed, but no such warning is found here".into(),
        }],
        "{}",
        run.stderr
    );
}

#[test]
fn lint_allow_needs_a_reason() {
    let fixture = site(&[(
        "privacy/1.0.md",
        allowing("[lint]\nallow = [\"placeholder\"]"),
    )]);
    let run = check(&fixture, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: missing required key `reason`"),
        "{}",
        run.stderr
    );
    let fixture = site(&[(
        "privacy/1.0.md",
        allowing("[lint]\nallow = [\"placeholder\"]\nreason = \" \""),
    )]);
    let run = check(&fixture, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/op/privacy/1.0.md:7:1: error: `[lint]` has an empty `reason`"),
        "{}",
        run.stderr
    );
}

#[test]
fn lint_allow_rejects_unknown_codes_and_errors() {
    let fixture = site(&[(
        "privacy/1.0.md",
        allowing("[lint]\nallow = [\"placeholdr\", \"broken-link\"]\nreason = \"x\""),
    )]);
    let run = check(&fixture, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/op/privacy/1.0.md:6:1: error: unknown lint code `placeholdr` in `allow`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  = help: did you mean `placeholder`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: `broken-link` is an error and cannot be allowed"),
        "{}",
        run.stderr
    );
}

#[test]
fn front_matter_stays_strict_inside_lint() {
    let fixture = site(&[(
        "privacy/1.0.md",
        allowing("[lint]\nallow = [\"placeholder\"]\nreason = \"x\"\nalow = []"),
    )]);
    let run = check(&fixture, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: unknown key `alow`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_operator_warning_is_allowed_in_operator_toml() {
    let fixture = site(&[("privacy/1.0.md", first(COMPLETE))]);
    fixture.write(
        "content/op/_operator.toml",
        "name = \"ТОО «Тест»\"\nemail = \"a@test.kz\"\n\n[lint]\nallow = [\"operator-contact\"]\nreason = \"Оператор без офиса\"\n",
    );
    assert_clean(&check(&fixture, &[]));
}

#[test]
fn the_example_portal_passes_check_archived_editions_included() {
    let root = env!("CARGO_MANIFEST_DIR");
    for extra in [None, Some("--archived")] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_redakt"))
            .args(["--root", root, "check", "--date", DATE, "--deny-warnings"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{extra:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}
