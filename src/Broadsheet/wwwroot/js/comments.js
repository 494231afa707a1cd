// The comment form's progressive enhancement: the same messages as the server, before a round trip;
// reply links that move the form under the comment; and the saved name, email and website.
(function () {
  "use strict";
  var form = document.getElementById("commentform");
  if (!form) { return; }
  var respond = document.getElementById("respond");
  var home = respond.parentNode;
  var homeNext = respond.nextSibling;
  var parentField = document.getElementById("parentId");
  var cancel = document.getElementById("cancel-reply");
  var title = document.getElementById("reply-title").querySelector("span");
  var leaveTitle = "Leave a Reply";
  var emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
  var urlPattern = /^https?:\/\/[^\s\/$.?#][^\s]*$/i;

  function show(field, message) {
    var error = document.getElementById(field + "-error");
    var input = document.getElementById(field);
    error.textContent = message || "";
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    return !message;
  }

  function check() {
    var value = function (id) { return document.getElementById(id).value.trim(); };
    var results = [
      show("comment", value("comment") ? "" : form.dataset.commentMessage),
      show("name", value("name") ? "" : form.dataset.nameMessage),
      show("email", emailPattern.test(value("email")) ? "" : form.dataset.emailMessage),
      show("website", !value("website") || urlPattern.test(value("website")) ? "" : form.dataset.websiteMessage)
    ];
    return results.every(Boolean);
  }

  form.addEventListener("submit", function (event) {
    if (!check()) {
      event.preventDefault();
      var invalid = form.querySelector("[aria-invalid=true]");
      if (invalid) { invalid.focus(); }
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.reply-link") : null;
    if (!link) { return; }
    event.preventDefault();
    var comment = document.getElementById("comment-" + link.dataset.replyTo);
    comment.querySelector("article").after(respond);
    parentField.value = link.dataset.replyTo;
    title.textContent = "Reply to " + link.dataset.replyName;
    cancel.hidden = false;
    document.getElementById("comment").focus();
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    home.insertBefore(respond, homeNext);
    parentField.value = "";
    title.textContent = leaveTitle;
    cancel.hidden = true;
  });

  var saved = document.cookie.split("; ").filter(function (c) { return c.indexOf("bs_commenter=") === 0; })[0];
  if (saved) {
    try {
      var who = JSON.parse(decodeURIComponent(saved.substring("bs_commenter=".length)));
      ["name", "email", "website"].forEach(function (field) {
        var input = document.getElementById(field);
        if (!input.value && who[field]) { input.value = who[field]; }
      });
      document.getElementById("remember").checked = true;
    } catch (e) {
      // A cookie that is not ours to read: leave the form empty.
    }
  }
})();
