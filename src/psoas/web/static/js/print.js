// A button marked data-print opens the browser's print dialog (print, or save as PDF). A script
// file rather than an onclick attribute: the content security policy allows no inline script.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
