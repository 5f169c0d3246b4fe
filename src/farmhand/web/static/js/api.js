// The dashboard's only way to the server: /ui/api, the API's handlers with source "ui".
// Every answer is {code, message, data}; anything but code 0 becomes an ApiError.

export const BASE = "/ui/api";
const TOKEN_KEY = "farmhand-api-token";

export class ApiError extends Error {
  constructor(code, message, data = null, status = 0) {
    super(message);
    this.code = code;
    this.data = data;
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY) || "";
}

export function saveToken(value, remember) {
  sessionStorage.setItem(TOKEN_KEY, value);
  if (remember) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
}

export function headers(extra = {}) {
  const out = { Accept: "application/json", ...extra };
  const value = token();
  if (value) out.Authorization = `Bearer ${value}`;
  return out;
}

// Ask for the token once per page, however many calls were refused.
let askedForToken = false;
function needToken() {
  if (askedForToken) return;
  askedForToken = true;
  document.dispatchEvent(new CustomEvent("farmhand:need-token"));
}

// The envelope's data, or an ApiError; every answer (fetch or upload) goes through here, so a
// refused token asks for one whichever call met it. `read` gives the parsed body or throws.
async function unwrap(read, status) {
  let body;
  try {
    body = await read();
  } catch {
    throw new ApiError(50001, `the server answered ${status} without the usual JSON`, null, status);
  }
  if (body.code !== 0) {
    if (body.code === 40101) needToken();
    throw new ApiError(body.code, body.message || "request failed", body.data, status);
  }
  return body.data;
}

export async function api(method, path, body, extraHeaders = {}) {
  const init = { method, headers: headers(extraHeaders), credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (err) {
    throw new ApiError(0, "cannot reach the farmhand server (is it still running?)");
  }
  return unwrap(() => response.json(), response.status);
}

export const get = (path) => api("GET", path);

// A number typed in a form as the API should get it: null when empty, the number when it is
// one, else the text as typed, so that the API's own message ("must be an integer") is shown.
export function numberOrText(raw) {
  const text = String(raw).trim();
  if (text === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// A picture (screen, screenshot) as an object URL, or null when there is none yet (40401).
export async function picture(path, signal) {
  const response = await fetch(BASE + path, { headers: headers({ Accept: "image/*" }), signal });
  const type = response.headers.get("content-type") || "";
  if (response.ok && type.startsWith("image/")) {
    return { url: URL.createObjectURL(await response.blob()), takenAt: response.headers.get("x-taken-at") };
  }
  if (response.status === 404) return null;
  await unwrap(() => response.json(), response.status);
  return null;
}

// POST JSON with upload progress (fetch cannot report it): onProgress(sentBytes, totalBytes).
export function upload(path, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", BASE + path);
    for (const [key, value] of Object.entries(headers({ "Content-Type": "application/json" }))) {
      xhr.setRequestHeader(key, value);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "the upload was cut off (is the server still running?)"));
    xhr.onload = () => resolve(unwrap(() => JSON.parse(xhr.responseText), xhr.status));
    xhr.send(JSON.stringify(body));
  });
}

// Run fn over items, `limit` at a time; onStep(done, total) after each. Returns [{item, ok, value|error}].
export async function eachLimited(items, limit, fn, onStep = () => {}) {
  const results = new Array(items.length);
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { item: items[index], ok: true, value: await fn(items[index]) };
      } catch (error) {
        results[index] = { item: items[index], ok: false, error };
      }
      done += 1;
      onStep(done, items.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// "field.path: problem; other: problem" → [{path, problem}] (split only where a new path starts,
// so a "; " inside a problem stays).
export function fieldErrors(message) {
  const parts = String(message).split(/; (?=[A-Za-z_][\w.\[\]]*: )/);
  return parts.map((part) => {
    const match = /^([A-Za-z_][\w.\[\]]*): ([\s\S]*)$/.exec(part);
    return match ? { path: match[1], problem: match[2] } : { path: "", problem: part };
  });
}
