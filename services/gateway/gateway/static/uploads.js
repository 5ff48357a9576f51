// Upload forms marked data-upload-progress send their file with XMLHttpRequest and show its progress (MED-02).
// Without JavaScript the form posts normally; the answer (the page, or the page with the field's error) replaces
// this one either way.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var bar = form.querySelector("progress");
      if (!window.FormData || !bar) { return; }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      bar.hidden = false;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      request.addEventListener("load", function () {
        if (request.responseURL && request.responseURL !== form.action) {
          window.location.assign(request.responseURL);
          return;
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () { bar.hidden = true; form.submit(); });
      request.send(new FormData(form));
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    });
  });
})();
