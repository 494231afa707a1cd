// The moderation desk's keyboard: j/k move between comments, x ticks one, the letters on its buttons act on it,
// e opens its text for editing, r a reply as staff, ? shows the list. Keys typed into a field are the field's.
(function () {
  'use strict';
  var items = Array.prototype.slice.call(document.querySelectorAll('.moderation-item'));
  var help = document.getElementById('shortcut-help');
  var helpButton = document.querySelector('[data-shortcut-help]');
  var selectAll = document.querySelector('[data-select-all]');
  if (helpButton) { helpButton.hidden = false; }
  if (selectAll) {
    selectAll.closest('label').hidden = false;
    selectAll.addEventListener('change', function () {
      items.forEach(function (item) { item.querySelector('input[type=checkbox]').checked = selectAll.checked; });
    });
  }
  function toggleHelp() {
    help.hidden = !help.hidden;
    if (helpButton) { helpButton.setAttribute('aria-expanded', String(!help.hidden)); }
  }
  if (helpButton) { helpButton.addEventListener('click', toggleHelp); }

  var current = -1;
  function focusItem(index) {
    if (items.length === 0) { return; }
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle('is-current', i === current); });
    items[current].focus();
  }
  items.forEach(function (item, i) {
    item.addEventListener('focusin', function () { current = i; items.forEach(function (other, j) { other.classList.toggle('is-current', j === i); }); });
  });

  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) { return; }
    var key = event.key;
    if (key === '?') { toggleHelp(); event.preventDefault(); return; }
    if (key === 'Escape' && !help.hidden) { toggleHelp(); return; }
    if (key === 'j') { focusItem(current + 1); event.preventDefault(); return; }
    if (key === 'k') { focusItem(current < 0 ? 0 : current - 1); event.preventDefault(); return; }
    if (current < 0) { return; }
    var item = items[current];
    if (key === 'x') {
      var box = item.querySelector('input[type=checkbox]');
      box.checked = !box.checked;
      event.preventDefault();
      return;
    }
    if (key === 'e' || key === 'r') {
      var details = item.querySelector(key === 'e' ? 'details.comment-edit' : 'details.comment-reply');
      if (!details) { return; }
      details.open = true;
      details.querySelector('textarea').focus();
      event.preventDefault();
      return;
    }
    var button = item.querySelector('button[data-key="' + key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
