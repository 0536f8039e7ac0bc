//! What is searched: per language, every operator and the page `/<op>/<policy>/` shows (the
//! current edition, else the first to come), each as a [`Document`] whose text is cut where
//! a result can link to: the top of the page, each heading, each numbered clause.

use crate::content::{Operator, Policy};
use crate::markdown::{self, Anchor, Passage, Plain};

use super::super::present::Lang;
use super::super::urls;
use super::json;

/// One page as search sees it; [`Document::to_json`] is the file the browser fetches to show
/// a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Site path with a leading slash (`/kk/qadam/privacy/`): what a result links to.
    pub url: String,
    pub title: String,
    /// `operator`, or the policy's kind.
    pub kind: String,
    /// The operator's name, for a policy.
    pub operator: String,
    pub version: Option<String>,
    /// The last-updated date, written in the language.
    pub updated: Option<String>,
    /// The policy has no text in this language: only its title is searched.
    pub untranslated: bool,
    /// The text, cut where a result can link to.
    pub body: Plain,
    /// What the link to a clause says, `{n}` standing for its number: «п. {n}».
    pub clause_label: String,
}

impl Document {
    /// `{"url":…,"title":…,"kind":…,"operator":…,"version":…,"updated":…,"untranslated":true,
    /// "units":[[anchor,title,text],…]}`, a unit per passage of the body (anchor and title
    /// empty for the top of the page); empty and absent facts are left out.
    pub fn to_json(&self) -> String {
        let size = self.body.text.len() + self.body.passages.len() * 40 + 256;
        let mut out = String::with_capacity(size);
        out.push('{');
        field(&mut out, "url", &self.url);
        field(&mut out, "title", &self.title);
        field(&mut out, "kind", &self.kind);
        if !self.operator.is_empty() {
            field(&mut out, "operator", &self.operator);
        }
        if let Some(version) = &self.version {
            field(&mut out, "version", version);
        }
        if let Some(updated) = &self.updated {
            field(&mut out, "updated", updated);
        }
        if self.untranslated {
            out.push_str("\"untranslated\":true,");
        }
        out.push_str("\"units\":[");
        let label: Vec<&str> = self.clause_label.split("{n}").collect();
        for (i, passage) in self.body.passages.iter().enumerate() {
            out.push_str(if i == 0 { "[" } else { ",[" });
            match &passage.anchor {
                Anchor::Top => out.push_str("\"\",\"\""),
                Anchor::Heading { id, text } => {
                    json::string(&mut out, id);
                    out.push(',');
                    json::string(&mut out, text);
                }
                Anchor::Clause(number) => {
                    json::string_of(&mut out, &["clause-", number]);
                    out.push(',');
                    json::string_of(&mut out, &filled(&label, number));
                }
            }
            out.push(',');
            json::string(&mut out, self.body.text_of(passage));
            out.push(']');
        }
        out.push_str("]}");
        out
    }
}

fn field(out: &mut String, name: &str, value: &str) {
    json::string(out, name);
    out.push(':');
    json::string(out, value);
    out.push(',');
}

/// The pieces of a label split at `{n}`, with the number between them.
fn filled<'a>(label: &[&'a str], number: &'a str) -> Vec<&'a str> {
    let mut pieces = Vec::with_capacity(label.len() * 2);
    for (i, piece) in label.iter().enumerate() {
        if i > 0 {
            pieces.push(number);
        }
        pieces.push(*piece);
    }
    pieces
}

/// The documents of one language, in a fixed order: each operator, then its policies.
pub fn each(l: &Lang, mut each: impl FnMut(Document)) {
    for op in &l.site.portal.operators {
        each(operator(l, op));
        for policy in &op.policies {
            if let Some(document) = policy_document(l, op, policy) {
                each(document);
            }
        }
    }
}

fn operator(l: &Lang, op: &Operator) -> Document {
    let view = l.operator_view(op, false);
    let details: Vec<&str> = [&view.short_name, &view.bin, &view.address, &view.website]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    Document {
        url: format!("/{}", view.path),
        title: view.name,
        kind: "operator".into(),
        operator: String::new(),
        version: None,
        updated: None,
        untranslated: false,
        body: one_passage(details.join(" · ")),
        clause_label: String::new(),
    }
}

/// A body of one passage, at the top of the page.
fn one_passage(mut text: String) -> Plain {
    let range = 0..text.len();
    text.push('\n');
    Plain {
        title: None,
        text,
        passages: vec![Passage {
            anchor: Anchor::Top,
            range,
        }],
    }
}

/// The policy page: the edition it shows (the current one, else the first to come), or only
/// the title where that edition is not translated into this language.
fn policy_document(l: &Lang, op: &Operator, policy: &Policy) -> Option<Document> {
    let timeline = &policy.timeline;
    let entry = timeline
        .current()
        .or_else(|| timeline.upcoming())
        .or(timeline.entries.last())?;
    let edition = &policy.editions[entry.index];
    let summary = l.policy_summary(op, policy);
    let mut document = Document {
        url: format!(
            "/{}",
            urls::policy(&l.site.config, l.lang, &op.id, &policy.id)
        ),
        title: summary.title,
        kind: policy.kind.as_str().into(),
        operator: op
            .info
            .name_in(l.lang, &l.site.config.default_language)
            .0
            .to_string(),
        version: Some(edition.version.to_string()),
        updated: summary.last_updated.map(|d| d.text),
        untranslated: true,
        body: Plain::default(),
        clause_label: l.strings.get("search_clause"),
    };
    if let Some(text) = edition.text(l.lang) {
        document.body = markdown::passages(&text.body);
        if let Some(title) = text.title.clone().or(document.body.title.take()) {
            document.title = title;
        }
        document.untranslated = false;
    }
    Some(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_written_as_json() {
        let mut document = Document {
            url: "/op/privacy/".into(),
            title: "Политика «конфиденциальности»".into(),
            kind: "privacy".into(),
            operator: "ТОО \"Тест\"".into(),
            version: Some("1.0".into()),
            updated: None,
            untranslated: false,
            body: markdown::passages("Введение\n\n## 2. Раздел\n\n2.1. Текст\\\\\n"),
            clause_label: "{n}-тармақ".into(),
        };
        let value: serde_json::Value = serde_json::from_str(&document.to_json()).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "url": "/op/privacy/", "title": "Политика «конфиденциальности»", "kind": "privacy",
                "operator": "ТОО \"Тест\"", "version": "1.0",
                "units": [
                    ["", "", "Введение"],
                    ["2-раздел", "2. Раздел", ""],
                    ["clause-2.1", "2.1-тармақ", "Текст\\"]
                ]
            })
        );
        document.untranslated = true;
        document.body = one_passage("БИН 180640028978".into());
        let value: serde_json::Value = serde_json::from_str(&document.to_json()).unwrap();
        assert_eq!(value["untranslated"], true);
        assert_eq!(
            value["units"],
            serde_json::json!([["", "", "БИН 180640028978"]])
        );
    }

    #[test]
    fn a_label_is_filled_where_it_says() {
        assert_eq!(filled(&["п. ", ""], "2.1").concat(), "п. 2.1");
        assert_eq!(filled(&["clause"], "2.1").concat(), "clause");
    }
}
