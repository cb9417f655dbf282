// On a narrow screen the main menu folds behind one "Menu" button, so every page starts with its
// own content rather than two lines of links. Without script the links simply wrap.
const button = document.getElementById("menu-button");
const nav = document.getElementById("main-nav");
const narrow = window.matchMedia("(max-width: 30rem)");

function isOpen() {
  return button.getAttribute("aria-expanded") === "true";
}

function fold() {
  button.hidden = !narrow.matches;
  nav.classList.toggle("folded", narrow.matches && !isOpen());
}

function setOpen(open) {
  button.setAttribute("aria-expanded", String(open));
  fold();
}

// A page for someone psoas does not act for yet (the login page) has no menu to fold.
if (button && nav) {
  button.addEventListener("click", () => setOpen(!isOpen()));
  // Escape closes an open menu and leaves focus on its button, where the person was.
  nav.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !isOpen()) return;
    setOpen(false);
    button.focus();
  });
  narrow.addEventListener("change", fold);
  fold();
}
