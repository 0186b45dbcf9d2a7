/* wagtail-kvalitet feedback forms: small improvements on a form that works without them.
 * - Moves focus to the error summary when the form comes back with errors, so keyboard and
 *   screen reader users start at the list of what to correct (the summary has tabindex="-1").
 * - Stops a second click on "Send" from sending the form twice; the form's token works once.
 * - A sent form brought back by the browser's back button is fetched again, for a fresh token.
 */
(function () {
    "use strict";

    function focusErrorSummary() {
        var summary = document.querySelector("[data-kvalitet-error-summary]");
        if (summary) {
            summary.focus();
        }
    }

    function preventDoubleSubmit(form) {
        if (form.dataset.kvalitetBound) {
            return;
        }
        form.dataset.kvalitetBound = "true";
        form.addEventListener("submit", function (event) {
            if (form.dataset.kvalitetSubmitted) {
                event.preventDefault();
                return;
            }
            form.dataset.kvalitetSubmitted = "true";
            var button = form.querySelector("[type=submit]");
            if (button) {
                button.setAttribute("aria-disabled", "true");
            }
        });
    }

    function reloadIfSentAndRestored(event) {
        if (event.persisted && document.querySelector("[data-kvalitet-feedback-form][data-kvalitet-submitted]")) {
            window.location.reload();
        }
    }

    function init() {
        focusErrorSummary();
        document.querySelectorAll("[data-kvalitet-feedback-form]").forEach(preventDoubleSubmit);
    }

    if (window.kvalitetFeedbackFormReady) {
        return;
    }
    window.kvalitetFeedbackFormReady = true;
    window.addEventListener("pageshow", reloadIfSentAndRestored);
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
