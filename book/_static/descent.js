/* Descent in the sandpit: pick a pit, a start, a step rule and a step size; replay the path.
 *
 * mlcalc.widgets.descent_explorer puts the data in the page as a JSON block (each pit's depth
 * on a grid; from each start, the runs of mlcalc.gradient_descent with each fixed step size and
 * of mlcalc.minimize with each method: the iterates kept, their depths, each step's rule, the
 * kind of point reached, whether it converged and the library's message) beside a
 * <div class="mlcalc-descent" data-source="ID">. This script, with explorer.js, draws the pit
 * as a shaded map with contours (the grid's depths, interpolated bilinearly) and the chosen
 * run's path over it, and replays the path step by step. It computes no descent. No kernel.
 */
(function () {
  "use strict";
  var E = window.mlcalcExplorer;
  if (!E) return;
  var LEVELS = [-8, -7, -6, -5, -4, -3, -2]; // a contour every metre
  var RULES = { n: "a Newton step", s: "a steepest step" };
  var STEP_RULE = { steepest: "a steepest step (line search)", newton: "a Newton step" };

  function decodeRun(raw, data) { // as mlcalc.widgets.descent_decode does
    return Object.assign(E.iterates(raw, data.q, data.q), {
      depth: Array.from(E.decode(raw.d, raw.x.length, data.dq)), rules: raw.r,
      kind: data.kinds[raw.kind], converged: !!raw.c, message: data.messages[raw.m] });
  }

  // A property computed on first use and kept: a pit's map and runs are decoded only when the
  // reader picks that pit, so the first draw (one task on a slow phone) decodes one pit.
  function lazy(object, name, compute) {
    Object.defineProperty(object, name, { enumerable: true, configurable: true, get: function () {
      var value = compute();
      Object.defineProperty(object, name, { value: value, enumerable: true });
      return value;
    } });
  }

  function decodeSet(data) {
    return data.pits.map(function (pit) {
      var out = { name: pit.name, title: pit.title, lowest: pit.lowest, starts: pit.starts };
      lazy(out, "map", function () { return E.decode(pit.map, data.n, data.mq, 2); });
      lazy(out, "runs", function () {
        return pit.runs.map(function (start) {
          var run = {};
          for (var key in start) {
            run[key] = key === "fixed" ? start[key].map(function (r) { return decodeRun(r, data); })
              : decodeRun(start[key], data);
          }
          return run;
        });
      });
      return out;
    });
  }

  function where(p) { return "(" + E.fixed(p[0]) + ",\u00a0" + E.fixed(p[1]) + ")"; }

  function Descent(root, raw) {
    var self = this, id = E.uid("descent");
    this.root = root;
    this.raw = raw;
    this.pits = decodeSet(this.raw);
    this.size = this.raw.size;
    this.view = { x: [0, this.size], y: [0, this.size] };
    root.textContent = "";

    var controls = E.element("div", { class: "descent-controls" });
    this.pitSelect = E.select(controls, id + "-pit", "Pit", this.pits.map(function (p) {
      return p.title; }), function (k) { self.choose({ pit: k, start: 0 }); });
    this.startSelect = E.select(controls, id + "-start", "Start", [],
      function (k) { self.choose({ start: k }); });
    this.methodSelect = E.select(controls, id + "-method", "Step rule", this.raw.names,
      function (k) { self.choose({ method: k }); });

    this.sizeRow = E.element("div", { class: "descent-row" });
    var steps = this.raw.steps;
    this.sizeSlider = E.slider({ id: id + "-size", label: "Step size", last: steps.length - 1,
      value: 0, big: 1, go: function (k) {
        self.choose({ size: Math.max(0, Math.min(steps.length - 1, k)) }); } });
    this.sizeValue = E.element("output", { for: id + "-size", class: "descent-value",
      "aria-hidden": "true" });
    [this.sizeSlider.label, this.sizeSlider.el, this.sizeValue]
      .forEach(function (el) { self.sizeRow.appendChild(el); });

    this.plot = E.element("canvas", { class: "descent-map", role: "img" });
    this.status = E.announcer({ class: "descent-readout" });
    this.outcome = E.element("p", { class: "descent-outcome" });
    this.replay = E.replay({ id: id + "-step", help: id + "-help", row: "descent-row",
      value: "descent-value", delay: 250, root: root, status: this.status,
      outcome: this.outcome, run: function () { return self.run; },
      readout: function (k) { return self.readout(k); }, draw: function () { self.draw(); } });
    this.player = this.replay.player;
    var legend = E.element("p", { class: "descent-legend" },
      "The pit seen from above, 6\u00a0m by 6\u00a0m: dark purple is deep (\u22129\u00a0m), " +
      "yellow shallow (\u22121\u00a0m), with a contour every metre; the phone marks the lowest point. White " +
      "circles: the starts. White line: the path, a dot per step; orange: the step shown.");
    var help = E.element("p", { id: id + "-help", class: "descent-help" },
      "Pick a pit, a start (or click near one on the map) and a step rule; for the fixed step, " +
      "its size. Play replays the path; the Step slider moves through it (arrow keys step " +
      "one, Home and End go to the start and the end).");

    [controls, this.sizeRow, this.plot, this.replay.el, this.status.el, this.outcome, legend, help]
      .forEach(function (el) { root.appendChild(el); });

    this.plot.addEventListener("click", function (event) { self.clicked(event); });
    E.watch(this.plot, function () { self.draw(); });
    this.at = { pit: -1, start: 0, method: 0, size: Math.min(3, steps.length - 1) };
    this.choose({ pit: 0 }, true);
    E.register("descent", this);
  }

  // Change what is shown (any of pit, start, method, size) and show the whole new path.
  Descent.prototype.choose = function (change, quiet) {
    if (this.player.playing()) this.player.stop(true);
    var at = this.at, pitChanged = change.pit !== undefined && change.pit !== at.pit;
    for (var key in change) at[key] = change[key];
    this.pit = this.pits[at.pit];
    if (pitChanged) {
      E.options(this.startSelect, this.pit.starts.map(where));
    }
    this.pitSelect.selectedIndex = at.pit;
    this.startSelect.selectedIndex = at.start;
    this.methodSelect.selectedIndex = at.method;
    var method = this.raw.methods[at.method], runs = this.pit.runs[at.start];
    this.method = method;
    this.run = method === "fixed" ? runs.fixed[at.size] : runs[method];
    this.sizeRow.hidden = method !== "fixed";
    var size = this.raw.steps[at.size];
    this.sizeSlider.set(at.size, "step size " + size);
    this.sizeValue.textContent = String(size);
    this.replay.fit();
    var data = this.root.dataset;
    data.pit = String(at.pit); data.start = String(at.start); data.method = method;
    data.size = String(at.size); data.kind = this.run.kind;
    this.show(this.run.steps.length - 1, quiet);
  };

  // The start nearest a click on the map, if within 0.4 m of it.
  Descent.prototype.clicked = function (event) {
    if (!this.map) return;
    var box = this.plot.getBoundingClientRect(), map = this.map;
    var x = map.x(event.clientX - box.left), y = map.y(event.clientY - box.top), best = -1;
    var near = 0.4;
    this.pit.starts.forEach(function (p, k) {
      var d = Math.hypot(p[0] - x, p[1] - y);
      if (d < near) { near = d; best = k; }
    });
    if (best >= 0) this.choose({ start: best });
  };

  Descent.prototype.rule = function (step) { // the rule of step number `step` (from step - 1)
    if (this.method === "fixed") return "a fixed step of " + this.raw.steps[this.at.size];
    if (this.method === "hybrid") return RULES[this.run.rules.charAt(step - 1)];
    return STEP_RULE[this.method];
  };

  Descent.prototype.readout = function (k) {
    var run = this.run, step = run.steps[k];
    return E.told(run, k, "depth " + E.fixed(run.depth[k]) + "\u00a0m at " + where(run.x[k]),
      step ? this.rule(step) : "");
  };

  Descent.prototype.show = function (k, quiet) { this.replay.show(k, quiet); };

  // Where the iterates 0..shown are drawn, in CSS pixels of the map (for the tests); those off
  // the map are left out.
  Descent.prototype.pixels = function () {
    return E.onMap(this.map, this.run.x.slice(0, this.replay.frame + 1), this.view);
  };

  Descent.prototype.draw = function () {
    var g = E.prepare(this.plot, 1), c = E.colours(this.root), self = this;
    if (!g) return;
    var size = this.size, side = g.width - 48, ticks = [], view = this.view;
    var box = { left: 34, top: 18, width: side, height: side }; // left + right = top + bottom
    for (var t = 0; t <= size; t++) ticks.push(t);
    var map = this.map = E.heatmap(g, box, view, { value: E.bilinear(this.pit.map, this.raw.n,
      view), lo: -9, hi: -1, grid: this.pit.map, n: this.raw.n, levels: LEVELS,
      x: { ticks: ticks, label: "x (m) \u2192" }, y: { ticks: ticks, label: "\u2191 y (m)" } }, c);
    g.save();
    g.beginPath(); g.rect(box.left, box.top, box.width, box.height); g.clip();
    E.phone(g, map.px(this.pit.lowest[0]), map.py(this.pit.lowest[1]), "#222222");
    this.pit.starts.forEach(function (p, k) {
      E.ring(g, map.px(p[0]), map.py(p[1]), k === self.at.start ? 7 : 5);
    });
    var path = this.run.x.slice(0, this.replay.frame + 1), now = path[path.length - 1];
    E.trail(g, map, path, view, size);
    g.restore();
    this.plot.setAttribute("aria-label", "Map of " + this.pit.title + ", 6\u00a0m by 6\u00a0m, with the " +
      "path of " + this.raw.names[this.at.method].toLowerCase() + (this.method === "fixed" ?
      " (size " + this.raw.steps[this.at.size] + ")" : "") + " from " + where(path[0]) +
      ": step " + this.run.steps[this.replay.frame] + " of " + this.run.nit + " at " + where(now) +
      (E.inside(now, view) ? "" : ", off the map"));
  };

  E.start(".mlcalc-descent", function (root, k, raw) { new Descent(root, raw); });
})();
