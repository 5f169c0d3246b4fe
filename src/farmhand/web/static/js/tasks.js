// Tasks: the API's filters and pagination (never every task at once), select many → stop,
// retry or delete, retry all; rows change in place as the farm works.
import { api, eachLimited, get, query } from "./api.js";
import { plural, statusWord } from "./format.js";
import * as live from "./live.js";

const FILTERS = ["status", "script_name", "serial", "username", "source"];
const REFRESH_MS = 1500;

export function tasksPage({ confirmAction, toast }) {
  let byId = new Map();
  let refreshTimer = null;
  let loadSeq = 0;

  return {
    rows: [],
    total: 0,
    page: 1,
    pageSize: 20,
    filter: { status: "", script_name: "", serial: "", username: "", source: "" },
    scripts: [],
    serials: [],
    selected: {},
    highlighted: {},
    created: "",
    loading: true,
    error: "",
    busy: null,

    init() {
      const params = new URLSearchParams(location.search);
      for (const key of FILTERS) this.filter[key] = params.get(key) || "";
      this.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
      this.pageSize = [20, 50, 100].includes(Number(params.get("page_size"))) ? Number(params.get("page_size")) : 20;
      const highlight = (params.get("highlight") || "").split(",").filter(Boolean);
      for (const id of highlight) this.highlighted[id] = true;
      if (highlight.length) this.created = `Created ${plural(highlight.length, "task")}.`;
      this.load();
      get("/script").then((d) => (this.scripts = d.items.map((s) => s.name))).catch(() => {});
      get("/device").then((d) => (this.serials = d.items.map((s) => s.serial))).catch(() => {});
      live.on("task", (batch) => this.applyTasks(batch));
      live.on("task_deleted", (batch) => {
        if (batch.some((t) => byId.has(t.id))) this.refreshSoon();
      });
      live.on("resync", () => this.load());
    },

    params() {
      return { ...this.filter, page: this.page, page_size: this.pageSize };
    },

    async load() {
      const seq = ++loadSeq;
      this.loading = true;
      try {
        const data = await get(`/task${query(this.params())}`);
        if (seq !== loadSeq) return; // a newer load is under way
        this.total = data.total;
        if (this.page > 1 && data.items.length === 0 && data.total > 0) {
          this.go(this.pages());
          return;
        }
        this.rows = data.items;
        byId = new Map(this.rows.map((row) => [row.id, row]));
        this.error = "";
      } catch (err) {
        if (seq === loadSeq) this.error = `Cannot load tasks: ${err.message}`;
      } finally {
        if (seq === loadSeq) this.loading = false;
      }
    },

    refreshSoon() {
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        this.load();
      }, REFRESH_MS);
    },

    matches(task) {
      const f = this.filter;
      if (f.status !== "" && String(task.status) !== f.status) return false;
      if (f.script_name && task.script_name !== f.script_name) return false;
      if (f.serial && task.serial !== f.serial) return false;
      if (f.username && task.username !== f.username) return false;
      if (f.source && task.source !== f.source) return false;
      return true;
    },

    applyTasks(batch) {
      let unseen = false;
      for (const task of batch) {
        const row = byId.get(task.id);
        if (row) Object.assign(row, task);
        else if (this.matches(task)) unseen = true;
      }
      // New tasks land at the top of page 1 (newest first); other pages keep still.
      if (unseen && this.page === 1) this.refreshSoon();
    },

    // ---- filters and pages ----
    keepUrl() {
      const params = new URLSearchParams();
      for (const key of FILTERS) if (this.filter[key]) params.set(key, this.filter[key]);
      if (this.page > 1) params.set("page", this.page);
      if (this.pageSize !== 20) params.set("page_size", this.pageSize);
      const text = params.toString();
      history.replaceState(null, "", text ? `?${text}` : location.pathname);
    },
    applyFilters() {
      this.page = 1;
      this.keepUrl();
      this.load();
    },
    hasFilter() {
      return FILTERS.some((key) => this.filter[key]);
    },
    clearFilters() {
      for (const key of FILTERS) this.filter[key] = "";
      this.applyFilters();
    },
    pages() {
      return Math.max(1, Math.ceil(this.total / this.pageSize));
    },
    go(page) {
      this.page = Math.min(Math.max(1, page), this.pages());
      this.keepUrl();
      this.load();
    },
    pageLine() {
      if (!this.total) return "No tasks";
      const first = (this.page - 1) * this.pageSize + 1;
      const last = Math.min(this.total, this.page * this.pageSize);
      return `${first.toLocaleString()}–${last.toLocaleString()} of ${plural(this.total, "task")} · page ${this.page} of ${this.pages().toLocaleString()}`;
    },

    // ---- rows ----
    statusText(t) {
      if (t.status === 3 && t.error_code) return `failed · ${t.error_code.toLowerCase().replace(/_/g, " ")}`;
      return statusWord(t);
    },
    remark(t) {
      if (t.status === 3 && t.auto_retry_at) return `${t.remark || ""} (retries by itself soon)`.trim();
      return t.remark || "";
    },

    // ---- selection ----
    toggle(id) {
      if (this.selected[id]) delete this.selected[id];
      else this.selected[id] = true;
    },
    selectedIds() {
      return Object.keys(this.selected).map(Number);
    },
    pageSelected() {
      return this.rows.length > 0 && this.rows.every((t) => this.selected[t.id]);
    },
    pagePartlySelected() {
      return !this.pageSelected() && this.rows.some((t) => this.selected[t.id]);
    },
    togglePage() {
      const all = this.pageSelected();
      for (const t of this.rows) {
        if (all) delete this.selected[t.id];
        else this.selected[t.id] = true;
      }
    },
    selectionLine() {
      const n = this.selectedIds().length;
      return n ? `${plural(n, "task")} selected` : "Select tasks to stop, retry or delete them.";
    },

    // ---- actions ----
    async each(label, ids, call) {
      this.busy = { label, done: 0, total: ids.length };
      const results = await eachLimited(ids, 4, call, (done) => (this.busy.done = done));
      this.busy = null;
      for (const r of results) if (r.ok && r.value && byId.has(r.value.id)) Object.assign(byId.get(r.value.id), r.value);
      return results;
    },

    report(verb, results) {
      const ok = results.filter((r) => r.ok).length;
      const failed = results.filter((r) => !r.ok);
      if (failed.length === 0) {
        toast().show(`${verb} ${plural(ok, "task")}.`);
      } else {
        const first = failed[0];
        toast().error(`${verb} ${plural(ok, "task")}; ${failed.length} not: #${first.item}: ${first.error.message}`);
      }
    },

    async stopSelected() {
      const ids = this.selectedIds();
      const results = await this.each("Stopping", ids, (id) => api("POST", `/task/${id}/stop`));
      this.report("Stopped", results);
      this.selected = {};
    },

    async retrySelected() {
      const ids = this.selectedIds();
      const unsure = ids.filter((id) => byId.get(id)?.outcome_unknown);
      if (unsure.length) {
        const ok = await confirmAction({
          title: `${plural(unsure.length, "task")} may have posted`,
          text: "They failed after their point of no return (for example after tapping Post). Check the accounts first: retrying may post twice.",
          action: "Retry anyway",
        });
        if (!ok) return;
      }
      const results = await this.each("Retrying", ids, (id) => api("POST", `/task/${id}/retry`));
      this.report("Retried", results);
      this.selected = {};
    },

    async deleteSelected() {
      const ids = this.selectedIds();
      const ok = await confirmAction({
        title: `Delete ${plural(ids.length, "task")}?`,
        text: "Running ones are stopped first. Their logs and screenshots go with them.",
        action: "Delete",
      });
      if (!ok) return;
      this.busy = { label: "Deleting", done: 0, total: 1 };
      try {
        const data = await api("DELETE", "/task/batch", { task_ids: ids });
        let text = `Deleted ${plural(data.deleted_count, "task")}.`;
        if (data.still_running_ids?.length) text += ` ${data.still_running_ids.length} still running: try again.`;
        toast().show(text);
        this.selected = {};
      } catch (err) {
        toast().error(`Not deleted: ${err.message}`);
      } finally {
        this.busy = null;
        this.load();
      }
    },

    async retryAll() {
      const ok = await confirmAction({
        title: "Retry every failed task?",
        text: "Tasks at their retry limit are skipped. Tasks that may have posted are retried too: check them first.",
        action: "Retry all",
      });
      if (!ok) return;
      try {
        const data = await api("POST", "/task/retry-all");
        const skipped = data.skipped_count ? `; ${plural(data.skipped_count, "task")} at the retry limit skipped` : "";
        toast().show(`Retried ${plural(data.retried_count, "task")}${skipped}.`);
      } catch (err) {
        toast().error(`Retry all failed: ${err.message}`);
      }
      this.load();
    },
  };
}
