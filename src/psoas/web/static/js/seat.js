// A participant's phone: their own step of their own plan while the room is at that step, a
// countdown and the breath pacer; "I'm OK", "I need a moment" and Stop & ground always in reach.
// Stop & ground switches this phone to grounding at once, before the signal is even sent.
import { Pacer } from "./pacer.js";
import { RoomClock, capital, clock, cueAt, figureKey, listen, renderArc, showCue } from "./room_clock.js";

const data = JSON.parse(document.getElementById("seat-data").textContent);
const $ = (id) => document.getElementById(id);
const pacer = new Pacer($("pacer"), $("pacer-label"));
const groundPacer = new Pacer($("ground-pacer"), $("ground-pacer-label"));
const room = new RoomClock(data.state);
const SCREENS = ["waiting", "step", "ground", "ended"];
// Grounding is this phone's own: kept across a reload until the person returns to the room.
const GROUND_KEY = `psoas-ground-${data.code}`;
let grounding = readGrounding();
let shown = null;
let shownStep = null;
let cue = null;
let groundCue = null;

function readGrounding() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(GROUND_KEY) || "null");
    return saved && typeof saved.since === "number" ? saved : null;
  } catch {
    return null;
  }
}

function keepGrounding() {
  try {
    if (grounding) sessionStorage.setItem(GROUND_KEY, JSON.stringify(grounding));
    else sessionStorage.removeItem(GROUND_KEY);
  } catch {
    // storage refused: grounding still runs, a reload returns to the room
  }
}

function status(text) {
  $("seat-status").textContent = text;
  $("seat-status").classList.toggle("hidden", !text);
}

function show(name) {
  if (name === shown) return;
  shown = name;
  for (const screen of SCREENS) $(`screen-${screen}`).classList.toggle("hidden", screen !== name);
  $("signal-bar").classList.toggle("hidden", name === "ended");
}

function focusHeading(id) {
  const heading = $(id);
  heading.setAttribute("tabindex", "-1");
  heading.focus();
}

function lines(element, texts) {
  element.replaceChildren(...texts.map((text) => {
    const line = document.createElement("p");
    line.textContent = text;
    return line;
  }));
  element.classList.toggle("hidden", texts.length === 0);
}

function drawFigure(prefix, step) {
  const art = data.figures[figureKey(step)];
  $(`${prefix}-figure`).classList.toggle("hidden", !art);
  $(`${prefix}-figure`).classList.toggle("with-pacer", Boolean(step.breath));
  $(`${prefix}-figure-art`).innerHTML = art || "";
  const box = $(`${prefix}-figure-art`).querySelector("svg")?.viewBox.baseVal;
  $(`${prefix}-figure`).closest(".step-top").classList.toggle("wide", Boolean(box && box.width > 1.6 * box.height));
}

// The seat plan's note for this step ("Side-lying tremor in place of The tremor position: ..."),
// or a plain line when it has none.
function ownStepNote(step, roomStep) {
  const start = `${step.name} in place of ${roomStep.name}`;
  const note = data.notes.find((text) => text.startsWith(start));
  return note ? `Your own step: ${note}` : `Your own step: the room does ${roomStep.name} here.`;
}

function drawStep(index) {
  const step = data.steps[index];
  renderArc($("arc"), data.phases, step.phase);
  $("step-position").textContent = `${capital(step.phase)} · step ${index + 1} of ${data.steps.length}`;
  $("step-name").textContent = `${step.name}${step.side ? ` (${step.side})` : ""}`;
  // When this person's plan changed the room's step, say so: the room's screen shows another.
  const roomStep = data.room_steps[index];
  const changed = Boolean(roomStep) && roomStep.exercise !== step.exercise;
  lines($("step-changed"), changed ? [ownStepNote(step, roomStep)] : []);
  drawFigure("step", step);
  $("step-figure-side").textContent = step.side ? `Your ${step.side} side` : "";
  lines($("step-adjust"), step.adjustments || []);
  $("all-cues").replaceChildren(...step.cues.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }));
  $("come-out").textContent = step.come_out ? `Coming out: ${step.come_out}` : "";
  $("pacer-wrap").classList.toggle("hidden", !step.breath);
  pacer.reset();
  cue = null;
  const adjustments = (step.adjustments || []).join(" ");
  $("announce").textContent = `Now: ${step.name}${step.side ? `, ${step.side} side` : ""}. ${changed ? "Your own step. " : ""}${adjustments} ${step.cues[0] || ""}`;
}

function apply(state) {
  const wasStep = shownStep;
  room.set(state);
  if (grounding) return draw();
  if (state.state === "ended") {
    show("ended");
    return;
  }
  if (state.state === "waiting") {
    show("waiting");
    return;
  }
  const arriving = shown !== "step";
  show("step");
  if (arriving || state.step !== wasStep) {
    shownStep = state.step;
    drawStep(state.step);
    if (arriving) focusHeading("step-name");
  }
  if (state.state === "paused") pacer.pause();
  tick();
}

function draw() {
  if (grounding) drawGround();
  else apply(room.state);
}

function tick() {
  if (grounding) return tickGround();
  if (shown !== "step") return;
  const step = data.steps[room.state.step];
  const left = room.left();
  const paused = room.state.state === "paused";
  $("countdown").textContent = paused ? `${clock(left)} paused` : clock(left);
  $("step-over").textContent = left <= 0 ? "The facilitator will move on when the room is ready." : "";
  const due = cueAt(step, Math.min(room.elapsed(), room.state.seconds), room.state.seconds);
  if (due !== cue) {
    cue = due;
    showCue($("cue"), step, due);
  }
  if (step.breath && !paused) pacer.update(step.breath, room.elapsed(), 1);
}

// Grounding: about a minute for each step, then the last stays with the closing words.
function groundAt() {
  let t = (Date.now() - grounding.since) / 1000;
  for (const [index, step] of data.grounding.entries()) {
    if (t < step.seconds || index === data.grounding.length - 1) return { index, elapsed: t };
    t -= step.seconds;
  }
  return { index: 0, elapsed: 0 };
}

let groundShown = null;
function drawGround() {
  const arriving = shown !== "ground";
  show("ground");
  const { index } = groundAt();
  if (index !== groundShown) {
    groundShown = index;
    const step = data.grounding[index];
    $("ground-position").textContent = `Stop & ground · step ${index + 1} of ${data.grounding.length}`;
    $("ground-name").textContent = step.name;
    drawFigure("ground", step);
    $("ground-pacer-wrap").classList.toggle("hidden", !step.breath);
    groundPacer.reset();
    groundCue = null;
    if (!arriving) $("announce").textContent = `${step.name}. ${step.cues[0] || ""}`;
  }
  if (arriving) focusHeading("ground-name");
  tickGround();
}

function tickGround() {
  const { index, elapsed } = groundAt();
  if (index !== groundShown) return drawGround();
  const step = data.grounding[index];
  const last = index === data.grounding.length - 1;
  const left = step.seconds - elapsed;
  $("ground-countdown").textContent = clock(left);
  if (last && left <= 0) {
    $("ground-cue").textContent = data.closing[0];
    return;
  }
  const due = cueAt(step, Math.min(elapsed, step.seconds), step.seconds);
  if (due !== groundCue) {
    groundCue = due;
    showCue($("ground-cue"), step, due);
  }
  if (step.breath) groundPacer.update(step.breath, elapsed, 1);
}

// Signals go to the facilitator; a failed send is tried again, and the person is told how it went.
async function send(kind, attempt = 0) {
  try {
    const response = await fetch(data.api.signal, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ kind }),
    });
    if (!response.ok) throw new Error(String(response.status));
    const told = {
      ok: "Thank you. The facilitator knows you are OK.",
      moment: "The facilitator has been told, quietly. Take the time you need.",
      stop: "",
    }[kind];
    if (told) status(told);
  } catch {
    if (attempt < 5) {
      status("Not sent yet: trying again…");
      setTimeout(() => send(kind, attempt + 1), 1500 * (attempt + 1));
    } else {
      status("This phone cannot reach the server. If you need the facilitator, raise a hand.");
    }
  }
}

function stopAndGround() {
  if (!grounding) {
    grounding = { since: Date.now() };
    keepGrounding();
    groundShown = null;
    drawGround();
  }
  send("stop");
}

$("signal-ok").addEventListener("click", () => send("ok"));
$("signal-moment").addEventListener("click", () => send("moment"));
$("signal-stop").addEventListener("click", stopAndGround);
$("return-room").addEventListener("click", () => {
  grounding = null;
  keepGrounding();
  shownStep = null;
  shown = null;
  status("");
  apply(room.state);
});

if (data.checkins.includes("after")) {
  $("after-link").textContent = "Your answers are saved. Thank you for practising together.";
}
if (data.acknowledged) status("The facilitator has seen your signal.");
draw();
setInterval(tick, 250);
listen(data.api.events, (event) => {
  if (event.type === "room") {
    const ended = event.state === "ended" && room.state.state !== "ended";
    apply(event);
    if (ended && !data.checkins.includes("after") && !grounding) location.assign(data.api.after);
  } else if (event.type === "acknowledged") {
    status("The facilitator has seen your signal.");
  }
});
