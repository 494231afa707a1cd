// The article editor's progressive enhancements: a Markdown toolbar with shortcuts, pasting rich text as Markdown
// (turndown), a live preview rendered by the server's own pipeline, tag and byline suggestions, and a copy of
// unsaved changes in this browser that survives a closed tab. Without JavaScript the form works as it is.
(function () {
  'use strict';
  var form = document.getElementById('article-editor');
  if (!form) { return; }
  var body = document.getElementById('body');
  var toolbar = form.querySelector('.md-toolbar');
  var preview = document.getElementById('preview');
  var storageKey = 'broadsheet:article:' + form.dataset.storageKey;
  toolbar.hidden = false;

  function selection() {
    return { start: body.selectionStart, end: body.selectionEnd, text: body.value.slice(body.selectionStart, body.selectionEnd) };
  }

  function replace(start, end, text, selectFrom, selectTo) {
    body.focus();
    body.setSelectionRange(start, end);
    // execCommand keeps the browser's undo history; setRangeText is the fallback where it is gone.
    if (!document.execCommand || !document.execCommand('insertText', false, text)) {
      body.setRangeText(text, start, end, 'end');
    }
    body.setSelectionRange(start + selectFrom, start + selectTo);
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function wrap(marker, placeholder) {
    var s = selection();
    var inner = s.text || placeholder;
    replace(s.start, s.end, marker + inner + marker, marker.length, marker.length + inner.length);
  }

  function prefixLines(prefixFor, placeholder) {
    var s = selection();
    var lineStart = body.value.lastIndexOf('\n', s.start - 1) + 1;
    var text = body.value.slice(lineStart, s.end) || placeholder;
    var lines = text.split('\n').map(function (line, i) { return prefixFor(i) + line; });
    var result = lines.join('\n');
    replace(lineStart, s.end, result, 0, result.length);
  }

  var actions = {
    heading: function () { prefixLines(function () { return '## '; }, 'Heading'); },
    bold: function () { wrap('**', 'bold text'); },
    italic: function () { wrap('*', 'italic text'); },
    link: function () {
      var s = selection();
      var label = s.text || 'link text';
      var text = '[' + label + '](https://)';
      replace(s.start, s.end, text, label.length + 3, text.length - 1);
    },
    quote: function () { prefixLines(function () { return '> '; }, 'Quoted words'); },
    list: function () { prefixLines(function () { return '- '; }, 'List item'); },
    image: function () {
      var s = selection();
      var text = '![' + (s.text || 'Describe the picture') + '](https://)';
      replace(s.start, s.end, text, 2, 2 + (s.text || 'Describe the picture').length);
    }
  };

  toolbar.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-md]');
    if (button) { actions[button.dataset.md](); }
  });

  body.addEventListener('keydown', function (event) {
    if (!(event.ctrlKey || event.metaKey)) { return; }
    var key = event.key.toLowerCase();
    var action = null;
    if (!event.shiftKey && !event.altKey) {
      action = { b: 'bold', i: 'italic', k: 'link' }[key];
    } else if (event.shiftKey && !event.altKey) {
      action = { '*': 'list', '8': 'list', '(': 'quote', '9': 'quote', i: 'image' }[key];
    } else if (event.altKey && (key === '2' || event.code === 'Digit2')) {
      action = 'heading';
    }
    if (action) {
      event.preventDefault();
      actions[action]();
    }
  });

  // Rich text from a word processor or a web page becomes clean Markdown: headings, emphasis, links, quotes and
  // lists are kept; styles, scripts, classes and Word's own markup are dropped.
  var turndown = window.TurndownService ? new window.TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '*' }) : null;
  if (turndown) {
    turndown.remove(['script', 'style', 'meta', 'title', 'link', 'noscript', 'iframe', 'object', 'form', 'button', 'input', 'select', 'textarea']);
  }
  body.addEventListener('paste', function (event) {
    var html = event.clipboardData && event.clipboardData.getData('text/html');
    if (!turndown || !html) { return; }
    event.preventDefault();
    // Style attributes and blocks go before parsing: they carry nothing Markdown keeps, and parsing them would ask
    // the page's Content-Security-Policy (style-src 'self') to apply inline styles.
    var cleaned = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<style[\s\S]*?<\/style>/gi, '')
      .replace(/\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    var markdown = turndown.turndown(cleaned).replace(/\n{3,}/g, '\n\n').trim();
    var s = selection();
    replace(s.start, s.end, markdown, markdown.length, markdown.length);
  });

  // The live preview: the body rendered by the server, with the same Markdown and sanitiser as the public page.
  var previewButton = toolbar.querySelector('[data-preview-toggle]');
  var previewTimer = null;
  var previewRequest = 0;
  function refreshPreview() {
    if (preview.hidden) { return; }
    var request = ++previewRequest;
    var data = new FormData();
    data.append('Form.Body', body.value);
    data.append('__RequestVerificationToken', form.elements.__RequestVerificationToken.value);
    var url = new URL(window.location.href);
    url.searchParams.set('handler', 'Preview');
    fetch(url, { method: 'POST', body: data, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        if (request === previewRequest) { preview.innerHTML = html; }
      })
      .catch(function () { preview.textContent = 'The preview could not be loaded; your text is safe.'; });
  }
  previewButton.addEventListener('click', function () {
    preview.hidden = !preview.hidden;
    previewButton.setAttribute('aria-pressed', String(!preview.hidden));
    refreshPreview();
  });

  // Unsaved changes are copied to this browser as they are typed, so a closed tab or a crash loses nothing.
  var fields = ['Form.Title', 'Form.Dek', 'Form.Body', 'Form.Slug', 'Form.Tags', 'Form.Authors', 'Form.MetaDescription', 'Form.Section', 'Form.PublishedAt', 'Form.FeaturedImage', 'Form.SocialImage'];
  function current() {
    var values = {};
    fields.forEach(function (name) { if (form.elements[name]) { values[name] = form.elements[name].value; } });
    return values;
  }
  var loaded = JSON.stringify(current());
  var keepTimer = null;
  function keep() {
    var values = current();
    try {
      if (JSON.stringify(values) === loaded) {
        localStorage.removeItem(storageKey);
      } else {
        localStorage.setItem(storageKey, JSON.stringify({ values: values, at: new Date().toISOString(), version: form.elements['Form.Version'].value }));
      }
    } catch (e) { /* storage full or refused: the form still works */ }
  }
  form.addEventListener('input', function () {
    clearTimeout(keepTimer);
    keepTimer = setTimeout(keep, 500);
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 500);
  });
  var submitting = false;
  form.addEventListener('submit', function () {
    submitting = true;
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing kept */ }
  });

  // The server keeps a copy of an existing article's text too: every half minute while it changes, and as the tab
  // closes, so another browser or device can restore it. A new article has only the browser's copy until it is saved.
  var autosaveSeconds = parseInt(form.dataset.autosave || '0', 10);
  if (autosaveSeconds > 0) {
    var autosaveStatus = document.getElementById('autosave-status');
    var autosaveValues = function () {
      return JSON.stringify([form.elements['Form.Title'].value, form.elements['Form.Dek'].value, body.value]);
    };
    var autosaveData = function () {
      var data = new FormData();
      ['Form.Title', 'Form.Dek', 'Form.Body', 'Form.Version', '__RequestVerificationToken'].forEach(function (name) {
        data.append(name, form.elements[name].value);
      });
      return data;
    };
    var autosaveUrl = function () {
      var url = new URL(window.location.href);
      url.search = '';
      url.hash = '';
      url.searchParams.set('handler', 'Autosave');
      return url.toString();
    };
    var lastSent = autosaveValues();
    var autosave = function () {
      var values = autosaveValues();
      if (values === lastSent) { return; }
      fetch(autosaveUrl(), { method: 'POST', body: autosaveData(), credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) { return Promise.reject(response.status); }
          lastSent = values;
          autosaveStatus.textContent = 'Autosaved at ' + new Date().toLocaleTimeString() + '.';
        })
        .catch(function () { autosaveStatus.textContent = 'Autosave did not reach the server; this browser keeps your text.'; });
    };
    setInterval(autosave, autosaveSeconds * 1000);
    window.addEventListener('pagehide', function () {
      if (!submitting && autosaveValues() !== lastSent && navigator.sendBeacon) {
        navigator.sendBeacon(autosaveUrl(), autosaveData());
      }
    });
  }

  var bar = document.getElementById('restore-draft');
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || 'null'); } catch (e) { kept = null; }
  if (kept && kept.values && JSON.stringify(kept.values) !== loaded) {
    var time = bar.querySelector('time');
    time.dateTime = kept.at;
    time.textContent = new Date(kept.at).toLocaleString();
    bar.hidden = false;
    bar.querySelector('[data-restore]').addEventListener('click', function () {
      Object.keys(kept.values).forEach(function (name) { if (form.elements[name]) { form.elements[name].value = kept.values[name]; } });
      bar.hidden = true;
      body.focus();
    });
    bar.querySelector('[data-discard]').addEventListener('click', function () {
      localStorage.removeItem(storageKey);
      bar.hidden = true;
    });
  }

  // Suggestions for comma-separated tags and bylines: the known names that start like the last one being typed.
  Array.prototype.forEach.call(form.querySelectorAll('[data-suggest]'), function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    var names = (list.dataset.names || '').split('\n').filter(Boolean);
    input.addEventListener('input', function () {
      var cut = input.value.lastIndexOf(',');
      var prefix = cut < 0 ? '' : input.value.slice(0, cut + 1) + ' ';
      var term = input.value.slice(cut + 1).trim().toLowerCase();
      list.textContent = '';
      if (!term) { return; }
      names.filter(function (n) { return n.toLowerCase().indexOf(term) === 0; }).slice(0, 20).forEach(function (n) {
        var option = document.createElement('option');
        option.value = prefix + n;
        list.appendChild(option);
      });
    });
  });

  // Picture choices show the chosen picture; the featured one can also be placed in the text as Markdown.
  Array.prototype.forEach.call(form.querySelectorAll('[data-picture-choice]'), function (select) {
    var shown = select.parentNode.querySelector('img');
    var place = select.parentNode.querySelector('[data-place-picture]');
    function show() {
      var option = select.options[select.selectedIndex];
      shown.hidden = !option.dataset.src;
      if (option.dataset.src) { shown.src = option.dataset.src; }
      if (place) { place.hidden = !option.dataset.markdown; }
    }
    select.addEventListener('change', show);
    show();
    if (place) {
      place.addEventListener('click', function () {
        var s = selection();
        var markdown = select.options[select.selectedIndex].dataset.markdown;
        var before = s.start > 0 && body.value[s.start - 1] !== '\n' ? '\n\n' : '';
        replace(s.start, s.end, before + markdown + '\n\n', 0, before.length + markdown.length + 2);
      });
    }
  });
})();
