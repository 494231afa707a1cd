// The sign-up forms' progressive enhancement: the same post, answered in place instead of by a new page.
(function () {
  "use strict";
  var emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
  document.querySelectorAll("form[data-newsletter-form]").forEach(function (form) {
    var status = form.querySelector(".subscribe-status");
    var email = form.querySelector("input[name=email]");
    var button = form.querySelector("button[type=submit]");
    function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("field-error", !!isError);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.querySelector("input[name=list]:checked")) { say("Please choose at least one newsletter.", true); return; }
      if (!emailPattern.test(email.value.trim())) {
        email.setAttribute("aria-invalid", "true");
        say("Please give an email address, such as name@example.org.", true);
        email.focus();
        return;
      }
      email.removeAttribute("aria-invalid");
      button.disabled = true;
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.message) {
            say(answer.message, false);
            form.querySelectorAll("fieldset, .field, .form-submit").forEach(function (part) { part.hidden = true; });
          } else {
            var errors = answer.errors || {};
            say((errors.email || errors.lists || errors.form || ["Something went wrong; please try again."]).join(" "), true);
          }
        })
        .catch(function () { say("Something went wrong; please try again.", true); })
        .then(function () { button.disabled = false; });
    });
  });
})();
