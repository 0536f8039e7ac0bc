//! What a personal-data policy in Kazakhstan is expected to state (the Law «On personal
//! data and their protection»: who the operator is and how to reach it, purposes, data,
//! transfers to third parties and abroad, where data are stored, for how long, the data
//! subject's rights and how to exercise them, withdrawal of consent, how changes are
//! announced, when the text takes effect), each found or reported as missing.
//!
//! Detection is by word stems, not exact strings, in Russian, Kazakh and English at once:
//! a stem matches every word that starts with it («хран» → хранятся, хранение), and a
//! pattern is satisfied when all its stems occur in one block (a heading, a clause, a list
//! item), which keeps «срок» in one clause and «хранение» in another from passing for a
//! retention period. A stem ending in `$` must be the whole word. Mixed-language texts
//! pass on whichever language states the item; a missing item is reported with the section
//! where it usually goes, named in the text's language.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::blocks::{Doc, Kind};
use super::codes::Code;
use super::debris::Finding;
use crate::content::{OperatorInfo, PolicyKind};

/// One thing the text must state.
struct Item {
    code: Code,
    message: &'static str,
    /// Alternatives; each lists stems that must all occur in one block.
    patterns: &'static [&'static [&'static str]],
    /// The section where it usually goes: ru, kk, en.
    section: [&'static str; 3],
    /// Whether a consent (not only a privacy policy) must state it.
    in_consent: bool,
}

/// In the order a policy usually follows, which is also how a missing item is placed.
const ITEMS: &[Item] = &[
    Item {
        code: Code::MissingDataCategories,
        message: "the text does not list the categories of personal data it processes",
        patterns: &[
            &["категори", "данн"], &["перечень", "данн"], &["состав", "данн"],
            &["как", "данн", "обрабатыва"], &["собира", "данн"], &["обрабатыва", "следующ"],
            &["следующ", "данн"],
            &["санат"], &["тізбе", "дерек"], &["құрам", "дерек"], &["қандай", "дерек"],
            &["жина", "дерек"],
            &["categor"], &["what", "data", "collect"], &["data", "we$", "collect"],
            &["information", "we$", "collect"], &["types", "data"], &["we$", "process", "data"],
        ],
        section: ["Состав обрабатываемых персональных данных", "Өңделетін дербес деректердің құрамы", "What data we process"],
        in_consent: true,
    },
    Item {
        code: Code::MissingPurposes,
        message: "the text does not state the purposes of processing",
        patterns: &[
            &["цел", "обработ"], &["цел", "данн"], &["цел", "использ"], &["цел", "сбор"],
            &["обрабатыва", "чтобы"], &["мақсат"], &["purpose"],
        ],
        section: ["Цели обработки персональных данных", "Дербес деректерді өңдеу мақсаттары", "Purposes of processing"],
        in_consent: true,
    },
    Item {
        code: Code::MissingThirdParties,
        message: "the text does not say whether personal data are passed to third parties",
        patterns: &[
            &["трет", "лиц"], &["обработчик"], &["передач", "лиц"], &["переда", "партн"],
            &["поруч", "обработ"], &["үшінші", "тұлға"], &["өңдеуші"], &["беріл", "тұлға"],
            &["third", "part"], &["processor"], &["disclos"], &["share", "with$"],
        ],
        section: ["Передача персональных данных третьим лицам", "Дербес деректерді үшінші тұлғаларға беру", "Sharing with third parties"],
        in_consent: true,
    },
    Item {
        code: Code::MissingCrossBorder,
        message: "the text does not say whether personal data are transferred abroad (cross-border transfer)",
        patterns: &[
            &["трансгранич"], &["предел", "казахстан"], &["предел", "республик"], &["рубеж"],
            &["иностран", "государств"], &["иностран", "переда"],
            &["государств", "обеспечива", "защит"], &["трансшекара"], &["шетел"],
            &["шекара", "тыс"], &["мемлекет", "қорға", "қамтамасыз"],
            &["cross", "border"], &["abroad"], &["outside", "kazakhstan"], &["transborder"],
            &["international", "transfer"], &["countr", "adequate"],
            &["countr", "protection", "ensur"],
        ],
        section: ["Трансграничная передача персональных данных", "Дербес деректерді трансшекаралық беру", "Cross-border transfer"],
        in_consent: true,
    },
    Item {
        code: Code::MissingStorageLocation,
        message: "the text does not say where personal data are stored",
        patterns: &[
            &["территори", "казахстан"], &["хран", "территори"], &["размещ", "территори"],
            &["сервер", "располож"], &["сервер", "размещ"], &["баз", "данн", "размещ"],
            &["место", "хранени"], &["аумағ"], &["аумақ"], &["сақта", "орны"], &["сервер", "орналас"],
            &["stor", "territor"], &["stor", "kazakhstan"], &["server", "locat"], &["hosted", "in$"],
            &["database", "locat"],
        ],
        section: ["Место хранения персональных данных", "Дербес деректерді сақтау орны", "Where data are stored"],
        in_consent: true,
    },
    Item {
        code: Code::MissingRetention,
        message: "the text does not say how long personal data are kept",
        patterns: &[
            &["срок", "хран"], &["хран", "лет"], &["хран", "год"], &["хран", "месяц"],
            &["хран", "дн"], &["хран", "пока"], &["хран", "течени"], &["хран", "до$"],
            &["уничтож", "срок"], &["удаля", "после"], &["срок", "действ", "согласи"],
            &["согласи", "действует"],
            &["сақта", "мерзім"], &["сақта", "жыл"], &["сақта", "ай$"], &["сақта", "күн"],
            &["сақта", "дейін"], &["келісім", "қолданыл"],
            &["retain"], &["retention"], &["stor", "period"], &["kept", "for$"],
            &["keep", "until"], &["stored", "for$"], &["delete", "after"],
        ],
        section: ["Сроки хранения персональных данных", "Дербес деректерді сақтау мерзімі", "How long we keep data"],
        in_consent: true,
    },
    Item {
        code: Code::MissingRights,
        message: "the text does not list the data subject's rights",
        patterns: &[
            &["вправе"], &["прав", "субъект"], &["прав", "пользовател"], &["имеет", "прав"],
            &["права", "клиент"], &["право$"], &["құқыл"], &["құқығ"], &["құқықтар"],
            &["right", "to$"], &["rights"], &["entitled"],
        ],
        section: ["Права субъекта персональных данных", "Дербес деректер субъектісінің құқықтары", "Your rights"],
        in_consent: false,
    },
    Item {
        code: Code::MissingRights,
        message: "the text does not say how the data subject exercises their rights (where to send a request)",
        patterns: &[
            &["обращ"], &["обрат"], &["запрос"], &["заявлен"], &["написа"], &["направ", "почт"],
            &["направ", "адрес"], &["өтініш"], &["сұрау"], &["хабарлас"], &["жүгін"],
            &["жазбаша"], &["request"], &["contact"], &["write", "to$"], &["exercise"],
        ],
        section: ["Права субъекта персональных данных", "Дербес деректер субъектісінің құқықтары", "Your rights"],
        in_consent: false,
    },
    Item {
        code: Code::MissingWithdrawal,
        message: "the text does not say how to withdraw consent",
        patterns: &[
            &["отозва"], &["отзыв", "согласи"], &["отзов"], &["отказ", "обработ"],
            &["келісім", "кері"], &["келісім", "қайтар"], &["келісім", "тарт"],
            &["withdraw"], &["revok"], &["revoc"],
        ],
        section: ["Отзыв согласия", "Келісімді кері қайтарып алу", "Withdrawing consent"],
        in_consent: true,
    },
    Item {
        code: Code::MissingChangesNotice,
        message: "the text does not say how changes to it are announced",
        patterns: &[
            &["измен", "уведом"], &["измен", "размещ"], &["измен", "публику"],
            &["измен", "опубликов"], &["измен", "сообща"], &["измен", "информир"],
            &["измен", "извещ"], &["нов", "редакци"],
            &["өзгер", "хабарла"], &["өзгер", "жария"], &["өзгер", "орналаст"], &["жаңа", "редакция"],
            &["chang", "notif"], &["chang", "post"], &["chang", "publish"], &["new", "version"],
            &["new", "edition"], &["chang", "inform"], &["amend", "notif"],
        ],
        section: ["Изменение Политики", "Саясатқа өзгерістер енгізу", "Changes to this policy"],
        in_consent: false,
    },
    Item {
        code: Code::MissingEffectiveDate,
        message: "the text does not say when it takes effect",
        patterns: &[
            &["вступ", "сил"], &["введ", "действи"], &["действу", "дат"], &["действу", "с$"],
            &["редакци", "от$"], &["күшін"], &["қолданысқа", "енгіз"],
            &["effective"], &["into", "force"], &["take", "effect"], &["takes", "effect"],
        ],
        section: ["Заключительные положения", "Қорытынды ережелер", "Final provisions"],
        in_consent: false,
    },
];

/// Whether the checklist applies to a policy of `kind` written in `lang`.
pub fn applies(kind: PolicyKind, lang: &str) -> bool {
    matches!(kind, PolicyKind::Privacy | PolicyKind::Consent) && ["ru", "kk", "en"].contains(&lang)
}

/// Every stem of every pattern in a trie of lowercase letters, so that a word is matched
/// against all of them in one walk over its letters, without allocating: a policy has
/// thousands of words and the checklist runs on every current edition of every build.
struct Stems {
    nodes: Vec<Node>,
    /// The id of every stem as written in the patterns (`до$` included).
    ids: HashMap<&'static str, usize>,
}

#[derive(Default)]
struct Node {
    next: Vec<(char, u32)>,
    /// The stem ending here matches any word that starts with it.
    prefix: Option<usize>,
    /// The stem ending here (`до$`) matches only the whole word.
    exact: Option<usize>,
}

fn stems() -> &'static Stems {
    static STEMS: OnceLock<Stems> = OnceLock::new();
    STEMS.get_or_init(|| {
        let mut s = Stems {
            nodes: vec![Node::default()],
            ids: HashMap::new(),
        };
        let all = ITEMS
            .iter()
            .flat_map(|i| i.patterns.iter())
            .flat_map(|p| p.iter());
        for stem in all.chain(CONTACT.iter().flat_map(|p| p.iter())) {
            if !s.ids.contains_key(stem) {
                let id = s.ids.len();
                s.ids.insert(stem, id);
                s.insert(stem, id);
            }
        }
        s
    })
}

impl Stems {
    fn insert(&mut self, stem: &str, id: usize) {
        let (word, exact) = match stem.strip_suffix('$') {
            Some(word) => (word, true),
            None => (stem, false),
        };
        let mut node = 0;
        for c in word.chars() {
            node = match self.step(node, c) {
                Some(next) => next,
                None => {
                    self.nodes.push(Node::default());
                    let next = self.nodes.len() - 1;
                    self.nodes[node].next.push((c, next as u32));
                    next
                }
            };
        }
        if exact {
            self.nodes[node].exact = Some(id);
        } else {
            self.nodes[node].prefix = Some(id);
        }
    }

    fn step(&self, node: usize, c: char) -> Option<usize> {
        self.nodes[node]
            .next
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, n)| *n as usize)
    }
}

/// A letter or digit; Cyrillic without the slow Unicode tables.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{0400}'..='\u{04ff}').contains(&c) || c.is_alphanumeric()
    }
}

/// Lowercase, with ё as е (so «её» and «ее» are one word); Russian letters by arithmetic.
fn lower(c: char) -> char {
    let l = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{0400}'..='\u{040f}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        _ if c.is_ascii() || ('а'..='я').contains(&c) => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    };
    if l == 'ё' {
        'е'
    } else {
        l
    }
}

/// For every stem, the blocks holding a word it matches, in order.
struct Hits(Vec<Vec<usize>>);

impl Hits {
    fn of(doc: &Doc) -> Hits {
        let s = stems();
        let mut hits = vec![Vec::new(); s.ids.len()];
        for (index, block) in doc.blocks.iter().enumerate() {
            let mut record = |id: usize| {
                let list: &mut Vec<usize> = &mut hits[id];
                if list.last() != Some(&index) {
                    list.push(index);
                }
            };
            // The trie node reached by the word so far; `None` once it fell off the trie.
            let mut node: Option<usize> = None;
            let mut in_word = false;
            for c in block.text.chars().chain([' ']) {
                if is_word_char(c) {
                    let from = if in_word { node } else { Some(0) };
                    in_word = true;
                    node = from.and_then(|n| s.step(n, lower(c)));
                    if let Some(id) = node.and_then(|n| s.nodes[n].prefix) {
                        record(id);
                    }
                } else if std::mem::take(&mut in_word) {
                    if let Some(id) = node.and_then(|n| s.nodes[n].exact) {
                        record(id);
                    }
                }
            }
        }
        Hits(hits)
    }

    /// The first block in which every stem of `pattern` occurs.
    fn block_of(&self, pattern: &[&str]) -> Option<usize> {
        let ids = &stems().ids;
        let lists: Vec<&Vec<usize>> = pattern
            .iter()
            .map(|stem| ids.get(stem).map_or(&EMPTY, |&id| &self.0[id]))
            .collect();
        let (first, rest) = lists.split_first()?;
        first
            .iter()
            .copied()
            .find(|b| rest.iter().all(|l| l.binary_search(b).is_ok()))
    }

    fn found(&self, patterns: &[&[&str]]) -> Option<usize> {
        patterns.iter().filter_map(|p| self.block_of(p)).min()
    }
}

static EMPTY: Vec<usize> = Vec::new();

/// Words that show the operator can be reached.
const CONTACT: &[&[&str]] = &[
    &["адрес"],
    &["мекенжай"],
    &["address"],
    &["телефон"],
    &["phone"],
    &["почт"],
    &["пошта"],
    &["email"],
    &["mail"],
];

/// What the checklist needs to know about the text being checked.
pub struct Subject<'a> {
    pub kind: PolicyKind,
    pub lang: &'a str,
    pub body: &'a str,
    pub operator: &'a OperatorInfo,
}

/// The checklist's findings for one text.
pub fn check(subject: &Subject, doc: &Doc) -> Vec<Finding> {
    let hits = Hits::of(doc);
    let sections = Sections::of(doc);
    let lang = match subject.lang {
        "kk" => 1,
        "en" => 2,
        _ => 0,
    };
    let mut found = operator(subject, doc, &hits, &sections);
    let mut last_found: Option<usize> = None;
    for item in ITEMS {
        if subject.kind == PolicyKind::Consent && !item.in_consent {
            continue;
        }
        match hits.found(item.patterns) {
            Some(block) => last_found = Some(block),
            None => found.push(missing(item, lang, last_found, doc, &sections)),
        }
    }
    found
}

fn operator(subject: &Subject, doc: &Doc, hits: &Hits, sections: &Sections) -> Vec<Finding> {
    let info = subject.operator;
    let names = operator_names(info);
    // Names are usually written as in _operator.toml; lowercase the text only if not.
    let named = names
        .iter()
        .any(|(name, _)| subject.body.contains(name.as_str()))
        || {
            let lower = subject.body.to_lowercase();
            names.iter().any(|(_, low)| lower.contains(low.as_str()))
        };
    let body = subject.body;
    let reachable = body.contains('@') || body.contains("http") || hits.found(CONTACT).is_some();
    let what = match (named, reachable) {
        (true, true) => return Vec::new(),
        (false, true) => "the text does not name the operator (its name or BIN)",
        (true, false) => {
            "the text gives no way to contact the operator (e-mail, website or address)"
        }
        (false, false) => "the text names neither the operator nor a way to contact it",
    };
    let offset = sections.first_after_title(doc).unwrap_or(0);
    vec![Finding {
        code: Code::MissingOperator,
        offset,
        message: what.into(),
        hint: format!(
            "state the operator's legal name{}, address and e-mail, usually in the opening section",
            info.bin
                .as_ref()
                .map(|b| format!(", BIN {b}"))
                .unwrap_or_default()
        ),
    }]
}

/// The operator's names as a text would write them, as written and lowercase: short names,
/// names, the part of a legal name in «quotes», and the BIN.
fn operator_names(info: &OperatorInfo) -> Vec<(String, String)> {
    let mut names: Vec<&str> = vec![info.name.as_str()];
    names.extend(info.short_name.as_deref());
    names.extend(info.bin.as_deref());
    for t in info.i18n.values() {
        names.extend(t.name.as_deref());
        names.extend(t.short_name.as_deref());
    }
    let mut out = Vec::new();
    for name in names {
        out.push(name.to_string());
        if let Some((_, rest)) = name.split_once('«') {
            if let Some((quoted, _)) = rest.split_once('»') {
                out.push(quoted.to_string());
            }
        }
    }
    out.retain(|n| n.chars().count() >= 3);
    out.into_iter()
        .map(|n| {
            let low = n.to_lowercase();
            (n, low)
        })
        .collect()
}

fn missing(
    item: &Item,
    lang: usize,
    after: Option<usize>,
    doc: &Doc,
    sections: &Sections,
) -> Finding {
    let name = item.section[lang];
    let heading = after.and_then(|b| sections.heading_of(b));
    let (offset, hint) = match heading {
        Some(h) => (
            doc.blocks[h].start,
            format!(
                "add it where it usually goes: a section «{name}» after «{}»",
                doc.blocks[h].text.trim()
            ),
        ),
        None => (
            sections.first_after_title(doc).unwrap_or(0),
            format!("add it where it usually goes: a section «{name}»"),
        ),
    };
    Finding {
        code: item.code,
        offset,
        message: item.message.into(),
        hint,
    }
}

/// For each block, the heading of the section it belongs to.
struct Sections(Vec<Option<usize>>);

impl Sections {
    fn of(doc: &Doc) -> Sections {
        let mut current = None;
        let owners = doc
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if matches!(b.kind, Kind::Heading(level) if level >= 2 || i > 0) {
                    current = Some(i);
                }
                current
            })
            .collect();
        Sections(owners)
    }

    fn heading_of(&self, block: usize) -> Option<usize> {
        self.0.get(block).copied().flatten()
    }

    /// Offset of the first section heading, where things a text opens with belong; of the
    /// first block when there are no sections.
    fn first_after_title(&self, doc: &Doc) -> Option<usize> {
        let first = self.0.iter().flatten().next().copied().or(Some(0));
        first.and_then(|h| doc.blocks.get(h)).map(|b| b.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::blocks::read;

    fn operator() -> OperatorInfo {
        toml::from_str("name = \"ТОО «Тест Инфо»\"\nbin = \"180640028978\"").unwrap()
    }

    fn codes(kind: PolicyKind, lang: &str, body: &str) -> Vec<Code> {
        let info = operator();
        let subject = Subject {
            kind,
            lang,
            body,
            operator: &info,
        };
        check(&subject, &read(body))
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    const RU: &str = "# Политика\n\n## 1. Общие положения\n\n1.1. Оператор — ТОО «Тест Инфо», адрес: г. Алматы. Политика вступает в силу с 1 марта 2024 года.\n\n## 2. Состав данных\n\n2.1. Мы обрабатываем следующие данные: имя, телефон.\n\n## 3. Цели обработки\n\n3.1. Данные обрабатываются, чтобы вести учётную запись.\n\n## 4. Передача\n\n4.1. Данные не передаются третьим лицам и не передаются за рубеж; хранятся на территории Республики Казахстан.\n\n4.2. Срок хранения — 3 года.\n\n## 5. Права\n\n5.1. Пользователь вправе отозвать согласие, направив обращение на почту.\n\n## 6. Изменения\n\n6.1. Новая редакция размещается на сайте.\n";

    #[test]
    fn a_complete_russian_policy_passes() {
        assert_eq!(codes(PolicyKind::Privacy, "ru", RU), []);
    }

    #[test]
    fn word_forms_match_but_scattered_stems_do_not() {
        let body = RU.replace("4.2. Срок хранения — 3 года.", "4.2. Срок ответа — 3 дня.");
        assert_eq!(
            codes(PolicyKind::Privacy, "ru", &body),
            [Code::MissingRetention]
        );
    }

    #[test]
    fn kazakh_and_english_are_read_too() {
        let kk = "# Саясат\n\n1. «Тест Инфо» ЖШС, мекенжайы: Алматы қ. Өңдеу мақсаттары. Деректер санаттары: аты. Үшінші тұлғаларға берілмейді, трансшекаралық беру жоқ, Қазақстан аумағында сақталады, сақтау мерзімі — 3 жыл. Субъект құқылы келісімді кері қайтарып алуға, өтініш жіберіп. Өзгерістер сайтта жарияланады. Саясат күшіне енеді.\n";
        assert_eq!(codes(PolicyKind::Privacy, "kk", kk), []);
        let en = "# Policy\n\nTest Info LLP (BIN 180640028978), e-mail privacy@test.kz. Purposes of processing. Categories of data: name. We do not share with third parties or transfer abroad; databases are located in Kazakhstan; retention is 3 years. Your rights: send a request; you may withdraw consent. Changes are posted on the portal. This policy is effective from 1 March 2024.\n";
        assert_eq!(codes(PolicyKind::Privacy, "en", en), []);
    }

    #[test]
    fn a_missing_item_names_the_section_it_follows() {
        let body = RU
            .replace(
                "3.1. Данные обрабатываются, чтобы вести учётную запись.",
                "3.1. Текст.",
            )
            .replace("## 3. Цели обработки", "## 3. Прочее");
        let info = operator();
        let subject = Subject {
            kind: PolicyKind::Privacy,
            lang: "ru",
            body: &body,
            operator: &info,
        };
        let found = check(&subject, &read(&body));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::MissingPurposes);
        assert_eq!(
            found[0].hint,
            "add it where it usually goes: a section «Цели обработки персональных данных» after «2. Состав данных»"
        );
        assert_eq!(found[0].offset, body.find("## 2.").unwrap());
    }

    #[test]
    fn a_consent_is_held_to_its_own_list() {
        let body = "# Согласие\n\nДаю согласие ТОО «Тест Инфо» (адрес: Алматы) на обработку следующих данных: имя — в целях обработки заказов; третьим лицам и за рубеж не передаются, хранятся на территории Казахстана; согласие действует 5 лет; его можно отозвать.\n";
        assert_eq!(codes(PolicyKind::Consent, "ru", body), []);
        assert_eq!(
            codes(PolicyKind::Privacy, "ru", body),
            [
                Code::MissingRights,
                Code::MissingRights,
                Code::MissingChangesNotice,
                Code::MissingEffectiveDate
            ]
        );
    }
}
