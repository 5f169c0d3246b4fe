// New task: a form per API script (built from its config schema, see web/script_forms.py),
// phones, groups or accounts to run it on, and when. The API validates; its messages are shown
// next to the field they name, and nothing is created unless the whole request is valid.
import { api, fieldErrors, get, numberOrText } from "./api.js";
import { plural } from "./format.js";

const FAN_OUT = { follow: "target_users", unfollow: "target_users", comment: "target_post_urls" };
const TOP_LEVEL = { serials: "target", usernames: "target", enable_multi_account: "target", start_at: "when",
  start_time: "when", min_interval: "min_interval", max_interval: "max_interval", priority: "priority",
  max_retries: "max_retries", timeout_s: "timeout_s", script_name: "script", script_config: "config" };
const ANCHORS = { target: "targets", when: "when", script: "script-fieldset", form: "new-task-form", min_interval: "min-interval",
  max_interval: "max-interval", priority: "priority", max_retries: "max-retries", timeout_s: "timeout" };

function initialValue(field) {
  if (field.widget === "select") return JSON.stringify(field.default ?? null);
  if (field.widget === "checkbox") return !!field.default;
  if (field.widget === "lines") return (field.default || []).join("\n");
  if (field.default === null || field.default === undefined) return "";
  return String(field.default);
}

// What the form holds → what the API receives.
export function apiValue(field, raw) {
  switch (field.widget) {
    case "select":
      return JSON.parse(raw);
    case "checkbox":
      return !!raw;
    case "lines":
      return String(raw).split("\n").map((line) => line.trim()).filter(Boolean);
    case "number":
      return numberOrText(raw);
    default:
      return raw;
  }
}

export function newTaskPage({ pageData, toast }) {
  const scripts = pageData().scripts || [];

  return {
    scripts,
    script: scripts[0]?.name || "",
    values: Object.fromEntries(scripts.map((s) => [s.name, Object.fromEntries(s.fields.map((f) => [f.name, initialValue(f)]))])),
    advancedOpen: Object.fromEntries(scripts.map((s) => [s.name, false])),
    devices: [],
    accounts: [],
    mode: "phones",
    serials: {},
    groups: {},
    usernames: {},
    multiAccount: false,
    phoneFilter: "",
    accountFilter: "",
    when: "now",
    startAt: "",
    stagger: false,
    minInterval: "0",
    maxInterval: "5",
    priority: "0",
    maxRetries: "",
    timeoutS: "",
    errors: {},
    summary: [],
    submitting: false,

    init() {
      const params = new URLSearchParams(location.search);
      if (scripts.some((s) => s.name === params.get("script"))) this.script = params.get("script");
      for (const serial of (params.get("serials") || "").split(",").filter(Boolean)) this.serials[serial] = true;
      if (params.get("group")) {
        this.mode = "groups";
        this.groups[params.get("group")] = true;
      }
      get("/device").then((d) => (this.devices = d.items)).catch((err) => toast().error(`Cannot load phones: ${err.message}`));
      get("/account").then((d) => (this.accounts = d.items)).catch((err) => toast().error(`Cannot load accounts: ${err.message}`));
      this.$watch("script", () => this.clearErrors());
    },

    // ---- the config form ----
    fid(s, f) {
      return `cfg-${s.name}-${f.name}`;
    },
    typed(scriptName, name) {
      const field = this.scripts.find((s) => s.name === scriptName)?.fields.find((f) => f.name === name);
      return field ? apiValue(field, this.values[scriptName][name]) : undefined;
    },
    visible(scriptName, field) {
      return Object.entries(field.show_if || {}).every(([name, allowed]) => allowed.includes(this.typed(scriptName, name)));
    },
    fieldError(s, f) {
      return s.name === this.script ? this.errors[`cfg.${f.name}`] || "" : "";
    },
    invalid(s, f) {
      return this.fieldError(s, f) ? "true" : "false";
    },
    describedBy(s, f) {
      const id = this.fid(s, f);
      return `${id}-help ${id}-error`;
    },

    // ---- targets ----
    get groupList() {
      const counts = new Map();
      for (const d of this.devices) if (d.group) counts.set(d.group, (counts.get(d.group) || 0) + 1);
      return [...counts].sort().map(([name, count]) => ({ name, count }));
    },
    get shownPhones() {
      const needle = this.phoneFilter.trim().toLowerCase();
      if (!needle) return this.devices;
      return this.devices.filter((d) => [d.serial, d.model, d.group, ...(d.accounts || [])].join(" ").toLowerCase().includes(needle));
    },
    get shownAccounts() {
      const needle = this.accountFilter.trim().toLowerCase();
      if (!needle) return this.accounts;
      return this.accounts.filter((a) => [a.username, a.platform, a.serial].join(" ").toLowerCase().includes(needle));
    },
    phoneLine(d) {
      return [d.model, d.state !== "online" ? d.state : "", d.group ? `group ${d.group}` : "", d.accounts?.length ? plural(d.accounts.length, "account") : ""]
        .filter(Boolean)
        .join(" · ");
    },
    accountLine(a) {
      const where = a.serial ? `on ${a.serial}` : "not bound to a phone";
      return `${a.platform} · ${where}${a.enabled ? "" : " · disabled"}`;
    },
    togglePhone(serial) {
      if (this.serials[serial]) delete this.serials[serial];
      else this.serials[serial] = true;
    },
    toggleGroup(name) {
      if (this.groups[name]) delete this.groups[name];
      else this.groups[name] = true;
    },
    toggleAccount(username) {
      if (this.usernames[username]) delete this.usernames[username];
      else this.usernames[username] = true;
    },
    selectShownPhones(on) {
      for (const d of this.shownPhones) {
        if (on) this.serials[d.serial] = true;
        else delete this.serials[d.serial];
      }
    },
    chosenSerials() {
      if (this.mode === "groups") return this.devices.filter((d) => this.groups[d.group]).map((d) => d.serial);
      return Object.keys(this.serials);
    },
    chosenUsernames() {
      return Object.keys(this.usernames);
    },
    targetLine() {
      if (this.mode === "accounts") return `${plural(this.chosenUsernames().length, "account")} chosen`;
      return `${plural(this.chosenSerials().length, "phone")} chosen`;
    },
    estimateLine() {
      let units = this.mode === "accounts" ? this.chosenUsernames().length : this.chosenSerials().length;
      if (this.mode !== "accounts" && this.multiAccount) {
        const chosen = new Set(this.chosenSerials());
        units = this.accounts.filter((a) => a.enabled && chosen.has(a.serial)).length;
      }
      const fan = FAN_OUT[this.script];
      const per = fan ? Math.max(1, (this.typed(this.script, fan) || []).length) : 1;
      return units ? `Creates ${plural(units * per, "task")}.` : "";
    },

    // ---- sending ----
    body() {
      const form = this.scripts.find((s) => s.name === this.script);
      const config = {};
      for (const field of form.fields) {
        if (!this.visible(form.name, field)) continue;
        const value = apiValue(field, this.values[form.name][field.name]);
        if (field.widget === "select" && value === null) continue; // "Automatic"
        config[field.name] = value;
      }
      const body = { script_name: form.name, script_config: config };
      if (this.mode === "accounts") body.usernames = this.chosenUsernames();
      else {
        body.serials = this.chosenSerials();
        if (this.multiAccount) body.enable_multi_account = true;
      }
      if (this.when === "at") body.start_at = new Date(this.startAt).toISOString();
      if (this.stagger) {
        body.min_interval = apiValue({ widget: "number" }, this.minInterval);
        body.max_interval = apiValue({ widget: "number" }, this.maxInterval);
      }
      const priority = apiValue({ widget: "number" }, this.priority);
      if (priority !== null && priority !== 0) body.priority = priority;
      const retries = apiValue({ widget: "number" }, this.maxRetries);
      if (retries !== null) body.max_retries = retries;
      const timeout = apiValue({ widget: "number" }, this.timeoutS);
      if (timeout !== null) body.timeout_s = timeout;
      return body;
    },

    clearErrors() {
      this.errors = {};
      this.summary = [];
    },

    showErrors(message) {
      const errors = {};
      const summary = [];
      const form = this.scripts.find((s) => s.name === this.script);
      for (const { path, problem } of fieldErrors(message)) {
        let text = path ? `${path}: ${problem}` : problem;
        let key = "";
        let anchor = "new-task-form";
        const cfg = /^script_config\.([A-Za-z_]\w*)/.exec(path);
        const field = cfg && form.fields.find((f) => f.name === cfg[1] && this.visible(form.name, f));
        if (field) {
          key = `cfg.${field.name}`;
          text = `${field.label}: ${problem}`;
          anchor = this.fid(form, field);
          if (field.advanced) this.advancedOpen[form.name] = true;
        } else {
          key = TOP_LEVEL[path.split(/[.[]/)[0]] || "form";
          anchor = key === "config" ? `config-${form.name}` : ANCHORS[key];
        }
        errors[key] = errors[key] ? `${errors[key]}; ${problem}` : problem;
        summary.push({ key, anchor, text });
      }
      this.errors = errors;
      this.summary = summary;
      // x-show reveals on the next animation frame; a hidden element cannot take focus.
      this.$nextTick(() => requestAnimationFrame(() => document.getElementById("error-summary").focus()));
    },

    focusField(anchor) {
      const node = document.getElementById(anchor);
      if (!node) return;
      const target = node.matches("input, select, textarea") ? node : node.querySelector("input, select, textarea") || node;
      target.focus();
      target.scrollIntoView({ block: "center" });
    },

    async submit() {
      this.clearErrors();
      if (this.when === "at" && !this.startAt) {
        this.showErrors("start_at: choose a date and time (or start now)");
        return;
      }
      this.submitting = true;
      try {
        const data = await api("POST", "/task", this.body());
        const ids = data.task_ids;
        const highlight = ids.length <= 100 ? `?highlight=${ids.join(",")}` : "";
        toast().show(`Created ${plural(data.created_count, "task")}.`);
        location.href = `/tasks${highlight}`;
      } catch (err) {
        this.submitting = false;
        if ([40001, 40002, 40003, 40004, 40401].includes(err.code)) this.showErrors(err.message);
        else this.showErrors(`body: ${err.message}`);
      }
    },
  };
}
