// The section menu folds into a button on small screens; without this script it simply stays open.
(function () {
  "use strict";
  var nav = document.getElementById("site-nav");
  if (!nav) { return; }
  var toggle = nav.querySelector(".nav-toggle");
  nav.classList.add("collapsible");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
})();
