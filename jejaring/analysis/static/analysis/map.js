// The village network map: sigma.js (WebGL) over a graphology graph built from the map data.
//
// Positions come from the server (stored, so the map does not jump). Filters rebuild the graph,
// so `window.jejaringMap.graph.order` is always the number of actors drawn; the same number is
// written to `data-nodes-drawn` on #village-map. Every word shown comes from the page
// (#map-strings), translated by Django.
(function () {
  "use strict";

  var root = document.getElementById("village-map");
  if (!root) return;
  var S = JSON.parse(document.getElementById("map-strings").textContent);
  var initial = JSON.parse(document.getElementById("map-initial").textContent);
  var form = document.getElementById("map-controls");
  // The controls act at once; Enter in a field must not reload the page.
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var canvas = document.getElementById("map-canvas");
  var panel = document.getElementById("map-panel");
  var panelBody = document.getElementById("map-panel-body");
  var legend = document.getElementById("map-legend");
  var statusLine = document.getElementById("map-status");
  // Counts in the page's language: "1.250" in Indonesian, "1,250" in English.
  var NUMBER = new Intl.NumberFormat(document.documentElement.lang || "id");

  var PALETTE = [
    "#1d6b57", "#c2571a", "#3b64b0", "#8a4fa3", "#b58900", "#2a9d8f", "#b3261e", "#6b7b2c",
    "#d16ba5", "#4c956c", "#7f5539", "#0081a7", "#e76f51", "#5e60ce", "#9c6644", "#264653",
    "#f4a261", "#80b918", "#6d597a", "#e9c46a"
  ];
  var STANCE = { "-2": "#b3261e", "-1": "#e07b39", "0": "#8d99a0", "1": "#5fae85", "2": "#1d6b57" };
  var UNKNOWN = "#c3cbd0";
  var DIMMED = "#e4e8ea";
  var ROLE_ORDER = ["captive_client", "patron", "multiplex_patron", "broker", "gatekeeper", "liaison", "client", "poor_household", "isolate"];
  var ROLE_COLOURS = {
    captive_client: "#b3261e", patron: "#c2571a", multiplex_patron: "#8a3b00", broker: "#3b64b0",
    gatekeeper: "#23458a", liaison: "#5e60ce", client: "#b58900", poor_household: "#e0a526", isolate: "#8d99a0"
  };

  var state = { data: null, graph: null, renderer: null, highlight: null, focus: null, neighbours: null, colours: {} };
  var api = {
    graph: null, renderer: null, data: null, rebuild: rebuild, focus: focusActor,
    exportSVG: buildSVG, exportPNG: drawPNG
  };
  window.jejaringMap = api;

  function fmt(template, params) {
    return template.replace(/%\((\w+)\)s/g, function (_, k) { return params[k] === undefined ? "" : params[k]; });
  }

  fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(start)
    .catch(function (err) {
      statusLine.textContent = String(err.message || err);
      root.dataset.error = "1";
    });

  function start(data) {
    state.data = data;
    api.data = data;
    fitCanvasToLayout(data);
    fillControls(data);
    rebuild();
    bindControls();
    if (initial.cluster) selectCluster(initial.cluster);
    if (initial.focus) focusActor(initial.focus);
  }

  // A phone's canvas is tall and narrow while a village's layout is about square: sized to the
  // layout's own proportions, the graph fills the canvas instead of floating in its middle.
  function fitCanvasToLayout(data) {
    var width = canvas.clientWidth;
    if (!width || width >= 600 || !data.actors.x.length) return;
    var xs = data.actors.x, ys = data.actors.y;
    var w = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var h = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    if (!(w > 0) || !(h > 0)) return;
    var height = Math.round(Math.min(Math.max(width * h / w, 280), window.innerHeight * 0.7));
    canvas.style.height = height + "px";
  }

  // On a phone a label is the name without its "(hamlet, RT …)" part; the panel gives it whole.
  function shortLabel(name) {
    if (canvas.clientWidth >= 600) return name;
    var cut = name.indexOf(" (");
    return cut > 0 ? name.slice(0, cut) : name;
  }

  // Labels are drawn beside their dot, on the left when the right would leave the canvas, and
  // never over another label. sigma hands them over one by one (clients first); they are
  // queued and drawn after the frame, key actors first, so a client's name never hides the
  // village head's. The boxes drawn are kept in `jejaringMap.labelBoxes` (for the browser tests).
  var labelQueue = [];
  function queueLabel(context, data, settings) {
    if (!data.label) return;
    labelQueue.push({
      context: context, settings: settings, label: data.label, x: data.x, y: data.y,
      size: data.size, key: !!data.forceLabel, rank: data.keyRank || 1e9
    });
  }

  function drawQueuedLabels() {
    var queue = labelQueue;
    labelQueue = [];
    queue.sort(function (a, b) { return (b.key - a.key) || (a.rank - b.rank) || (b.size - a.size); });
    var boxes = [];
    var right = canvas.clientWidth - 2;
    var bottom = canvas.clientHeight;
    queue.forEach(function (q) {
      var settings = q.settings;
      var context = q.context;
      var size = settings.labelSize;
      context.font = settings.labelWeight + " " + size + "px " + settings.labelFont;
      var w = context.measureText(q.label).width + 4;
      var h = size + 2;
      var x = q.x + q.size + 3;
      if (x + w > right) x = q.x - q.size - 3 - w;
      if (x < 2) x = 2;
      var y = q.y - h / 2;
      if (x + w > right || y < 0 || y + h > bottom) return; // hover or the panel names it
      for (var i = 0; i < boxes.length; i++) {
        var b = boxes[i];
        if (x < b.x + b.w && b.x < x + w && y < b.y + b.h && b.y < y + h) return;
      }
      boxes.push({ x: x, y: y, w: w, h: h, label: q.label, key: q.key });
      context.fillStyle = "rgba(255,255,255,0.85)";
      context.fillRect(x, y, w, h);
      context.fillStyle = "#1f2a30";
      context.fillText(q.label, x + 2, q.y + size / 3);
    });
    api.labelBoxes = boxes;
  }

  // ------------------------------------------------------------------ controls

  function fillControls(data) {
    var typesBox = document.getElementById("map-types");
    var counts = new Array(data.types.length).fill(0);
    data.ties.type.forEach(function (t) { counts[t] += 1; });
    data.types.forEach(function (t, i) {
      if (!counts[i]) return;
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "type";
      box.value = t.code;
      box.checked = !initial.type || initial.type === t.code;
      box.dataset.dependency = t.dependency ? "1" : "0";
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + t.label + " (" + NUMBER.format(counts[i]) + ")"));
      typesBox.appendChild(label);
    });
    var clusterSelect = form.elements.cluster;
    data.clusters.forEach(function (c) {
      var opt = document.createElement("option");
      opt.value = data.actors.id[c.patron];
      opt.textContent = data.actors.name[c.patron] + " (" + c.size + ")";
      clusterSelect.appendChild(opt);
    });
    var names = document.getElementById("map-names");
    var frag = document.createDocumentFragment();
    data.actors.name.forEach(function (name, i) {
      var opt = document.createElement("option");
      opt.value = name + " [" + data.actors.code[i] + "]";
      frag.appendChild(opt);
    });
    names.appendChild(frag);
  }

  function bindControls() {
    ["colour", "size"].forEach(function (name) {
      form.elements[name].addEventListener("change", function () { restyle(); remember(); });
    });
    ["hamlet", "category"].forEach(function (name) {
      form.elements[name].addEventListener("change", function () { rebuild(); remember(); });
    });
    document.getElementById("map-types").addEventListener("change", function () { rebuild(); remember(); });
    form.querySelectorAll("[data-types]").forEach(function (button) {
      button.addEventListener("click", function () {
        var only = button.dataset.types === "dependency";
        form.querySelectorAll("input[name=type]").forEach(function (box) {
          box.checked = !only || box.dataset.dependency === "1";
        });
        rebuild();
        remember();
      });
    });
    form.elements.cluster.addEventListener("change", function () { selectCluster(form.elements.cluster.value); remember(); });
    document.getElementById("map-search-go").addEventListener("click", search);
    form.elements.search.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); search(); }
    });
    form.elements.search.addEventListener("change", search);
    document.getElementById("map-png").addEventListener("click", function () { download("png"); });
    document.getElementById("map-svg").addEventListener("click", function () { download("svg"); });
    document.getElementById("map-panel-close").addEventListener("click", closePanel);
  }

  function remember() {
    var params = new URLSearchParams();
    ["colour", "size", "hamlet", "category", "cluster"].forEach(function (name) {
      var v = form.elements[name].value;
      if (v) params.set(name, v);
    });
    if (state.focus) params.set("focus", state.focus);
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  // ------------------------------------------------------------------ building the graph

  function allowedTypes() {
    var allowed = new Set();
    var codes = state.data.types.map(function (t) { return t.code; });
    form.querySelectorAll("input[name=type]").forEach(function (box) {
      if (box.checked) allowed.add(codes.indexOf(box.value));
    });
    return allowed;
  }

  function actorPasses(i) {
    var d = state.data;
    var hamlet = form.elements.hamlet.value;
    var category = form.elements.category.value;
    if (hamlet && d.hamlets[d.actors.hamlet[i]] !== hamlet) return false;
    if (category) {
      var c = d.categories[d.actors.category[i]];
      if (!c || c.code !== category) return false;
    }
    return true;
  }

  function rebuild() {
    var d = state.data;
    if (!d) return;
    var A = d.actors;
    var T = d.ties;
    var g = new graphology.MultiGraph({ allowSelfLoops: false });
    var passing = 0;
    for (var i = 0; i < A.id.length; i++) {
      if (!actorPasses(i)) continue;
      passing += 1;
      // Officials, top patrons and brokers are always named; the others on zoom or hover.
      g.addNode(A.id[i], {
        x: A.x[i], y: A.y[i], label: shortLabel(A.name[i]), idx: i, size: 4, color: UNKNOWN,
        forceLabel: !!(A.key && A.key[i]), zIndex: A.key && A.key[i] ? 1 : 0,
        keyRank: A.key_rank && A.key_rank[i] ? A.key_rank[i] : 1e9
      });
    }
    var allowed = allowedTypes();
    for (var k = 0; k < T.source.length; k++) {
      if (!allowed.has(T.type[k])) continue;
      var s = A.id[T.source[k]];
      var t = A.id[T.target[k]];
      if (!g.hasNode(s) || !g.hasNode(t)) continue;
      var dep = d.types[T.type[k]].dependency;
      // Every recorded type must be visible on screen (kinship, authority, advice… too), as
      // in the pictures: dependency ties orange and thicker, the others slate grey.
      var attrs = {
        size: dep ? 2 : 1.4,
        color: dep ? "#c2571acc" : "#5b6b73b3",
        type: T.directed[k] ? "arrow" : "line",
        dependency: dep,
        tieType: T.type[k]
      };
      if (T.directed[k]) g.addDirectedEdge(s, t, attrs);
      else g.addUndirectedEdge(s, t, attrs);
    }
    state.graph = g;
    api.graph = g;
    if (state.focus && !g.hasNode(state.focus)) setFocus(null);
    restyle(true);
    if (!state.renderer) {
      try {
        state.renderer = new Sigma(g, canvas, {
          renderEdgeLabels: false,
          // Other actors (clients) are named when zoomed in far enough, or on hover.
          labelRenderedSizeThreshold: 16,
          labelDensity: 0.6,
          // Room for the labels at the edges (never cut), less on a phone so the graph fills it.
          stagePadding: canvas.clientWidth < 600 ? 36 : 90,
          zIndex: true,
          defaultDrawNodeLabel: queueLabel,
          hideEdgesOnMove: A.id.length > 2000,
          nodeReducer: reduceNode,
          edgeReducer: reduceEdge
        });
      } catch (err) {
        statusLine.textContent = S.webglMissing;
        root.dataset.error = "webgl";
        return;
      }
      api.renderer = state.renderer;
      state.renderer.on("beforeRender", function () { labelQueue = []; });
      state.renderer.on("afterRender", drawQueuedLabels);
      state.renderer.on("clickNode", function (e) { focusActor(e.node); });
      state.renderer.on("clickStage", function () { setFocus(null); closePanel(); remember(); });
    } else {
      state.renderer.setGraph(g);
    }
    root.dataset.nodesDrawn = String(g.order);
    root.dataset.tiesDrawn = String(g.size);
    root.dataset.actorsPassing = String(passing);
    statusLine.textContent = NUMBER.format(g.order) + " " + S.nodes + " · " + NUMBER.format(g.size) + " " + S.ties;
    state.renderer.refresh();
  }

  // ------------------------------------------------------------------ colour and size

  function colourKey(i) {
    var d = state.data;
    var A = d.actors;
    switch (form.elements.colour.value) {
      case "community": return A.community[i] === null || A.community[i] === undefined ? null : "c" + A.community[i];
      case "stance": return A.stance[i] === null ? null : String(Math.max(-2, Math.min(2, Math.round(A.stance[i]))));
      case "hamlet": return A.hamlet[i] < 0 ? null : "h" + A.hamlet[i];
      case "role":
        for (var r = 0; r < ROLE_ORDER.length; r++) {
          if (A.roles[i].indexOf(ROLE_ORDER[r]) >= 0) return ROLE_ORDER[r];
        }
        return null;
      default: return A.category[i] < 0 ? null : "k" + A.category[i];
    }
  }

  function colourFor(key) {
    var mode = form.elements.colour.value;
    if (key === null) return UNKNOWN;
    if (mode === "stance") return STANCE[key];
    if (mode === "role") return ROLE_COLOURS[key] || UNKNOWN;
    if (!(key in state.colours)) {
      state.colours[key] = PALETTE[Object.keys(state.colours).length % PALETTE.length];
    }
    return state.colours[key];
  }

  function sizer() {
    var d = state.data;
    var mode = form.elements.size.value || "influence";
    // Smaller dots when thousands are drawn, so they do not cover each other.
    var k = Math.max(0.45, Math.min(1, Math.sqrt(800 / Math.max(state.graph.order, 1))));
    if (mode === "equal") return function () { return 4 * k; };
    if (mode === "influence") {
      return function (i) { var v = d.actors.influence[i]; return k * (v === null ? 2.5 : 3 + 2.4 * v); };
    }
    var values = d.measures[mode] || [];
    var max = 0;
    values.forEach(function (v) { if (v !== null && v > max) max = v; });
    return function (i) {
      var v = values[i];
      if (v === null || v === undefined || max <= 0) return 2.5 * k;
      return k * (3 + 14 * Math.sqrt(Math.max(v, 0) / max));
    };
  }

  function restyle(silent) {
    var g = state.graph;
    if (!g) return;
    state.colours = {};
    var size = sizer();
    var used = {};
    // Colour keys by frequency so the commonest groups get the first (most distinct) colours.
    var freq = {};
    g.forEachNode(function (node, attrs) {
      var key = colourKey(attrs.idx);
      freq[key] = (freq[key] || 0) + 1;
    });
    Object.keys(freq).sort(function (a, b) { return freq[b] - freq[a]; }).forEach(function (k) {
      if (k !== "null") colourFor(k);
    });
    // One batch update (one event) rather than an event per node: much faster at 5,000.
    g.updateEachNodeAttributes(function (node, attrs) {
      var key = colourKey(attrs.idx);
      used[key] = (used[key] || 0) + 1;
      attrs.color = colourFor(key);
      attrs.size = size(attrs.idx);
      return attrs;
    }, { attributes: ["color", "size"] });
    drawLegend(used);
    if (!silent && state.renderer) state.renderer.refresh();
  }

  function legendLabel(key) {
    var d = state.data;
    var mode = form.elements.colour.value;
    if (key === "null") {
      if (mode === "hamlet") return S.noHamlet;
      if (mode === "category") return S.noCategory;
      if (mode === "stance") return S.stanceUnknown;
      if (mode === "role") return S.none;
      return S.unknown;
    }
    if (mode === "category") return d.categories[+key.slice(1)].label;
    if (mode === "hamlet") return d.hamlets[+key.slice(1)];
    if (mode === "community") return fmt(S.community_n, { n: key.slice(1) });
    if (mode === "stance") {
      return { "-2": S.stanceAgainst2, "-1": S.stanceAgainst1, "0": S.stanceNeutral, "1": S.stanceFor1, "2": S.stanceFor2 }[key];
    }
    if (mode === "role") {
      var found = d.roles.filter(function (r) { return r.code === key; })[0];
      return found ? found.label : key;
    }
    return key;
  }

  function drawLegend(used) {
    var keys = Object.keys(used);
    var mode = form.elements.colour.value;
    if (mode === "stance") keys.sort(function (a, b) { return (a === "null") - (b === "null") || +a - +b; });
    else keys.sort(function (a, b) { return used[b] - used[a]; });
    var shown = keys.slice(0, 16);
    var html = ['<ul class="legend">'];
    shown.forEach(function (key) {
      var colour = key === "null" ? UNKNOWN : colourFor(key);
      html.push('<li><span class="swatch round" style="background:' + colour + '"></span>' +
        escapeHtml(legendLabel(key)) + ' <span class="muted">(' + used[key] + ")</span></li>");
    });
    html.push("</ul>");
    html.push('<ul class="legend ties-legend"><li><span class="swatch line" style="background:#c2571a"></span>' +
      escapeHtml(S.dependencyTie) + '</li><li><span class="swatch line" style="background:#8d99a0"></span>' +
      escapeHtml(S.otherTie) + "</li><li>" + escapeHtml(S.arrow) + "</li><li>" +
      escapeHtml(fmt(S.sizeBy, { what: form.elements.size.selectedOptions[0].textContent })) + "</li></ul>");
    legend.innerHTML = html.join("");
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // ------------------------------------------------------------------ highlight, focus, panel

  function reduceNode(node, attrs) {
    var lit = litSet();
    if (!lit) return attrs;
    if (lit.has(node)) {
      var out = Object.assign({}, attrs, { zIndex: 1 });
      if (node === state.focus) out.highlighted = true;
      return out;
    }
    return Object.assign({}, attrs, { color: DIMMED, label: null, forceLabel: false, zIndex: 0 });
  }

  function reduceEdge(edge, attrs) {
    var lit = litSet();
    if (!lit) return attrs;
    var g = state.graph;
    if (lit.has(g.source(edge)) && lit.has(g.target(edge))) return attrs;
    return Object.assign({}, attrs, { hidden: true });
  }

  function litSet() {
    if (state.neighbours) return state.neighbours;
    return state.highlight;
  }

  function selectCluster(patronId) {
    var d = state.data;
    form.elements.cluster.value = patronId || "";
    state.highlight = null;
    if (patronId) {
      var index = d.actors.id.indexOf(patronId);
      var cluster = d.clusters.filter(function (c) { return c.patron === index; })[0];
      if (cluster) {
        state.highlight = new Set([patronId].concat(cluster.members.map(function (m) { return d.actors.id[m]; })));
        statusLine.textContent = fmt(S.cluster, { name: d.actors.name[index], n: cluster.size });
      }
    }
    if (state.renderer) state.renderer.refresh();
  }

  function setFocus(node) {
    state.focus = node;
    state.neighbours = null;
    if (node && state.graph && state.graph.hasNode(node)) {
      state.neighbours = new Set([node].concat(state.graph.neighbors(node)));
    }
    if (state.renderer) state.renderer.refresh();
  }

  function focusActor(node) {
    if (!state.graph || !state.graph.hasNode(node)) {
      statusLine.textContent = S.notFound;
      return false;
    }
    setFocus(node);
    var display = state.renderer.getNodeDisplayData(node);
    if (display) {
      state.renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.35 }, { duration: 400 });
    }
    openPanel(node);
    remember();
    return true;
  }

  function openPanel(node) {
    var url = root.dataset.panelUrl.replace("00000000-0000-0000-0000-000000000000", node);
    panel.hidden = false;
    panelBody.textContent = S.loading;
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status)); })
      .then(function (html) { panelBody.innerHTML = html; })
      .catch(function (err) { panelBody.textContent = String(err.message || err); });
  }

  function closePanel() {
    panel.hidden = true;
    panelBody.innerHTML = "";
  }

  function search() {
    var text = form.elements.search.value.trim();
    if (!text) return;
    var d = state.data;
    var m = text.match(/\[([^\]]+)\]\s*$/);
    var index = -1;
    if (m) index = d.actors.code.indexOf(m[1]);
    if (index < 0) {
      var lower = text.toLowerCase();
      index = d.actors.name.findIndex(function (n) { return n.toLowerCase() === lower; });
      if (index < 0) index = d.actors.name.findIndex(function (n) { return n.toLowerCase().indexOf(lower) >= 0; });
    }
    if (index < 0 || !focusActor(d.actors.id[index])) statusLine.textContent = S.notFound;
  }

  // ------------------------------------------------------------------ pictures

  // The picture's frame: graph coordinates to pixels, 1600 px wide, y pointing down (sigma
  // draws y upwards).
  function frame() {
    var g = state.graph;
    var width = 1600;
    var pad = 40;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    g.forEachNode(function (n, a) {
      minX = Math.min(minX, a.x); maxX = Math.max(maxX, a.x);
      minY = Math.min(minY, a.y); maxY = Math.max(maxY, a.y);
    });
    if (!isFinite(minX)) { minX = maxX = minY = maxY = 0; }
    var scale = (width - 2 * pad) / Math.max(maxX - minX, maxY - minY, 1e-9);
    return {
      width: width,
      height: Math.round((maxY - minY) * scale + 2 * pad),
      scale: scale,
      x: function (x) { return pad + (x - minX) * scale; },
      y: function (y) { return pad + (maxY - y) * scale; }
    };
  }

  // Everything drawn, as plain shapes shared by the SVG and PNG writers.
  function shapes(f) {
    var g = state.graph;
    var lines = [];
    g.forEachEdge(function (e, a, s, t, sa, ta) {
      var r = reduceEdge(e, a);
      if (r.hidden) return;
      var dx = ta.x - sa.x, dy = ta.y - sa.y;
      var len = Math.sqrt(dx * dx + dy * dy) || 1;
      // Stop lines at the target's rim so arrowheads show.
      var back = (reduceNode(t, ta).size || 4) / f.scale * 1.2;
      lines.push({
        x1: f.x(sa.x), y1: f.y(sa.y),
        x2: f.x(ta.x - dx / len * back), y2: f.y(ta.y - dy / len * back),
        colour: r.color.length === 9 ? r.color.slice(0, 7) : r.color,
        width: a.dependency ? 1.4 : 1,
        arrow: a.type === "arrow"
      });
    });
    var dots = [];
    g.forEachNode(function (n, a) {
      var r = reduceNode(n, a);
      dots.push({ x: f.x(a.x), y: f.y(a.y), r: r.size || 4, colour: r.color, label: a.label, labelled: !!r.label, key: !!r.forceLabel });
    });
    var labels = dots.filter(function (d) { return d.labelled; })
      .sort(function (p, q) { return (q.key - p.key) || (q.r - p.r); }).slice(0, 80);
    return { lines: lines, dots: dots, labels: labels };
  }

  function buildSVG() {
    var f = frame();
    var sh = shapes(f);
    var out = [];
    out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + f.width + '" height="' + f.height +
      '" viewBox="0 0 ' + f.width + " " + f.height + '" font-family="DejaVu Sans, Arial, sans-serif">');
    out.push('<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#7a868d"/></marker></defs>');
    out.push('<rect width="100%" height="100%" fill="#ffffff"/><g stroke-linecap="round" stroke-opacity="0.45">');
    sh.lines.forEach(function (l) {
      out.push('<line x1="' + l.x1.toFixed(1) + '" y1="' + l.y1.toFixed(1) + '" x2="' + l.x2.toFixed(1) +
        '" y2="' + l.y2.toFixed(1) + '" stroke="' + l.colour + '" stroke-width="' + l.width + '"' +
        (l.arrow ? ' marker-end="url(#a)"' : "") + "/>");
    });
    out.push("</g><g>");
    sh.dots.forEach(function (d) {
      out.push('<circle cx="' + d.x.toFixed(1) + '" cy="' + d.y.toFixed(1) + '" r="' + d.r.toFixed(1) +
        '" fill="' + d.colour + '" stroke="#ffffff" stroke-width="0.8"><title>' + escapeHtml(d.label) + "</title></circle>");
    });
    sh.labels.forEach(function (d) {
      out.push('<text x="' + d.x.toFixed(1) + '" y="' + (d.y - d.r - 3).toFixed(1) +
        '" font-size="12" text-anchor="middle" fill="#1f2a30">' + escapeHtml(d.label) + "</text>");
    });
    out.push("</g></svg>");
    return { svg: out.join(""), width: f.width, height: f.height };
  }

  // PNG drawn straight on a canvas (rasterising a 50,000-line SVG takes seconds).
  function drawPNG(done) {
    var f = frame();
    var sh = shapes(f);
    var c = document.createElement("canvas");
    c.width = f.width;
    c.height = f.height;
    // A CPU-backed canvas: one big drawing, no GPU round trips.
    var ctx = c.getContext("2d", { willReadFrequently: true });
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, f.width, f.height);
    ctx.globalAlpha = 0.45;
    ctx.lineCap = "round";
    var groups = {};
    sh.lines.forEach(function (l) {
      var key = l.colour + "|" + l.width;
      (groups[key] = groups[key] || []).push(l);
    });
    Object.keys(groups).forEach(function (key) {
      var parts = key.split("|");
      ctx.strokeStyle = parts[0];
      ctx.lineWidth = +parts[1];
      // Short paths: stroking one path of thousands of segments is very slow in browsers.
      groups[key].forEach(function (l, i) {
        if (i % 50 === 0) { if (i) ctx.stroke(); ctx.beginPath(); }
        ctx.moveTo(l.x1, l.y1);
        ctx.lineTo(l.x2, l.y2);
      });
      ctx.stroke();
    });
    ctx.fillStyle = "#7a868d";
    var arrows = sh.lines.filter(function (l) { return l.arrow; });
    arrows.forEach(function (l, i) {
      if (i % 50 === 0) { if (i) ctx.fill(); ctx.beginPath(); }
      var a = Math.atan2(l.y2 - l.y1, l.x2 - l.x1);
      ctx.moveTo(l.x2, l.y2);
      ctx.lineTo(l.x2 - 6 * Math.cos(a - 0.4), l.y2 - 6 * Math.sin(a - 0.4));
      ctx.lineTo(l.x2 - 6 * Math.cos(a + 0.4), l.y2 - 6 * Math.sin(a + 0.4));
      ctx.closePath();
    });
    if (arrows.length) ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 0.8;
    sh.dots.forEach(function (d) {
      ctx.beginPath();
      ctx.arc(d.x, d.y, d.r, 0, 2 * Math.PI);
      ctx.fillStyle = d.colour;
      ctx.fill();
      ctx.stroke();
    });
    ctx.fillStyle = "#1f2a30";
    ctx.font = "12px 'DejaVu Sans', Arial, sans-serif";
    ctx.textAlign = "center";
    sh.labels.forEach(function (d) { ctx.fillText(d.label, d.x, d.y - d.r - 3); });
    c.toBlob(done, "image/png");
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 2000);
  }

  function download(kind) {
    if (!state.graph) return;
    var base = "jejaring-" + root.dataset.slug + "-map";
    if (kind === "svg") {
      save(new Blob([buildSVG().svg], { type: "image/svg+xml" }), base + ".svg");
    } else {
      drawPNG(function (blob) { save(blob, base + ".png"); });
    }
  }
})();
