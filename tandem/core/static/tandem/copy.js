// Copy buttons: <button data-copy="ID" data-copied="Copied" hidden> next to a read-only field.
// The button stays hidden without JavaScript (the field can still be selected by hand).
(function () {
  "use strict";

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function setUp(button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-copied");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(
        function () {
          if (status) status.textContent = button.dataset.copied;
        },
        function () {
          field.select();
          if (status) status.textContent = button.dataset.failed;
        }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(setUp);
  });
})();
