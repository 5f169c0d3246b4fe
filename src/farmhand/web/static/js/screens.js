// Live pictures of the phones' screens. Only tiles on screen are refreshed, every REFRESH_MS,
// a few requests at a time, and only while the page is visible: 500 phones cost what the
// dozen in view cost. A new picture replaces the old one once it has loaded (no flicker).
import { picture } from "./api.js";

const REFRESH_MS = 3000;
const FIRST_RETRY_MS = 1000; // no picture yet: the engine starts taking them once someone watches
const PARALLEL = 3;

class ScreenPoller {
  constructor() {
    this.watched = new Map(); // img → {serial, url, last, busy}
    this.visible = new Set();
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) this.visible.add(entry.target);
        else this.visible.delete(entry.target);
      }
      this.kick();
    }, { rootMargin: "200px" });
    this.running = 0;
    this.timer = setInterval(() => this.kick(), 500);
    document.addEventListener("visibilitychange", () => this.kick());
  }

  watch(img, serial) {
    const known = this.watched.get(img);
    if (known && known.serial === serial) return;
    this.watched.set(img, { serial, url: null, last: 0, wait: 0, busy: false });
    this.observer.observe(img);
  }

  unwatch(img) {
    const entry = this.watched.get(img);
    if (entry?.url) URL.revokeObjectURL(entry.url);
    this.watched.delete(img);
    this.visible.delete(img);
    this.observer.unobserve(img);
  }

  // Refresh a tile now (its phone changed state).
  poke(serial) {
    for (const entry of this.watched.values()) if (entry.serial === serial) entry.wait = 0;
    this.kick();
  }

  kick() {
    if (document.hidden) return;
    const now = Date.now();
    const due = [...this.visible]
      .map((img) => [img, this.watched.get(img)])
      .filter(([, e]) => e && !e.busy && now - e.last >= e.wait)
      .sort((a, b) => a[1].last - b[1].last);
    for (const [img, entry] of due) {
      if (this.running >= PARALLEL) break;
      this.load(img, entry);
    }
  }

  async load(img, entry) {
    entry.busy = true;
    entry.last = Date.now();
    entry.wait = entry.url ? REFRESH_MS : FIRST_RETRY_MS;
    this.running += 1;
    try {
      const shot = await picture(`/device/${encodeURIComponent(entry.serial)}/screen`);
      if (shot && this.watched.get(img) === entry) {
        await new Promise((resolve) => {
          const loader = new Image();
          loader.onload = loader.onerror = resolve;
          loader.src = shot.url;
        });
        const old = entry.url;
        entry.url = shot.url;
        img.src = shot.url;
        img.dataset.loaded = "1";
        img.dataset.takenAt = shot.takenAt || "";
        img.dispatchEvent(new CustomEvent("screen-loaded", { bubbles: true, detail: shot.takenAt }));
        entry.wait = REFRESH_MS;
        if (old) URL.revokeObjectURL(old);
      } else if (shot) {
        URL.revokeObjectURL(shot.url);
      }
    } catch (err) {
      // The next round tries again; the tile keeps its last picture.
    } finally {
      entry.busy = false;
      entry.last = Date.now();
      this.running -= 1;
      this.kick();
    }
  }
}

export const screens = new ScreenPoller();

// x-screen="serial" on an <img>: keep it showing that phone's screen.
export function screenDirective(el, { expression }, { evaluateLater, effect, cleanup }) {
  const getSerial = evaluateLater(expression);
  effect(() => getSerial((serial) => serial && screens.watch(el, serial)));
  cleanup(() => screens.unwatch(el));
}
