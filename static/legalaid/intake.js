// The intake form: find a person already registered (the lookup box) and reuse them, or one
// of the possible duplicates the server listed. Labels come from the box's data-* attributes.
(function () {
  var box = document.getElementById("lookup"), list = document.getElementById("lookup-results");
  var hidden = document.getElementById("id_existing_beneficiary"), chosen = document.getElementById("chosen");
  if (!box || !list || !hidden || !chosen) return;
  var timer = null;
  function choose(id, label) {
    hidden.value = id; chosen.hidden = false;
    chosen.textContent = box.dataset.chosenLabel + " " + label;
    document.getElementById("new-person").hidden = true; list.innerHTML = "";
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
