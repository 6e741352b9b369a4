// The "select all" box of the admin's export page, bound here instead of an inline handler
// that the Content-Security-Policy blocks. onSelectToggleChange comes with
// django-import-export's export_selectable_fields.js.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
