// Requests the player must not lose: kept in localStorage and sent, in order, when the server answers.
// Every tab shares the queue, so each item carries an id and is removed by that id, and only one
// tab sends at a time (a Web Lock where the browser has them).
const KEY = "psoas-outbox";
const RETRY_LATER = new Set([408, 425, 429]);

function load() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || "[]");
  } catch {
    return [];
  }
}

function store(items) {
  localStorage.setItem(KEY, JSON.stringify(items));
}

function remove(id) {
  store(load().filter((item) => item.id !== id));
}

export function pending() {
  return load().length;
}

export function clear() {
  localStorage.removeItem(KEY);
}

// What the server said about the last request it refused for good, for the page to show.
export const refused = [];

async function drain() {
  for (;;) {
    const [item] = load();
    if (!item) break;
    let response;
    try {
      response = await fetch(item.url, {
        method: item.method,
        // The item's id is its Idempotency-Key: sent again after an answer that never came, the
        // server answers as it did the first time instead of storing it twice.
        headers: { "Content-Type": "application/json", "Idempotency-Key": item.id },
        body: JSON.stringify(item.body),
      });
    } catch {
      break;
    }
    if (response.status >= 500 || RETRY_LATER.has(response.status)) break;
    // A retry of something that did arrive is answered as the first time. A 409 means other
    // answers are stored already (another tab, say): refused, and the page says so.
    if (!response.ok) {
      let detail = "";
      try {
        detail = JSON.stringify((await response.json()).detail);
      } catch {
        detail = response.statusText;
      }
      refused.push({ url: item.url, status: response.status, detail });
    }
    remove(item.id);
  }
  document.dispatchEvent(new CustomEvent("psoas:outbox", { detail: { pending: load().length } }));
}

let flushing = null;

function drainOnce() {
  if (navigator.locks?.request) return navigator.locks.request("psoas-outbox", drain);
  return drain();
}

// One drain at a time in this tab; the guard is cleared only after the drain settles, even when
// it had nothing to do and finished at once.
export function flush() {
  if (!flushing) flushing = drainOnce().finally(() => { flushing = null; });
  return flushing;
}

export function send(method, url, body) {
  const id = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  store([...load(), { id, method, url, body }]);
  return flush();
}

window.addEventListener("online", () => flush());
setInterval(() => { if (load().length) flush(); }, 10000);
