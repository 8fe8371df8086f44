// Polls a background job's status and updates the progress bar until it finishes.
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var url = box.dataset.statusUrl;
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        document.getElementById("job-status").textContent = job.status_label;
        var bar = document.getElementById("job-progress");
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        document.getElementById("job-message").textContent = job.message;
        document.getElementById("job-download").hidden = !job.download;
        if (job.status !== "done" && job.status !== "failed") setTimeout(tick, 1500);
      })
      .catch(function () { setTimeout(tick, 5000); });
  }
  tick();
})();
