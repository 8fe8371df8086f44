// django-import-export's export page: its "select all" box calls onSelectToggleChange from an
// inline onchange= attribute, which the Content-Security-Policy does not run. Bind it here.
(function () {
  document.querySelectorAll("input.select-toggle").forEach(function (box) {
    box.addEventListener("change", function (event) {
      if (typeof window.onSelectToggleChange === "function") window.onSelectToggleChange(event);
    });
  });
})();
