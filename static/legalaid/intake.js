// The intake form: find a person already registered (the lookup box) and reuse them, or one
// of the possible duplicates the server listed. Labels come from the box's data-* attributes.
// Once a person is chosen, the server says what intake should know of them (#known-person):
// their open cases, and the papers verified on an earlier case that can be reused.
(function () {
  // The session list: the filter box keeps the sessions whose label (date, village, commune,
  // lead unit) holds every word typed, accents not needed.
  var filter = document.getElementById("session-filter"), sessions = document.getElementById("id_outreach_session");
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
  }
  if (filter && sessions) {
    filter.addEventListener("input", function () {
      var words = plain(filter.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(sessions.options, function (option) {
        var label = plain(option.text);
        option.hidden = !!option.value && !words.every(function (w) { return label.indexOf(w) >= 0; });
      });
    });
  }
})();
(function () {
  var box = document.getElementById("lookup"), list = document.getElementById("lookup-results");
  var hidden = document.getElementById("id_existing_beneficiary"), chosen = document.getElementById("chosen");
  if (!box || !list || !hidden || !chosen) return;
  var timer = null, known = document.getElementById("known-person");
  var requestDate = document.getElementById("id_request_date");
  function line(parent, text) {
    var p = document.createElement("p"); p.textContent = text; parent.appendChild(p); return p;
  }
  function showKnown(id) {
    if (!known) return;
    var url = known.dataset.url + "?id=" + encodeURIComponent(id) +
      "&date=" + encodeURIComponent(requestDate ? requestDate.value : "");
    var kept = (known.dataset.reuse || "").split(",");
    fetch(url, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var open = document.getElementById("open-cases"), papers = document.getElementById("reusable-papers");
        var ul = papers.querySelector("ul");
        open.innerHTML = ""; ul.innerHTML = "";
        if (data.open_cases.length) {
          var p = line(open, known.dataset.openLabel + " ");
          data.open_cases.forEach(function (c, i) {
            var a = document.createElement("a");
            a.href = c.url; a.textContent = c.number + " (" + c.status + ", " + c.unit + ")";
            if (i) p.appendChild(document.createTextNode("; "));
            p.appendChild(a);
          });
        }
        if (data.open_elsewhere) line(open, known.dataset.elsewhereLabel + " " + data.open_elsewhere);
        open.hidden = !open.childNodes.length;
        papers.querySelector("legend").textContent = known.dataset.papersLabel;
        data.papers.forEach(function (paper) {
          var li = document.createElement("li"), label = document.createElement("label");
          var tick = document.createElement("input");
          tick.type = "checkbox"; tick.name = "reuse_papers"; tick.value = paper.id;
          tick.checked = kept.indexOf(String(paper.id)) >= 0;
          label.appendChild(tick);
          label.appendChild(document.createTextNode(" " + known.dataset.reuseLabel + ": " +
            [paper.type, paper.number, paper.issued_on, paper.issuer].filter(Boolean).join(", ") +
            " (" + known.dataset.caseLabel + " " + paper.case + ")"));
          li.appendChild(label); ul.appendChild(li);
        });
        papers.hidden = !data.papers.length;
        known.hidden = open.hidden && papers.hidden;
      });
  }
  function choose(id, label) {
    hidden.value = id; chosen.hidden = false;
    chosen.textContent = box.dataset.chosenLabel + " " + label;
    document.getElementById("new-person").hidden = true; list.innerHTML = "";
    showKnown(id);
  }
  if (requestDate) {
    requestDate.addEventListener("change", function () { if (hidden.value) showKnown(hidden.value); });
  }
  document.querySelectorAll("button.reuse").forEach(function (b) {
    b.addEventListener("click", function () { choose(b.dataset.id, b.dataset.name); });
  });
  if (hidden.value) { choose(hidden.value, "#" + hidden.value); }
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (box.value.trim().length < 2) { list.innerHTML = ""; return; }
      fetch(box.dataset.url + "?q=" + encodeURIComponent(box.value), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          list.innerHTML = "";
          data.results.forEach(function (p) {
            var li = document.createElement("li"), b = document.createElement("button");
            var label = [p.name, p.birth, p.citizen_id, p.commune].filter(Boolean).join(", ");
            li.textContent = label + " ";
            b.type = "button"; b.textContent = box.dataset.useLabel;
            b.addEventListener("click", function () { choose(p.id, label); });
            li.appendChild(b); list.appendChild(li);
          });
        });
    }, 250);
  });
})();
