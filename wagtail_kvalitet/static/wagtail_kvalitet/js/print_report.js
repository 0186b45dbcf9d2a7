/* wagtail-kvalitet: the report's "Print" button. The button stays hidden without JavaScript,
   where the browser's own print command does the same with the same print stylesheet. */
(function () {
  "use strict";
  function ready() {
    document.querySelectorAll("[data-kvalitet-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
