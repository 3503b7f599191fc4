// incidentmap workbench: the documents list's "Publish" button.
(function () {
  "use strict";
  const button = document.getElementById("publish");
  if (!button) return;
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const out = document.getElementById("published");
  button.addEventListener("click", async () => {
    const form = document.querySelector("form.filters");
    const body = { from: form.elements.from.value, to: form.elements.to.value,
                   case: form.elements.case.value };
    out.textContent = "publishing…";
    const r = await fetch("/api/publish", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    const j = await r.json().catch(() => ({ error: r.statusText }));
    out.textContent = r.ok
      ? "wrote " + j.records + " records: " + j.written.join(", ") + " in " + j.folder
      : j.error;
    out.dataset.done = r.ok ? "ok" : "error";
  });
})();
