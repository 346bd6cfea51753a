// Client-side search over window.BRIEFING_SEARCH, which assets/search-index.js
// defines. The index is a script rather than JSON so that the search works
// from file://, where fetch() is refused.
(function () {
  "use strict";
  var index = window.BRIEFING_SEARCH || { briefings: [], actors: [] };
  var input = document.getElementById("q");
  var out = document.getElementById("results");
  if (!input || !out) return;

  function terms(q) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // A document matches when every term is a prefix of one of its words.
  function matches(doc, ts) {
    var words = " " + doc.w;
    for (var i = 0; i < ts.length; i++) {
      if (words.indexOf(" " + ts[i]) < 0) return false;
    }
    return true;
  }

  function item(doc, meta) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = doc.u;
    a.textContent = doc.t;
    li.appendChild(a);
    if (meta) {
      var span = document.createElement("span");
      span.className = "meta";
      span.textContent = " " + meta;
      li.appendChild(span);
    }
    if (doc.s) {
      var p = document.createElement("p");
      p.textContent = doc.s;
      li.appendChild(p);
    }
    return li;
  }

  function section(title, docs, meta) {
    var h = document.createElement("h2");
    h.textContent = title + " (" + docs.length + ")";
    out.appendChild(h);
    var ol = document.createElement("ol");
    ol.className = "results";
    docs.slice(0, 50).forEach(function (d) { ol.appendChild(item(d, meta(d))); });
    out.appendChild(ol);
  }

  function run() {
    var q = input.value.trim();
    out.textContent = "";
    if (!q) return;
    var ts = terms(q);
    var actors = index.actors.filter(function (d) { return matches(d, ts); });
    var briefings = index.briefings.filter(function (d) { return matches(d, ts); });
    if (!actors.length && !briefings.length) {
      var p = document.createElement("p");
      p.textContent = (out.dataset.none || "Nothing found for “{query}”.").split("{query}").join(q);
      out.appendChild(p);
      return;
    }
    if (actors.length) section(out.dataset.actors || "Actors", actors, function (d) { return d.k; });
    if (briefings.length) section(out.dataset.briefings || "Briefings", briefings, function (d) { return d.d; });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  run();
})();
