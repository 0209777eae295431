// The inspector's page: hash routes over the JSON API under ./api. Every value from the server is
// set as text, never as HTML.
"use strict";
(() => {
  const main = document.getElementById("main");
  let session = { canWrite: false, token: null, headerName: "RequestVerificationToken", user: "" };
  let pendingNotice = null;

  // Shows a page with a notice on top: through the hash change when the page changes.
  function go(hash, notice) {
    if (location.hash === hash) { route(notice); return; }
    pendingNotice = notice;
    location.hash = hash;
  }

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  const enc = encodeURIComponent;
  const when = iso => new Date(iso).toLocaleString();
  const age = iso => {
    const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
    return s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : s < 129600 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} d`;
  };
  const pretty = json => { try { return JSON.stringify(JSON.parse(json), null, 2); } catch { return json; } };

  async function api(path, options = {}) {
    const headers = { Accept: "application/json", ...(options.headers || {}) };
    if (options.method && options.method !== "GET" && session.token) headers[session.headerName] = session.token;
    const response = await fetch(`api/${path}`, { credentials: "same-origin", ...options, headers });
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.error || `${response.status} ${response.statusText}`);
    return body;
  }

  function show(...nodes) { main.replaceChildren(...nodes); }
  function failure(error) { return h("div", { class: "message error", role: "alert", "data-testid": "error" }, error.message || String(error)); }
  function done(text) { return h("div", { class: "message done", role: "status", "data-testid": "done" }, text); }

  async function repair(button, action, after) {
    button.disabled = true;
    try { const result = await action(); await after(result); }
    catch (e) { button.disabled = false; button.after(failure(e)); }
  }

  function query(hash) {
    const [path, search] = hash.split("?");
    return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search || "") };
  }

  // ---- Overview: saga types with counts by state, services' backlog, dead letters.
  async function overview(params) {
    const service = params.get("service") || "";
    const data = await api(`overview${service ? `?service=${enc(service)}` : ""}`);
    const services = data.services.map(s => s.service);
    const picker = h("select", { id: "service", "data-testid": "service", onchange: e => { location.hash = e.target.value ? `#/?service=${enc(e.target.value)}` : "#/"; } },
      h("option", { value: "" }, "all services"),
      ...services.map(s => h("option", { value: s, selected: s === service }, s)));

    const sagas = data.sagas.map(saga => h("section", { class: "card saga", "data-saga": saga.name },
      h("h2", {}, saga.name, " ", h("span", { class: "muted", "data-testid": "runs-in" }, saga.runsHere ? "runs here" : `runs in ${saga.service}`)),
      h("div", { class: "states" }, saga.states.map(s =>
        h("a", { class: `state${s.final ? " final" : ""}${s.count ? "" : " empty"}`, href: `#/sagas/${enc(saga.name)}/states/${enc(s.state)}`, "data-state": s.state, "data-count": s.count },
          s.state, h("b", {}, s.count)))),
      saga.stuck
        ? h("a", { class: "badge stuck", href: `#/sagas/${enc(saga.name)}/stuck`, "data-testid": "stuck" }, `${saga.stuck} stuck`)
        : h("span", { class: "badge ok" }, "none stuck")));

    const shown = service ? data.services.filter(s => s.service === service) : data.services;
    const backlog = data.backlogError ? h("p", { class: "muted" }, data.backlogError) : h("table", { "data-testid": "backlog" },
      h("thead", {}, h("tr", {}, h("th", {}, "Service"), h("th", {}, "Queue"), h("th", { class: "num" }, "Lag"), h("th", { class: "num" }, "Pending"))),
      h("tbody", {}, shown.flatMap(s => [
        h("tr", { "data-service": s.service }, h("td", {}, h("b", {}, s.service)), h("td", { class: "muted" }, `${s.queues.length} queue(s)`), h("td", { class: "num" }, s.lag ?? "?"), h("td", { class: "num" }, s.pending)),
        ...s.queues.filter(q => q.lag || q.pending).map(q => h("tr", {}, h("td"), h("td", {}, q.queue), h("td", { class: "num" }, q.lag ?? "?"), h("td", { class: "num" }, q.pending)))])));

    const letters = `${data.deadLetters}${data.deadLettersCapped ? "+" : ""}`;
    show(
      h("h1", {}, "Overview"),
      h("form", { class: "inline card" }, h("label", {}, "Service", picker)),
      h("div", { class: "card" }, h("a", { href: `#/dead-letters${service ? `?service=${enc(service)}` : ""}`, "data-testid": "dead-letter-count" }, `${letters} dead letter(s)`),
        data.deadLetters ? h("span", { class: "badge bad" }, "needs a look") : h("span", { class: "badge ok" }, "none")),
      h("h2", {}, "Sagas"), ...(sagas.length ? sagas : [h("p", { class: "muted" }, "This app registers no saga.")]),
      h("h2", {}, "Consumers"), backlog);
  }

  // ---- A state's instances, or the stuck ones.
  async function instances(saga, state, params) {
    const skip = Number(params.get("skip") || 0);
    const data = await api(state === null ? `sagas/${enc(saga)}/stuck` : `sagas/${enc(saga)}/states/${enc(state)}?skip=${skip}`);
    const rows = data.instances.map(i => h("tr", { "data-key": i.key },
      h("td", {}, h("a", { href: `#/sagas/${enc(saga)}/instances/${enc(i.key)}` }, i.key)),
      h("td", {}, i.state),
      h("td", {}, when(i.changedAt), " ", h("span", { class: "muted" }, `(${age(i.changedAt)} ago)`)),
      h("td", {}, i.stuck ? h("span", { class: "badge stuck" }, "stuck") : "")));
    const paging = state === null ? null : h("p", {},
      skip > 0 ? h("a", { href: `#/sagas/${enc(saga)}/states/${enc(state)}?skip=${Math.max(0, skip - data.take)}` }, "\u2190 newer") : null, " ",
      data.instances.length === data.take ? h("a", { href: `#/sagas/${enc(saga)}/states/${enc(state)}?skip=${skip + data.take}` }, "older \u2192") : null);
    show(
      h("h1", {}, saga, " \u203a ", state ?? "stuck"),
      h("p", { class: "muted" }, `Least recently changed first. Live instances unchanged for more than ${data.stuckAfter} are marked stuck.`),
      rows.length ? h("table", { "data-testid": "instances" }, h("thead", {}, h("tr", {}, h("th", {}, "Key"), h("th", {}, "State"), h("th", {}, "Last change"), h("th"))), h("tbody", {}, rows))
        : h("p", { class: "muted" }, "No instance."),
      paging);
  }

  // ---- One instance: state, diagram, history, data, messages, repairs.
  function messages(title, list, testid, empty) {
    return h("section", { class: "card", "data-testid": testid }, h("h2", {}, title),
      list.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Message"), h("th", {}, testid === "scheduled" ? "Due" : "Sent"), h("th", {}, "Body"))),
        h("tbody", {}, list.map(m => h("tr", { "data-type": m.messageType },
          h("td", {}, h("b", {}, m.messageType), h("div", { class: "muted" }, m.messageId)),
          h("td", {}, when(m.deliverAt || m.sentAt)),
          h("td", {}, h("pre", {}, pretty(m.body)))))))
        : h("p", { class: "muted" }, empty));
  }

  // The steps taken as edges of the diagram. Compensating is the engine's state between a step
  // that compensates and its end, which the diagram draws as one edge: the steps through it fold.
  function walk(history) {
    const path = [];
    for (const e of history.filter(e => !e.note)) {
      const last = path[path.length - 1];
      if (e.fromState === "Compensating" && last && last[1] === "Compensating") last[1] = e.toState;
      else path.push([e.fromState ?? null, e.toState]);
    }
    return path;
  }

  async function instance(saga, key) {
    const data = await api(`sagas/${enc(saga)}/instances/${enc(key)}`);
    const path = walk(data.history);
    const diagram = h("div", { class: "diagram card", "data-testid": "diagram" }, h("h2", {}, "Diagram"),
      window.SagasDiagram.render(data.diagram, { current: data.state, path }),
      h("p", { class: "legend" }, "Filled: the current state. Bold: the path taken. Dashed: a step that compensates."));

    const timeline = h("ol", { class: "timeline", "data-testid": "history" }, data.history.map(e => e.note
      ? h("li", { class: "note" }, h("time", {}, when(e.at)), h("b", {}, "note: "), e.note)
      : h("li", {}, h("time", {}, when(e.at)), h("b", {}, e.messageType), ` ${e.fromState ?? "(start)"} \u2192 ${e.toState}`, h("div", { class: "muted" }, e.messageId))));

    const repairs = [];
    if (session.canWrite && !data.isFinal && data.runsHere) {
      const type = h("select", { name: "type", "data-testid": "send-type" }, data.accepts.map(a => h("option", { value: a }, a)));
      const body = h("textarea", { name: "body", "data-testid": "send-body", spellcheck: "false" }, "{}");
      const send = h("button", { type: "submit", "data-testid": "send" }, "Send to this instance");
      repairs.push(h("section", { class: "card" }, h("h2", {}, "Send a message"),
        h("p", { class: "muted" }, "A message this state accepts, such as a confirmation obtained by hand; it is noted in the history."),
        h("form", { onsubmit: e => { e.preventDefault(); let parsed; try { parsed = JSON.parse(body.value); } catch (err) { send.after(failure(err)); return; }
          repair(send, () => api(`sagas/${enc(saga)}/instances/${enc(key)}/messages`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ type: type.value, body: parsed }) }),
            () => route(done(`Sent ${type.value}.`))); } },
          h("label", {}, "Message", type), h("label", {}, "Body (JSON)", body), send)));
    }
    if (session.canWrite && data.isFinal) {
      const del = h("button", { class: "danger", "data-testid": "delete-instance",
        onclick: () => { if (confirm(`Delete ${saga} ${key} and its history for good?`)) repair(del, () => api(`sagas/${enc(saga)}/instances/${enc(key)}`, { method: "DELETE" }), () => go("#/", done(`Deleted ${key}.`))); } }, "Delete this finished instance");
      repairs.push(h("section", { class: "card" }, h("h2", {}, "Delete"), del));
    }

    show(
      h("h1", {}, saga, " \u203a ", key),
      h("div", { class: "card" },
        "State ", h("span", { class: `badge ${data.isFinal ? "ok" : "warn"}`, "data-testid": "state" }, data.state),
        ` \u00b7 version ${data.version} \u00b7 `, data.isFinal ? "finished" : `accepts ${data.accepts.join(", ") || "no message"}`),
      diagram,
      h("div", { class: "grid" },
        h("section", { class: "card" }, h("h2", {}, "History"), timeline),
        h("section", { class: "card" }, h("h2", {}, "Data"), h("pre", { "data-testid": "data" }, pretty(data.data)))),
      messages("Flow across services", data.flow, "flow", "The transport keeps no message of this flow."),
      messages("Scheduled", data.scheduled, "scheduled", "No scheduled message."),
      messages("Outbox not yet relayed", data.pendingOutbox, "outbox", "Nothing waiting: every message of its steps was relayed."),
      ...repairs);
  }

  // ---- Dead letters: filter, list, one in full, replay, delete.
  async function deadLetters(params) {
    const filter = new URLSearchParams();
    for (const k of ["type", "reason", "service"]) if (params.get(k)) filter.set(k, params.get(k));
    const skip = Number(params.get("skip") || 0);
    const list = await api(`dead-letters?${filter}&skip=${skip}`);
    const field = (name, label) => h("label", {}, label, h("input", { name, value: params.get(name) || "", "data-testid": `filter-${name}` }));
    const form = h("form", { class: "inline card", onsubmit: e => { e.preventDefault(); const f = new URLSearchParams(new FormData(form)); for (const [k, v] of [...f]) if (!v) f.delete(k); location.hash = `#/dead-letters?${f}`; } },
      field("type", "Message type"), field("reason", "Reason contains"), field("service", "Service"), h("button", { type: "submit" }, "Filter"));
    const actions = [];
    if (session.canWrite && list.length) {
      const all = h("button", { class: "secondary", "data-testid": "replay-all",
        onclick: () => { if (confirm("Replay every dead letter matching the filter?")) repair(all, () => api(`dead-letters/replay?${filter}`, { method: "POST" }), r => route(done(`Replayed ${r.count}.`))); } }, "Replay all matching");
      actions.push(all);
    }
    const rows = list.map(d => h("tr", { "data-id": d.id, "data-type": d.messageType },
      h("td", {}, h("a", { href: `#/dead-letters/${enc(d.id)}` }, when(d.at))),
      h("td", {}, h("b", {}, d.messageType), h("div", { class: "muted" }, d.correlationId || "")),
      h("td", {}, d.service || ""), h("td", {}, d.reason)));
    show(h("h1", {}, "Dead letters"), form, ...actions,
      rows.length ? h("table", { "data-testid": "dead-letters" }, h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "Message"), h("th", {}, "Service"), h("th", {}, "Reason"))), h("tbody", {}, rows))
        : h("p", { class: "muted", "data-testid": "no-dead-letters" }, "No dead letter matches."),
      h("p", {}, skip > 0 ? h("a", { href: `#/dead-letters?${filter}&skip=${Math.max(0, skip - 50)}` }, "\u2190 newer") : null, " ",
        list.length >= 50 ? h("a", { href: `#/dead-letters?${filter}&skip=${skip + list.length}` }, "older \u2192") : null));
  }

  async function deadLetter(id) {
    const d = await api(`dead-letters/${enc(id)}`);
    const buttons = [];
    if (session.canWrite) {
      const replay = h("button", { "data-testid": "replay", onclick: () => repair(replay, () => api(`dead-letters/${enc(id)}/replay`, { method: "POST" }), () => go("#/dead-letters", done(`Replayed ${d.messageType} ${d.messageId}.`))) }, "Replay");
      const del = h("button", { class: "danger", "data-testid": "delete-dead-letter", onclick: () => { if (confirm("Delete this dead letter for good?")) repair(del, () => api(`dead-letters/${enc(id)}`, { method: "DELETE" }), () => go("#/dead-letters", done("Deleted."))); } }, "Delete");
      buttons.push(h("p", {}, replay, " ", del));
    } else if (session.writeRefusal) {
      buttons.push(h("p", { class: "muted" }, session.writeRefusal));
    }
    show(h("h1", {}, "Dead letter ", h("span", { class: "muted" }, d.id)),
      h("table", { class: "card", "data-testid": "dead-letter" }, h("tbody", {},
        [["Message", d.messageType], ["Message id", d.messageId], ["Correlation id", d.correlationId], ["Service", d.service], ["Read from", d.source], ["When", when(d.at)], ["Reason", d.reason], ["Exception", d.exceptionType]]
          .filter(([, v]) => v).map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v))))),
      ...buttons,
      h("h2", {}, "Body"), h("pre", { "data-testid": "body" }, pretty(d.body)),
      d.error ? [h("h2", {}, "Error"), h("pre", {}, d.error)] : []);
  }

  async function route(notice) {
    notice ??= pendingNotice;
    pendingNotice = null;
    const { parts, params } = query(location.hash.replace(/^#/, ""));
    try {
      if (parts[0] === "sagas" && parts[2] === "states") await instances(parts[1], parts[3], params);
      else if (parts[0] === "sagas" && parts[2] === "stuck") await instances(parts[1], null, params);
      else if (parts[0] === "sagas" && parts[2] === "instances") await instance(parts[1], parts[3]);
      else if (parts[0] === "dead-letters" && parts[1]) await deadLetter(parts[1]);
      else if (parts[0] === "dead-letters") await deadLetters(params);
      else await overview(params);
      if (notice instanceof Node) main.prepend(notice);
    } catch (e) {
      show(failure(e));
    }
  }

  // Refreshes the page every 5 s when asked (remembered in this browser), unless the operator is
  // typing in a form or reading one dead letter, which does not change.
  function autoRefresh() {
    const box = document.getElementById("refresh");
    box.checked = localStorage.getItem("sagas-inspector-refresh") === "on";
    box.addEventListener("change", () => localStorage.setItem("sagas-inspector-refresh", box.checked ? "on" : "off"));
    setInterval(() => {
      const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName) && document.activeElement !== box;
      if (box.checked && !typing && !/^#\/dead-letters\/./.test(location.hash)) route();
    }, 5000);
  }

  async function start() {
    try {
      session = await api("session");
      document.getElementById("user").textContent = `${session.user}${session.canWrite ? "" : " \u00b7 read-only"}`;
    } catch (e) {
      show(failure(e));
      return;
    }
    window.addEventListener("hashchange", () => route());
    await route();
    autoRefresh();
  }

  start();
})();
