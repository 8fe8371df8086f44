// The project's date widget (legalaid/widgets.py): every input[data-datepicker] is a text field
// typed as dd/mm/yyyy; this adds a button opening a calendar in the interface's language (words
// from #datepicker-words, rendered by the server), with the week starting on Monday, today,
// weekends and holidays marked (holidays from the server, one request per year shown).
// It also turns off the browser's own validation bubbles (in the browser's language) on every
// form: the server answers with the form's messages, in Vietnamese, beside each field.
(function () {
  "use strict";
  document.querySelectorAll("form").forEach(function (form) { form.noValidate = true; });
  // A form added later: its submit button (clicked, or by Enter in a field) turns it off too.
  document.addEventListener("click", function (e) {
    var form = e.target.form || (e.target.closest && e.target.closest("form"));
    if (form) form.noValidate = true;
  }, true);

  var words = document.getElementById("datepicker-words");
  var inputs = document.querySelectorAll("input[data-datepicker]");
  if (!words || !inputs.length) return;
  var w = words.dataset;
  var weekdays = w.weekdays.split("|"), weekdayNames = w.weekdayNames.split("|");
  var years = {};  // year -> {off: {iso: name}, working: {iso: true}} once loaded

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function shown(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  function make(y, m, d) {
    var day = new Date(y, m, d, 12);  // noon: no daylight-saving edge moves the day
    return day.getFullYear() === y && day.getMonth() === m && day.getDate() === d ? day : null;
  }
  // The same typed forms the server reads: d/m/yyyy with / - or ., and yyyy-mm-dd.
  function parse(text) {
    var t = (text || "").trim(), found = /^(\d{1,2})([\/.\-])(\d{1,2})\2(\d{4})$/.exec(t);
    if (found) return make(+found[4], +found[3] - 1, +found[1]);
    found = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
    return found ? make(+found[1], +found[2] - 1, +found[3]) : null;
  }
  function fromIso(text) { return parse(text) || new Date(); }
  var today = fromIso(w.today);

  function loadYear(year, then) {
    if (years[year] || year < 1900 || year > 2100) { then(); return; }
    years[year] = {off: {}, working: {}};
    fetch(w.url + "?year=" + year, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        years[year].off = data.days_off || {};
        (data.working_weekends || []).forEach(function (d) { years[year].working[d] = true; });
        then();
      })
      .catch(function () {});
  }

  var picker = null;  // the one open calendar: {input, toggle, box, month, focus}

  function close(returnFocus) {
    if (!picker) return;
    var p = picker;
    picker = null;
    p.box.remove();
    p.toggle.setAttribute("aria-expanded", "false");
    if (returnFocus) p.toggle.focus();
  }

  function choose(day) {
    var input = picker.input;
    input.value = shown(day);
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new Event("change", {bubbles: true}));
    close(false);
    input.focus();
  }

  function render(focusGrid) {
    var p = picker, first = new Date(p.month.getFullYear(), p.month.getMonth(), 1, 12);
    var year = first.getFullYear(), month = first.getMonth(), marks = years[year] || {off: {}, working: {}};
    var selected = parse(p.input.value);
    p.title.textContent = fill(w.title, {month: month + 1, year: year});
    var body = document.createElement("tbody"), row = null;
    var start = (first.getDay() + 6) % 7;  // Monday first
    var cursor = new Date(year, month, 1 - start, 12);
    for (var cell = 0; cell < 42; cell++) {
      if (cell % 7 === 0) {
        if (cursor.getMonth() !== month && cell > 0) break;
        row = document.createElement("tr"); body.appendChild(row);
      }
      var td = document.createElement("td");
      td.setAttribute("role", "gridcell");
      if (cursor.getMonth() === month) {
        var key = iso(cursor), weekday = (cursor.getDay() + 6) % 7, b = document.createElement("button");
        var notes = [];
        b.type = "button"; b.textContent = cursor.getDate(); b.dataset.date = key;
        b.tabIndex = key === iso(p.focus) ? 0 : -1;
        if (weekday >= 5 && !marks.working[key]) b.classList.add("weekend");
        if (key in marks.off) {
          b.classList.add("holiday");
          notes.push(w.holiday + (marks.off[key] ? ": " + marks.off[key] : ""));
          if (marks.off[key]) b.title = marks.off[key];
        }
        if (marks.working[key]) { b.classList.add("working"); notes.push(w.workingWeekend); }
        if (key === iso(today)) { b.classList.add("today"); b.setAttribute("aria-current", "date"); notes.push(w.todayLabel); }
        if (selected && key === iso(selected)) { b.classList.add("selected"); td.setAttribute("aria-selected", "true"); }
        b.setAttribute("aria-label", fill(w.dayLabel, {
          weekday: weekdayNames[weekday], day: cursor.getDate(), month: month + 1, year: year
        }) + (notes.length ? " (" + notes.join(", ") + ")" : ""));
        td.appendChild(b);
      }
      row.appendChild(td);
      cursor = new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate() + 1, 12);
    }
    p.grid.replaceChild(body, p.grid.tBodies[0]);
    if (focusGrid) {
      var active = p.grid.querySelector("button[tabindex='0']");
      if (active) active.focus();
    }
  }

  function show(month, focus, focusGrid) {
    picker.month = new Date(month.getFullYear(), month.getMonth(), 1, 12);
    picker.focus = focus;
    render(focusGrid);
    var y = picker.month.getFullYear();
    if (!years[y]) {
      loadYear(y, function () {
        if (picker && picker.month.getFullYear() === y) render(picker.box.contains(document.activeElement));
      });
    }
  }

  function move(days, months) {
    var f = picker.focus, next;
    if (months) {
      var target = new Date(f.getFullYear(), f.getMonth() + months, 1, 12);
      var last = new Date(target.getFullYear(), target.getMonth() + 1, 0, 12).getDate();
      next = new Date(target.getFullYear(), target.getMonth(), Math.min(f.getDate(), last), 12);
    } else {
      next = new Date(f.getFullYear(), f.getMonth(), f.getDate() + days, 12);
    }
    show(next, next, true);
  }

  function open(input, toggle) {
    close(false);
    var box = document.createElement("div");
    box.className = "datepicker";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", w.dialog);
    box.innerHTML =
      '<div class="datepicker-head"><button type="button" class="datepicker-prev">&#8249;</button>' +
      '<div class="datepicker-title" aria-live="polite"></div>' +
      '<button type="button" class="datepicker-next">&#8250;</button></div>' +
      '<table class="datepicker-grid" role="grid"><thead><tr></tr></thead><tbody></tbody></table>' +
      '<p class="datepicker-help"></p><button type="button" class="datepicker-close"></button>';
    var prev = box.querySelector(".datepicker-prev"), next = box.querySelector(".datepicker-next");
    var closer = box.querySelector(".datepicker-close");
    prev.setAttribute("aria-label", w.previous); prev.title = w.previous;
    next.setAttribute("aria-label", w.next); next.title = w.next;
    closer.textContent = w.close;
    box.querySelector(".datepicker-help").textContent = w.help;
    var head = box.querySelector("thead tr");
    weekdays.forEach(function (name, i) {
      var th = document.createElement("th");
      th.scope = "col"; th.textContent = name; th.setAttribute("abbr", weekdayNames[i]);
      if (i >= 5) th.className = "weekend";
      head.appendChild(th);
    });
    var grid = box.querySelector("table");
    toggle.insertAdjacentElement("afterend", box);
    var start = parse(input.value) || today;
    picker = {input: input, toggle: toggle, box: box, grid: grid, title: box.querySelector(".datepicker-title")};
    var titleId = (input.id || input.name) + "-calendar-title";
    picker.title.id = titleId; grid.setAttribute("aria-labelledby", titleId);
    toggle.setAttribute("aria-expanded", "true");

    prev.addEventListener("click", function () { move(0, -1); prev.focus(); });
    next.addEventListener("click", function () { move(0, 1); next.focus(); });
    closer.addEventListener("click", function () { close(true); });
    grid.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-date]");
      if (b) choose(parse(b.dataset.date));
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); close(true); return; }
      if (!e.target.closest || !e.target.closest("button[data-date]")) return;
      var steps = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7};
      if (e.key in steps) { e.preventDefault(); move(steps[e.key], 0); }
      else if (e.key === "PageUp") { e.preventDefault(); move(0, e.shiftKey ? -12 : -1); }
      else if (e.key === "PageDown") { e.preventDefault(); move(0, e.shiftKey ? 12 : 1); }
      else if (e.key === "Home") { e.preventDefault(); move(-((picker.focus.getDay() + 6) % 7), 0); }
      else if (e.key === "End") { e.preventDefault(); move(6 - ((picker.focus.getDay() + 6) % 7), 0); }
      else if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(picker.focus); }
    });
    show(start, start, true);
  }

  inputs.forEach(function (input) {
    var wrap = document.createElement("span"), toggle = document.createElement("button");
    wrap.className = "datefield";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    toggle.type = "button";
    toggle.className = "datepicker-toggle";
    toggle.setAttribute("aria-haspopup", "dialog");
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-label", w.open);
    toggle.title = w.open;
    toggle.innerHTML = '<span aria-hidden="true">&#128197;</span>';
    wrap.appendChild(toggle);
    toggle.addEventListener("click", function () {
      if (picker && picker.input === input) close(true); else open(input, toggle);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && e.altKey) { e.preventDefault(); open(input, toggle); }
    });
  });

  document.addEventListener("click", function (e) {
    if (picker && !picker.box.contains(e.target) && !picker.toggle.contains(e.target)) close(false);
  });
})();
