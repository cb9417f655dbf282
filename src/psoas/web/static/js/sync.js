// Loaded by every page. It sends what the player kept while offline, not only the player: Home must
// learn of a hard session (a Stop & ground, a high distress) to offer a gentler one next. And it
// tells the server the person's time zone.
import { flush, pending } from "/static/js/outbox.js";

let waiting = pending();
// Once the person has begun changing a form, a redraw would throw the change away. The page then
// stays as drawn: Plan works out today's suggestion again when the session starts.
let editing = false;
document.addEventListener("input", () => { editing = true; });

document.addEventListener("psoas:outbox", (event) => {
  const arrived = waiting > 0 && event.detail.pending === 0;
  waiting = event.detail.pending;
  // A page that shows sessions was drawn before they reached the server: draw it again.
  if (arrived && !editing && document.body.hasAttribute("data-refresh-after-sync")) location.reload();
});

flush();
window.addEventListener("pageshow", (event) => { if (event.persisted) flush(); });

// The server writes dates on the person's own clock once the browser has named its time zone.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone && !document.cookie.split("; ").includes(`psoas_tz=${zone}`)) {
  document.cookie = `psoas_tz=${zone}; path=/; max-age=31536000; SameSite=Lax`;
}
// A page with dates drawn before the server knew the zone (the first page a browser opens, or
// after travel) is drawn again. Once per tab only: with cookies refused it would never settle.
const drawnIn = document.body.dataset.drawnInZone;
if (zone && drawnIn !== undefined && drawnIn !== zone && !sessionStorage.getItem("psoas_tz_redrawn")) {
  sessionStorage.setItem("psoas_tz_redrawn", zone);
  location.reload();
}
