// Loaded by every page. It sends what the player kept while offline, not only the player: Home must
// learn of a hard session (a Stop & ground, a high distress) to offer a gentler one next. And it
// tells the server the person's time zone.
import { flush, pending } from "/static/js/outbox.js";

let waiting = pending();
// Once the person has begun changing a form (or reshuffled a plan), a redraw would throw the
// change away: the page then says what arrived and lets them redraw it when they choose.
let editing = false;
document.addEventListener("input", () => { editing = true; });
document.addEventListener("htmx:beforeRequest", () => { editing = true; });

function offerRedraw() {
  const note = document.createElement("p");
  note.className = "card notice";
  note.setAttribute("role", "status");
  note.textContent = "Check-ins kept while offline have just been saved, so today's suggestion may have changed. ";
  const redraw = document.createElement("button");
  redraw.type = "button";
  redraw.textContent = "Show the page again";
  redraw.addEventListener("click", () => location.reload());
  note.append(redraw);
  document.getElementById("main")?.prepend(note);
}

document.addEventListener("psoas:outbox", (event) => {
  const arrived = waiting > 0 && event.detail.pending === 0;
  waiting = event.detail.pending;
  // A page that shows sessions was drawn before they reached the server: draw it again.
  if (!arrived || !document.body.hasAttribute("data-refresh-after-sync")) return;
  if (editing) offerRedraw();
  else location.reload();
});

flush();
window.addEventListener("pageshow", (event) => { if (event.persisted) flush(); });

// The server writes dates on the person's own clock once the browser has named its time zone.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone && !document.cookie.split("; ").includes(`psoas_tz=${zone}`)) {
  document.cookie = `psoas_tz=${zone}; path=/; max-age=31536000; SameSite=Lax`;
}
// A page with dates drawn before the server knew the zone (the first page a browser opens, or
// after travel) is drawn again, once per zone and tab: with cookies refused it would never settle.
// Where storage is blocked too, the page stays in the zone it was drawn in.
function firstRedrawFor(zoneName) {
  try {
    if (sessionStorage.getItem("psoas_tz_redrawn") === zoneName) return false;
    sessionStorage.setItem("psoas_tz_redrawn", zoneName);
    return true;
  } catch {
    return false;
  }
}
const drawnIn = document.body.dataset.drawnInZone;
const redraw = Boolean(zone && drawnIn !== undefined && drawnIn !== zone && firstRedrawFor(zone));
// Says what was decided, so a test can tell a page that stays from one about to be drawn again.
document.body.dataset.zoneCheck = redraw ? "redrawing" : "kept";
if (redraw) location.reload();
