// The farm's tiles, drawn and updated by hand rather than by Alpine: 500 phones are 500 clones
// of one <template>, a phone's change touches only its own tile, and filtering hides tiles
// instead of rebuilding them. Clicks are handled once, on the grid.
import { localTime } from "./format.js";
import { screens } from "./screens.js";

const STATE_FLAG = { offline: "Offline", unauthorized: "Unauthorized", absent: "Absent" };

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

export class TileGrid {
  // handlers: { toggle(serial), editGroup(serial) }
  constructor(container, template, handlers) {
    this.container = container;
    this.template = template;
    this.tiles = new Map(); // serial → {root, fields, shown}
    container.addEventListener("change", (event) => {
      const box = event.target.closest("input[data-f=select]");
      if (box) handlers.toggle(box.closest("article").dataset.serial);
    });
    container.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-f=group]");
      if (button) handlers.editGroup(button.closest("article").dataset.serial);
    });
  }

  create(device) {
    const root = this.template.content.firstElementChild.cloneNode(true);
    const fields = {};
    for (const node of root.querySelectorAll("[data-f]")) fields[node.dataset.f] = node;
    const headingId = `tile-${this.tiles.size}-${Date.now().toString(36)}`;
    fields.serial.id = headingId;
    root.setAttribute("aria-labelledby", headingId);
    root.dataset.serial = device.serial;
    fields.screen.alt = `Screen of ${device.serial}`;
    fields.select.setAttribute("aria-label", `Select ${device.serial}`);
    fields.screen.addEventListener("screen-loaded", () => setHidden(fields.placeholder, true));
    const tile = { root, fields, shown: true };
    this.tiles.set(device.serial, tile);
    screens.watch(fields.screen, device.serial);
    return tile;
  }

  fill(tile, d) {
    const { root, fields } = tile;
    const state = d.busy && d.state === "online" ? "busy" : d.state;
    root.dataset.state = d.state;
    root.className = `tile st-${d.state}${root.classList.contains("selected") ? " selected" : ""}`;
    setText(fields.serial, d.serial);
    setText(fields.spec, [d.model, d.android_version && `Android ${d.android_version}`, d.kind === "virtual" ? "virtual" : ""].filter(Boolean).join(" · ") || "—");
    setText(fields.flag, STATE_FLAG[d.state] || d.state);
    setText(fields.badge, state === "busy" ? "running" : d.state);
    fields.badge.className = `badge st-${state}`;
    setText(fields.battery, d.battery === null || d.battery === undefined ? "" : `battery ${d.battery}%`);
    setText(fields.pending, d.pending_tasks ? `${d.pending_tasks} waiting` : "");
    const away = d.state !== "online" && d.offline_since;
    setHidden(fields.since, !away);
    if (away) setText(fields.since, `since ${localTime(d.offline_since)}`);
    setHidden(fields.task, !d.task_id);
    if (d.task_id) {
      fields.taskLink.href = `/tasks/${d.task_id}`;
      setText(fields.taskLink, `#${d.task_id} ${d.task_script || "task"}`);
      setText(fields.step, d.task_step || "starting");
      const hasProgress = d.task_progress !== null && d.task_progress !== undefined;
      setHidden(fields.progress, !hasProgress);
      if (hasProgress) fields.progress.value = d.task_progress;
      fields.progress.setAttribute("aria-label", `Progress of task ${d.task_id}`);
    }
    setText(fields.group, d.group || "none");
    fields.group.setAttribute("aria-label", `Group of ${d.serial}: ${d.group || "none"}. Change`);
  }

  // The whole list, in order (first load, or a reload).
  render(devices) {
    const seen = new Set();
    const fragment = document.createDocumentFragment();
    for (const d of devices) {
      seen.add(d.serial);
      const tile = this.tiles.get(d.serial) || this.create(d);
      this.fill(tile, d);
      fragment.appendChild(tile.root);
    }
    for (const [serial, tile] of this.tiles) {
      if (!seen.has(serial)) {
        screens.unwatch(tile.fields.screen);
        tile.root.remove();
        this.tiles.delete(serial);
      }
    }
    this.container.appendChild(fragment);
  }

  // One phone changed; returns false if it has no tile yet.
  update(device) {
    const tile = this.tiles.get(device.serial);
    if (!tile) return false;
    this.fill(tile, device);
    return true;
  }

  add(device) {
    const tile = this.create(device);
    this.fill(tile, device);
    this.container.appendChild(tile.root);
  }

  filter(keep) {
    let shown = 0;
    for (const [serial, tile] of this.tiles) {
      const visible = keep(serial);
      setHidden(tile.root, !visible);
      if (visible) shown += 1;
    }
    return shown;
  }

  select(serials) {
    for (const [serial, tile] of this.tiles) {
      const on = serials.has(serial);
      tile.root.classList.toggle("selected", on);
      tile.fields.select.checked = on;
    }
  }
}
