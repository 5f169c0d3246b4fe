// Starts the dashboard: shared stores (live status, notifications, confirmations, token),
// the x-screen directive, the page's own component, then Alpine.
import Alpine from "../vendor/alpinejs/alpine-3.17.5.esm.min.js";
import { saveToken } from "./api.js";
import { fmt } from "./format.js";
import * as live from "./live.js";
import { screenDirective } from "./screens.js";
import { overviewPage } from "./overview.js";
import { tasksPage } from "./tasks.js";
import { taskDetailPage } from "./task_detail.js";
import { newTaskPage } from "./new_task.js";
import { accountsPage } from "./accounts.js";
import { materialsPage } from "./materials.js";
import { settingsPage } from "./settings.js";

export function pageData() {
  const node = document.getElementById("page-data");
  return node ? JSON.parse(node.textContent) : {};
}

let toastId = 0;
Alpine.store("toasts", {
  items: [],
  show(text, kind = "info", ms = 6000) {
    const id = ++toastId;
    this.items.push({ id, text, kind });
    if (ms) setTimeout(() => this.dismiss(id), ms);
  },
  error(text) {
    this.show(text, "error", 12000);
  },
  dismiss(id) {
    this.items = this.items.filter((t) => t.id !== id);
  },
});

Alpine.store("live", {
  state: "connecting",
  get label() {
    return { on: "Live", off: "Reconnecting…", connecting: "Connecting…" }[this.state] || this.state;
  },
});
live.on("status", (state) => {
  Alpine.store("live").state = state;
});

// A promise-returning confirmation on the page's <dialog>: await confirmAction({...}) → true/false.
Alpine.store("confirm", { title: "", text: "", action: "OK" });
export function confirmAction({ title, text, action = "OK" }) {
  const dialog = document.getElementById("confirm-dialog");
  Object.assign(Alpine.store("confirm"), { title, text, action });
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

Alpine.data("tokenDialog", () => ({
  token: "",
  remember: false,
  init() {
    const dialog = this.$root;
    document.addEventListener("farmhand:need-token", () => dialog.open || dialog.showModal());
  },
  save() {
    if (!this.token.trim()) return;
    saveToken(this.token.trim(), this.remember);
    this.$root.close();
    location.reload();
  },
}));

Alpine.magic("fmt", () => fmt);
Alpine.directive("screen", screenDirective);

const ctx = { Alpine, pageData, confirmAction, toast: () => Alpine.store("toasts") };
Alpine.data("overviewPage", () => overviewPage(ctx));
Alpine.data("tasksPage", () => tasksPage(ctx));
Alpine.data("taskDetailPage", () => taskDetailPage(ctx));
Alpine.data("newTaskPage", () => newTaskPage(ctx));
Alpine.data("accountsPage", () => accountsPage(ctx));
Alpine.data("materialsPage", () => materialsPage(ctx));
Alpine.data("settingsPage", () => settingsPage(ctx));

window.Alpine = Alpine;
Alpine.start();
