// The rich-text editor's toolbar in Italian. django-prose-editor translates its dialogs
// through window.gettext (locale/it/LC_MESSAGES/djangojs.po) but writes the toolbar's
// tooltips and menu entries in English in its code: they are rewritten here, for every
// editor, when it is ready ("prose-editor:ready") and whenever its menus change.
(function () {
  "use strict";

  var LABELS = {
    "bold": "Grassetto",
    "italic": "Corsivo",
    "underline": "Sottolineato",
    "strike": "Barrato",
    "subscript": "Pedice",
    "superscript": "Apice",
    "unordered list": "Elenco puntato",
    "ordered list": "Elenco numerato",
    "blockquote": "Citazione",
    "horizontal rule": "Linea orizzontale",
    "figure": "Figura",
    "insert link": "Inserisci collegamento",
    "remove link": "Togli collegamento",
    "undo": "Annulla",
    "redo": "Ripeti",
    "code": "Codice",
    "code block": "Blocco di codice",
    "edit html": "Modifica HTML",
    "insert table": "Inserisci tabella",
    "merge cells": "Unisci celle",
    "split cell": "Dividi cella",
    "paragraph": "Paragrafo",
    "styles": "Stili",
    "block style": "Stile del blocco",
    "reset all classes": "Togli tutti gli stili",
    "toggle fullscreen": "Schermo intero sì/no"
  };
  var HEADING = /^heading (\d)$/i;

  function italian(text) {
    var key = (text || "").trim().toLowerCase();
    if (Object.prototype.hasOwnProperty.call(LABELS, key)) {
      return LABELS[key];
    }
    var heading = HEADING.exec(key);
    return heading ? "Titolo " + heading[1] : null;
  }

  function translate(root) {
    var elements = root.querySelectorAll("[title], [aria-label], option, button");
    elements.forEach(function (element) {
      ["title", "aria-label"].forEach(function (name) {
        var value = element.getAttribute(name);
        var text = value && italian(value);
        if (text) {
          element.setAttribute(name, text);
        }
      });
      // A material icon's text is the icon's name: only plain labels are words.
      if (!element.classList.contains("material-icons") && element.children.length === 0) {
        var label = italian(element.textContent);
        if (label) {
          element.textContent = label;
        }
      }
    });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var textarea = event.detail && event.detail.textarea;
    var root = (textarea && (textarea.closest(".prose-editor") || textarea.parentElement)) || document;
    translate(root);
    new MutationObserver(function () {
      translate(root);
    }).observe(root, { childList: true, subtree: true });
  });
})();
