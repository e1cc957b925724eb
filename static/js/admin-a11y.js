/* Admin: Django's "filter horizontal" widget puts an aria-label on a bare <span> (an icon inside
 * the search field's label), which ARIA does not allow. Give the icon the image role its label
 * describes. The widget is built on window load, so wait for that. */
(function () {
  "use strict";
  function repair() {
    document.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (el) {
      el.setAttribute("role", "img");
    });
  }
  window.addEventListener("load", function () {
    setTimeout(repair, 0);
  });
})();
