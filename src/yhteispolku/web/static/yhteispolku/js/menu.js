/* The header menu button of narrow screens: opens and closes the menu, says so in aria-expanded, Escape
   closes it. Without this script the menu is simply always open (the button stays hidden). */
(function () {
  "use strict";
  var button = document.querySelector(".site-header__menu-button");
  if (!button) {
    return;
  }
  var header = button.closest(".site-header");
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("site-header--open", open);
  }
  header.classList.add("site-header--collapsible");
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
