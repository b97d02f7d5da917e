// Key-term tooltips: hover, keyboard focus and tap open the definition, Escape closes it. Without this script the
// stylesheet still opens it on hover and focus, and the Key terms list under the note carries every definition.
(function () {
  "use strict";
  var terms = document.querySelectorAll(".key-term");
  if (!terms.length) return;
  var margin = 8;
  function place(term) {
    var tip = term.querySelector(".tip");
    if (!tip) return;
    tip.style.left = "";
    tip.style.transform = "";
    if (window.matchMedia("(max-width: 600px)").matches) return;  // fixed to the bottom of the screen there
    var r = tip.getBoundingClientRect();
    var shift = 0;
    if (r.right > window.innerWidth - margin) shift = window.innerWidth - margin - r.right;
    if (r.left + shift < margin) shift = margin - r.left;
    if (shift) tip.style.transform = "translateX(" + Math.round(shift) + "px)";
  }
  function open(term) {
    document.querySelectorAll(".key-term.open").forEach(function (t) { if (t !== term) close(t); });
    term.classList.remove("closed");
    term.classList.add("open");
    place(term);
  }
  function close(term) {
    term.classList.remove("open");
    term.classList.add("closed");
  }
  terms.forEach(function (term) {
    term.addEventListener("mouseenter", function () { open(term); });
    term.addEventListener("mouseleave", function () { if (document.activeElement !== term) close(term); });
    term.addEventListener("focus", function () { open(term); });
    term.addEventListener("blur", function () { close(term); });
    // A tap focuses the term before its click: remember whether it was open when the finger came down.
    var wasOpen = false;
    term.addEventListener("pointerdown", function () { wasOpen = term.classList.contains("open"); });
    term.addEventListener("click", function (e) {
      e.stopPropagation();
      if (wasOpen && e.pointerType && e.pointerType !== "mouse") close(term); else open(term);
      wasOpen = false;
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") document.querySelectorAll(".key-term.open").forEach(close);
  });
  document.addEventListener("click", function () { document.querySelectorAll(".key-term.open").forEach(close); });
})();
