// Every page sends what the player kept while offline, not only the player: Home must learn of a
// hard session (a Stop & ground, a high distress) to offer a gentler one next.
import { flush, pending } from "/static/js/outbox.js";

let waiting = pending();

document.addEventListener("psoas:outbox", (event) => {
  const arrived = waiting > 0 && event.detail.pending === 0;
  waiting = event.detail.pending;
  // A page that shows sessions was drawn before they reached the server: draw it again.
  if (arrived && document.body.hasAttribute("data-refresh-after-sync")) location.reload();
});

flush();
window.addEventListener("pageshow", (event) => { if (event.persisted) flush(); });
