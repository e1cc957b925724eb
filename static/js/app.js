/* OT Portal: small accessibility helpers for every page. Loaded with the CSP nonce, no inline code.
 *
 * - Scrolling table regions can be reached and scrolled with the keyboard, but only while they
 *   really scroll (no extra Tab stop on a wide screen).
 * - In the intake's pupil picker, ArrowDown in the search box moves to the first match and
 *   chooses it; the arrow keys then move through the matches as in any group of radio buttons.
 * - Forms are checked by the server, which reports every error at once in a summary (the
 *   browser's own check stops at the first field). After a failed submit, focus goes to that
 *   summary; after a save, to the success message, so a screen reader announces what happened.
 */
(function () {
  "use strict";

  var REGIONS = ".table-responsive, .table-responsive-tablet";

  function regionName(el) {
    var caption = el.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var section = el.closest("section[aria-labelledby], [aria-labelledby]");
    if (section) {
      var heading = document.getElementById(section.getAttribute("aria-labelledby"));
      if (heading) return heading.textContent.trim();
    }
    return document.documentElement.lang === "en" ? "Table" : "Tabel";
  }

  function markScrollRegions() {
    document.querySelectorAll(REGIONS).forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scrolls", "");
        if (!el.hasAttribute("role")) el.setAttribute("role", "region");
        if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) {
          el.setAttribute("aria-label", regionName(el));
        }
      } else if (!scrolls && el.hasAttribute("data-scrolls")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scrolls");
      }
    });
  }

  function moveFocus() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      // The form may sit in a closed <details>: open it so the summary and its fields are visible.
      var details = summary.closest("details");
      if (details) details.open = true;
      summary.focus();
      return;
    }
    var success = document.querySelector(".messages .alert-success");
    if (success) {
      success.setAttribute("tabindex", "-1");
      success.focus();
    }
  }

  // A link in the error summary puts focus in its field (and opens a closed <details> around it).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var details = field.closest("details");
    if (details) details.open = true;
    field.focus();
    field.scrollIntoView({ block: "center" });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" || !event.target.matches || !event.target.matches("[data-picker-results]")) return;
    var results = document.getElementById(event.target.getAttribute("data-picker-results"));
    var first = results && results.querySelector("input[type=radio]");
    if (!first) return;
    event.preventDefault();
    first.checked = true;
    first.focus();
  });

  // The print header shows when the page was printed, not when it was loaded.
  window.addEventListener("beforeprint", function () {
    var stamp = document.querySelector("[data-print-date]");
    if (!stamp) return;
    var lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
    stamp.textContent = new Date().toLocaleString(lang, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
  });

  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollRegions, 150);
  });
  document.addEventListener("toggle", markScrollRegions, true);
  document.addEventListener("htmx:afterSettle", markScrollRegions);

  function serverValidation() {
    document.querySelectorAll("form[method=post]:not([data-browser-validation])").forEach(function (form) {
      form.noValidate = true;
    });
  }

  function init() {
    serverValidation();
    markScrollRegions();
    moveFocus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
