// reportgen serve: the page's behaviour. Plain JS, no build step, no network
// beyond this server. Text from workbooks is always set as textContent.
"use strict";

const CSRF = document.querySelector('meta[name="reportgen-csrf"]').content;
const uploads = new Map();       // id -> upload (as the server returned it)
let uploading = 0;
let last = null;                 // last year's workbook {id, name, unit, year}, or null

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function notice(text) {
  const n = document.getElementById("notice");
  n.textContent = text || "";
  n.hidden = !text;
}

async function post(url, body, headers) {
  const resp = await fetch(url, {
    method: "POST", body, credentials: "same-origin",
    headers: Object.assign({"X-Reportgen-CSRF": CSRF}, headers || {}),
  });
  return resp;
}

async function errorText(resp) {
  try { return (await resp.json()).error || `请求失败（${resp.status}）`; }
  catch (e) { return `请求失败（${resp.status}）`; }
}

// ---- 一、空白工作簿 ---------------------------------------------------------------

document.getElementById("blank-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  notice("");
  const year = document.getElementById("blank-year").value;
  const unit = document.getElementById("blank-unit").value;
  const resp = await post("/api/blank", JSON.stringify({year, unit}),
                          {"Content-Type": "application/json"});
  if (!resp.ok) { notice(await errorText(resp)); return; }
  const blob = await resp.blob();
  const name = (unit || "输入工作簿") + (year ? "-" + year : "") + ".xlsx";
  const a = el("a", {href: URL.createObjectURL(blob), download: name});
  document.body.append(a); a.click(); a.remove();
});

// ---- 二、上传并检查 ----------------------------------------------------------------

const STATUS = {
  ok: ["通过", "ok"], warnings: ["有警告", "warn"], errors: ["有错误", "bad"],
  unusable: ["无法使用", "bad"], checking: ["检查中…", "busy"], failed: ["上传失败", "bad"],
};

function isWorkbook(file, path) {
  const parts = (path || file.name).split("/");
  if (parts.some((p) => p.startsWith("."))) return false;
  const name = parts[parts.length - 1];
  return name.toLowerCase().endsWith(".xlsx") && !name.startsWith("~$");
}

async function uploadFiles(files) {
  notice("");
  const list = files.filter((f) => isWorkbook(f.file, f.path));
  if (!list.length) { notice("没有找到 .xlsx 工作簿。"); return; }
  // two at a time: the server checks a bounded number at once anyway
  let next = 0;
  async function worker() {
    while (next < list.length) await uploadOne(list[next++].file);
  }
  await Promise.all([worker(), worker()]);
}

async function uploadOne(file) {
  const tmpId = "pending-" + Math.random().toString(36).slice(2);
  const card = renderUpload({id: tmpId, name: file.name, result: {status: "checking"}});
  if (file.size > Number(document.body.dataset.maxBytes)) {   // the server refuses it too
    card.replaceWith(renderUpload({id: tmpId, name: file.name, result: {status: "failed", sheets: [],
      message: `超过 ${document.body.dataset.maxMb} MB，不像是决算输入工作簿，未上传。`}}, true));
    return;
  }
  uploading++; updateButtons();
  try {
    const resp = await post("/api/upload", file, {
      "Content-Type": "application/octet-stream",
      "X-File-Name": encodeURIComponent(file.name),
    });
    if (!resp.ok) {
      const msg = await errorText(resp);
      card.replaceWith(renderUpload({id: tmpId, name: file.name,
                                     result: {status: "failed", message: msg, sheets: []}}, true));
      return;
    }
    const up = await resp.json();
    uploads.set(up.id, up);
    card.replaceWith(renderUpload(up, true));
  } catch (e) {
    card.replaceWith(renderUpload({id: tmpId, name: file.name,
                                   result: {status: "failed", message: "上传中断，请重试。", sheets: []}}, true));
  } finally {
    uploading--; updateButtons();
  }
}

function summaryText(r) {
  if (r.status === "checking") return "";
  if (r.status === "unusable" || r.status === "failed") return r.message;
  const parts = [];
  if (r.unit) parts.push(r.unit + (r.year ? `（${r.year} 年度）` : ""));
  parts.push(r.errors || r.warnings ? `${r.errors} 个错误，${r.warnings} 个警告` : "未发现问题");
  return parts.join("：");
}

function renderGrid(w) {
  const marked = new Set(w.marked.map(([r, c]) => r + ":" + c));
  const table = el("table", {class: "grid", "data-sheet": w.sheet, "data-cell": w.cell});
  const head = el("tr", {}, el("th", {class: "corner"}));
  w.columns.forEach((col) => head.append(el("th", {text: col})));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  if (w.header && w.header.length) {
    const tr = el("tr", {class: "heading-row"}, el("th", {text: "1"}));
    w.header.forEach((v) => tr.append(el("td", {text: v, title: v})));
    body.append(tr);
    if (w.rows[0] > 2) {     // rows left out between the headings and the window
      body.append(el("tr", {class: "gap"}, el("th", {text: "⋮"}),
                     el("td", {colspan: String(w.columns.length)})));
    }
  }
  w.rows.forEach((row, i) => {
    const tr = el("tr", {}, el("th", {text: String(row)}));
    w.cells[i].forEach((v, j) => {
      const col = w.first_col + j;
      const td = el("td", {text: v, title: v});
      if (marked.has(row + ":" + col)) {
        td.className = "hit";
        td.setAttribute("data-ref", w.columns[j] + row);
      }
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(body);
  return el("div", {class: "grid-wrap"}, table);
}

function renderFinding(f) {
  const sev = f.severity === "错误" ? "bad" : "warn";
  return el("li", {class: "finding " + sev},
    el("div", {class: "finding-head"},
      el("span", {class: "badge " + sev, text: f.severity}),
      el("code", {text: f.code}),
      el("span", {class: "where", text: f.where})),
    el("p", {class: "message", text: f.message}),
    f.fix ? el("p", {class: "fix"}, el("strong", {text: "怎样改："}), f.fix) : null,
    f.window ? renderGrid(f.window) : null);
}

function renderUpload(up, replace) {
  const r = up.result || {status: "checking"};
  const [label, cls] = STATUS[r.status] || [r.status, ""];
  const card = el("article", {class: "upload", "data-id": up.id, "data-status": r.status},
    el("div", {class: "upload-head"},
      el("span", {class: "badge " + cls, text: label}),
      el("strong", {class: "name", text: up.name}),
      el("span", {class: "summary", text: summaryText(r)}),
      r.last ? el("span", {class: "checked-last", text: `已与上年工作簿 ${r.last} 核对`}) : null,
      up.id.startsWith("pending-") ? null :
        el("button", {class: "link remove", title: "移除此工作簿", text: "移除"})));
  (r.sheets || []).forEach((s, k) => {
    const errors = s.findings.filter((f) => f.severity === "错误").length;
    const det = el("details", {class: "sheet"},
      el("summary", {text: `${s.title}（${s.findings.length} 条${errors ? "，其中错误 " + errors + " 条" : ""}）`}),
      el("ol", {}, ...s.findings.map(renderFinding)));
    // open where the errors are; with none, the first sheet
    if (errors || (k === 0 && !r.errors)) det.open = true;
    card.append(det);
  });
  const rm = card.querySelector(".remove");
  if (rm) rm.addEventListener("click", async () => {
    const resp = await post(`/api/uploads/${up.id}/delete`, "");
    if (!resp.ok) { notice(await errorText(resp)); return; }
    uploads.delete(up.id); card.remove(); updateButtons();
  });
  if (!replace) document.getElementById("uploads").append(card);
  return card;
}

function updateButtons() {
  document.getElementById("build-button").disabled = uploading > 0 || uploads.size === 0;
  // last year's workbook changes between checks, not during them
  document.getElementById("last-input").disabled = uploading > 0;
  document.getElementById("last-remove").disabled = uploading > 0;
}

// ---- 上年决算工作簿 (as --last): every check and build is made against it -----------

function showLast(text, cls) {
  const state = document.getElementById("last-state");
  state.textContent = text;
  state.className = cls || "";
  document.getElementById("last-remove").hidden = !last;
}

function lastText() {
  if (!last) return "未选择：不与上年核对。";
  const what = [last.unit, last.year ? `${last.year} 年度` : ""].filter(Boolean).join("，");
  return `已选择 ${last.name}${what ? "（" + what + "）" : ""}：检查和生成时与它核对。`;
}

// every workbook checked again, two at a time, now that last year's changed
async function recheckAll() {
  const ids = [...uploads.keys()];
  let next = 0;
  async function worker() {
    while (next < ids.length) {
      const id = ids[next++];
      const old = document.querySelector(`.upload[data-id="${id}"]`);
      if (!old) continue;
      const up = uploads.get(id);
      const busy = renderUpload({id, name: up.name, result: {status: "checking"}}, true);
      old.replaceWith(busy);
      uploading++; updateButtons();
      try {
        const resp = await post(`/api/uploads/${id}/check`, "");
        if (!resp.ok) {
          busy.replaceWith(renderUpload({id, name: up.name, result: {status: "failed",
                                         message: await errorText(resp), sheets: []}}, true));
          uploads.delete(id);
          continue;
        }
        const fresh = await resp.json();
        uploads.set(id, fresh);
        busy.replaceWith(renderUpload(fresh, true));
      } catch (e) {
        busy.replaceWith(renderUpload(up, true));
        notice("重新检查中断，请刷新页面后重试。");
      } finally {
        uploading--; updateButtons();
      }
    }
  }
  await Promise.all([worker(), worker()]);
}

const lastInput = document.getElementById("last-input");
lastInput.addEventListener("change", async () => {
  const file = lastInput.files[0];
  lastInput.value = "";
  if (!file) return;
  notice("");
  if (!file.name.toLowerCase().endsWith(".xlsx")) {
    showLast(`${file.name} 不是 .xlsx 工作簿，未使用。` + (last ? lastText() : ""), "bad");
    return;
  }
  if (file.size > Number(document.body.dataset.maxBytes)) {
    showLast(`${file.name} 超过 ${document.body.dataset.maxMb} MB，不像是决算输入工作簿，未上传。`, "bad");
    return;
  }
  showLast(`正在读取上年工作簿 ${file.name}…`, "");
  uploading++; updateButtons();
  try {
    const resp = await post("/api/last", file, {
      "Content-Type": "application/octet-stream",
      "X-File-Name": encodeURIComponent(file.name),
    });
    if (!resp.ok) {
      const msg = await errorText(resp);
      showLast(msg + (last ? ` 仍使用之前选择的 ${last.name}。` : ""), "bad");
      return;
    }
    last = await resp.json();
    showLast(lastText(), "set");
  } catch (e) {
    showLast("上传中断，请重试。" + (last ? lastText() : ""), "bad");
    return;
  } finally {
    uploading--; updateButtons();
  }
  await recheckAll();
});

document.getElementById("last-remove").addEventListener("click", async () => {
  const resp = await post("/api/last/delete", "");
  if (!resp.ok) { notice(await errorText(resp)); return; }
  last = null;
  showLast(lastText(), "");
  document.getElementById("last-input").focus();
  await recheckAll();
});

// a dropped folder: walk it (webkitGetAsEntry), keeping relative paths
function readEntries(reader) {
  return new Promise((ok, fail) => reader.readEntries(ok, fail));
}
async function walk(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((ok, fail) => entry.file(ok, fail));
    out.push({file, path: entry.fullPath.replace(/^\//, "")});
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await readEntries(reader);
      if (!batch.length) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

const drop = document.getElementById("drop");
["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (ev) => {
  ev.preventDefault(); drop.classList.add("over");
}));
["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
drop.addEventListener("keydown", (ev) => {      // the drop zone by keyboard: choose files
  if (ev.target === drop && (ev.key === "Enter" || ev.key === " ")) {
    ev.preventDefault(); document.getElementById("file-input").click();
  }
});
drop.addEventListener("drop", async (ev) => {
  ev.preventDefault();
  const items = [...(ev.dataTransfer.items || [])];
  const files = [];
  if (items.length && items[0].webkitGetAsEntry) {
    const entries = items.map((i) => i.webkitGetAsEntry()).filter(Boolean);
    for (const e of entries) await walk(e, files);
  } else {
    for (const f of ev.dataTransfer.files) files.push({file: f, path: f.name});
  }
  uploadFiles(files);
});
for (const id of ["file-input", "folder-input"]) {
  const input = document.getElementById(id);
  input.addEventListener("change", () => {
    uploadFiles([...input.files].map((f) => ({file: f, path: f.webkitRelativePath || f.name})));
    input.value = "";
  });
}

// ---- 三、生成 ----------------------------------------------------------------------

const BUILD_STATE = {waiting: "等待中", running: "生成中…"};

function renderRun(run) {
  const box = document.getElementById("run");
  box.replaceChildren();
  const done = run.items.filter((i) => i.state === "done").length;
  box.append(el("p", {class: "progress", text: run.done ? `已完成 ${done}/${run.items.length}。` :
                                                    `正在生成：已完成 ${done}/${run.items.length}…`}));
  const table = el("table", {class: "results"},
    el("thead", {}, el("tr", {}, ...["工作簿", "单位", "结果", "文件"].map((h) => el("th", {text: h})))));
  const body = el("tbody");
  for (const it of run.items) {
    const files = el("td", {class: "files"});
    for (const f of it.files) files.append(el("a", {href: f.url, text: f.name, download: f.name}), el("br"));
    if (it.message) files.append(el("span", {class: "message", text: it.message}));
    for (const n of it.notes || []) files.append(el("span", {class: "note", text: "提示：" + n}));
    const cls = it.state !== "done" ? "busy" : it.status === 0 ? "ok" : "bad";
    body.append(el("tr", {"data-id": it.id, "data-state": it.state},
      el("td", {text: it.name}), el("td", {text: it.unit || ""}),
      el("td", {}, el("span", {class: "badge " + cls,
                              text: it.state === "done" ? it.status_text : BUILD_STATE[it.state]})),
      files));
  }
  table.append(body);
  box.append(table);
  if (run.zip) box.append(el("p", {}, el("a", {class: "button", id: "zip-link", href: run.zip,
                                                download: "部门决算公开文件.zip", text: "下载全部文件（zip）"})));
}

document.getElementById("build-button").addEventListener("click", async () => {
  notice("");
  const btn = document.getElementById("build-button");
  btn.disabled = true;
  const body = JSON.stringify({profile: document.getElementById("profile").value,
                               pdf: document.getElementById("pdf").checked});
  const resp = await post("/api/build", body, {"Content-Type": "application/json"});
  if (!resp.ok) { notice(await errorText(resp)); updateButtons(); return; }
  let run = (await resp.json()).state;
  renderRun(run);
  while (!run.done) {
    await new Promise((ok) => setTimeout(ok, 700));
    const r = await fetch(`/api/runs/${run.id}`, {credentials: "same-origin"});
    if (!r.ok) { notice(await errorText(r)); break; }
    run = await r.json();
    renderRun(run);
  }
  updateButtons();
});

document.getElementById("clear-button").addEventListener("click", async () => {
  const resp = await post("/api/clear", "");
  if (!resp.ok) { notice(await errorText(resp)); return; }
  uploads.clear();
  last = null; showLast(lastText(), "");
  document.getElementById("uploads").replaceChildren();
  document.getElementById("run").replaceChildren();
  notice(""); updateButtons();
});

// uploads already checked in this session (the page reloaded)
const initial = JSON.parse(document.getElementById("initial-state").textContent);
for (const up of initial.uploads) {
  uploads.set(up.id, up);
  renderUpload(up);
}
last = initial.last;
showLast(lastText(), last ? "set" : "");
updateButtons();
