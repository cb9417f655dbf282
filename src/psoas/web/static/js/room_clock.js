// What the room screen and the phones share: the room's time, counted down locally from the last
// room event (corrected by this screen's own clock since it arrived), and which cue is due.

export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${r}` : `${m}:${r}`;
}

export class RoomClock {
  constructor(state) {
    this.set(state);
  }

  set(state) {
    this.state = state;
    this.receivedAt = performance.now();
  }

  // Seconds the room's step has run, now.
  elapsed() {
    const since = this.state.state === "running" ? (performance.now() - this.receivedAt) / 1000 : 0;
    return this.state.elapsed + since;
  }

  left() {
    return this.state.seconds - this.elapsed();
  }
}

// As the solo player does: the last stretch of a step (a quarter, at most 20 s) says how to come
// out of it; the cues share the time before it. -2 means "coming out".
export const COMING_OUT = -2;

export function cueAt(step, elapsed, length) {
  const cueTime = length - Math.min(20, length / 4);
  if (step.come_out && elapsed >= cueTime) return COMING_OUT;
  if (!step.cues.length) return -1;
  return Math.max(0, Math.min(step.cues.length - 1, Math.floor((elapsed / cueTime) * step.cues.length)));
}

export function showCue(element, step, cue) {
  if (cue === COMING_OUT) {
    const label = document.createElement("span");
    label.className = "coming-out";
    label.textContent = "Coming out";
    element.replaceChildren(label, document.createTextNode(step.come_out));
  } else {
    element.textContent = cue >= 0 ? step.cues[cue] : "";
  }
}

export function renderArc(list, phases, current) {
  const at = phases.indexOf(current);
  list.replaceChildren(...phases.map((name, i) => {
    const item = document.createElement("li");
    item.textContent = name;
    if (current && i < at) item.classList.add("done");
    if (current && i === at) {
      item.classList.add("current");
      item.setAttribute("aria-current", "step");
    }
    return item;
  }));
}

// Events from the server (SSE). EventSource reconnects by itself after a dropped connection, and the
// server sends the room's state first on every connection, so a screen that was away catches up at
// once. An answer that is not a stream (429 when too many are open, 502 from a proxy while psoas
// restarts, a login page once a login ended) closes it for good, and a projector would freeze
// without a word: such a stream is opened again after RETRY_CLOSED_MS, the server's Retry-After.
// Before it is, `reopen` (when given) is asked whether to: a page whose login has ended says so
// instead of knocking at the login page every ten seconds.
// An event may come named by its type ("event: room") or unnamed: both reach `onEvent`.
export const RETRY_CLOSED_MS = 10000;

export function listen(url, onEvent, types = ["room", "acknowledged"], reopen = async () => true) {
  const receive = (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return; // not one of ours
    }
    onEvent(event);
  };
  const listening = { source: null, stopped: false, close() { this.stopped = true; this.source.close(); } };
  const open = () => {
    if (listening.stopped) return;
    const source = new EventSource(url);
    source.onmessage = receive;
    for (const type of types) source.addEventListener(type, receive);
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return; // it reconnects by itself
      setTimeout(async () => {
        if (await reopen()) open();
      }, RETRY_CLOSED_MS);
    };
    listening.source = source;
  };
  open();
  return listening;
}

export function figureKey(step) {
  return `${step.exercise}:${step.side || ""}`;
}

export function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
