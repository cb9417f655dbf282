// The facilitator's console, live: the step's countdown runs here from the room's last event, the
// room's events (from the server, over Server-Sent Events) move it, and news of people joining and
// signalling redraws the roster and the signals. Without this script the page works by reloading.

import { listen } from "./room_clock.js";

const root = document.getElementById("console");
const drawn = JSON.parse(root.dataset.room); // the room as the page was drawn
const countdown = document.getElementById("countdown");
const note = document.getElementById("countdown-note");
const news = document.getElementById("room-news");
const live = document.getElementById("live");

let room = drawn;
let receivedAt = performance.now();
let toldTimeUp = false;

function clock(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
}

function left() {
  const since = room.state === "running" ? (performance.now() - receivedAt) / 1000 : 0;
  return room.seconds - room.elapsed - since;
}

function tick() {
  if (!countdown || room.state === "waiting" || room.state === "ended") return;
  const remaining = left();
  countdown.textContent = clock(remaining);
  if (remaining <= 0 && room.state === "running") {
    note.textContent = "Time is up; the room waits for you to move on.";
    if (!toldTimeUp) {
      toldTimeUp = true;
      news.textContent = "Time is up for this step; move on when the room is ready.";
    }
  }
}

async function redrawLive() {
  const answer = await fetch(`/workshops/${root.dataset.workshop}/console/live`, { headers: { Accept: "text/html" } });
  if (!answer.ok) return;
  // Keep the keyboard's place: a redraw under a focused button would send focus to the page's top.
  const focused = document.activeElement;
  const form = focused && live.contains(focused) ? focused.closest("form") : null;
  const action = form ? form.getAttribute("action") : null;
  live.innerHTML = await answer.text();
  if (action) (live.querySelector(`form[action="${action}"] button`) || live.querySelector("button"))?.focus();
}

function onRoom(event) {
  const moved = event.state !== drawn.state || event.step !== drawn.step;
  if (moved) {
    // Another tab or device moved the room: draw the console again, with its controls for the new state.
    window.location.reload();
    return;
  }
  const countsChanged = event.joined !== room.joined || event.needing_moment !== room.needing_moment;
  if (event.needing_moment > room.needing_moment) {
    const n = event.needing_moment;
    news.textContent = `${n} ${n === 1 ? "person needs" : "people need"} attention.`;
  }
  room = event;
  receivedAt = performance.now();
  if (left() > 0) toldTimeUp = false;
  tick();
  if (countsChanged) redrawLive();
}

// An event may come unnamed or named by its type ("event: room"; web/events.py's stream names
// them): both are heard. The console's own news: someone joining (roster), a check-in, a signal,
// an acknowledgement.
const stream = listen(`/workshops/${root.dataset.workshop}/events`, (event) => {
  if (event.type === "room") onRoom(event);
  else if (event.type === "gone") stream.close();
  else redrawLive();
}, ["room", "roster", "checkin", "signal", "acknowledged", "gone"], stillLoggedIn);

// A closed stream is opened again only while this page would still be shown: after a logout (here
// or on another device) or a password reset, asking for it is sent to the login page. Then the
// console says it has stopped following the room, and how to log in again; the room screen and
// the phones go on without it. A network error is not an ended login: the stream is tried again.
async function stillLoggedIn() {
  let answer;
  try {
    answer = await fetch(location.pathname, { redirect: "manual", cache: "no-store" });
  } catch {
    return true;
  }
  if (answer.type !== "opaqueredirect" && answer.status !== 401 && answer.status !== 403) return true;
  const ended = document.getElementById("login-ended");
  ended.hidden = false;
  ended.focus();
  return false;
}

tick();
setInterval(tick, 1000);
