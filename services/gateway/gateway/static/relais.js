// Relais portal: small progressive enhancements; every page works without this file.
"use strict";

// Instant search: the list under a search box follows what is typed, without reloading the page.
document.querySelectorAll("form[data-instant-search]").forEach((form) => {
  const input = form.querySelector("input[type=search]");
  const results = document.querySelector("[data-results]");
  if (!input || !results) return;
  let timer = null;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const url = new URL(form.action, window.location.href);
      // every field of the form (a column or status chosen beside the box), not only the text typed
      new FormData(form).forEach((value, key) => {
        if (String(value).trim()) url.searchParams.set(key, String(value).trim());
        else url.searchParams.delete(key);
      });
      const asked = ++latest;
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok || asked !== latest) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("[data-results]");
      if (fresh) {
        results.replaceChildren(...fresh.childNodes);
        window.history.replaceState(null, "", url.pathname + url.search);
      }
    }, 250);
  });
});
