// Draws a saga's state machine from its generated description as SVG: states in columns by how
// many steps they are from the start, the current state filled, the path taken in bold.
"use strict";
window.SagasDiagram = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const NODE_H = 30, ROW_GAP = 56, PAD = 16, START = "\u25cf";

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const width = text => Math.max(70, text.length * 7.2 + 24);

  // diagram: { states, finalStates, transitions: [{fromState, messageType, toState, compensates}] }
  // seen: { current, path: [[from, to], ...] } where from is null for the step that started it.
  function render(diagram, seen) {
    const states = [...diagram.states];
    for (const [from, to] of seen.path) for (const s of [from, to]) if (s && !states.includes(s)) states.push(s);
    if (seen.current && !states.includes(seen.current)) states.push(seen.current);

    // Ranks: breadth first from the start; states never reached from it go last.
    const rank = new Map([[START, 0]]);
    const edges = diagram.transitions.map(t => ({ from: t.fromState ?? START, to: t.toState, label: t.messageType, compensates: t.compensates }));
    for (const [from, to] of seen.path) {
      if (!edges.some(e => e.from === (from ?? START) && e.to === to)) edges.push({ from: from ?? START, to, label: "", compensates: false });
    }
    let frontier = [START];
    while (frontier.length) {
      const next = [];
      for (const s of frontier) for (const e of edges) if (e.from === s && !rank.has(e.to)) { rank.set(e.to, rank.get(s) + 1); next.push(e.to); }
      frontier = next;
    }
    const last = Math.max(...rank.values()) + 1;
    for (const s of states) if (!rank.has(s)) rank.set(s, last);

    // Columns wide enough for their states and the labels of the edges leaving them.
    const columns = [];
    for (const s of [START, ...states]) (columns[rank.get(s)] ??= []).push(s);
    const x = [], pos = new Map();
    let left = PAD;
    columns.forEach((column, i) => {
      column = column || [];
      x[i] = left;
      const nodeW = Math.max(...column.map(s => (s === START ? 16 : width(s))), 16);
      const labels = edges.filter(e => column.includes(e.from) && e.to !== e.from).map(e => e.label.length * 6 + 24);
      column.forEach((s, row) => pos.set(s, { x: left, y: PAD + 14 + row * (NODE_H + ROW_GAP), w: s === START ? 16 : width(s) }));
      left += nodeW + Math.max(60, ...labels);
    });
    const rows = Math.max(...columns.map(c => (c || []).length));
    const svgW = left, svgH = PAD * 2 + 28 + rows * (NODE_H + ROW_GAP) + 40;
    const svg = el("svg", { width: svgW, height: svgH, viewBox: `0 0 ${svgW} ${svgH}`, role: "img", "aria-label": "State diagram" });

    const defs = el("defs");
    for (const kind of ["plain", "taken"]) {
      const marker = el("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse", class: kind });
      marker.append(el("path", { d: "M0,0 L10,5 L0,10 z" }));
      defs.append(marker);
    }
    svg.append(defs);

    const taken = new Set(seen.path.map(([from, to]) => `${from ?? START}\u2192${to}`));
    const visited = new Set(seen.path.flatMap(([from, to]) => [from, to]).filter(Boolean));
    const pairs = new Map();
    for (const e of edges) {
      const key = `${e.from}\u2192${e.to}`;
      const group = pairs.get(key) || { ...e, labels: [] };
      group.labels.push(e.label);
      group.compensates ||= e.compensates;
      pairs.set(key, group);
    }

    let loop = 0;
    for (const [key, e] of pairs) {
      const a = pos.get(e.from), b = pos.get(e.to);
      if (!a || !b) continue;
      const isTaken = taken.has(key);
      const g = el("g", { class: `edge${isTaken ? " taken" : ""}${e.compensates ? " compensates" : ""}`, "data-from": e.from, "data-to": e.to });
      const ay = a.y + NODE_H / 2, by = b.y + NODE_H / 2;
      let d, lx, ly;
      if (e.from === e.to) {
        d = `M${a.x + a.w - 14},${a.y} C${a.x + a.w - 4},${a.y - 26} ${a.x + a.w + 26},${a.y - 10} ${a.x + a.w},${ay - 4}`;
        lx = a.x + a.w + 4; ly = a.y - 14;
      } else if (rank.get(e.to) > rank.get(e.from)) {
        // Forward: a curve to the next column, its label at the middle, clear of the others.
        const x1 = a.x + a.w, x2 = b.x, mid = (x1 + x2) / 2;
        d = `M${x1},${ay} C${mid},${ay} ${mid},${by} ${x2},${by}`;
        lx = mid - (Math.max(...e.labels.map(l => l.length)) * 5.6) / 2; ly = (ay + by) / 2 - 5;
      } else if (rank.get(e.to) === rank.get(e.from)) {
        // Within a column: straight down (or up) between the two, the label beside it.
        const down = b.y > a.y, cx = a.x + Math.min(a.w, b.w) / 2;
        d = `M${cx},${down ? a.y + NODE_H : a.y} L${cx},${down ? b.y : b.y + NODE_H}`;
        lx = cx + 6; ly = (a.y + b.y + NODE_H) / 2 + 4;
      } else {
        // Backwards: under the diagram.
        const bottom = svgH - 18 - (loop++ % 3) * 8;
        d = `M${a.x + a.w / 2},${a.y + NODE_H} C${a.x + a.w / 2},${bottom} ${b.x + b.w / 2},${bottom} ${b.x + b.w / 2},${b.y + NODE_H}`;
        lx = (a.x + b.x) / 2; ly = bottom - 2;
      }
      g.append(el("path", { d, "marker-end": `url(#arrow-${isTaken ? "taken" : "plain"})` }));
      e.labels.filter(Boolean).forEach((label, i, all) => g.append(el("text", { x: lx, y: ly - (all.length - 1 - i) * 11 }, label)));
      svg.append(g);
    }

    for (const s of [START, ...states]) {
      const p = pos.get(s);
      if (s === START) {
        const g = el("g", { class: "start" });
        g.append(el("circle", { cx: p.x + 8, cy: p.y + NODE_H / 2, r: 7 }));
        svg.append(g);
        continue;
      }
      const classes = ["node"];
      if (diagram.finalStates.includes(s)) classes.push("final");
      if (visited.has(s)) classes.push("visited");
      if (s === seen.current) classes.push("current");
      const g = el("g", { class: classes.join(" "), "data-state": s });
      g.append(el("rect", { x: p.x, y: p.y, width: p.w, height: NODE_H, rx: 14 }));
      g.append(el("text", { x: p.x + p.w / 2, y: p.y + NODE_H / 2 + 4, "text-anchor": "middle" }, s));
      svg.append(g);
    }
    return svg;
  }

  return { render };
})();
