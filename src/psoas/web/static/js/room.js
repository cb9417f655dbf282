// The room screen: follows the room's events and counts each step down locally. It shows the
// room's plan and counts only: the events it receives name no one.
import { Pacer } from "./pacer.js";
import { RoomClock, capital, clock, cueAt, figureKey, listen, renderArc, showCue } from "./room_clock.js";

const data = JSON.parse(document.getElementById("room-data").textContent);
const $ = (id) => document.getElementById(id);
const pacer = new Pacer($("pacer"), $("pacer-label"));
const room = new RoomClock(data.state);
let shownStep = null;
let shownMode = null;
let cue = null;

function counts(state) {
  const joined = `${state.joined} joined`;
  const moment = state.needing_moment === 1 ? "1 needing a moment" : `${state.needing_moment} needing a moment`;
  return state.needing_moment > 0 ? `${joined} · ${moment}` : joined;
}

function mode(state) {
  if (state.state === "waiting") return "waiting";
  if (state.state === "ended") return "ended";
  return "step";
}

function drawStep(index) {
  const step = data.steps[index];
  if (!step) return;
  renderArc($("arc"), data.phases, step.phase);
  $("room-position").textContent = `${capital(step.phase)} · step ${index + 1} of ${data.steps.length}`;
  $("room-step-name").textContent = `${step.name}${step.side ? ` (${step.side} side)` : ""}`;
  const art = data.figures[figureKey(step)];
  $("room-figure").classList.toggle("hidden", !art);
  $("room-figure").classList.toggle("with-pacer", Boolean(step.breath));
  $("room-figure-art").innerHTML = art || "";
  $("pacer-wrap").classList.toggle("hidden", !step.breath);
  pacer.reset();
  cue = null;
  $("announce").textContent = `Now: ${step.name}${step.side ? `, ${step.side} side` : ""}. ${step.cues[0] || ""}`;
}

function apply(state) {
  room.set(state);
  const now = mode(state);
  $("room").dataset.state = state.state;
  $("room-waiting").classList.toggle("hidden", now !== "waiting");
  $("room-step").classList.toggle("hidden", now !== "step");
  $("room-ended").classList.toggle("hidden", now !== "ended");
  if (now === "waiting") renderArc($("arc"), data.phases, null);
  if (now === "ended") renderArc($("arc"), data.phases, data.phases[data.phases.length]);
  if (now === "step" && (state.step !== shownStep || shownMode !== "step")) drawStep(state.step);
  shownStep = state.step;
  shownMode = now;
  $("room-paused").classList.toggle("hidden", state.state !== "paused");
  const text = counts(state);
  if ($("room-counts").textContent !== text) $("room-counts").textContent = text;
  if (state.state === "paused") pacer.pause();
  tick();
}

function tick() {
  if (shownMode !== "step") return;
  const step = data.steps[room.state.step];
  if (!step) return;
  const left = room.left();
  $("room-countdown").textContent = clock(left);
  $("room-over").classList.toggle("hidden", left > 0);
  const elapsed = Math.min(room.elapsed(), room.state.seconds);
  const due = cueAt(step, elapsed, room.state.seconds);
  if (due !== cue) {
    cue = due;
    showCue($("room-cue"), step, due);
  }
  if (step.breath && room.state.state === "running") pacer.update(step.breath, room.elapsed(), 1);
}

apply(data.state);
setInterval(tick, 250);
listen(data.events, (event) => {
  if (event.type === "room") apply(event);
}, ["room"]);
