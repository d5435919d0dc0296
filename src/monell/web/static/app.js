// monell review: a little progressive enhancement. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Filters apply as soon as a choice changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // The reviewer's name is remembered in this browser (never sent anywhere else).
  document.querySelectorAll("input[data-remember]").forEach(function (input) {
    var key = "monell." + input.dataset.remember;
    try {
      if (!input.value) { input.value = window.localStorage.getItem(key) || ""; }
      input.form.addEventListener("submit", function () {
        window.localStorage.setItem(key, input.value.trim());
      });
    } catch (e) { /* storage may be disabled: the field still works */ }
  });
  // A decision button cannot be pressed twice while the first press is on its way.
  document.querySelectorAll("form.decide").forEach(function (form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
  // "Back" returns to where the reader came from when there is such a page.
  document.querySelectorAll("a[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
    });
  });
  // Bring the highlighted passage into view.
  var first = document.querySelector("svg.overlay rect.hl, .pagetext mark");
  if (first) {
    var image = document.querySelector("figure.page img");
    var reveal = function () { first.scrollIntoView({ block: "center" }); };
    if (image && !image.complete) { image.addEventListener("load", reveal); } else { reveal(); }
  }
});
