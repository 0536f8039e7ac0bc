/* Redakt search box: progressive enhancement of the form in partials/search.html.
   The index in pagefind/ is written by `redakt build`; Pagefind's JS API loads only the
   chunks a query needs. Results link to the policy page and, where the match is inside a
   numbered clause, to the clause itself (#clause-2.4.1). Nothing is fetched from other
   hosts. Opened from file://, browsers refuse to load the index: the box then says so. */
(function () {
  "use strict";

  var box = document.getElementById("search");
  if (!box || !box.querySelector) return;
  var form = box.querySelector("form");
  var input = box.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var t = box.dataset;
  var PAGE = 10;
  var engine = null;
  var latest = 0;
  box.hidden = false;

  /* Kazakh has no stemmer in Pagefind, which matches word prefixes instead. Stripping the
     inflection from a query word turns «деректерін» into «деректер», a prefix of
     «деректерді», «деректердің»… The endings are tried longest first, a few times (plural,
     then possessive, then case: «деректерінің» → «деректерін» → «деректер»), and a stem
     keeps at least four letters so that a query never shrinks to a bare root that matches
     everything. */
  var KK_ENDINGS = [
    "дағы", "дегі", "тағы", "тегі", "ымен", "імен", "ымыз", "іміз", "ыңыз", "іңіз",
    "ның", "нің", "дың", "дің", "тың", "тің", "нан", "нен", "дан", "ден", "тан", "тен",
    "нда", "нде", "лар", "лер", "дар", "дер", "тар", "тер", "мен", "бен", "пен",
    "ды", "ді", "ты", "ті", "ны", "ні", "ға", "ге", "қа", "ке", "на", "не", "да", "де",
    "та", "те", "сы", "сі", "ым", "ім", "ың", "ің", "ын", "ін", "уы", "уі",
    "ы", "і", "н", "у", "а", "е", "ң", "м"
  ];

  function kazakhStem(word) {
    for (var round = 0; round < 3; round++) {
      var stripped = null;
      for (var i = 0; i < KK_ENDINGS.length && !stripped; i++) {
        var ending = KK_ENDINGS[i];
        if (word.length - ending.length >= 4 && word.slice(-ending.length) === ending) {
          stripped = word.slice(0, -ending.length);
        }
      }
      if (!stripped) break;
      word = stripped;
    }
    return word;
  }

  /* The query as sent to Pagefind: Kazakh words stemmed here, other languages by Pagefind. */
  function prepare(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (t.lang === "kk") words = words.map(kazakhStem);
    return words.join(" ");
  }

  function load() {
    if (!engine) {
      var url = new URL(t.bundle + "pagefind.js", document.baseURI).href;
      engine = import(url).then(function (pagefind) {
        /* baseUrl "/" keeps result URLs as site paths (Pagefind would put the base path in
           front); link() makes them relative. The main thread is fast enough for a portal's
           index, and a worker would be one more file to fetch before the first result. */
        var options = { baseUrl: "/", excerptLength: 24, noWorker: true };
        return pagefind.options(options).then(function () {
          return pagefind;
        });
      });
      engine.catch(function () {
        engine = null;
      });
    }
    return engine;
  }

  /* Site paths in the index start with "/"; links stay relative so the site works under
     any base path. */
  function link(url) {
    return t.root + url.replace(/^\//, "");
  }

  function fill(template, key, value) {
    return template.split("{" + key + "}").join(value);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Up to three clauses or sections where the words were found, in document order. */
  function places(data) {
    var anchored = data.sub_results.filter(function (s) {
      return s.url.indexOf("#") >= 0;
    });
    var best = anchored
      .map(function (s, i) {
        return { s: s, i: i };
      })
      .sort(function (a, b) {
        return b.s.locations.length - a.s.locations.length || a.i - b.i;
      })
      .slice(0, 3)
      .sort(function (a, b) {
        return a.i - b.i;
      });
    return best.map(function (x) {
      return x.s;
    });
  }

  /* A clause's excerpt starts with its number, which the link before it already shows. */
  function withoutNumber(sub) {
    var id = sub.anchor && sub.anchor.id;
    var number = id && id.indexOf("clause-") === 0 ? id.slice(7) : null;
    var text = sub.excerpt;
    if (number && text.indexOf(number) === 0 && /^[.\s]/.test(text.charAt(number.length))) {
      return text.slice(number.length).replace(/^\.?\s*/, "");
    }
    return text;
  }

  function excerpt(html) {
    /* Pagefind escapes the text and marks the matches with <mark>. */
    var node = element("span", "search-hit__excerpt");
    node.innerHTML = html;
    return node;
  }

  function facts(meta) {
    var p = element("p", "search-hit__facts");
    var parts = [];
    if (meta.kind === "operator") {
      parts.push(t.tOperator);
    } else {
      if (meta.operator) parts.push(meta.operator);
      if (meta.version) parts.push(fill(t.tVersion, "version", meta.version));
      if (meta.updated) {
        /* A date does not break across lines, as in <time> on the pages. */
        var updated = document.createDocumentFragment();
        updated.appendChild(document.createTextNode(t.tUpdated + ": "));
        updated.appendChild(element("span", "search-hit__date", meta.updated));
        parts.push(updated);
      }
      if (meta.untranslated) parts.push(t.tUntranslated);
    }
    parts.forEach(function (part, i) {
      if (i > 0) p.appendChild(document.createTextNode(" · "));
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return p;
  }

  function hit(data) {
    var item = element("li", "search-hit");
    var title = element("h3", "search-hit__title");
    var a = element("a", null, data.meta.title || data.url);
    a.href = link(data.url);
    title.appendChild(a);
    item.appendChild(title);
    item.appendChild(facts(data.meta));
    var found = places(data);
    if (found.length) {
      var clauses = element("ul", "search-hit__places");
      found.forEach(function (s) {
        var li = element("li");
        var to = element("a", "search-hit__place", s.title);
        to.href = link(s.url);
        li.appendChild(to);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(excerpt(withoutNumber(s)));
        clauses.appendChild(li);
      });
      item.appendChild(clauses);
    } else if (data.excerpt && data.meta.kind !== "operator") {
      var p = element("p");
      p.appendChild(excerpt(data.excerpt));
      item.appendChild(p);
    }
    return item;
  }

  function show(results, from) {
    var slice = results.slice(from, from + PAGE);
    return Promise.all(
      slice.map(function (r) {
        return r.data();
      })
    ).then(function (all) {
      all.forEach(function (data) {
        list.appendChild(hit(data));
      });
      if (from + PAGE < results.length) {
        var more = element("button", "search__more", t.tMore);
        more.type = "button";
        more.addEventListener("click", function () {
          var next = list.children.length;
          more.remove();
          show(results, from + PAGE).then(function () {
            var first = list.children[next];
            var target = first && first.querySelector("a");
            if (target) target.focus();
          });
        });
        list.appendChild(more);
      }
    });
  }

  function run(query) {
    var ticket = ++latest;
    list.textContent = "";
    query = query.trim();
    if (!query) {
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = t.tLoading;
    return load()
      .then(function (pagefind) {
        return pagefind.search(prepare(query));
      })
      .then(function (search) {
        if (ticket !== latest) return;
        var results = search.results;
        status.textContent = results.length
          ? fill(t.tFound, "n", results.length)
          : fill(t.tNone, "q", query);
        box.setAttribute("data-state", "done");
        return show(results, 0);
      })
      .catch(function () {
        if (ticket !== latest) return;
        status.textContent = t.tUnavailable;
        box.setAttribute("data-state", "unavailable");
      });
  }

  /* Keeps the query in the address, so a search can be bookmarked or shared. */
  function remember(query) {
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url.href);
  }

  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      remember(input.value.trim());
      run(input.value);
    }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    remember(input.value.trim());
    run(input.value);
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
