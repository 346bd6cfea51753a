// Client-side search over the index in assets/search/ (see
// internal/render/export/search.go). The index is cut into scripts that
// this file loads with <script> elements, only those a query needs, so
// that search works from file://, where fetch() is refused, and stays
// quick on a large site. The tokenizer, stemmer and hash are the Go
// code's, word for word.
(function () {
  "use strict";
  var base = "assets/search/";
  var perPage = 10;
  var loaded = {};
  var waiting = {};
  window.BRIEFING_SEARCH_LOAD = function (name, data) { loaded[name] = data; };

  function load(name) {
    if (Object.prototype.hasOwnProperty.call(loaded, name)) return Promise.resolve(loaded[name]);
    if (waiting[name]) return waiting[name];
    waiting[name] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + name + ".js";
      s.onload = function () { resolve(loaded[name]); };
      s.onerror = function () { delete waiting[name]; reject(new Error("cannot load " + s.src)); };
      document.head.appendChild(s);
    });
    return waiting[name];
  }

  // The texts for snippets, f/N.js, come gzip-compressed in base64
  // (search.go's FragmentShard): inflated here, once each, by the
  // browser's DecompressionStream, which needs no fetch.
  function loadTexts(n) {
    var name = "f/" + n;
    return load(name).then(function (data) {
      if (typeof data !== "string") return data;
      var bin = atob(data), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return (loaded[name] = new Response(stream).text().then(JSON.parse));
    });
  }

  // Tokens, Stem, ShardOf and vocabKey of search.go.
  var wordRe = /[\p{L}\p{Nd}]+/gu;
  function stem(w) {
    var n = Array.from(w).length;
    if (n > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
    if (n > 4 && w.endsWith("sses")) return w.slice(0, -2);
    if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.slice(0, -1);
    return w;
  }
  function lower(w) {
    return Array.from(w).map(function (c) { var l = c.toLowerCase(); return Array.from(l).length === 1 ? l : c; }).join("");
  }
  function tokens(text) {
    return (text.match(wordRe) || []).map(function (w) { return stem(lower(w)); });
  }
  var encoder = new TextEncoder();
  function shardOf(s, n) {
    var b = encoder.encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return (h >>> 0) % n;
  }
  function vocabKey(t) { return Array.from(t).slice(0, 2).join(""); }
  window.BRIEFING_SEARCH_TEXT = { stem: stem, tokens: tokens, shardOf: shardOf, vocabKey: vocabKey };

  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var out = document.getElementById("results");
  if (!form || !input || !out) return;
  var status = document.getElementById("status") || out;
  var fields = { actor: document.getElementById("actor"), tag: document.getElementById("tag"), from: document.getElementById("from"), to: document.getElementById("to") };
  var manifest = null;
  var actorIndex = {};

  // The words this script shows come from #results's data attributes,
  // which search.html fills in the site's language; English when a
  // site's own template gives none. Placeholders are {name}.
  var english = {
    none: "Nothing found for “{query}”.", briefings: "Briefings", actors: "Actors",
    countOne: "{n} briefing", countOther: "{n} briefings", shown: "{first}–{last} shown",
    common: "left out as too common: {words}", commonOnly: "Only words found in most briefings: {words}.",
    failed: "Search failed: {error}", event: "Event: {event}", pager: "Pages of results",
    prev: "← Previous", next: "Next →", page: "Page {page} of {pages}"
  };
  function say(key, values) {
    var s = out.dataset[key] || english[key];
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  var plurals;
  try { plurals = new Intl.PluralRules(document.documentElement.lang || "en"); } catch (e) { plurals = new Intl.PluralRules("en"); }
  function countBriefings(n) { return say(plurals.select(n) === "one" ? "countOne" : "countOther", { n: n }); }
  function kindName(k) { return out.dataset["kind" + k.charAt(0).toUpperCase() + k.slice(1)] || k; }

  // The documents of a term, with its prefixes' (the most frequent few):
  // a Map from document id to score.
  var maxExpansions = 6;
  function postings(term) {
    var names = [term];
    var expand = Array.from(term).length >= 2
      ? load("v/" + shardOf(vocabKey(term), manifest.vocab)).then(function (vocab) {
        var found = vocab.filter(function (e) { return e[0] !== term && e[0].startsWith(term); });
        found.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
        return names.concat(found.slice(0, maxExpansions).map(function (e) { return e[0]; }));
      })
      : Promise.resolve(names);
    return expand.then(function (all) {
      return Promise.all(all.map(function (t) {
        return load("t/" + shardOf(t, manifest.terms)).then(function (shard) { return shard[t] || []; });
      }));
    }).then(function (lists) {
      var docs = new Map();
      lists.forEach(function (list) {
        for (var i = 0, id = 0; i < list.length; i += 2) {
          id += list[i];
          var s = list[i + 1], old = docs.get(id);
          if (old === undefined || s > old) docs.set(id, s);
        }
      });
      return docs;
    });
  }

  // The ids of the documents published from from to to (YYYY-MM-DD,
  // either ""): documents are newest first, and the manifest gives the
  // first of each day.
  function idRange(from, to) {
    function first(before) {
      for (var i = 0; i < manifest.days.length; i++) {
        if (before(manifest.days[i][0])) return manifest.days[i][1];
      }
      return manifest.docs;
    }
    var lo = to ? first(function (d) { return d <= to; }) : 0;
    var hi = from ? first(function (d) { return d < from; }) : manifest.docs;
    return [lo, Math.max(lo, hi)];
  }

  function state() {
    var s = { q: input.value.trim(), page: 1 };
    Object.keys(fields).forEach(function (k) { s[k] = fields[k] ? fields[k].value : ""; });
    return s;
  }

  function keepInURL(s) {
    var p = new URLSearchParams();
    ["q", "actor", "tag", "from", "to"].forEach(function (k) { if (s[k]) p.set(k, s[k]); });
    if (s.page > 1) p.set("page", s.page);
    try { history.replaceState(null, "", "?" + p.toString()); } catch (e) { /* some browsers refuse it on file:// */ }
  }

  function matchActors(terms) {
    if (!terms.length) return [];
    return manifest.actors.filter(function (a) {
      var words = tokens([a.n].concat(a.a || []).join(" "));
      return terms.every(function (t) { return words.some(function (w) { return w.startsWith(t); }); });
    });
  }

  var runs = 0;
  function run(s) {
    var mine = ++runs;
    var started = performance.now();
    var common = [];
    var terms = [];
    tokens(s.q).forEach(function (t) {
      if (terms.indexOf(t) >= 0) return;
      if (manifest.common.indexOf(t) >= 0) common.push(t); else terms.push(t);
    });
    var filters = [];
    if (s.actor) filters.push("@" + s.actor);
    if (s.tag) filters.push("#" + s.tag);
    keepInURL(s);
    if (!terms.length && !filters.length && !s.from && !s.to) {
      out.textContent = "";
      status.textContent = common.length ? say("commonOnly", { words: common.join(", ") }) : "";
      return Promise.resolve();
    }
    var lists = terms.map(postings).concat(filters.map(function (f) {
      return load("t/" + shardOf(f, manifest.terms)).then(function (shard) {
        var docs = new Map(), list = shard[f] || [];
        for (var i = 0, id = 0; i < list.length; i += 2) { id += list[i]; docs.set(id, 0); }
        return docs;
      });
    }));
    return Promise.all(lists).then(function (maps) {
      if (mine !== runs) return;
      var range = idRange(s.from, s.to);
      var hits = [];
      if (maps.length) {
        maps.sort(function (a, b) { return a.size - b.size; });
        maps[0].forEach(function (score, id) {
          if (id < range[0] || id >= range[1]) return;
          for (var i = 1; i < maps.length; i++) {
            var other = maps[i].get(id);
            if (other === undefined) return;
            score += other;
          }
          hits.push([id, score]);
        });
      } else {
        for (var id = range[0]; id < range[1]; id++) hits.push([id, 0]);
      }
      hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var actors = s.page === 1 && !filters.length ? matchActors(terms) : [];
      return show(s, hits, actors, terms, common, started, mine);
    }).catch(function (err) {
      status.textContent = say("failed", { error: err.message });
    });
  }

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // marked appends text to parent with the words that a term starts
  // marked.
  function marked(parent, text, terms) {
    var last = 0, m;
    wordRe.lastIndex = 0;
    while ((m = wordRe.exec(text)) !== null) {
      var w = stem(lower(m[0]));
      if (!terms.some(function (t) { return w.startsWith(t); })) continue;
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(el("mark", "", m[0]));
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // snippet is the part of the first paragraph that holds a term, about
  // width characters around its first match.
  var width = 220;
  function snippet(parts, terms) {
    for (var i = 0; i < parts.length; i++) {
      var text = parts[i], m;
      wordRe.lastIndex = 0;
      while ((m = wordRe.exec(text)) !== null) {
        var w = stem(lower(m[0]));
        if (!terms.some(function (t) { return w.startsWith(t); })) continue;
        var lo = Math.max(0, m.index - width / 3), hi = Math.min(text.length, lo + width);
        if (lo > 0) lo = text.indexOf(" ", lo) + 1;
        if (hi < text.length) hi = Math.max(text.lastIndexOf(" ", hi), m.index + m[0].length);
        return (lo > 0 ? "…" : "") + text.slice(lo, hi) + (hi < text.length ? "…" : "");
      }
    }
    return "";
  }

  function show(s, hits, actors, terms, common, started, mine) {
    var pages = Math.max(1, Math.ceil(hits.length / perPage));
    var page = Math.min(s.page, pages);
    var shown = hits.slice((page - 1) * perPage, page * perPage);
    var docShards = {};
    shown.forEach(function (h) { docShards[Math.floor(h[0] / manifest.docsPerShard)] = true; });
    return Promise.all(Object.keys(docShards).map(function (n) { return load("d/" + n); })).then(function () {
      var docs = shown.map(function (h) {
        var n = Math.floor(h[0] / manifest.docsPerShard);
        return loaded["d/" + n][h[0] - n * manifest.docsPerShard];
      });
      var per = manifest.fragmentsPerShard;
      return Promise.all(shown.map(function (h) {
        if (!terms.length) return Promise.resolve([]);
        return loadTexts(Math.floor(h[0] / per)).then(function (f) { return f[h[0] % per] || []; }, function () { return []; });
      })).then(function (frags) {
        if (mine !== runs) return;
        out.textContent = "";
        var note = countBriefings(hits.length);
        if (hits.length > perPage) note += ", " + say("shown", { first: (page - 1) * perPage + 1, last: (page - 1) * perPage + shown.length });
        if (common.length) note += "; " + say("common", { words: common.join(", ") });
        status.textContent = note + " (" + Math.round(performance.now() - started) + " ms).";
        if (actors.length) {
          out.appendChild(el("h2", "", say("actors") + " (" + actors.length + ")"));
          var ul = el("ul", "results actors");
          actors.slice(0, 20).forEach(function (a) {
            var li = el("li");
            var link = el("a", "", a.n);
            link.href = "actors/" + a.id + ".html";
            li.appendChild(link);
            li.appendChild(el("span", "meta", " " + kindName(a.k) + " · " + countBriefings(a.c)));
            ul.appendChild(li);
          });
          out.appendChild(ul);
        }
        if (!hits.length) {
          if (!actors.length) out.appendChild(el("p", "", say("none", { query: s.q })));
          return;
        }
        out.appendChild(el("h2", "", say("briefings") + " (" + hits.length + ")"));
        var ol = el("ol", "results");
        ol.start = (page - 1) * perPage + 1;
        docs.forEach(function (d, i) {
          var li = el("li");
          var a = el("a");
          a.href = d.u;
          marked(a, d.t, terms);
          li.appendChild(a);
          var meta = " " + d.d;
          if (d.a && d.a.length) meta += " · " + d.a.map(function (k) { return manifest.actors[k].n; }).join(", ");
          if (d.g && d.g.length) meta += " · " + d.g.map(function (k) { return "#" + manifest.tags[k]; }).join(" ");
          li.appendChild(el("span", "meta", meta));
          var p = el("p", "snippet");
          var events = (d.e || []).filter(function (e) { return tokens(e).some(function (w) { return terms.some(function (t) { return w.startsWith(t); }); }); });
          var text = terms.length ? snippet(frags[i], terms) : "";
          if (events.length) {
            var ev = el("p", "snippet event");
            var around = say("event").split("{event}");
            ev.appendChild(document.createTextNode(around[0]));
            marked(ev, events[0], terms);
            if (around.length > 1) ev.appendChild(document.createTextNode(around.slice(1).join("")));
            li.appendChild(ev);
          }
          marked(p, text || d.s || "", terms);
          li.appendChild(p);
          ol.appendChild(li);
        });
        out.appendChild(ol);
        if (pages > 1) out.appendChild(pager(s, page, pages));
      });
    });
  }

  function pager(s, page, pages) {
    var nav = el("nav", "pages");
    nav.setAttribute("aria-label", say("pager"));
    function button(label, to, rel) {
      var a = el("a", "", label);
      var p = new URLSearchParams(window.location.search);
      p.set("page", to);
      a.href = "?" + p.toString();
      a.rel = rel;
      a.addEventListener("click", function (e) {
        e.preventDefault();
        var next = state();
        next.page = to;
        run(next).then(function () { input.focus(); });
      });
      return a;
    }
    if (page > 1) nav.appendChild(button(say("prev"), page - 1, "prev"));
    nav.appendChild(el("span", "", say("page", { page: page, pages: pages })));
    if (page < pages) nav.appendChild(button(say("next"), page + 1, "next"));
    return nav;
  }

  function fill(select, items) {
    if (!select) return;
    items.forEach(function (it) {
      var o = document.createElement("option");
      o.value = it[0];
      o.textContent = it[1];
      select.appendChild(o);
    });
  }

  var timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(function () { run(state()); }, 120);
  }

  load("index").then(function (m) {
    manifest = m;
    m.actors.forEach(function (a, i) { actorIndex[a.id] = i; });
    fill(fields.actor, m.actors.map(function (a) { return [a.id, a.n]; }));
    fill(fields.tag, m.tags.map(function (t) { return [t, t]; }));
    var params = new URLSearchParams(window.location.search);
    ["q", "actor", "tag", "from", "to"].forEach(function (k) {
      var f = k === "q" ? input : fields[k];
      if (f && params.get(k)) f.value = params.get(k);
    });
    input.addEventListener("input", later);
    Object.keys(fields).forEach(function (k) { if (fields[k]) fields[k].addEventListener("change", later); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(state()); });
    var s = state();
    s.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    return run(s);
  }).catch(function (err) {
    status.textContent = say("failed", { error: err.message });
  });
})();
