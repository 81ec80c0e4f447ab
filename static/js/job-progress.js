// A background job's page (templates/admin/petitions/job.html): follows the job live, then
// reloads the page to show its download or report. Without JavaScript the page reloads itself.
(function () {
  "use strict";
  var main = document.querySelector("[data-job-status-url]");
  if (!main || main.getAttribute("data-job-active") !== "true" || !window.fetch) {
    return;
  }
  var url = main.getAttribute("data-job-status-url");
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-progress-text");
  var status = document.getElementById("job-status");

  function show(data) {
    status.textContent = data.status_label;
    text.textContent = data.text;
    if (bar && data.total) {
      bar.max = data.total;
      if (data.done) {
        bar.value = data.done;
      }
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.active) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
