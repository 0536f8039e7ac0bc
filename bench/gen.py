#!/usr/bin/env python3
"""Generate a synthetic Redakt policy portal for benchmarking.

    python3 bench/gen.py OUT_DIR --operators N --policies P --editions V [--seed S]

The same arguments always give byte-identical output: every operator and policy
draws from its own Random seeded with a string (string seeds are hashed with
SHA-512, so PYTHONHASHSEED does not matter).
"""

import argparse
import datetime as dt
import os
import random
import sys

KINDS = ["privacy", "consent", "offer", "terms", "cookies"]
TITLES = {
    "privacy": "Политика конфиденциальности",
    "consent": "Согласие на сбор и обработку персональных данных",
    "offer": "Публичная оферта",
    "terms": "Пользовательское соглашение",
    "cookies": "Политика использования файлов cookie",
}
# Extra policies of an already used kind need a title of their own.
EXTRA_TITLES = {
    "privacy": "Политика конфиденциальности мобильного приложения",
    "consent": "Согласие на получение рекламных рассылок",
    "offer": "Публичная оферта на оказание дополнительных услуг",
    "terms": "Правила пользования личным кабинетом",
    "cookies": "Политика использования технологий веб-аналитики",
}

LAW = "Законом Республики Казахстан «О персональных данных и их защите»"

# Section title -> clause sentences. {op}, {email} and {site} are filled per operator.
SECTIONS = {
    "Общие положения": [
        "Настоящий документ разработан в соответствии с " + LAW + " и иными нормативными правовыми актами Республики Казахстан.",
        "Документ определяет порядок сбора, обработки и защиты персональных данных пользователей сайта {site} и мобильного приложения {op}.",
        "Используя сайт {site}, пользователь подтверждает, что ознакомился с настоящим документом и принимает его условия в полном объёме.",
        "Если пользователь не согласен с условиями настоящего документа, он обязан прекратить использование сервисов Оператора.",
        "Действие настоящего документа распространяется на все персональные данные, которые Оператор получает от пользователей и из общедоступных источников.",
        "Актуальная редакция документа постоянно доступна на сайте Оператора по адресу {site} и вступает в силу с момента её размещения, если иное не предусмотрено новой редакцией.",
        "Во всём, что не урегулировано настоящим документом, стороны руководствуются законодательством Республики Казахстан.",
    ],
    "Термины и определения": [
        "«Оператор» — {op}, организующее и осуществляющее сбор и обработку персональных данных.",
        "«Персональные данные» — сведения, относящиеся к определённому или определяемому на их основании субъекту персональных данных, зафиксированные на электронном, бумажном и (или) ином материальном носителе.",
        "«Субъект» — физическое лицо, к которому относятся персональные данные.",
        "«Обработка персональных данных» — действия, направленные на накопление, хранение, изменение, дополнение, использование, распространение, обезличивание, блокирование и уничтожение персональных данных.",
        "«База, содержащая персональные данные» — совокупность упорядоченных персональных данных.",
        "«Трансграничная передача» — передача персональных данных на территорию иностранных государств.",
        "«Обезличивание» — действия, в результате совершения которых определение принадлежности персональных данных субъекту невозможно.",
        "«Сервисы» — сайт {site}, мобильное приложение и иные информационные системы Оператора.",
    ],
    "Состав собираемых персональных данных": [
        "Оператор обрабатывает только те персональные данные, которые необходимы для достижения заявленных целей.",
        "Оператор не собирает и не обрабатывает сведения о расовой или национальной принадлежности, политических взглядах, религиозных убеждениях и состоянии здоровья Субъекта, за исключением случаев, прямо предусмотренных законом.",
        "Персональные данные несовершеннолетних обрабатываются только с согласия их законных представителей.",
        "При использовании Сервисов автоматически собираются технические данные: IP-адрес, сведения о браузере и устройстве, дата и время доступа, адреса запрашиваемых страниц.",
        "Субъект самостоятельно несёт ответственность за достоверность и актуальность предоставленных сведений.",
    ],
    "Цели сбора и обработки персональных данных": [
        "Оператор обрабатывает персональные данные исключительно в заранее определённых и законных целях.",
        "Обработка персональных данных в целях продвижения товаров и услуг осуществляется только при наличии отдельного согласия Субъекта.",
        "Оператор не принимает решений, порождающих юридические последствия для Субъекта, исключительно на основании автоматизированной обработки его персональных данных.",
        "Обезличенные данные могут использоваться Оператором для статистического анализа и улучшения качества Сервисов.",
    ],
    "Порядок и условия обработки": [
        "Обработка персональных данных осуществляется с согласия Субъекта, выраженного в письменной форме, посредством электронного документа или иным способом, позволяющим подтвердить его получение.",
        "Согласие Субъекта считается предоставленным с момента проставления отметки в соответствующем поле формы на сайте {site}.",
        "Оператор осуществляет обработку персональных данных с использованием средств автоматизации и без их использования.",
        "Персональные данные хранятся в базах, находящихся на территории Республики Казахстан.",
        "Доступ к персональным данным предоставляется только работникам Оператора, которым он необходим для исполнения трудовых обязанностей.",
        "Работники Оператора, допущенные к обработке персональных данных, подписывают обязательство о неразглашении.",
    ],
    "Передача персональных данных третьим лицам": [
        "Оператор вправе передавать персональные данные третьим лицам только с согласия Субъекта либо в случаях, предусмотренных законодательством Республики Казахстан.",
        "Третьи лица, получившие персональные данные, обязаны обеспечить их конфиденциальность и использовать их только в целях, для которых они были переданы.",
        "Трансграничная передача персональных данных осуществляется только в государства, обеспечивающие защиту персональных данных, либо с отдельного согласия Субъекта.",
        "Оператор не продаёт персональные данные и не передаёт их третьим лицам в рекламных целях без согласия Субъекта.",
        "По запросу Субъекта Оператор сообщает сведения о третьих лицах, которым были переданы его персональные данные.",
    ],
    "Сроки хранения и уничтожение": [
        "Персональные данные хранятся не дольше, чем этого требуют цели их обработки, если иной срок не установлен законом или договором.",
        "По достижении целей обработки персональные данные подлежат уничтожению в течение тридцати календарных дней.",
        "Уничтожение персональных данных подтверждается актом, который хранится Оператором в течение трёх лет.",
        "Бухгалтерские и налоговые документы, содержащие персональные данные, хранятся в течение сроков, установленных законодательством Республики Казахстан.",
        "При отзыве согласия Оператор прекращает обработку персональных данных и уничтожает их в течение десяти рабочих дней, если иное не предусмотрено законом.",
    ],
    "Права субъекта персональных данных": [
        "Субъект вправе отозвать согласие на обработку персональных данных, направив Оператору письменное заявление или сообщение на адрес {email}.",
        "Оператор рассматривает обращение Субъекта и направляет ответ в течение трёх рабочих дней со дня его получения.",
        "Субъект вправе обжаловать действия или бездействие Оператора в уполномоченный орган в сфере защиты персональных данных или в судебном порядке.",
        "Отзыв согласия не допускается, если это противоречит законам Республики Казахстан либо при наличии неисполненного обязательства.",
        "Для исполнения запроса Оператор вправе попросить Субъекта подтвердить свою личность.",
    ],
    "Меры по защите персональных данных": [
        "Оператор принимает правовые, организационные и технические меры для защиты персональных данных от неправомерного доступа, уничтожения, изменения, блокирования и копирования.",
        "Передача персональных данных по сетям связи осуществляется с использованием защищённых протоколов.",
        "Оператор регулярно проводит внутренний контроль соответствия обработки персональных данных требованиям законодательства.",
        "В случае утечки персональных данных Оператор в течение одного рабочего дня уведомляет уполномоченный орган и принимает меры по устранению последствий.",
        "Ответственным за организацию обработки персональных данных назначается работник Оператора, контакты которого указаны в разделе «Контактная информация».",
    ],
    "Использование файлов cookie": [
        "Сервисы используют файлы cookie и аналогичные технологии для обеспечения работы сайта и анализа его посещаемости.",
        "Пользователь может отключить файлы cookie в настройках браузера; при этом часть функций Сервисов может стать недоступной.",
        "Оператор использует сервисы веб-аналитики, которые получают обезличенные сведения о посещениях сайта {site}.",
        "Срок хранения файлов cookie не превышает одного года с момента последнего посещения сайта.",
    ],
    "Порядок изменения документа": [
        "Оператор вправе вносить изменения в настоящий документ в одностороннем порядке.",
        "Новая редакция вступает в силу с момента её размещения на сайте {site}, если иной срок не указан в самой редакции.",
        "Все прежние редакции документа остаются доступными на сайте Оператора с указанием периода их действия.",
        "О существенных изменениях Оператор уведомляет пользователей по электронной почте или путём размещения сообщения в Сервисах.",
        "Продолжение использования Сервисов после вступления новой редакции в силу означает согласие пользователя с ней.",
    ],
    "Контактная информация": [
        "По всем вопросам, связанным с обработкой персональных данных, Субъект может обратиться к Оператору по адресу электронной почты {email}.",
        "Письменные обращения направляются по почтовому адресу Оператора, указанному на сайте {site}.",
        "Обращения, поступившие в нерабочее время, рассматриваются в первый рабочий день, следующий за днём их получения.",
        "Ответ на обращение направляется тем же способом, которым оно было получено, если Субъект не указал иной способ.",
    ],
}

# Clauses that introduce a dash list: (lead-in, items).
LISTS = {
    "Состав собираемых персональных данных": ("Оператор может обрабатывать следующие персональные данные Субъекта:", [
        "фамилия, имя и отчество (при наличии)", "индивидуальный идентификационный номер",
        "номер мобильного телефона", "адрес электронной почты", "дата рождения",
        "адрес доставки", "сведения о заказах и платежах", "данные документа, удостоверяющего личность",
        "сведения о месте работы и должности", "история обращений в службу поддержки"]),
    "Цели сбора и обработки персональных данных": ("Персональные данные обрабатываются в следующих целях:", [
        "заключение и исполнение договора с Субъектом", "идентификация Субъекта в Сервисах",
        "обработка заказов и обращений", "направление уведомлений об изменении условий обслуживания",
        "исполнение требований законодательства Республики Казахстан", "предотвращение мошенничества",
        "проведение маркетинговых исследований с согласия Субъекта", "улучшение качества Сервисов"]),
    "Передача персональных данных третьим лицам": ("Персональные данные могут передаваться:", [
        "банкам второго уровня и платёжным организациям для проведения расчётов",
        "службам доставки для исполнения заказов", "операторам связи для направления уведомлений",
        "аудиторским и консультационным организациям", "государственным органам по их законным запросам",
        "поставщикам облачных услуг, обеспечивающим хранение данных"]),
    "Права субъекта персональных данных": ("Субъект имеет право:", [
        "знать о наличии у Оператора своих персональных данных", "получать сведения о порядке их обработки",
        "требовать изменения и дополнения своих персональных данных", "требовать блокирования и уничтожения персональных данных, обработка которых ведётся с нарушением закона",
        "отозвать согласие на сбор и обработку персональных данных", "дать согласие на распространение своих персональных данных в общедоступных источниках",
        "на защиту своих прав и законных интересов, в том числе на возмещение морального и материального вреда"]),
    "Меры по защите персональных данных": ("Для защиты персональных данных Оператор:", [
        "назначает лицо, ответственное за организацию обработки персональных данных",
        "ограничивает доступ к помещениям, где размещены носители персональных данных",
        "применяет средства антивирусной защиты и межсетевого экранирования",
        "ведёт журнал доступа к базам, содержащим персональные данные",
        "шифрует резервные копии баз данных", "обучает работников правилам обработки персональных данных"]),
}

# Clauses the editors insert later are built from interchangeable parts, so that
# inserted text does not repeat the base vocabulary word for word. Subjects carry
# "is plural" because the verb has to agree with them.
SUBJECTS = [("Оператор", False), ("Оператор и привлечённые им обработчики", True),
            ("Работники Оператора", True), ("Структурные подразделения Оператора", True),
            ("Лицо, ответственное за организацию обработки персональных данных,", False)]
VERBS = [("обеспечивает", "обеспечивают"), ("обязуется обеспечивать", "обязуются обеспечивать"),
         ("контролирует", "контролируют"), ("гарантирует", "гарантируют")]
OBJECTS = ["конфиденциальность персональных данных", "точность и актуальность персональных данных",
           "сохранность материальных носителей персональных данных", "своевременное уничтожение персональных данных",
           "соблюдение прав Субъекта", "учёт запросов Субъектов и ответов на них"]
CIRCUMSTANCES = ["в течение всего срока обработки", "в соответствии с " + LAW,
                 "с учётом требований уполномоченного органа", "в порядке, установленном внутренними документами Оператора",
                 "в том числе при привлечении третьих лиц", "на всех этапах обработки"]
DETAILS = ["Сведения об этом предоставляются Субъекту по запросу, направленному на адрес {email}.",
           "Порядок таких действий утверждается приказом руководителя Оператора.",
           "Соответствующие документы пересматриваются не реже одного раза в год.",
           "Нарушение этого требования влечёт ответственность, установленную законодательством Республики Казахстан.",
           ""]

SUMMARIES = ["Уточнены положения раздела «{s}»", "Обновлён раздел «{s}»",
             "Изменения в разделе «{s}»", "Редакционные правки в разделе «{s}»"]

MIN_BODY, MAX_BODY = 8000, 12000   # bytes of UTF-8 body, the brief's 8–12 KB
LAST_DAY = dt.date(2025, 12, 20)  # so even effective = published + 7 stays in 2025
MIN_GAP = 8                       # days; > 7 keeps effective dates from going backwards


def bin_check_digit(d):
    s = sum(w * x for w, x in zip(range(1, 12), d)) % 11
    if s == 10:
        s = sum(w * x for w, x in zip([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], d)) % 11
    return s  # 10 means "no valid check digit for these 11 digits"


def make_bin(rng):
    # YYMM of registration, 4 = resident legal entity, 0 = head office, serial.
    while True:
        head = f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}40{rng.randint(0, 99999):05d}"
        c = bin_check_digit([int(ch) for ch in head])
        if c != 10:
            return head + str(c)


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Doc:
    """An edition as data, so that edits renumber clauses by construction."""

    def __init__(self, title, intro, sections):
        self.title = title
        self.intro = intro
        self.sections = sections  # [(heading, [clause])], clause = [text, subs, items]

    def render(self):
        out = [f"# {self.title}\n\n{self.intro}\n"]
        for n, (heading, clauses) in enumerate(self.sections, 1):
            out.append(f"\n## {n}. {heading}\n")
            for m, (text, subs, items) in enumerate(clauses, 1):
                out.append(f"\n{n}.{m}. {text}\n")
                if items:
                    out.append("\n" + "".join(f"- {it};\n" for it in items[:-1]) + f"- {items[-1]}.\n")
                for k, sub in enumerate(subs, 1):
                    out.append(f"\n{n}.{m}.{k}. {sub}\n")
        return "".join(out)


class Writer:
    def __init__(self, rng, op_name, email, site):
        self.rng, self.op_name, self.email, self.site = rng, op_name, email, site
        self.touched = []  # clauses added or reworded by the edition being written

    def fill(self, s):
        return s.replace("{op}", self.op_name).replace("{email}", self.email).replace("{site}", self.site)

    def fresh_sentence(self, detail=True):
        r = self.rng
        subject, plural = r.choice(SUBJECTS)
        s = f"{subject} {r.choice(VERBS)[plural]} {r.choice(OBJECTS)} {r.choice(CIRCUMSTANCES)}."
        extra = r.choice(DETAILS) if detail else ""
        return self.fill(s + (" " + extra if extra else ""))

    def clause(self, heading, used):
        r = self.rng
        if heading in LISTS and heading not in used and r.random() < 0.7:
            used.add(heading)  # one list per section reads like a real policy
            lead, pool = LISTS[heading]
            return [lead, [], r.sample(pool, r.randint(3, min(6, len(pool))))]
        pool = [s for s in SECTIONS[heading] if s not in used]
        text = r.choice(pool) if pool and r.random() < 0.8 else None
        if text:
            used.add(text)
            text = self.fill(text)
        else:
            text = self.fresh_sentence()
        subs = [self.fresh_sentence() for _ in range(r.randint(2, 3))] if r.random() < 0.15 else []
        return [text, subs, []]

    def base(self, kind, title):
        r = self.rng
        headings = list(SECTIONS)
        if kind != "cookies" and r.random() < 0.5:
            headings.remove("Использование файлов cookie")
        intro = self.fill(f"{{op}} (далее — «Оператор») публикует настоящий документ «{title}» "
                          "в целях информирования пользователей о порядке обработки их персональных данных. "
                          "Вопросы о документе можно направить на адрес {email}.")
        used = set()
        # One clause per section first: a second one everywhere would already overshoot 12 KB.
        doc = Doc(title, intro, [(h, [self.clause(h, used)]) for h in headings])
        target = r.randint(9200, 10800)
        while len(doc.render().encode()) < target:
            h, cl = r.choice(doc.sections)
            cl.append(self.clause(h, used))
        return doc

    def was_touched(self, clause):
        return any(clause is c for c in self.touched)

    def edit(self, doc, op=None):
        """Apply one small edit in place; return a changelog line and the section touched."""
        r = self.rng
        op = op or r.choice(["insert", "delete", "reword"])
        if op == "insert":
            n = r.randrange(len(doc.sections))
            heading, clauses = doc.sections[n]
            m = r.randint(1, len(clauses))  # mostly mid-section, so later clauses renumber
            clause = [self.fresh_sentence(), [], []]
            self.touched.append(clause)
            clauses.insert(m, clause)
            return f"Добавлен пункт {n + 1}.{m + 1}", heading
        if op == "delete":
            # A clause other than a section's first, and not one this edition touched (the
            # two edits could cancel out); failing that a sub-clause or a list item, so that
            # an oversized edition can always shrink.
            where = [(n, m) for n, (_, cl) in enumerate(doc.sections) for m in range(1, len(cl))
                     if not self.was_touched(cl[m])]
            if where:
                n, m = r.choice(where)
                del doc.sections[n][1][m]
                return f"Исключён пункт {n + 1}.{m + 1}", doc.sections[n][0]
            where = [(n, m) for n, (_, cl) in enumerate(doc.sections) for m, c in enumerate(cl)
                     if c[1] or len(c[2]) > 2]
            if where:
                n, m = r.choice(where)
                heading, (_, subs, items) = doc.sections[n][0], doc.sections[n][1][m]
                if subs:
                    k = r.randrange(len(subs))
                    del subs[k]
                    return f"Исключён подпункт {n + 1}.{m + 1}.{k + 1}", heading
                del items[r.randrange(len(items))]
                return f"Сокращён перечень в пункте {n + 1}.{m + 1}", heading
        # reword
        where = [(n, m) for n, (_, cl) in enumerate(doc.sections) for m in range(len(cl))
                 if not self.was_touched(cl[m])]
        n, m = r.choice(where)
        heading, clause = doc.sections[n][0], doc.sections[n][1][m]
        self.touched.append(clause)
        spare = [it for it in LISTS.get(heading, ("", []))[1] if it not in clause[2]]
        if clause[2] and spare:
            clause[2][r.randrange(len(clause[2]))] = r.choice(spare)
            return f"Уточнён перечень в пункте {n + 1}.{m + 1}", heading
        # Reword only the first sentence, so the clause keeps its length and the rest matches.
        first, dot, rest = clause[0].partition(". ")
        new = first + "."
        while new.startswith(first):
            new = self.fresh_sentence(detail=False)
        clause[0] = new + (" " + rest if dot else "")
        return f"Изменена редакция пункта {n + 1}.{m + 1}", heading


def edition_dates(rng, count):
    start = dt.date(rng.randint(2018, 2021), rng.randint(1, 12), rng.randint(1, 28))
    span = (LAST_DAY - start).days - MIN_GAP * (count - 1)
    if span < count:
        sys.exit(f"gen.py: {count} editions do not fit between {start} and {LAST_DAY}")
    offsets = sorted(rng.sample(range(span), count))
    return [start + dt.timedelta(days=o + MIN_GAP * i) for i, o in enumerate(offsets)]


def write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode())


def gen_policy(pdir, writer, kind, title, editions):
    rng = writer.rng
    doc = writer.base(kind, title)
    for i, published in enumerate(edition_dates(rng, editions)):
        # Each edition edits the previous one in place: its text is already on disk.
        changes, headings = [], []
        writer.touched = []
        ops = [None] * rng.randint(1, 3) if i else []
        body = doc.render()
        # Keep every edition inside the 8–12 KB band the benchmark promises.
        while ops or not MIN_BODY <= len(body.encode()) <= MAX_BODY:
            op = ops.pop() if ops else "delete" if len(body.encode()) > MAX_BODY else "insert"
            line, heading = writer.edit(doc, op)
            changes.append(line)
            headings.append(heading)
            body = doc.render()
        fm = [f'version = "1.{i}"', f"published = {published.isoformat()}"]
        if i and rng.random() < 0.3:
            fm.append(f"effective = {(published + dt.timedelta(days=7)).isoformat()}")
        if i:
            fm.append("summary = " + toml_str(rng.choice(SUMMARIES).format(s=headings[0])))
            fm.append("changes = [" + ", ".join(toml_str(c) for c in changes) + "]")
        write(os.path.join(pdir, f"1.{i}.md"), "+++\n" + "\n".join(fm) + "\n+++\n\n" + body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--operators", type=int, required=True)
    ap.add_argument("--policies", type=int, required=True)
    ap.add_argument("--editions", type=int, required=True)
    ap.add_argument("--seed", default="1")
    a = ap.parse_args()
    if min(a.operators, a.policies, a.editions) < 1:
        ap.error("--operators, --policies and --editions must be at least 1")
    # Stale editions from an earlier, larger run would silently skew a benchmark.
    if os.path.isdir(a.out_dir) and os.listdir(a.out_dir):
        ap.error(f"{a.out_dir} is not empty")

    os.makedirs(os.path.join(a.out_dir, "content"), exist_ok=True)
    write(os.path.join(a.out_dir, "site.toml"),
          'title = "Бенчмарк: портал политик"\n'
          'base_url = "https://bench.example.kz"\n'
          'default_language = "ru"\n'
          'languages = ["ru"]\n'
          'utc_offset = "+05:00"\n')

    width = max(4, len(str(a.operators)))
    for o in range(1, a.operators + 1):
        num = f"{o:0{width}d}"
        op_id = f"op-{num}"
        op_dir = os.path.join(a.out_dir, "content", op_id)
        os.makedirs(op_dir)
        rng = random.Random(f"{a.seed}:{op_id}")
        name = f"ТОО «Оператор {num}»"
        email = f"privacy@{op_id}.example.kz"
        site = f"https://{op_id}.example.kz"
        write(os.path.join(op_dir, "_operator.toml"),
              f"name = {toml_str(name)}\nbin = \"{make_bin(rng)}\"\n"
              f"email = \"{email}\"\nwebsite = \"{site}\"\n")
        for p in range(1, a.policies + 1):
            kind = KINDS[(p - 1) % len(KINDS)]
            first_of_kind = p <= len(KINDS)
            pol_id = kind if first_of_kind else f"policy-{p}"
            title = TITLES[kind] if first_of_kind else EXTRA_TITLES[kind]
            pdir = os.path.join(op_dir, pol_id)
            os.makedirs(pdir)
            meta = f'kind = "{kind}"\n' + ("" if first_of_kind else f"title = {toml_str(title)}\n")
            write(os.path.join(pdir, "_policy.toml"), meta)
            writer = Writer(random.Random(f"{a.seed}:{op_id}:{pol_id}"), name, email, site)
            gen_policy(pdir, writer, kind, title, a.editions)


if __name__ == "__main__":
    main()
