// Farm overview: a tile per phone with its live screen, state and running task; task counts;
// the plan; groups as a filter, editable one phone or many at a time.
import { api, eachLimited, get } from "./api.js";
import { plural } from "./format.js";
import * as live from "./live.js";
import { screens } from "./screens.js";

const STATS_EVERY_MS = 15000;
const DEVICES_EVERY_MS = 60000;
// Kept from the device list: device events do not carry them.
const LIST_ONLY = ["pending_tasks", "accounts"];

export function overviewPage({ toast }) {
  let bySerial = new Map();
  let statsTimer = null;

  return {
    devices: [],
    stats: { total: 0, pending: 0, running: 0, completed: 0, failed: 0 },
    license: null,
    loading: true,
    error: "",
    filter: { group: "", state: "", q: "" },
    selected: {},
    screenSeen: {},
    busy: null,
    groupEdit: { serials: [], name: "", error: "", saving: false },

    init() {
      const params = new URLSearchParams(location.search);
      for (const key of ["group", "state", "q"]) this.filter[key] = params.get(key) || "";
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
        const next = new Map();
        const list = data.items.map((item) => {
          const known = bySerial.get(item.serial);
          if (known) {
            Object.assign(known, item);
            next.set(item.serial, known);
            return known;
          }
          next.set(item.serial, item);
          return item;
        });
        this.devices = list;
        // Alpine wraps the objects it holds; index those wrappers so updates reach the page.
        bySerial = new Map(this.devices.map((d) => [d.serial, d]));
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
          this.devices.push(item);
          bySerial.set(item.serial, this.devices[this.devices.length - 1]);
          continue;
        }
        const stateChanged = known.state !== item.state;
        for (const [key, value] of Object.entries(item)) {
          if (!LIST_ONLY.includes(key) && known[key] !== value) known[key] = value;
        }
        if (stateChanged) screens.poke(item.serial);
      }
    },

    applyTasks(batch) {
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
        }
      }
      this.statsSoon();
    },

    // ---- what the page shows ----
    get groups() {
      return [...new Set(this.devices.map((d) => d.group).filter(Boolean))].sort();
    },

    get counts() {
      let online = 0;
      let busy = 0;
      for (const d of this.devices) {
        if (d.state === "online") online += 1;
        if (d.busy) busy += 1;
      }
      return { online, busy };
    },

    get shown() {
      const { group, state, q } = this.filter;
      const needle = q.trim().toLowerCase();
      return this.devices.filter((d) => {
        if (group === "__none__" ? d.group : group && d.group !== group) return false;
        if (state === "busy" && !d.busy) return false;
        if (state === "idle" && (d.busy || d.state !== "online")) return false;
        if (state && !["busy", "idle"].includes(state) && d.state !== state) return false;
        if (needle) {
          const text = [d.serial, d.model, d.group, ...(d.accounts || [])].join(" ").toLowerCase();
          if (!text.includes(needle)) return false;
        }
        return true;
      });
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

    stateLabel(d) {
      return { offline: "Offline", unauthorized: "Unauthorized", absent: "Absent" }[d.state] || d.state;
    },

    specLine(d) {
      return [d.model, d.android_version && `Android ${d.android_version}`, d.kind === "virtual" ? "virtual" : ""]
        .filter(Boolean)
        .join(" · ") || "—";
    },

    keepFilter() {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(this.filter)) if (value) params.set(key, value);
      const text = params.toString();
      history.replaceState(null, "", text ? `?${text}` : location.pathname);
    },

    // ---- selection ----
    isSelected(serial) {
      return !!this.selected[serial];
    },
    toggle(serial) {
      if (this.selected[serial]) delete this.selected[serial];
      else this.selected[serial] = true;
    },
    selectedSerials() {
      return Object.keys(this.selected).filter((s) => bySerial.has(s));
    },
    selectedCount() {
      return this.selectedSerials().length;
    },
    allShownSelected() {
      return this.shown.length > 0 && this.shown.every((d) => this.selected[d.serial]);
    },
    selectShown() {
      if (this.allShownSelected()) this.selected = {};
      else for (const d of this.shown) this.selected[d.serial] = true;
    },
    selectionLine() {
      const n = this.selectedCount();
      return n ? `${plural(n, "phone")} selected` : `${plural(this.shown.length, "phone")} shown`;
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
          if (known) known.group = updated.group;
        },
        (done) => {
          this.busy.done = done;
        },
      );
      this.busy = null;
      this.groupEdit.saving = false;
      const failed = results.filter((r) => !r.ok);
      if (failed.length) {
        this.groupEdit.error = `${failed.length} not saved: ${failed[0].error.message}`;
        return;
      }
      document.getElementById("group-dialog").close();
      toast().show(group ? `${plural(serials.length, "phone")} now in group “${group}”` : `${plural(serials.length, "phone")} out of their group`);
    },
  };
}
