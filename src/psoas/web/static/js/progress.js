// Where this tab is in a session, kept in sessionStorage so a reload picks up there: a
// pull-to-refresh, or a phone that dropped the tab while it was locked and reloads it when shown.
// sessionStorage belongs to the tab, so a second tab on the same session starts on its own.
const key = (sessionId) => `psoas-progress-${sessionId}`;

export function remember(sessionId, snapshot) {
  try {
    sessionStorage.setItem(key(sessionId), JSON.stringify(snapshot));
  } catch {
    // Storage blocked or full: the session goes on; only a reload would lose the place.
  }
}

export function recall(sessionId) {
  try {
    return JSON.parse(sessionStorage.getItem(key(sessionId)) || "null");
  } catch {
    return null;
  }
}

export function forget(sessionId) {
  try {
    sessionStorage.removeItem(key(sessionId));
  } catch {
    // Nothing was kept.
  }
}
