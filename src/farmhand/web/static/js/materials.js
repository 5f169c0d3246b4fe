// Materials: upload (with progress), register a server path, tag, see which were used.
import { api, get, query, upload } from "./api.js";
import { plural } from "./format.js";

const PAGE_SIZE = 50;

function readBase64(file, onProgress) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    reader.onerror = () => reject(new Error(`cannot read ${file.name}`));
    reader.onload = () => {
      const text = String(reader.result);
      resolve(text.slice(text.indexOf(",") + 1));
    };
    reader.readAsDataURL(file);
  });
}

export function materialsPage({ confirmAction, toast }) {
  return {
    items: [],
    total: 0,
    page: 1,
    pageSize: PAGE_SIZE,
    filter: { tag: "", used: "", kind: "" },
    knownTags: [],
    loading: true,
    error: "",
    queue: [],
    files: [],
    uploadTags: "",
    uploading: false,
    path: "",
    pathTags: "",
    pathError: "",
    editing: null,
    editTags: "",

    init() {
      this.load();
    },

    hasFilter() {
      return !!(this.filter.tag || this.filter.used || this.filter.kind);
    },
    pages() {
      return Math.max(1, Math.ceil(this.total / PAGE_SIZE));
    },
    go(page) {
      this.page = Math.min(Math.max(1, page), this.pages());
      this.load();
    },

    async load() {
      this.loading = true;
      try {
        const data = await get(`/material${query({ ...this.filter, page: this.page, page_size: PAGE_SIZE })}`);
        this.items = data.items;
        this.total = data.total;
        const tags = new Set(this.knownTags);
        for (const m of data.items) for (const t of m.tags) tags.add(t);
        this.knownTags = [...tags].sort();
        this.error = "";
      } catch (err) {
        this.error = `Cannot load materials: ${err.message}`;
      } finally {
        this.loading = false;
      }
    },

    pick(event) {
      this.files = [...event.target.files];
      this.queue = this.files.map((f) => ({ name: f.name, size: f.size, progress: 0, status: "waiting", error: false }));
    },

    async uploadAll() {
      this.uploading = true;
      let done = 0;
      for (let i = 0; i < this.files.length; i++) {
        const file = this.files[i];
        const item = this.queue[i];
        if (item.status === "uploaded") continue;
        item.error = false;
        try {
          item.status = "reading…";
          // Reading counts for the first tenth of the bar, sending for the rest.
          const content = await readBase64(file, (share) => (item.progress = Math.round(share * 10)));
          item.status = "uploading…";
          await upload("/material", { filename: file.name, content_base64: content, tags: this.uploadTags }, (sent, total) => {
            item.progress = 10 + Math.round((sent / total) * 89);
          });
          item.progress = 100;
          item.status = "uploaded";
          done += 1;
        } catch (err) {
          item.error = true;
          // The API names its temporary copy ("filename: upload/.upload-x.mp4: ..."); the row
          // already names the file.
          item.status = err.message.replace(/^filename: (upload\/[^:]*: )?/, "");
        }
      }
      this.uploading = false;
      const failed = this.queue.filter((q) => q.error).length;
      if (done) toast().show(`Uploaded ${plural(done, "file")}.`);
      if (failed) toast().error(`${plural(failed, "file")} not uploaded: see the list.`);
      this.go(1);
    },

    async register() {
      this.pathError = "";
      try {
        const m = await api("POST", "/material", { path: this.path.trim(), tags: this.pathTags });
        toast().show(`${m.name} added.`);
        this.path = "";
        this.go(1);
      } catch (err) {
        this.pathError = err.message.replace(/^path: /, "");
      }
    },

    startEdit(m) {
      this.editing = m.id;
      this.editTags = m.tags.join(", ");
    },

    async saveTags(m) {
      try {
        const updated = await api("PATCH", `/material/${m.id}`, { tags: this.editTags });
        Object.assign(m, updated);
        this.editing = null;
        for (const t of updated.tags) if (!this.knownTags.includes(t)) this.knownTags.push(t);
      } catch (err) {
        toast().error(`Tags not saved: ${err.message}`);
      }
    },

    async remove(m) {
      const ok = await confirmAction({
        title: `Remove ${m.name}?`,
        text: "It leaves the library (the file stays on disk); posts no longer pick it.",
        action: "Remove",
      });
      if (!ok) return;
      try {
        await api("DELETE", `/material/${m.id}`);
        toast().show(`${m.name} removed.`);
        this.load();
      } catch (err) {
        toast().error(err.message);
      }
    },
  };
}
