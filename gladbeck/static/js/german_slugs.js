// Web addresses typed from a title transliterate German as the loaded content does
// ("Begegnungsstätte" → "begegnungsstaette", not the admin's "begegnungsstatte"); the server
// side does the same (gladbeck/staff_import/widgets.py, german_slug).
"use strict";
(function () {
  const original = window.URLify;
  if (typeof original !== "function") {
    return;
  }
  const german = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss" };
  window.URLify = function (text, numChars, allowUnicode) {
    return original(text.replace(/[äöüÄÖÜß]/g, (letter) => german[letter]), numChars, allowUnicode);
  };
})();
