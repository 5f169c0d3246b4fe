// Farm overview: a tile per phone with its live screen, state and running task; task counts;
// the plan; groups as a filter, editable one phone or many at a time. The tiles are drawn by
// TileGrid (plain DOM, so 500 phones stay quick); Alpine keeps the rest of the page.
import { api, eachLimited, get } from "./api.js";
import { plural } from "./format.js";
import * as live from "./live.js";
import { screens } from "./screens.js";
import { TileGrid } from "./tiles.js";

const STATS_EVERY_MS = 15000;
const DEVICES_EVERY_MS = 60000;
// Kept from the device list: device events do not carry them.
const LIST_ONLY = ["pending_tasks", "accounts"];

export function overviewPage({ toast }) {
  // Plain objects, out of Alpine's reach: the grid draws them, the page shows summaries.
  const bySerial = new Map();
  const selected = new Set();
  let grid = null;
  let statsTimer = null;

  return {
    stats: { total: 0, pending: 0, running: 0, completed: 0, failed: 0 },
    license: null,
    loading: true,
    error: "",
    filter: { group: "", state: "", q: "" },
    counts: { total: 0, online: 0, busy: 0 },
    groups: [],
    shownCount: 0,
    selectedCount: 0,
    busy: null,
    groupEdit: { serials: [], name: "", error: "", saving: false },

    init() {
      const params = new URLSearchParams(location.search);
      for (const key of ["group", "state", "q"]) this.filter[key] = params.get(key) || "";
      grid = new TileGrid(document.getElementById("tiles"), document.getElementById("tile-template"), {
        toggle: (serial) => this.toggle(serial),
        editGroup: (serial) => this.openGroupDialog(serial),
      });
      for (const key of ["group", "state", "q"]) {
        this.$watch(`filter.${key}`, () => {
          this.applyFilter();
          this.keepFilter();
        });
      }
      this.loadDevices();
      this.loadStats();
      live.on("device", (batch) => this.applyDevices(batch));
      live.on("task", (batch) => this.applyTasks(batch));
      live.on("task_deleted", () => this.statsSoon());
      live.on("resync", () => {
        this.loadDevices();
        this.loadStats();
      });
      setInterval(() => this.loadStats(), STATS_EVERY_MS);
      setInterval(() => this.loadDevices(), DEVICES_EVERY_MS);
    },

    async loadDevices() {
      try {
        const data = await get("/device");
        bySerial.clear();
        for (const item of data.items) bySerial.set(item.serial, item);
        grid.render(data.items);
        this.summarize();
        this.error = "";
      } catch (err) {
        this.error = `Cannot load the phones: ${err.message}`;
      } finally {
        this.loading = false;
      }
    },

    async loadStats() {
      try {
        const [stats, license] = await Promise.all([get("/task/stats"), get("/license/check")]);
        this.stats = stats;
        this.license = license;
      } catch (err) {
        this.error = `Cannot load the task counts: ${err.message}`;
      }
    },

    statsSoon() {
      if (statsTimer) return;
      statsTimer = setTimeout(() => {
        statsTimer = null;
        this.loadStats();
      }, 1500);
    },

    applyDevices(batch) {
      for (const item of batch) {
        const known = bySerial.get(item.serial);
        if (!known) {
          bySerial.set(item.serial, item);
          grid.add(item);
          continue;
        }
        const stateChanged = known.state !== item.state;
        for (const [key, value] of Object.entries(item)) if (!LIST_ONLY.includes(key)) known[key] = value;
        grid.update(known);
        if (stateChanged) screens.poke(item.serial);
      }
      this.summarize();
    },

    applyTasks(batch) {
      let changed = false;
      for (const task of batch) {
        const device = bySerial.get(task.serial);
        if (!device) continue;
        if (task.status === 1) {
          Object.assign(device, {
            busy: true,
            task_id: task.id,
            task_script: task.script_name,
            task_step: task.step,
            task_progress: task.progress,
          });
        } else if (device.task_id === task.id) {
          Object.assign(device, { busy: false, task_id: null, task_script: null, task_step: null, task_progress: null });
        } else {
          continue;
        }
        grid.update(device);
        changed = true;
      }
      if (changed) this.summarize();
      this.statsSoon();
    },

    // Counts, groups and the filter, recomputed from the plain list after each batch.
    summarize() {
      let online = 0;
      let busy = 0;
      const groups = new Set();
      for (const d of bySerial.values()) {
        if (d.state === "online") online += 1;
        if (d.busy) busy += 1;
        if (d.group) groups.add(d.group);
      }
      const counts = { total: bySerial.size, online, busy };
      if (JSON.stringify(counts) !== JSON.stringify(this.counts)) this.counts = counts;
      const sorted = [...groups].sort();
      if (sorted.join("\n") !== this.groups.join("\n")) this.groups = sorted;
      this.applyFilter();
    },

    // The filter as a test of one phone; the search text is prepared once per pass over the farm.
    matcher() {
      const { group, state, q } = this.filter;
      const needle = q.trim().toLowerCase();
      return (d) => {
        if (group === "__none__" ? d.group : group && d.group !== group) return false;
        if (state === "busy" && !d.busy) return false;
        if (state === "idle" && (d.busy || d.state !== "online")) return false;
        if (state && !["busy", "idle"].includes(state) && d.state !== state) return false;
        if (needle) {
          const text = [d.serial, d.model, d.group, ...(d.accounts || [])].join(" ").toLowerCase();
          if (!text.includes(needle)) return false;
        }
        return true;
      };
    },

    applyFilter() {
      if (!grid) return;
      const matches = this.matcher();
      const shown = grid.filter((serial) => matches(bySerial.get(serial)));
      if (shown !== this.shownCount) this.shownCount = shown;
    },

    keepFilter() {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(this.filter)) if (value) params.set(key, value);
      const text = params.toString();
      history.replaceState(null, "", text ? `?${text}` : location.pathname);
    },

    planLine() {
      const l = this.license;
      if (!l) return "";
      const limit = l.device_limit === null ? "no limit on phones running at once" : `up to ${l.device_limit} phones at once`;
      return `${l.plan_name} plan: ${limit}${l.api_enabled ? "" : " · API off (the dashboard still works)"}`;
    },

    busyLine() {
      const limit = this.license?.device_limit;
      return limit ? `${this.counts.busy} / ${limit}` : String(this.counts.busy);
    },

    // ---- selection ----
    toggle(serial) {
      if (selected.has(serial)) selected.delete(serial);
      else selected.add(serial);
      this.selectionChanged();
    },
    selectionChanged() {
      for (const serial of selected) if (!bySerial.has(serial)) selected.delete(serial);
      grid.select(selected);
      this.selectedCount = selected.size;
    },
    selectedSerials() {
      return [...selected];
    },
    selectShown() {
      if (selected.size) selected.clear();
      else {
        const matches = this.matcher();
        for (const d of bySerial.values()) if (matches(d)) selected.add(d.serial);
      }
      this.selectionChanged();
    },
    selectionLine() {
      const n = this.selectedCount;
      return n ? `${plural(n, "phone")} selected` : `${plural(this.shownCount, "phone")} shown`;
    },

    // ---- groups ----
    openGroupDialog(serial) {
      const serials = serial ? [serial] : this.selectedSerials();
      if (!serials.length) return;
      const first = bySerial.get(serials[0]);
      this.groupEdit = { serials, name: serials.length === 1 ? first?.group || "" : "", error: "", saving: false };
      const dialog = document.getElementById("group-dialog");
      dialog.showModal();
      dialog.querySelector("input").focus();
    },
    groupDialogClosed() {
      this.groupEdit.error = "";
    },
    async saveGroup() {
      const { serials } = this.groupEdit;
      const group = this.groupEdit.name.trim() || null;
      this.groupEdit.saving = true;
      this.busy = { label: "Saving groups", done: 0, total: serials.length };
      const results = await eachLimited(
        serials,
        6,
        async (serial) => {
          const updated = await api("PATCH", `/device/${encodeURIComponent(serial)}`, { group });
          const known = bySerial.get(serial);
          if (known) {
            known.group = updated.group;
            grid.update(known);
          }
        },
        (done) => {
          this.busy.done = done;
        },
      );
      this.busy = null;
      this.groupEdit.saving = false;
      this.summarize();
      const failed = results.filter((r) => !r.ok);
      if (failed.length) {
        this.groupEdit.error = `${failed.length} not saved: ${failed[0].error.message}`;
        return;
      }
      document.getElementById("group-dialog").close();
      const who = plural(serials.length, "phone");
      toast().show(group ? `${who} now in group “${group}”` : `${who} out of their group`);
    },
  };
}
