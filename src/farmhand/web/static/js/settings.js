// Settings: plan, time scale, auto-retry, retry limit, offline timeout. Only what changed is
// sent; the API's messages are shown next to their field.
import { api, fieldErrors, get, numberOrText } from "./api.js";

const NUMBERS = ["max_concurrent_devices", "time_scale", "max_retries", "offline_timeout_s"];

function toForm(settings) {
  const form = { ...settings };
  for (const key of NUMBERS) form[key] = settings[key] === null ? "" : String(settings[key]);
  return form;
}

function fromForm(form) {
  const out = { ...form };
  for (const key of NUMBERS) out[key] = numberOrText(form[key]);
  return out;
}

export function settingsPage({ pageData, toast }) {
  return {
    plans: pageData().plans || [],
    saved: null,
    form: {},
    license: null,
    errors: {},
    loading: true,
    saving: false,
    error: "",

    async init() {
      try {
        const [settings, license] = await Promise.all([get("/settings"), get("/license/check")]);
        this.saved = settings;
        this.form = toForm(settings);
        this.license = license;
      } catch (err) {
        this.error = `Cannot load the settings: ${err.message}`;
      } finally {
        this.loading = false;
      }
    },

    planLabel(p) {
      const limit = p.device_limit === null ? "no limit" : `${p.device_limit} phones at once`;
      return `${p.display_name}: ${limit}, ${p.api_enabled ? "API on" : "no API"}`;
    },

    changes() {
      if (!this.saved) return {};
      const now = fromForm(this.form);
      const out = {};
      for (const [key, value] of Object.entries(now)) if (value !== this.saved[key]) out[key] = value;
      return out;
    },

    changed() {
      return Object.keys(this.changes()).length > 0;
    },

    reset() {
      this.form = toForm(this.saved);
      this.errors = {};
    },

    async save() {
      this.errors = {};
      this.saving = true;
      try {
        this.saved = await api("PATCH", "/settings", this.changes());
        this.form = toForm(this.saved);
        this.license = await get("/license/check");
        toast().show("Settings saved.");
      } catch (err) {
        const errors = {};
        for (const { path, problem } of fieldErrors(err.message)) {
          const key = path in this.form ? path : "form";
          errors[key] = key === "form" ? err.message : problem;
        }
        this.errors = errors;
      } finally {
        this.saving = false;
      }
    },
  };
}
