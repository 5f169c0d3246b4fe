// Live changes from GET /ui/api/events (Server-Sent Events), read with fetch so that an API
// token can be sent. Events are gathered and handed to listeners in batches (at most one
// batch every FLUSH_MS, the newest version of each task or device only), so a busy farm
// repaints a few times a second, not once per event.
import { BASE, headers } from "./api.js";

const FLUSH_MS = 300;
const RETRY_MS = 2000;

const listeners = { task: new Set(), task_deleted: new Set(), device: new Set(), status: new Set(), resync: new Set() };
const pending = { task: new Map(), task_deleted: new Map(), device: new Map() };
let flushTimer = null;
let started = false;
let everConnected = false;
let state = "connecting";

function keyOf(kind, data) {
  return kind === "device" ? data.serial : data.id;
}

function setState(next) {
  state = next;
  for (const fn of listeners.status) fn(state);
}

function queue(kind, data) {
  if (!pending[kind]) return;
  pending[kind].set(keyOf(kind, data), data);
  if (flushTimer === null) flushTimer = setTimeout(flush, FLUSH_MS);
}

function flush() {
  flushTimer = null;
  for (const kind of Object.keys(pending)) {
    if (pending[kind].size === 0) continue;
    const batch = [...pending[kind].values()];
    pending[kind].clear();
    for (const fn of listeners[kind]) {
      try {
        fn(batch);
      } catch (err) {
        console.error("live listener failed", err);
      }
    }
  }
}

function dispatch(block) {
  let kind = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") kind = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return;
  try {
    queue(kind, JSON.parse(data.join("\n")));
  } catch (err) {
    console.error("bad event", err);
  }
}

async function connect() {
  for (;;) {
    try {
      const response = await fetch(`${BASE}/events`, { headers: headers({ Accept: "text/event-stream" }), cache: "no-store" });
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      setState("on");
      if (everConnected) {
        // Whatever changed while we were away: listeners reload what they show.
        for (const fn of listeners.resync) fn();
      }
      everConnected = true;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (err) {
      // reconnect below
    }
    setState("off");
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

// on("task", batch => ...), on("device", ...), on("task_deleted", ...), on("status", state => ...),
// on("resync", () => ...) after a reconnection (events may have been missed).
export function on(kind, fn) {
  listeners[kind].add(fn);
  if (!started) {
    started = true;
    connect();
  }
  return () => listeners[kind].delete(fn);
}

export function currentState() {
  return state;
}
