/* Redakt search box: progressive enhancement of the form in partials/search.html.

   `redakt build` writes the index into search_index/<lang>/ (see src/site/search/):
   meta.json lists the files; w/<i>.json hold the word forms of the text, grouped by their
   first letters, each with the id of its stem; p/<i>.json hold, per stem, the documents it
   is in and how often; d/<n>.json is one document cut at its clauses and headings. A query
   fetches meta.json once, then only the few small files its words need.

   There is no stemmer here: a query word is looked up as written, else by prefix, trailing
   letters taken off one by one until some word forms of the text start with what is left
   («персональных» → «персональны» → «персональные», «деректерін» → «деректер» →
   «деректерді»); their stems lead to every form in the text («персональными»…). A document
   must hold every query word. Results link to the policy page and, where the words are in a
   numbered clause or under a heading, to it (#clause-2.4.1). Nothing is fetched from other
   hosts. Opened from file://, browsers refuse to fetch the index: the box then says so. */
(function () {
  "use strict";

  var box = document.getElementById("search");
  if (!box || !box.querySelector || !window.fetch || !window.Promise) return;
  var WORD;
  try {
    /* As the index cuts text into words (src/site/search/words.rs): letters and digits. */
    WORD = new RegExp("[\\p{Alphabetic}\\p{N}]+", "gu");
  } catch (e) {
    return;
  }
  var form = box.querySelector("form");
  var input = box.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var t = box.dataset;
  var PAGE = 10;
  var PLACES = 3;
  var EXCERPT_WORDS = 24;
  /* The longest word the index holds, in characters (MAX_WORD in words.rs). */
  var MAX_WORD = 40;
  /* How many word forms a word looked up by prefix may stand for. */
  var MAX_FORMS = 30;
  var folder = new URL(t.bundle + t.lang + "/", document.baseURI).href;
  var meta = null;
  var files = {};
  /* Vocabulary files already here, by number: to tell, while quoting a document, which of
     its words are forms of the query's stems. */
  var vocabularies = {};
  var latest = 0;
  box.hidden = false;

  function fetchJson(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /* meta.json is asked for afresh (a new build may have replaced it); every other file
     carries the index version, so the browser never mixes files of two builds. */
  function load() {
    if (!meta) {
      meta = fetchJson(folder + "meta.json", { cache: "no-cache" }).then(function (m) {
        m.keys = new Map();
        m.longest = 0;
        m.words.forEach(function (key, i) {
          m.keys.set(key, i);
          m.longest = Math.max(m.longest, Array.from(key).length);
        });
        return m;
      });
      meta.catch(function () {
        meta = null;
      });
    }
    return meta;
  }

  function file(m, name) {
    if (!files[name]) {
      files[name] = fetchJson(folder + name + "?v=" + m.version);
      files[name].catch(function () {
        delete files[name];
      });
    }
    return files[name];
  }

  /* The words of a text, as the index cut them, with where each is. */
  function words(text) {
    var out = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      var word = match[0].toLowerCase().replace(/ё/g, "е");
      if (Array.from(word).length <= MAX_WORD) {
        out.push({ word: word, start: match.index, end: match.index + match[0].length });
      }
    }
    return out;
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  /* The vocabulary file a word form is in: the one whose key is the longest prefix of it. */
  function vocabularyOf(m, word) {
    var chars = Array.from(word);
    for (var n = Math.min(chars.length, m.longest); n > 0; n--) {
      var at = m.keys.get(chars.slice(0, n).join(""));
      if (at !== undefined) return at;
    }
    return -1;
  }

  /* The vocabulary files holding the forms that start with `prefix`: its own, and those
     of longer keys starting with it (a large group of forms is split by longer keys). */
  function vocabulariesFor(m, prefix) {
    var found = [];
    var at = vocabularyOf(m, prefix);
    if (at >= 0) found.push(at);
    m.words.forEach(function (key, i) {
      if (key.length > prefix.length && key.indexOf(prefix) === 0) found.push(i);
    });
    return found.slice(0, 8);
  }

  function vocabulary(m, i) {
    return file(m, "w/" + i + ".json").then(function (forms) {
      vocabularies[i] = forms;
      return forms;
    });
  }

  /* The stem ids a query word stands for: its own, else those of the forms starting with
     it, else with it shortened by a letter, two, three (Kazakh: up to two fifths of the
     word, for its stacked suffixes), never below four letters. */
  function stemsOf(m, word) {
    var at = vocabularyOf(m, word);
    var exact = at < 0 ? Promise.resolve({}) : vocabulary(m, at);
    return exact.then(function (forms) {
      var id = own(forms, word);
      return id === undefined ? byPrefix(m, Array.from(word), 0) : [id];
    });
  }

  function byPrefix(m, chars, cut) {
    var most = t.lang === "kk" ? Math.max(3, Math.floor(chars.length * 0.4)) : 3;
    if (cut > most || chars.length - cut < (cut ? 4 : 3)) return Promise.resolve([]);
    var prefix = chars.slice(0, chars.length - cut).join("");
    return Promise.all(
      vocabulariesFor(m, prefix).map(function (i) {
        return vocabulary(m, i);
      })
    ).then(function (found) {
      var forms = [];
      found.forEach(function (vocab) {
        Object.keys(vocab).forEach(function (form) {
          if (form.indexOf(prefix) === 0) forms.push(form);
        });
      });
      if (!forms.length) return byPrefix(m, chars, cut + 1);
      forms.sort(function (a, b) {
        return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
      });
      var stems = [];
      forms.slice(0, MAX_FORMS).forEach(function (form) {
        found.forEach(function (vocab) {
          var id = own(vocab, form);
          if (id !== undefined && stems.indexOf(id) < 0) stems.push(id);
        });
      });
      return stems;
    });
  }

  /* The documents holding any of `stems`, with their weighted counts. */
  function documentsOf(m, stems) {
    return Promise.all(
      stems.map(function (id) {
        var i = 0;
        while (i + 1 < m.postings.length && m.postings[i + 1] <= id) i++;
        return file(m, "p/" + i + ".json").then(function (postings) {
          return own(postings, String(id)) || [];
        });
      })
    ).then(function (lists) {
      var counts = new Map();
      lists.forEach(function (list) {
        var doc = 0;
        for (var k = 0; k + 1 < list.length; k += 2) {
          doc += list[k];
          counts.set(doc, (counts.get(doc) || 0) + list[k + 1]);
        }
      });
      return counts;
    });
  }

  /* Documents holding every word, best first: a word counts more the more often it is in
     the document and the fewer documents have it; then in portal order. */
  function rank(m, perWord) {
    if (!perWord.length) return [];
    var smallest = perWord.reduce(function (a, b) {
      return b.size < a.size ? b : a;
    });
    var results = [];
    smallest.forEach(function (_, doc) {
      var score = 0;
      for (var w = 0; w < perWord.length; w++) {
        var count = perWord[w].get(doc);
        if (!count) return;
        score += Math.log(1 + m.docs / perWord[w].size) * Math.log(1 + count);
      }
      results.push({ doc: doc, score: score });
    });
    results.sort(function (a, b) {
      return b.score - a.score || a.doc - b.doc;
    });
    return results;
  }

  /* Which query word a word of a document is a form of, if any. */
  function matcher(m, query) {
    var known = new Map();
    function which(word) {
      var at = vocabularyOf(m, word);
      var vocab = at >= 0 && vocabularies[at];
      var id = vocab ? own(vocab, word) : undefined;
      if (id === undefined) return -1;
      for (var w = 0; w < query.length; w++) {
        if (query[w].stems.indexOf(id) >= 0) return w;
      }
      return -1;
    }
    return function (word) {
      if (!known.has(word)) known.set(word, which(word));
      return known.get(word);
    };
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

  /* About EXCERPT_WORDS words of `text` around its first match, matches marked. */
  function excerpt(text, found) {
    var node = element("span", "search-hit__excerpt");
    var first = found.marks.length ? found.marks[0] : 0;
    var from = Math.max(0, first - 5);
    var to = Math.min(found.words.length, from + EXCERPT_WORDS);
    if (!found.words.length) return node;
    var at = from === 0 ? 0 : found.words[from].start;
    var end = to === found.words.length ? text.length : found.words[to - 1].end;
    if (from > 0) node.appendChild(document.createTextNode("… "));
    found.marks.forEach(function (i) {
      if (i < from || i >= to) return;
      var word = found.words[i];
      node.appendChild(document.createTextNode(text.slice(at, word.start)));
      node.appendChild(element("mark", null, text.slice(word.start, word.end)));
      at = word.end;
    });
    node.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) node.appendChild(document.createTextNode(" …"));
    return node;
  }

  /* The words of a unit's text, which of them match, and how many query words it holds
     (a heading's own title counts too). */
  function examine(unit, isMatch) {
    var text = unit[2];
    var found = { words: words(text), marks: [], hits: 0, distinct: 0 };
    var seen = [];
    var note = function (w) {
      if (w < 0) return false;
      found.hits++;
      if (seen.indexOf(w) < 0) seen.push(w);
      return true;
    };
    found.words.forEach(function (word, i) {
      if (note(isMatch(word.word))) found.marks.push(i);
    });
    if (unit[0] && unit[0].indexOf("clause-") !== 0) {
      words(unit[1]).forEach(function (word) {
        note(isMatch(word.word));
      });
    }
    found.distinct = seen.length;
    return found;
  }

  /* Up to three clauses or sections where the words were found, in document order. */
  function places(doc, isMatch) {
    return doc.units
      .map(function (unit, i) {
        return { unit: unit, i: i, found: examine(unit, isMatch) };
      })
      .filter(function (p) {
        return p.unit[0] && p.found.hits;
      })
      .sort(function (a, b) {
        return b.found.distinct - a.found.distinct || b.found.hits - a.found.hits || a.i - b.i;
      })
      .slice(0, PLACES)
      .sort(function (a, b) {
        return a.i - b.i;
      });
  }

  function facts(doc) {
    var p = element("p", "search-hit__facts");
    var parts = [];
    if (doc.kind === "operator") {
      parts.push(t.tOperator);
    } else {
      if (doc.operator) parts.push(doc.operator);
      if (doc.version) parts.push(fill(t.tVersion, "version", doc.version));
      if (doc.updated) {
        /* A date does not break across lines, as in <time> on the pages. */
        var updated = document.createDocumentFragment();
        updated.appendChild(document.createTextNode(t.tUpdated + ": "));
        updated.appendChild(element("span", "search-hit__date", doc.updated));
        parts.push(updated);
      }
      if (doc.untranslated) parts.push(t.tUntranslated);
    }
    parts.forEach(function (part, i) {
      if (i > 0) p.appendChild(document.createTextNode(" · "));
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return p;
  }

  function hit(doc, isMatch) {
    var item = element("li", "search-hit");
    var title = element("h3", "search-hit__title");
    var a = element("a", null, doc.title || doc.url);
    a.href = link(doc.url);
    title.appendChild(a);
    item.appendChild(title);
    item.appendChild(facts(doc));
    var found = places(doc, isMatch);
    if (found.length) {
      var clauses = element("ul", "search-hit__places");
      found.forEach(function (place) {
        var li = element("li");
        var to = element("a", "search-hit__place", place.unit[1]);
        to.href = link(doc.url) + "#" + place.unit[0];
        li.appendChild(to);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(excerpt(place.unit[2], place.found));
        clauses.appendChild(li);
      });
      item.appendChild(clauses);
    } else if (doc.kind !== "operator") {
      var top = doc.units.filter(function (unit) {
        return !unit[0];
      })[0];
      var seen = top && examine(top, isMatch);
      if (seen && seen.hits) {
        var p = element("p");
        p.appendChild(excerpt(top[2], seen));
        item.appendChild(p);
      }
    }
    return item;
  }

  function show(m, results, from, isMatch, ticket) {
    var slice = results.slice(from, from + PAGE);
    return Promise.all(
      slice.map(function (r) {
        return file(m, "d/" + r.doc + ".json");
      })
    ).then(function (docs) {
      if (ticket !== latest) return;
      docs.forEach(function (doc) {
        list.appendChild(hit(doc, isMatch));
      });
      if (from + PAGE < results.length) {
        var more = element("button", "search__more", t.tMore);
        more.type = "button";
        more.addEventListener("click", function () {
          var next = list.children.length;
          more.remove();
          show(m, results, from + PAGE, isMatch, ticket).then(function () {
            var first = list.children[next];
            var target = first && first.querySelector("a");
            if (target) target.focus();
          });
        });
        list.appendChild(more);
      }
    });
  }

  /* Each query word with its stems and the documents holding them. */
  function lookUp(m, query) {
    var unique = [];
    words(query).forEach(function (w) {
      if (unique.indexOf(w.word) < 0) unique.push(w.word);
    });
    return Promise.all(
      unique.map(function (word) {
        return stemsOf(m, word).then(function (stems) {
          return documentsOf(m, stems).then(function (docs) {
            return { word: word, stems: stems, docs: docs };
          });
        });
      })
    );
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
    var m;
    return load()
      .then(function (loaded) {
        m = loaded;
        return lookUp(m, query);
      })
      .then(function (looked) {
        if (ticket !== latest) return;
        var results = looked.length
          ? rank(
              m,
              looked.map(function (w) {
                return w.docs;
              })
            )
          : [];
        return show(m, results, 0, matcher(m, looked), ticket).then(function () {
          if (ticket !== latest) return;
          status.textContent = results.length
            ? fill(t.tFound, "n", results.length)
            : fill(t.tNone, "q", query);
          box.setAttribute("data-state", "done");
        });
      })
      .catch(function () {
        if (ticket !== latest) return;
        list.textContent = "";
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
