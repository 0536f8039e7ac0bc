//! The redline on edits editors really make.

use super::*;

const BASE: &str = "# Политика

## 1. Общие положения

1.1. Настоящая Политика определяет порядок обработки персональных данных.

1.2. Оператор обрабатывает данные в соответствии с законом.

1.3. Политика действует бессрочно.

## 2. Хранение

2.1. Данные хранятся на серверах в Республике Казахстан.

2.2. Срок хранения составляет три года.

## 3. Контакты

3.1. Обращения принимаются по адресу privacy@example.kz.
";

fn kinds(redline: &Redline) -> Vec<&'static str> {
    redline
        .rows
        .iter()
        .map(|row| match *row {
            Row::Same { old, new } if redline.renumbered(old, new) => "renumbered",
            Row::Same { .. } => "same",
            Row::Changed { .. } => "changed",
            Row::Added { .. } => "added",
            Row::Removed { .. } => "removed",
            Row::MovedAway { .. } => "moved-away",
            Row::MovedHere { .. } => "moved-here",
        })
        .collect()
}

#[test]
fn an_inserted_clause_renumbers_the_rest_without_rewriting_it() {
    let new = BASE
        .replace(
            "1.2. Оператор",
            "1.2. Оператор назначает ответственного за обработку.\n\n1.3. Оператор",
        )
        .replace("1.3. Политика", "1.4. Политика");
    let (old, new) = (blocks::split(BASE), blocks::split(&new));
    let redline = compare(&old, &new);
    assert_eq!(
        redline.counts,
        Counts {
            added: 1,
            removed: 0,
            changed: 0,
            moved: 0,
            renumbered: 2,
            unchanged: 8
        },
        "{:?}",
        kinds(&redline)
    );
    let html = html::render(&redline, &labels(), &links());
    assert!(
        html.contains("<ins><a class=\"rl-num\" href=\"../#clause-1.2\">1.2.</a> Оператор назначает ответственного за обработку.</ins>"),
        "{html}"
    );
    assert!(
        html.contains("<del>1.2.</del> <ins>1.3.</ins></span> Оператор обрабатывает"),
        "{html}"
    );
}

#[test]
fn a_deleted_clause_is_removed_and_the_next_one_renumbered() {
    let new = BASE
        .replace(
            "2.1. Данные хранятся на серверах в Республике Казахстан.\n\n",
            "",
        )
        .replace("2.2. Срок", "2.1. Срок");
    let (old, new) = (blocks::split(BASE), blocks::split(&new));
    let redline = compare(&old, &new);
    assert_eq!(
        (
            redline.counts.removed,
            redline.counts.renumbered,
            redline.counts.changed
        ),
        (1, 1, 0)
    );
    let text = terminal::render(&redline, terminal::Style::Plain);
    assert!(
        text.contains("- 2.1. Данные хранятся на серверах в Республике Казахстан."),
        "{text}"
    );
}

#[test]
fn a_changed_sentence_is_one_changed_clause_with_word_marks() {
    let new = BASE.replace("три года", "пять лет");
    let (old, new) = (blocks::split(BASE), blocks::split(&new));
    let redline = compare(&old, &new);
    assert_eq!(kinds(&redline).iter().filter(|k| **k != "same").count(), 1);
    assert_eq!(redline.counts.changed, 1);
    let text = terminal::render(&redline, terminal::Style::Plain);
    assert!(
        text.contains("~ 2.2. Срок хранения составляет [-три года-]{+пять лет+}."),
        "{text}"
    );
    let html = html::render(&redline, &labels(), &links());
    assert!(
        html.contains("составляет <del>три года</del><ins>пять лет</ins>."),
        "{html}"
    );
}

#[test]
fn a_moved_section_is_shown_as_moved_not_as_removed_and_added() {
    let contacts = "## 3. Контакты\n\n3.1. Обращения принимаются по адресу privacy@example.kz.\n";
    let moved = contacts.replace("## 3.", "## 2.").replace("3.1.", "2.1.");
    let new = BASE
        .replace(contacts, "")
        .replace("## 2. Хранение", &format!("{moved}\n## 3. Хранение"))
        .replace("2.1. Данные", "3.1. Данные")
        .replace("2.2. Срок", "3.2. Срок");
    let (old, new) = (blocks::split(BASE), blocks::split(&new));
    let redline = compare(&old, &new);
    assert_eq!(redline.counts.added, 0, "{:?}", kinds(&redline));
    assert_eq!(redline.counts.removed, 0, "{:?}", kinds(&redline));
    assert!(redline.counts.moved >= 1, "{:?}", kinds(&redline));
    let text = terminal::render(&redline, terminal::Style::Plain);
    assert!(text.contains("(moved from 3.1.)"), "{text}");
}

#[test]
fn punctuation_only_changes_are_named_as_such() {
    let new = BASE.replace("порядок обработки", "порядок, обработки");
    let (old, new) = (blocks::split(BASE), blocks::split(&new));
    let redline = compare(&old, &new);
    assert_eq!(redline.counts.changed, 1);
    let html = html::render(&redline, &labels(), &links());
    assert!(
        html.contains("<span class=\"rl-tag\">punctuation</span>"),
        "{html}"
    );
    assert!(html.contains("порядок<ins>,</ins> обработки"), "{html}");
}

#[test]
fn reflowed_lines_and_spaces_change_nothing() {
    let new = BASE
        .replace("определяет порядок", "определяет\nпорядок")
        .replace("1.3. Политика действует", "1.3.  Политика   действует");
    let (old, new) = (blocks::split(BASE), blocks::split(&new));
    let redline = compare(&old, &new);
    assert!(redline.counts.is_empty(), "{:?}", redline.counts);
    assert_eq!(
        redline.pieces(1),
        vec![Piece::Folded(0..redline.rows.len())]
    );
}

#[test]
fn long_unchanged_stretches_fold_with_context() {
    let new = BASE.replace("бессрочно", "до отзыва");
    let (old, new) = (blocks::split(BASE), blocks::split(&new));
    let redline = compare(&old, &new);
    let html = html::render(&redline, &labels(), &links());
    // Four rows before the change (one kept as context), five after (one kept); a fold
    // links to the first of its clauses in the new edition.
    assert!(
        html.contains("<p class=\"rl-fold\"><a href=\"../#clause-1.1\">unchanged: 3 (1.1)</a></p>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<p class=\"rl-fold\"><a href=\"../#clause-2.1\">unchanged: 4 (2.1–3.1)</a></p>"
        ),
        "{html}"
    );
    assert!(html.contains("1.2.</a> Оператор обрабатывает"), "{html}");
}

fn labels() -> html::Labels {
    html::Labels {
        added: "added".into(),
        removed: "removed".into(),
        changed: "changed".into(),
        punctuation: "punctuation".into(),
        moved_from: "moved from {n}".into(),
        moved_to: "moved to {n}".into(),
        moved: "moved".into(),
        unchanged: "unchanged".into(),
        renumbered: "renumbered".into(),
    }
}

fn links() -> html::Links<'static> {
    html::Links {
        old_page: "../../1/",
        new_page: "../",
    }
}
