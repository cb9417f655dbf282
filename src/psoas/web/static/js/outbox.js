// Requests the player must not lose: kept in localStorage and sent, in order, when the server answers.
const KEY = "psoas-outbox";

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

export function pending() {
  return load().length;
}

let flushing = null;

// Sends queued requests in order. A network failure keeps the rest for later; an answer the
// server will never accept (4xx) is dropped so it cannot block the queue.
async function drain() {
  let items = load();
  while (items.length) {
    const [item] = items;
    let response;
    try {
      response = await fetch(item.url, {
        method: item.method,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(item.body),
      });
    } catch {
      break;
    }
    if (response.status >= 500) break;
    if (!response.ok && response.status !== 409) console.warn("psoas: dropped", item.url, response.status);
    items = load().slice(1);
    store(items);
  }
  document.dispatchEvent(new CustomEvent("psoas:outbox", { detail: { pending: load().length } }));
}

// One drain at a time; the guard is cleared only after the drain settles, even when it had
// nothing to do and finished at once.
export function flush() {
  if (!flushing) flushing = drain().finally(() => { flushing = null; });
  return flushing;
}

export function send(method, url, body) {
  store([...load(), { method, url, body }]);
  return flush();
}

window.addEventListener("online", () => flush());
setInterval(() => { if (load().length) flush(); }, 10000);
