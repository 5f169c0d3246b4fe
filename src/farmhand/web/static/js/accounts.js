// Accounts: list, add, bind to a phone, enable or disable, delete, import CSV.
import { api, fieldErrors, get } from "./api.js";
import { plural } from "./format.js";

const PAGE_SIZE = 50;

export function accountsPage({ confirmAction, toast }) {
  return {
    accounts: [],
    devices: [],
    loading: true,
    error: "",
    filter: { q: "", platform: "", enabled: "" },
    page: 1,
    pageSize: PAGE_SIZE,
    form: { username: "", platform: "tiktok", serial: "", package: "" },
    addErrors: {},
    adding: false,
    csv: "",
    report: null,
    importing: false,
    importError: "",
    plural,

    init() {
      this.load();
      get("/device").then((d) => (this.devices = d.items)).catch(() => {});
    },

    async load() {
      try {
        this.accounts = (await get("/account")).items;
        this.error = "";
      } catch (err) {
        this.error = `Cannot load accounts: ${err.message}`;
      } finally {
        this.loading = false;
      }
    },

    get filtered() {
      const needle = this.filter.q.trim().toLowerCase().replace(/^@/, "");
      return this.accounts.filter(
        (a) =>
          (!needle || a.username.toLowerCase().includes(needle) || (a.serial || "").toLowerCase().includes(needle)) &&
          (!this.filter.platform || a.platform === this.filter.platform) &&
          (this.filter.enabled === "" || String(a.enabled) === this.filter.enabled),
      );
    },
    get pageRows() {
      const start = (this.page - 1) * PAGE_SIZE;
      return this.filtered.slice(start, start + PAGE_SIZE);
    },
    pages() {
      return Math.max(1, Math.ceil(this.filtered.length / PAGE_SIZE));
    },

    replace(updated) {
      const index = this.accounts.findIndex((a) => a.username === updated.username);
      if (index >= 0) this.accounts[index] = updated;
      else this.accounts.unshift(updated);
    },

    async add() {
      this.addErrors = {};
      this.adding = true;
      const body = { username: this.form.username, platform: this.form.platform };
      if (this.form.serial) body.serial = this.form.serial;
      if (this.form.package.trim()) body.package = this.form.package.trim();
      try {
        const account = await api("POST", "/account", body);
        this.replace(account);
        toast().show(`@${account.username} saved.`);
        this.form = { username: "", platform: this.form.platform, serial: this.form.serial, package: "" };
      } catch (err) {
        const errors = {};
        for (const { path, problem } of fieldErrors(err.message)) {
          const key = ["username", "platform", "serial", "package"].includes(path) ? path : "form";
          errors[key] = key === "form" ? err.message : problem;
        }
        this.addErrors = errors;
      } finally {
        this.adding = false;
      }
    },

    async patch(account, change, done) {
      try {
        this.replace(await api("PATCH", `/account/${encodeURIComponent(account.username)}`, change));
        toast().show(done);
      } catch (err) {
        toast().error(`@${account.username}: ${err.message}`);
        await this.load();
      }
    },

    bind(account, serial) {
      return this.patch(account, { serial: serial || null }, serial ? `@${account.username} bound to ${serial}.` : `@${account.username} unbound.`);
    },

    setEnabled(account, enabled) {
      return this.patch(account, { enabled }, `@${account.username} ${enabled ? "enabled" : "disabled"}.`);
    },

    async remove(account) {
      const ok = await confirmAction({
        title: `Delete @${account.username}?`,
        text: "New tasks can no longer use it.",
        action: "Delete",
      });
      if (!ok) return;
      try {
        await api("DELETE", `/account/${encodeURIComponent(account.username)}`);
        this.accounts = this.accounts.filter((a) => a.username !== account.username);
        toast().show(`@${account.username} deleted.`);
      } catch (err) {
        toast().error(err.message);
      }
    },

    readFile(event) {
      const file = event.target.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => (this.csv = String(reader.result));
      reader.onerror = () => (this.importError = `Cannot read ${file.name}`);
      reader.readAsText(file);
    },

    async importCsv() {
      this.importError = "";
      this.report = null;
      this.importing = true;
      try {
        this.report = await api("POST", "/account/import", { csv: this.csv });
        await this.load();
      } catch (err) {
        this.importError = err.message;
      } finally {
        this.importing = false;
      }
    },

    reportLine() {
      const r = this.report;
      if (!r) return "";
      return `Imported ${plural(r.imported, "account")} (${r.created} new, ${r.updated} updated).`;
    },
  };
}
