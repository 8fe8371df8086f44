// The outreach session form on a phone: the commune picker and the staff of the lead unit.
// The lead units' tree paths come from the page's json_script block "lead-paths".
(function () {
  // Commune picker: filter the communes by a diacritic-free key, as the server's search_key.
  var select = document.getElementById("id_commune");
  var search = document.getElementById("commune-search");
  var picks = document.getElementById("commune-picks");
  if (!select || !search) return;
  function key(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/\s+/g, " ").trim();
  }
  search.hidden = false;
  search.addEventListener("input", function () {
    var q = key(search.value);
    picks.innerHTML = "";
    if (!q) { picks.hidden = true; return; }
    var shown = 0;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value || shown >= 8 || option.dataset.key.indexOf(q) === -1) return;
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = option.textContent;
      button.dataset.value = option.value;
      button.addEventListener("click", function () {
        select.value = option.value;
        search.value = option.textContent;
        picks.hidden = true;
      });
      li.appendChild(button);
      picks.appendChild(li);
      shown += 1;
    });
    picks.hidden = shown === 0;
  });
  // Staff: only the people of the chosen lead unit's subtree.
  var lead = document.getElementById("id_lead_unit");
  var paths = JSON.parse(document.getElementById("lead-paths").textContent);
  function filterStaff() {
    var prefix = paths[lead.value] || "";
    document.querySelectorAll(".field-staff input[type=checkbox]").forEach(function (box) {
      var row = box.closest("div") || box.parentNode;
      var inside = !prefix || (box.dataset.path || "").indexOf(prefix) === 0;
      row.hidden = !inside && !box.checked;
    });
  }
  if (lead) { lead.addEventListener("change", filterStaff); filterStaff(); }
})();
