// Task detail: config, step log, timing, failure screenshot, and stop / retry / delete.
import { api, get, picture } from "./api.js";
import { statusWord } from "./format.js";
import * as live from "./live.js";

const LOG_REFRESH_MS = 1000;

export function taskDetailPage({ pageData, confirmAction, toast }) {
  const id = pageData().task_id;
  let logTimer = null;

  return {
    task: null,
    log: [],
    screenshot: null,
    shotChecked: false,
    loading: true,
    missing: "",
    error: "",
    acting: false,

    init() {
      if (!id) {
        this.loading = false;
        this.missing = "There is no task with that id.";
        return;
      }
      this.load();
      live.on("task", (batch) => {
        const mine = batch.find((t) => t.id === id);
        if (mine) this.update(mine);
      });
      live.on("task_deleted", (batch) => {
        if (batch.some((t) => t.id === id)) {
          this.task = null;
          this.missing = `Task #${id} was deleted.`;
        }
      });
      live.on("resync", () => this.load());
    },

    async load() {
      try {
        this.update(await get(`/task/${id}`));
        this.error = "";
      } catch (err) {
        if (err.code === 40401) this.missing = `Task #${id} does not exist (it may have been deleted).`;
        else this.error = `Cannot load the task: ${err.message}`;
      } finally {
        this.loading = false;
      }
    },

    update(task) {
      const before = this.task;
      this.task = task;
      document.title = `Task #${task.id} · farmhand`;
      if (!before || before.step !== task.step || before.status !== task.status || before.retry_count !== task.retry_count) {
        this.logSoon();
      }
      if (task.status === 3 && (!before || before.status !== 3 || before.retry_count !== task.retry_count)) {
        this.loadScreenshot();
      }
      if (task.status !== 3 && this.screenshot) {
        URL.revokeObjectURL(this.screenshot);
        this.screenshot = null;
        this.shotChecked = false;
      }
    },

    logSoon() {
      if (logTimer) return;
      logTimer = setTimeout(async () => {
        logTimer = null;
        try {
          this.log = (await get(`/task/${id}/log`)).items;
        } catch (err) {
          if (err.code !== 40401) this.error = `Cannot load the step log: ${err.message}`;
        }
      }, this.log.length ? LOG_REFRESH_MS : 0);
    },

    async loadScreenshot() {
      try {
        const shot = await picture(`/task/${id}/screenshot`);
        if (this.screenshot) URL.revokeObjectURL(this.screenshot);
        this.screenshot = shot ? shot.url : null;
      } catch {
        this.screenshot = null;
      }
      this.shotChecked = true;
    },

    statusText() {
      return statusWord(this.task);
    },

    configEntries() {
      return Object.entries(this.task.script_config || {}).map(([key, value]) => [
        key,
        typeof value === "string" ? value || "“”" : JSON.stringify(value),
      ]);
    },

    outcomeClass(outcome) {
      const text = String(outcome).toLowerCase();
      if (["ok", "done", "success", "completed"].includes(text)) return "s-2";
      if (["failed", "error", "fail"].includes(text)) return "s-3";
      return "";
    },

    async act(call, done) {
      this.acting = true;
      try {
        this.update(await call());
        toast().show(done);
      } catch (err) {
        toast().error(err.message);
      } finally {
        this.acting = false;
      }
    },

    stop() {
      return this.act(() => api("POST", `/task/${id}/stop`), `Task #${id} stopped.`);
    },

    async retry() {
      if (this.task.outcome_unknown) {
        const ok = await confirmAction({
          title: "This task may have posted",
          text: "It failed after its point of no return. Retrying may post twice. Retry anyway?",
          action: "Retry anyway",
        });
        if (!ok) return;
      }
      return this.act(() => api("POST", `/task/${id}/retry`), `Task #${id} is pending again.`);
    },

    async remove() {
      const ok = await confirmAction({
        title: `Delete task #${id}?`,
        text: this.task.status === 1 ? "It is running: it is stopped first." : "Its log and screenshot go with it.",
        action: "Delete",
      });
      if (!ok) return;
      this.acting = true;
      try {
        await api("DELETE", `/task/${id}`);
        location.href = "/tasks";
      } catch (err) {
        toast().error(err.message);
        this.acting = false;
      }
    },
  };
}
