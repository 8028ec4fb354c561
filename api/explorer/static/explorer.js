// govkg explorer: draws an entity's neighbourhood with cytoscape, in the Neo4j Browser colours.
// Search → /explore/search, node click → /explore/neighbourhood (expand),
// edge click → /explore/evidence (sentences and documents).
"use strict";

(function () {
  const FONT = '"Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif';
  const body = document.body;
  const state = { cy: null, style: null, expanded: new Set(), pending: 0, asOf: null, centre: null };
  // The slider runs from the first day the reference data knows to today; its last
  // position is "all dates" (no as_of).
  const FIRST_DAY = Date.UTC(2013, 0, 1);
  const DAY_MS = 86400000;
  window.govkgExplorer = state;

  function setBusy(delta) {
    state.pending += delta;
    body.dataset.state = state.pending > 0 ? "loading" : "idle";
  }

  function showMessage(text) {
    const box = document.getElementById("message");
    box.textContent = text;
    box.hidden = !text;
  }

  async function getJSON(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
    }
    setBusy(1);
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const data = await response.json();
      if (!response.ok) throw new Error((data.error && data.error.message) || response.statusText);
      return data;
    } finally {
      setBusy(-1);
    }
  }

  function element(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "style") Object.assign(el.style, value);
      else el.setAttribute(key, value);
    }
    for (const child of children) el.append(child);
    return el;
  }

  // 24000000000 → "240억", 1200000000000 → "1조 2,000억": the way the articles write amounts.
  function formatKrw(amount) {
    if (typeof amount !== "number") return "";
    const units = [[1e12, "조"], [1e8, "억"], [1e4, "만"]];
    const parts = [];
    let rest = amount;
    for (const [size, name] of units) {
      const count = Math.floor(rest / size);
      if (count > 0) {
        parts.push(count.toLocaleString("ko-KR") + name);
        rest -= count * size;
      }
    }
    if (rest > 0 || parts.length === 0) parts.push(rest.toLocaleString("ko-KR"));
    return "₩" + parts.join(" ");
  }

  function labelStyle(label) {
    return state.style.nodes[label] || {};
  }

  function px(value, fallback) {
    const number = parseFloat(value);
    return Number.isFinite(number) ? number : fallback;
  }

  function cytoscapeStyle() {
    const rules = [
      {
        selector: "node",
        style: {
          label: "data(name)",
          "font-family": FONT,
          "font-size": 13,
          "text-valign": "center",
          "text-halign": "center",
          "text-wrap": "wrap",
          "border-width": 2,
          width: 80,
          height: 80,
        },
      },
    ];
    for (const [label, props] of Object.entries(state.style.nodes)) {
      const diameter = px(props.diameter, 80);
      rules.push({
        selector: `node[label = "${label}"]`,
        style: {
          "background-color": props.color,
          "border-color": props["border-color"] || props.color,
          color: props["text-color-internal"] || "#ffffff",
          width: diameter,
          height: diameter,
          "text-max-width": Math.round(diameter * 0.86),
          "font-size": px(props["font-size"], 12) + 1,
        },
      });
    }
    const base = state.style.relationship || {};
    rules.push({
      selector: "edge",
      style: {
        label: "data(caption)",
        "font-family": FONT,
        "font-size": 11,
        color: base["text-color-external"] || "#1f2328",
        "line-color": base.color || "#8c929d",
        "target-arrow-color": base.color || "#8c929d",
        "target-arrow-shape": "triangle",
        "curve-style": "bezier",
        width: 2.5,
        "text-rotation": "autorotate",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 2,
      },
    });
    for (const [type, props] of Object.entries(state.style.relationships)) {
      if (!props.color) continue;
      rules.push({
        selector: `edge[type = "${type}"]`,
        style: {
          "line-color": props.color,
          "target-arrow-color": props.color,
          width: Math.max(2.5, px(props["shaft-width"], 2)),
        },
      });
    }
    rules.push(
      { selector: "edge[!directed]", style: { "target-arrow-shape": "none" } },
      { selector: "edge.conflicted", style: { "line-style": "dashed", "line-color": "#cf222e",
        "target-arrow-color": "#cf222e" } },
      { selector: "edge.hand-made", style: { "line-style": "dotted" } },
      { selector: "node.conflicted", style: { "border-color": "#cf222e", "border-width": 5 } },
      { selector: "node.corrected", style: { "border-style": "double", "border-width": 6 } },
      { selector: "node.expanded", style: { "border-width": 4 } },
      { selector: ":selected", style: { "overlay-color": "#0969da", "overlay-opacity": 0.18 } },
    );
    return rules;
  }

  function edgeCaption(edge) {
    let caption = edge.type;
    if (edge.type === "FUNDS" && typeof edge.amount_krw === "number") {
      caption = `FUNDS ${formatKrw(edge.amount_krw)}`;
    }
    if (edge.conflicts) caption += " ⚠";
    if (edge.hand_made) caption += " ✎";
    return caption;
  }

  function classesOf(item) {
    const classes = [];
    if (item.conflicts) classes.push("conflicted");
    if (item.hand_made) classes.push("hand-made");
    if (item.corrections) classes.push("corrected");
    return classes.join(" ");
  }

  function addNeighbourhood(data) {
    const cy = state.cy;
    const added = cy.collection();
    cy.batch(() => {
      for (const node of data.nodes) {
        if (cy.getElementById(node.id).nonempty()) continue;
        added.merge(cy.add({ group: "nodes", data: { ...node }, classes: classesOf(node) }));
      }
      for (const edge of data.edges) {
        if (cy.getElementById(edge.id).nonempty()) continue;
        added.merge(cy.add({
          group: "edges", data: { ...edge, caption: edgeCaption(edge) }, classes: classesOf(edge),
        }));
      }
    });
    state.expanded.add(data.centre);
    cy.getElementById(data.centre).addClass("expanded");
    if (data.truncated) showMessage("Only part of this neighbourhood is drawn: it is large.");
    return added;
  }

  function layout(centre, fresh) {
    const cy = state.cy;
    const options = fresh
      ? {
          name: "concentric",
          concentric: (node) => (node.id() === centre ? 2 : 1),
          levelWidth: () => 1,
          minNodeSpacing: 40,
          animate: false,
        }
      : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 900000,
          idealEdgeLength: () => 160, nodeOverlap: 40 };
    return new Promise((resolve) => {
      const run = cy.layout(options);
      run.one("layoutstop", () => {
        cy.fit(undefined, 40);
        resolve();
      });
      run.run();
    });
  }

  async function open(params, fresh) {
    showMessage("");
    try {
      const data = await getJSON("/explore/neighbourhood", { ...params, as_of: state.asOf });
      if (fresh) {
        state.cy.elements().remove();
        state.expanded.clear();
      }
      addNeighbourhood(data);
      setBusy(1);
      await layout(data.centre, fresh);
      setBusy(-1);
      if (fresh) state.centre = data.centre;
      const centre = state.cy.getElementById(data.centre);
      showNode(centre.data());
      const url = new URL(window.location.href);
      const shown = { id: state.centre || data.centre };
      if (state.asOf) shown.as_of = state.asOf;
      url.search = new URLSearchParams(shown).toString();
      window.history.replaceState(null, "", url);
    } catch (error) {
      showMessage(String(error.message || error));
    }
  }

  function chip(label) {
    const props = labelStyle(label);
    return element(
      "span",
      { class: "chip", style: { background: props.color || "#a5abb6", color: props["text-color-internal"] || "#fff" } },
      label,
    );
  }

  function valueText(property, value) {
    if (property === "amount_krw" && /^[0-9]+$/.test(value)) return formatKrw(Number(value));
    return value;
  }

  // The values the documents disagree about, each with the sentences that state it.
  function conflictBoxes(item) {
    return (item.conflicts || []).map((conflict) => {
      const box = element("div", { class: "conflict" },
        element("h3", {}, `Documents disagree (${conflict.kind}: ${conflict.property})`));
      for (const value of conflict.values) {
        const span = value.since ? ` (${value.since} – ${value.until || "…"})` : "";
        box.append(element("div", { class: "value" }, valueText(conflict.property, value.value) + span));
        for (const said of value.said) {
          box.append(element("blockquote", {}, said.sentence || "(no stored sentence)"),
            element("div", { class: "doc" }, said.doc));
        }
      }
      return box;
    });
  }

  function correctionBoxes(item) {
    return (item.corrections || []).map((c) => element("div", { class: "correction" },
      element("h3", {}, `Correction ${c.id}: ${c.kind}${c.kind === "add" ? " (made by hand)" : ""}`),
      element("div", {}, [c.note, c.author && `— ${c.author}`].filter(Boolean).join(" "))));
  }

  function showNode(node) {
    const details = document.getElementById("details");
    details.replaceChildren(
      element("h2", {}, node.name),
      chip(node.label),
      ...conflictBoxes(node),
      ...correctionBoxes(node),
      element("p", { class: "hint" }, state.expanded.has(node.id)
        ? "Expanded. Click an edge to see its evidence."
        : "Click the node to expand it."),
    );
  }

  async function showEdge(edge) {
    const details = document.getElementById("details");
    const cy = state.cy;
    const source = cy.getElementById(edge.source).data();
    const target = cy.getElementById(edge.target).data();
    const title = element("p", { class: "edge-title" },
      element("strong", {}, source.name), ` —${edge.type}→ `, element("strong", {}, target.name));
    const parts = [element("h2", {}, edge.type), title, ...conflictBoxes(edge), ...correctionBoxes(edge)];
    if (typeof edge.amount_krw === "number") {
      parts.push(element("p", { class: "amount" },
        `${formatKrw(edge.amount_krw)} (${edge.amount_krw.toLocaleString("ko-KR")} KRW)` +
        (edge.co_funded ? " · co-funded" : "")));
    }
    details.replaceChildren(...parts, element("p", { class: "hint" }, "Loading the evidence…"));
    try {
      const data = await getJSON("/explore/evidence", {
        source: edge.source, type: edge.type, target: edge.target,
      });
      const list = element("ol", { id: "evidence" });
      for (const item of data.evidence) {
        const doc = [item.doc, item.title, item.date].filter(Boolean).join(" · ");
        list.append(element("li", {},
          element("blockquote", {}, item.sentence || "(no stored sentence)"),
          element("div", { class: "doc" }, doc)));
      }
      const note = data.inferred ? [element("p", { class: "hint" }, "Inferred across documents.")] : [];
      details.replaceChildren(...parts, element("h2", {}, "Evidence"), list, ...note);
    } catch (error) {
      details.replaceChildren(...parts, element("p", { class: "hint" }, String(error.message || error)));
    }
  }

  async function search(event) {
    if (event) event.preventDefault();
    const q = document.getElementById("query").value.trim();
    const results = document.getElementById("results");
    if (!q) {
      results.hidden = true;
      return;
    }
    try {
      const data = await getJSON("/explore/search", { q, label: document.getElementById("label").value });
      results.replaceChildren();
      for (const row of data.data) {
        const item = element("li", { tabindex: "0", "data-id": row.id },
          chip(row.label), element("span", {}, row.name), element("span", { class: "match" }, row.match));
        const pick = () => {
          results.hidden = true;
          open({ id: row.id }, true);
        };
        item.addEventListener("click", pick);
        item.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
        results.append(item);
      }
      if (!data.data.length) results.append(element("li", {}, `Nothing named “${q}”.`));
      results.hidden = false;
    } catch (error) {
      showMessage(String(error.message || error));
    }
  }

  function legend() {
    const box = document.getElementById("legend");
    const select = document.getElementById("label");
    for (const label of Object.keys(state.style.nodes)) {
      if (label !== "Document") {
        box.append(chip(label));
        select.append(element("option", { value: label }, label));
      }
    }
  }

  function dayOf(position) {
    return new Date(FIRST_DAY + position * DAY_MS).toISOString().slice(0, 10);
  }

  function setUpSlider() {
    const slider = document.getElementById("as-of");
    const shown = document.getElementById("as-of-day");
    const last = Math.floor((Date.now() - FIRST_DAY) / DAY_MS) + 1;  // the "all dates" stop
    slider.max = String(last);
    slider.value = String(last);
    const read = () => {
      const position = Number(slider.value);
      state.asOf = position >= last ? null : dayOf(position);
      shown.textContent = state.asOf || "all dates";
    };
    slider.addEventListener("input", read);
    slider.addEventListener("change", () => {
      read();
      if (state.centre) open({ id: state.centre }, true);
    });
    const asked = new URLSearchParams(window.location.search).get("as_of");
    if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked)) {
      slider.value = String(Math.round((Date.parse(asked) - FIRST_DAY) / DAY_MS));
      read();
    }
  }

  async function start() {
    if (typeof window.cytoscape !== "function") {
      showMessage("The graph library is not installed on the server: run `npm ci --prefix api/explorer`.");
      body.dataset.state = "broken";
      return;
    }
    try {
      state.style = await getJSON("/explore/style");
    } catch (error) {
      showMessage(String(error.message || error));
      return;
    }
    legend();
    setUpSlider();
    state.cy = window.cytoscape({
      container: document.getElementById("graph"),
      style: cytoscapeStyle(),
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 3,
    });
    state.cy.on("tap", "node", (event) => {
      const node = event.target.data();
      showNode(node);
      if (!state.expanded.has(node.id)) open({ id: node.id }, false);
    });
    state.cy.on("tap", "edge", (event) => showEdge(event.target.data()));
    document.getElementById("search").addEventListener("submit", search);
    const params = new URLSearchParams(window.location.search);
    if (params.get("id") || params.get("name")) {
      await open({ id: params.get("id"), name: params.get("name") }, true);
    }
    body.dataset.state = state.pending > 0 ? "loading" : "idle";
  }

  start();
})();
