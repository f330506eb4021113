/* A link to a part of the page folded inside <details> (the case page's history) opens it, so the part
   is one click away. Without this script the link scrolls to the folded part's heading. */
(function () {
  "use strict";
  function reveal(id) {
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) {
      reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
    }
  });
  reveal(decodeURIComponent(window.location.hash.slice(1)));
})();
