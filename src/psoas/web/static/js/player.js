// The browser player: check-in, guided steps with countdown, voice, chime and breath pacer,
// TRE fatigue ratings, the how-to-stop confirmation, Stop & ground, check-in, preferences.
// Everything it needs arrives with the page; what it sends goes through the outbox, so a dropped
// connection never loses a session.
import { flush, pending, refused, send } from "./outbox.js";
import { MotionCapture } from "./motion.js";
import { Pacer } from "./pacer.js";
import { forget, recall, remember } from "./progress.js";

const data = JSON.parse(document.getElementById("player-data").textContent);
const $ = (id) => document.getElementById(id);
// The phase bar shows the plan's own phases: a plan without a tremor has no Tremor to pass through.
let PHASES = data.plan.phases.map((p) => p.phase);
const TREMOR_STARTS = new Set(["tre-tremor-invitation", "tre-tremor-position", "tre-tremor-side-lying"]);
const HARD_DISTRESS = 8;
const SCREENS = ["before", "high-distress", "play", "confirm-stop", "fatigue", "after", "support", "preferences"];
// The screens a reload comes back to; before them nothing has begun, after them all is sent.
const RESUMABLE = new Set(["high-distress", "play", "confirm-stop", "fatigue", "after"]);
// Opened from Home on a day that calls for grounding only: after the check-in, grounding, no plan.
const groundingOnly = new URLSearchParams(location.search).get("grounding") === "1";
const speed = Math.min(10000, Math.max(0.1, Number(new URLSearchParams(location.search).get("speed")) || 1));

let planSteps = data.plan.phases.flatMap((p) => p.steps.map((step) => ({ phase: p.phase, step })));
const groundSteps = data.grounding.map((step) => ({ phase: "ground", step }));

const state = {
  mode: "plan",
  steps: planSteps,
  lengths: planSteps.map(({ step }) => step.seconds),
  notes: planSteps.map(() => ""),
  index: 0,
  // The furthest plan step begun: only exercises the person met are offered for marking after.
  furthest: -1,
  elapsed: 0,
  cue: -1,
  paused: false,
  running: false,
  confirmedStop: false,
  grounded: false,
  stoppedAt: null,
  finished: false,
  finishSent: false,
  // What happened, step by step, sent with the ending: the plan says what was meant, this what was done.
  log: [],
  open: null,  // the log entry of the step on show
};
const voice = { on: Boolean(data.settings.voice), rate: Number(data.settings.voice_rate) || 1 };
let chimeOn = Boolean(data.settings.chime);
const pacer = new Pacer($("pacer"), $("pacer-label"));
const motion = new MotionCapture($("motion-meter"), $("motion-label"));

// Where in the plan a step starts, in the plan's own seconds.
function plannedStart(index) {
  return state.lengths.slice(0, index).reduce((sum, seconds) => sum + seconds, 0);
}

let shown = null;  // the screen on show

function show(name) {
  shown = name;
  keep();  // every change of screen is a place a reload should come back to
  for (const screen of SCREENS) $(`screen-${screen}`).classList.toggle("hidden", screen !== name);
  // Stop & ground guards every step of the session; once grounding, there is nothing to stop.
  const guarding = ["play", "confirm-stop", "fatigue"].includes(name) && state.mode !== "ground";
  $("ground-bar").classList.toggle("hidden", !guarding);
  const heading = $(`screen-${name}`).querySelector("h1");
  if (heading && name !== "play") {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${r}` : `${m}:${r}`;
}

function announce(text) {
  $("announce").textContent = text;
}

function hasVoice() {
  return "speechSynthesis" in window && window.speechSynthesis.getVoices().length > 0;
}

// Browsers list their voices a moment after the page loads (voiceschanged); some have none.
function showVoiceChoice() {
  const available = hasVoice();
  $("voice-toggle").disabled = !available;
  $("voice-rate").disabled = !available;
  $("voice-missing").classList.toggle("hidden", available);
}

function speak(text) {
  if (!voice.on || speed > 4 || !hasVoice()) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.rate = voice.rate;
  window.speechSynthesis.speak(utterance);
}

// A new step silences what the last one still had to say, so Back and Next never queue speech up.
function hush() {
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
}

let audio = null;
function chime() {
  if (!chimeOn) return;
  try {
    audio = audio || new AudioContext();
    const now = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = "sine";
    tone.frequency.value = 528;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.12, now + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 1.6);
    tone.connect(gain).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 1.7);
  } catch {
    chimeOn = false;
  }
}

let wakeLock = null;
async function keepAwake() {
  try {
    wakeLock = await navigator.wakeLock?.request("screen");
  } catch {
    wakeLock = null;
  }
}
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") keep();  // a locked phone may drop the tab
  else if (state.running) keepAwake();
});
window.addEventListener("pagehide", () => keep());

function current() {
  return state.steps[state.index];
}

function renderArc() {
  const phase = current().phase;
  const at = PHASES.indexOf(phase);
  $("arc").innerHTML = "";
  for (const [i, name] of PHASES.entries()) {
    const item = document.createElement("li");
    item.textContent = name;
    if (state.mode === "ground") item.classList.toggle("done", false);
    else if (i < at) item.classList.add("done");
    else if (i === at) {
      item.classList.add("current");
      item.setAttribute("aria-current", "step");
    }
    $("arc").append(item);
  }
}

// The figure comes from the server with the page (our own SVG, drawn from the content files).
function renderFigure(step) {
  const art = data.figures[`${step.exercise}:${step.side || ""}`];
  $("step-figure").classList.toggle("hidden", !art);
  $("step-figure").classList.toggle("with-pacer", Boolean(step.breath));
  $("step-figure-art").innerHTML = art || "";
  // A figure lying down is wide: beside the countdown it would be small, so it goes below it.
  const box = $("step-figure-art").querySelector("svg")?.viewBox.baseVal;
  $("step-figure").closest(".step-top").classList.toggle("wide", Boolean(box && box.width > 1.6 * box.height));
  $("step-figure-side").textContent = step.side ? `Your ${step.side} side` : "";
}

function renderStep() {
  const { phase, step } = current();
  const side = step.side ? ` (${step.side})` : "";
  renderArc();
  $("step-name").textContent = `${step.name}${side}`;
  $("step-position").textContent = state.mode === "ground"
    ? `Stop & ground · step ${state.index + 1} of ${state.steps.length}`
    : `${phase} · step ${state.index + 1} of ${state.steps.length}`;
  renderFigure(step);
  $("step-adjust").replaceChildren(...step.adjustments.map((text) => {
    const line = document.createElement("p");
    line.textContent = text;
    return line;
  }));
  $("step-adjust").classList.toggle("hidden", step.adjustments.length === 0);
  $("step-note").textContent = state.notes[state.index] || "";
  const cautions = data.cautions[step.exercise] || [];
  $("step-cautions").replaceChildren(...cautions.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }));
  $("step-safety").classList.toggle("hidden", cautions.length === 0);
  // With an adjustment, the library opens at what the person's conditions change.
  const section = step.adjustments.length ? "#conditions-title" : "";
  $("step-howto").href = `/library/${encodeURIComponent(step.exercise)}${section}`;
  const next = state.steps[state.index + 1];
  $("next-step").textContent = next ? `Next: ${next.step.name}${next.step.side ? ` (${next.step.side})` : ""} · ${clock(state.lengths[state.index + 1])}` : "";
  $("pacer-wrap").classList.toggle("hidden", !step.breath);
  pacer.reset();
}

// A plan step begun opens an entry; leaving it closes the entry with how it was left.
function openEntry(index) {
  // Going back and forth hundreds of times must not make the ending too big to be accepted.
  if (state.mode !== "plan" || state.log.length >= 480) return;
  const { step } = state.steps[index];
  state.open = { step: index, exercise: step.exercise, planned_seconds: Math.round(state.lengths[index]), seconds: 0, paused_seconds: 0, ending: "done", started_at: new Date().toISOString() };
  state.log.push(state.open);
}

function closeEntry(ending) {
  if (!state.open) return;
  state.open.ending = ending;
  state.open.ended_at = new Date().toISOString();  // for a Stop & ground, its moment
  state.open.seconds = Math.round(state.open.seconds);
  state.open.paused_seconds = Math.round(state.open.paused_seconds);
  state.open = null;
}

function lastEntry() {
  return state.log[state.log.length - 1];
}

function begin(index) {
  const arriving = $("screen-play").classList.contains("hidden");
  state.index = index;
  if (state.mode === "plan") state.furthest = Math.max(state.furthest, index);
  state.elapsed = 0;
  state.cue = -1;
  state.paused = false;
  closeEntry(state.leaving || "done");
  state.leaving = null;
  openEntry(index);
  $("pause").textContent = "Pause";
  show("play");
  renderStep();
  if (arriving) focusStep();
  motion.setPhase(current().phase, plannedStart(index));
  const { step } = current();
  hush();
  speak(step.name);  // the name first, then the person's adjustments; tick(0) then says the first cue
  for (const adjustment of step.adjustments) speak(adjustment);
  tick(0);
  chime();
  // On arrival focus lands on the step's heading, which a screen reader reads with its side;
  // saying the name again in the live region would make it heard twice.
  const name = `${step.name}${step.side ? `, ${step.side} side` : ""}. `;
  const adjustments = step.adjustments.map((text) => `${text} `).join("");
  announce(`${arriving ? "" : name}${adjustments}${step.cues[0]}`);
}

function focusStep() {
  $("step-name").setAttribute("tabindex", "-1");
  $("step-name").focus();
}

// The last stretch of a step says how to come out of it, before the next one begins: a quarter
// of the step, at most 20 seconds. The cues share the time before it.
function comeOutSeconds(length) {
  return Math.min(20, length / 4);
}

// Which cue is due: an index into the cues, or COMING_OUT in the step's last stretch.
const COMING_OUT = -2;

function cueAt(step, elapsed, length) {
  const cueTime = length - comeOutSeconds(length);
  if (step.come_out && elapsed >= cueTime) return COMING_OUT;
  return Math.min(step.cues.length - 1, Math.floor((elapsed / cueTime) * step.cues.length));
}

function cueText(step, cue) {
  return cue === COMING_OUT ? step.come_out : step.cues[cue];
}

function showCue(step, cue) {
  if (cue !== COMING_OUT) {
    $("cue").textContent = step.cues[cue];
    return;
  }
  const label = document.createElement("span");
  label.className = "coming-out";
  label.textContent = "Coming out";
  $("cue").replaceChildren(label, document.createTextNode(step.come_out));
}

function showCountdown() {
  const stepLeft = state.lengths[state.index] - state.elapsed;
  const left = clock(stepLeft);
  $("countdown").textContent = state.paused ? `${left} paused` : left;
  const after = state.lengths.slice(state.index + 1).reduce((sum, seconds) => sum + seconds, 0);
  const whole = state.mode === "ground" ? "of grounding" : "in the session";
  $("session-left").textContent = `${clock(stepLeft + after)} left ${whole}`;
}

function tick(dt) {
  if (!state.running) return;
  if (state.paused) {
    if (state.open) state.open.paused_seconds += dt * speed;
    return;
  }
  const length = state.lengths[state.index];
  state.elapsed += dt * speed;
  if (state.open) state.open.seconds += dt * speed;
  const { step } = current();
  const cue = cueAt(step, state.elapsed, length);
  if (cue !== state.cue) {
    state.cue = cue;
    showCue(step, cue);
    if (cue === COMING_OUT) announce(`Coming out: ${step.come_out}`);
    else if (cue > 0) announce(step.cues[cue]);
    speak(cueText(step, cue));
  }
  if (step.breath) pacer.update(step.breath, state.elapsed, speed);
  showCountdown();
  if (state.elapsed >= length) stepDone();
}

let last = performance.now();
let kept = last;
setInterval(() => {
  const now = performance.now();
  const screenIsPlay = !$("screen-play").classList.contains("hidden");
  if (screenIsPlay) tick((now - last) / 1000);
  last = now;
  if (screenIsPlay && now - kept > 2000) {
    kept = now;
    keep();
  }
}, 100);

function isPreparatoryTre(entry) {
  return entry.phase === "fatigue" && entry.step.kind === "tre";
}

function stepDone() {
  closeEntry("done");
  const entry = current();
  const lastSide = !entry.step.side || entry.step.side === "right";
  if (state.mode === "plan" && isPreparatoryTre(entry) && lastSide) {
    askFatigue();
    return;
  }
  advance();
}

function advance() {
  const nextIndex = state.index + 1;
  if (nextIndex >= state.steps.length) {
    end();
    return;
  }
  const next = state.steps[nextIndex];
  if (state.mode === "plan" && TREMOR_STARTS.has(next.step.exercise) && !state.confirmedStop) {
    state.index = nextIndex;
    show("confirm-stop");
    speak("Before the tremor, remember how to stop.");
    return;
  }
  begin(nextIndex);
}

function back() {
  state.leaving = "back";
  begin(Math.max(0, state.index - 1));
}

function skip() {
  state.leaving = "skipped";
  advance();
}

function togglePause() {
  state.paused = !state.paused;
  $("pause").textContent = state.paused ? "Resume" : "Pause";
  showCountdown();
  announce(state.paused ? "Paused" : "Resumed");
  if (state.paused) {
    hush();
    pacer.pause();
    return;
  }
  // Pausing silenced the cue, often mid-sentence: say it again for someone following by ear.
  const cue = cueText(current().step, state.cue);
  if (cue) speak(cue);
}

// After a preparatory TRE exercise: 6-7 moves on, higher eases the next one, pain offers an easier way or a stop.
function askFatigue() {
  const buttons = $("fatigue-buttons");
  buttons.innerHTML = "";
  for (let value = 1; value <= 10; value += 1) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = String(value);
    button.addEventListener("click", () => rateFatigue(value));
    buttons.append(button);
  }
  $("pain-options").classList.add("hidden");
  show("fatigue");
}

function nextPreparatory() {
  for (let i = state.index + 1; i < state.steps.length; i += 1) {
    if (isPreparatoryTre(state.steps[i])) return i;
    if (state.steps[i].phase !== "fatigue") return null;
  }
  return null;
}

// Two-thirds of the planned length, however often it is asked (going back and rating again must
// not shrink a step further each time).
function shorten(i, message) {
  const eased = Math.max(15, Math.round((state.steps[i].step.seconds * 2) / 3));
  state.lengths[i] = Math.min(state.lengths[i], eased);
  state.notes[i] = message;
}

// Ease the next preparatory exercise; after the last one, keep the tremor itself shorter.
function easeNext(message, tremorMessage) {
  const next = nextPreparatory();
  if (next === null) {
    for (let i = state.index + 1; i < state.steps.length; i += 1) {
      if (state.steps[i].step.exercise.startsWith("tre-tremor-")) shorten(i, tremorMessage);
    }
    return;
  }
  const exercise = state.steps[next].step.exercise;
  for (let i = next; i < state.steps.length && state.steps[i].step.exercise === exercise; i += 1) shorten(i, message);
}

const SHORTER_TREMOR = "The tremor is kept shorter today. Stop whenever you like: knees together, legs long.";

function rateFatigue(value) {
  const rated = lastEntry();
  if (rated && rated.step === state.index) rated.fatigue = value;
  if (value >= 8) easeNext(`You rated ${value}: this one is shorter. Work more lightly and rest whenever you need.`, SHORTER_TREMOR);
  advance();
}

$("fatigue-pain").addEventListener("click", () => {
  const hurt = lastEntry();
  if (hurt && hurt.step === state.index) hurt.hurts = true;
  const next = nextPreparatory();
  const list = $("pain-variations");
  list.innerHTML = "";
  const ideas = next === null ? [] : data.modifications[state.steps[next].step.exercise] || [];
  $("pain-advice").textContent = next === null
    ? "Pain is a signal to ease off. The tremor can be kept short today, or you can stop and ground."
    : "Pain is a signal to ease off. You can take an easier variation of the next exercise, or stop and ground.";
  for (const idea of ideas) {
    const item = document.createElement("li");
    item.textContent = idea;
    list.append(item);
  }
  $("pain-options").classList.remove("hidden");
  $("pain-easier").focus();
});
$("pain-where").addEventListener("change", (event) => {
  const hurt = lastEntry();
  if (hurt && hurt.step === state.index && hurt.hurts) hurt.hurts_where = event.target.value || null;
});
$("pain-easier").addEventListener("click", () => {
  easeNext("Taking it gently after pain: an easier variation, a smaller range, stop at any sign of pain.", SHORTER_TREMOR);
  advance();
});

$("confirm-stop").addEventListener("click", () => {
  state.confirmedStop = true;
  begin(state.index);
});

function stopAndGround() {
  if (state.mode === "ground") return;
  state.stoppedAt = state.running ? state.index : null;
  closeEntry("grounded");
  state.grounded = true;
  state.mode = "ground";
  // Told at once, not when the grounding ends: a person who stops may close the app before then,
  // and the next session must still be the gentler one (a reload then asks how they are).
  sendFinish();
  state.steps = groundSteps;
  state.lengths = groundSteps.map(({ step }) => step.seconds);
  state.notes = groundSteps.map(() => "");
  state.running = true;
  begin(0);
  focusStep();  // off the Stop & ground button, which grounding hides, so the keys steer again
}

function start(mode) {
  keepAwake();
  if (mode === "ground") {
    stopAndGround();
    return;
  }
  state.running = true;
  begin(0);
}

// How the session ended, sent once: at Stop & ground, or else when the last step is done.
function sendFinish() {
  if (state.finishSent) return;
  state.finishSent = true;
  closeEntry("done");
  send("POST", data.api.finish, {
    completed: state.mode === "plan",
    stopped_at_step: state.grounded ? state.stoppedAt : null,
    grounded: state.grounded,
    log: state.log.map((entry) => ({ ...entry, seconds: Math.round(entry.seconds), paused_seconds: Math.round(entry.paused_seconds) })),
  });
}

function end() {
  state.running = false;
  state.finished = true;
  wakeLock?.release?.();
  sendFinish();
  motion.stop();
  sendMotion();
  show("after");
  speak("How are you now?");
}

async function sendMotion() {
  if (motion.samples === 0) return;
  const result = $("motion-result");
  $("motion-retry").classList.add("hidden");
  result.textContent = "Sending the motion recording…";
  try {
    const answer = await motion.upload(data.api.recordings);
    result.textContent = "";
    const link = document.createElement("a");
    link.href = `/history/${data.session_id}/recordings/${answer.id}`;
    link.textContent = "See the tremor this phone measured";
    result.append(link);
  } catch (error) {
    result.textContent = `The motion recording could not be sent (${error.message}). It is kept on this page until you leave it.`;
    $("motion-retry").classList.remove("hidden");
  }
}

// A check-in stores only what the person chose: nothing is chosen beforehand, so a rating left
// out is named beside its question and in a summary that is announced, and nothing is sent.
function ratingsGiven(form) {
  const values = new FormData(form);
  const missing = [];
  for (const set of form.querySelectorAll("fieldset[data-rating]")) {
    const absent = !values.has(set.dataset.rating);
    set.querySelector("[data-missing]").hidden = !absent;
    if (absent) missing.push(set);
  }
  const names = missing.map((set) => set.dataset.name || set.querySelector("legend").textContent.split(" (")[0]);
  form.querySelector("[data-missing-summary]").textContent = names.length ? `Still to answer: ${names.join(", ")}.` : "";
  if (!names.length) return true;
  missing[0].querySelector("input").focus();
  return false;
}

// Once a rating has been asked for, the messages follow each answer given.
for (const form of [$("before-form"), $("after-form")]) {
  form.addEventListener("change", () => {
    if (form.querySelector("[data-missing-summary]").textContent) ratingsGiven(form);
  });
}

function ratings(form) {
  const values = new FormData(form);
  const body = {};
  for (const name of ["tension", "pain", "distress", "breath"]) body[name] = Number(values.get(name));
  const note = String(values.get("note") || "").trim();
  if (note) body.note = note;
  return body;
}

// Before anything begins, the plan may change once: the server makes it again with or without a
// facilitator (same request, same seed) and the player takes the new steps in their place.
function usePlan(parts) {
  Object.assign(data, parts);
  PHASES = data.plan.phases.map((p) => p.phase);
  planSteps = data.plan.phases.flatMap((p) => p.steps.map((step) => ({ phase: p.phase, step })));
  state.steps = planSteps;
  state.lengths = planSteps.map(({ step }) => step.seconds);
  state.notes = planSteps.map(() => "");
}

// Asked at each session's start where a condition allows the tremor only with a facilitator. Without
// a connection the plan cannot change, and the one made without a facilitator is kept: the safe one.
let facilitatorFailed = false;

async function answerFacilitator(form) {
  if (!data.ask_facilitator || facilitatorFailed) return true;
  const present = new FormData(form).get("facilitator") === "yes";
  if (present === Boolean(data.plan.request.with_facilitator)) return true;
  const result = $("facilitator-result");
  result.textContent = "Changing the plan…";
  try {
    const answer = await fetch(data.api.facilitator, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ present }),
    });
    if (!answer.ok) throw new Error((await answer.json()).detail || `answer ${answer.status}`);
    usePlan(await answer.json());
    result.textContent = "";
    return true;
  } catch (error) {
    // Said before anything begins: the person decides with the answer in front of them.
    facilitatorFailed = true;
    result.textContent = `The plan could not change (${error.message}). Press Begin again to practise without the tremor.`;
    result.closest("fieldset").querySelector("input").focus();
    return false;
  }
}

$("before-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!ratingsGiven(event.target)) return;
  if (!(await answerFacilitator(event.target))) return;
  if ($("motion-toggle").checked && !(await motion.enable())) {
    $("motion-choice-note").textContent = "The phone did not allow its motion sensor; the session goes on without it.";
  }
  const body = { moment: "before", ...ratings(event.target) };
  send("POST", data.api.checkins, body);
  if (body.distress >= HARD_DISTRESS) {
    show("high-distress");
    return;
  }
  start(groundingOnly ? "ground" : "plan");
});

$("grounding-only").addEventListener("click", () => start("ground"));
$("motion-retry").addEventListener("click", sendMotion);
// Offered where the device is held or laid on the body: a touch screen with a motion sensor, not a
// laptop, whose browser may report a sensor it does not have.
if (MotionCapture.available() && matchMedia("(pointer: coarse)").matches) $("motion-choice").classList.remove("hidden");
$("not-now").addEventListener("click", async (event) => {
  event.preventDefault();
  await send("POST", data.api.finish, { completed: false, stopped_at_step: null, grounded: false });
  location.href = "/";
});

$("after-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!ratingsGiven(event.target)) return;
  const body = { moment: "after", ...ratings(event.target) };
  const emotions = new FormData(event.target).get("emotions_came_up");
  if (emotions) body.emotions_came_up = emotions === "yes";  // unanswered stays unknown
  send("POST", data.api.checkins, body);
  forget(data.session_id);
  if (body.distress >= HARD_DISTRESS || state.grounded) show("support");
  else showPreferences();
});

$("support-done").addEventListener("click", showPreferences);

function showPreferences() {
  $("closing-words").textContent = state.grounded ? data.closing.join(" ") : "Take your time before you get up. Your body may stay more sensitive for a while; that is expected.";
  const list = $("preference-list");
  list.innerHTML = "";
  const avoidable = new Set(data.avoidable);
  const met = new Map();  // exercise -> name, in the order the session came to them
  for (const { step } of planSteps.slice(0, state.furthest + 1)) {
    if (avoidable.has(step.exercise) && !met.has(step.exercise)) met.set(step.exercise, step.name);
  }
  $("preferences-title").classList.toggle("hidden", met.size === 0);
  for (const [exercise, name] of met) {
    const item = document.createElement("li");
    item.append(document.createTextNode(name));
    const row = document.createElement("div");
    row.className = "row";
    for (const [choice, label] of [["prefer", "More like this"], ["avoid", "Not for me"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("aria-pressed", "false");
      button.dataset.choice = choice;
      button.addEventListener("click", () => {
        const on = button.getAttribute("aria-pressed") !== "true";
        for (const other of row.querySelectorAll("button")) other.setAttribute("aria-pressed", "false");
        button.setAttribute("aria-pressed", String(on));
        send("PUT", data.api.preferences, { exercise, choice: on ? choice : null });
      });
      row.append(button);
    }
    item.append(row);
    list.append(item);
  }
  show("preferences");
}

function syncStatus() {
  const waiting = pending();
  if (refused.length) {
    $("sync-status").textContent = `The server refused a change (${refused.at(-1).status}): ${refused.at(-1).detail}`;
    return;
  }
  $("sync-status").textContent = waiting
    ? `${waiting} change${waiting === 1 ? "" : "s"} waiting: they will be sent when the connection returns.`
    : "Everything is saved.";
}
document.addEventListener("psoas:outbox", syncStatus);

// A button clicked with the pointer hands focus back to the step, so space and the arrows keep
// steering the player; one pressed from the keyboard (detail 0) keeps focus where the person is.
function control(action) {
  return (event) => {
    action();
    if (event.detail > 0) focusStep();
  };
}
$("back").addEventListener("click", control(back));
$("skip").addEventListener("click", control(skip));
$("pause").addEventListener("click", control(togglePause));
$("stop-ground").addEventListener("click", stopAndGround);
showVoiceChoice();
if ("speechSynthesis" in window) window.speechSynthesis.addEventListener("voiceschanged", showVoiceChoice);
$("voice-toggle").checked = voice.on;
$("voice-toggle").addEventListener("change", (event) => {
  voice.on = event.target.checked;
  if (!voice.on) hush();
});
$("voice-rate").value = String(voice.rate);
$("voice-rate").addEventListener("change", (event) => { voice.rate = Number(event.target.value); });
$("chime-toggle").checked = chimeOn;
$("chime-toggle").addEventListener("change", (event) => { chimeOn = event.target.checked; });

const TYPING = 'textarea, input[type="text"], input[type="number"], input:not([type])';
const SLIDING = 'input[type="range"], select';

document.addEventListener("keydown", (event) => {
  if (event.target.closest(TYPING) || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === "g" || event.key === "G") {
    if (state.running && !state.finished) stopAndGround();
    // Not begun, and offered grounding instead: the key that always grounds takes that offer.
    else if (shown === "high-distress") start("ground");
    return;
  }
  const playing = !$("screen-play").classList.contains("hidden");
  // A held key repeats: only its first press steers, so no step is skipped unheard.
  if (!playing || event.repeat) return;
  // Space presses a focused button or ticks a box, and arrows move a slider; otherwise they steer.
  if (event.key === " " && !event.target.closest("button, a, input, select")) {
    event.preventDefault();
    togglePause();
  } else if (event.key === "ArrowRight" && !event.target.closest(SLIDING)) skip();
  else if (event.key === "ArrowLeft" && !event.target.closest(SLIDING)) back();
});

// What a reload needs to come back to this place: the screen, the step, how far into it, and what
// the person has already answered (the tremor confirmation, eased lengths, a Stop & ground).
function keep() {
  if (!RESUMABLE.has(shown)) return;
  const { mode, index, furthest, elapsed, lengths, notes, confirmedStop, grounded, stoppedAt, finishSent, log } = state;
  remember(data.session_id, {
    screen: shown, mode, index, furthest, elapsed, lengths, notes, confirmedStop, grounded, stoppedAt, finishSent, log,
  });
}

// A kept place is used only when it fits this plan; a damaged or stale one is left unused.
function fits(saved) {
  if (!saved || !RESUMABLE.has(saved.screen) || !["plan", "ground"].includes(saved.mode)) return false;
  const count = (saved.mode === "ground" ? groundSteps : planSteps).length;
  const lengthsFit = Array.isArray(saved.lengths) && saved.lengths.length === count
    && saved.lengths.every((seconds) => Number.isFinite(seconds) && seconds > 0);
  return lengthsFit && Array.isArray(saved.notes) && saved.notes.length === count
    && Number.isInteger(saved.index) && saved.index >= 0 && saved.index < count
    && Number.isFinite(saved.elapsed) && saved.elapsed >= 0;
}

// Back on a step after a reload: paused where it was, so the person resumes when ready. Nothing is
// spoken or chimed here: browsers allow sound only once the person has pressed something.
function resumePaused(elapsed) {
  state.elapsed = Math.min(elapsed, state.lengths[state.index]);
  state.paused = true;
  show("play");
  renderStep();
  focusStep();
  motion.setPhase(current().phase, plannedStart(state.index));
  const { step } = current();
  state.cue = cueAt(step, state.elapsed, state.lengths[state.index]);
  showCue(step, state.cue);
  $("pause").textContent = "Resume";
  showCountdown();
  announce(`Paused at ${step.name}. Resume when you are ready.`);
}

// The page was reloaded mid-session: come back to the kept place rather than asking the before
// check-in again (the server keeps the first answers) and starting over, or leaving grounding.
function pickUp(saved) {
  if (!fits(saved)) return false;
  state.mode = saved.mode;
  state.steps = saved.mode === "ground" ? groundSteps : planSteps;
  state.lengths = saved.lengths;
  state.notes = saved.notes.map((note) => String(note ?? ""));
  state.index = saved.index;
  // A place kept before this was remembered: the session may have gone anywhere, so offer it all.
  state.furthest = Number.isInteger(saved.furthest) ? saved.furthest : planSteps.length - 1;
  state.confirmedStop = saved.confirmedStop === true;
  state.grounded = saved.grounded === true;
  state.stoppedAt = Number.isInteger(saved.stoppedAt) ? saved.stoppedAt : null;
  state.finishSent = saved.finishSent === true;  // a Stop & ground told the server already
  state.log = Array.isArray(saved.log) ? saved.log.filter((e) => e && Number.isInteger(e.step)) : [];
  // The step on show goes on counting into its own entry.
  const resumed = state.log[state.log.length - 1];
  state.open = state.mode === "plan" && resumed && resumed.step === state.index && saved.screen === "play" ? resumed : null;
  if (saved.screen === "after") {
    state.finished = true;
    show("after");
    return true;
  }
  if (saved.screen === "high-distress") {
    show("high-distress");
    return true;
  }
  state.running = true;
  keepAwake();
  if (saved.screen === "confirm-stop") show("confirm-stop");
  else if (saved.screen === "fatigue") askFatigue();
  else resumePaused(saved.elapsed);
  return true;
}

flush();
// Where the player opens. This tab's own kept place comes first: a Stop & ground reaches the
// server at once, so the server would call a session still grounding ended and skip the rest.
function openPlayer() {
  if (pickUp(recall(data.session_id))) return;
  if (data.resume.after) {
    // Reloaded on "How are you now?" with no place kept (another tab, or storage blocked): the
    // session has ended, its after check-in has not arrived.
    state.finished = true;
    state.finishSent = true;
    state.grounded = data.resume.grounded;
    state.furthest = planSteps.length - 1;  // how far it got is not known here: offer every exercise
    show("after");
    return;
  }
  show("before");
}
openPlayer();
window.psoasPlayer = state;
