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
    var count = raw.x.length, steps = [];
    if (raw.k === null) for (var i = 0; i <= raw.nit; i++) steps.push(i);
    else steps = Array.from(E.decode(raw.k, count, 1));
    var xs = E.decode(raw.x, count, data.q), ys = E.decode(raw.y, count, data.q);
    return { nit: raw.nit, steps: steps, x: Array.from(xs, function (x, k) {
      return [x, ys[k]]; }), depth: Array.from(E.decode(raw.d, count, data.dq)), rules: raw.r,
      kind: data.kinds[raw.kind], converged: !!raw.c, message: data.messages[raw.m] };
  }

  function decodeSet(data) {
    return data.pits.map(function (pit) {
      return { name: pit.name, title: pit.title, lowest: pit.lowest, starts: pit.starts,
        map: E.decode(pit.map, data.n, data.mq, 2),
        runs: pit.runs.map(function (start) {
          var out = {};
          for (var key in start) {
            out[key] = key === "fixed" ? start[key].map(function (r) { return decodeRun(r, data); })
              : decodeRun(start[key], data);
          }
          return out;
        }) };
    });
  }

  function metres(v, decimals) { // −8.97, or 1.2×10⁷ when far out
    if (Math.abs(v) < 1e4) return E.number(v, decimals === undefined ? 2 : decimals);
    var e = Math.floor(Math.log10(Math.abs(v)));
    return E.number(v / Math.pow(10, e), 1) + "\u00d7" + E.power(e);
  }
  function where(p) { return "(" + metres(p[0]) + ",\u00a0" + metres(p[1]) + ")"; }

  function Descent(root, raw) {
    var self = this, id = E.uid("descent");
    this.root = root;
    this.raw = raw;
    this.pits = decodeSet(this.raw);
    this.size = this.raw.size;
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
    var replay = E.element("div", { class: "descent-row" });
    this.status = E.announcer({ class: "descent-readout" });
    this.replay = E.slider({ id: id + "-step", label: "Step", last: 1, value: 1,
      help: id + "-help", go: function (k) { self.show(k); } });
    this.player = E.player({ status: this.status, delay: 250,
      show: function (k, quiet) { self.show(k, quiet); },
      frame: function () { return self.frame; },
      last: function () { return self.run.steps.length - 1; } });
    this.stepValue = E.element("output", { for: id + "-step", class: "descent-value",
      "aria-hidden": "true" });
    [this.player.el, this.replay.label, this.replay.el, this.stepValue]
      .forEach(function (el) { replay.appendChild(el); });
    this.outcome = E.element("p", { class: "descent-outcome" });
    var legend = E.element("p", { class: "descent-legend" },
      "The pit seen from above, 6\u00a0m by 6\u00a0m: dark purple is deep (\u22129\u00a0m), " +
      "yellow shallow (\u22121\u00a0m), with a contour every metre; the phone marks the lowest point. White " +
      "circles: the starts. White line: the path, a dot per step; orange: the step shown.");
    var help = E.element("p", { id: id + "-help", class: "descent-help" },
      "Pick a pit, a start (or click near one on the map) and a step rule; for the fixed step, " +
      "its size. Play replays the path; the Step slider moves through it (arrow keys step " +
      "one, Home and End go to the start and the end).");

    [controls, this.sizeRow, this.plot, replay, this.status.el, this.outcome, legend, help]
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
    this.replay.range(Math.max(1, this.run.steps.length - 1));
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

  Descent.prototype.readout = function () {
    var run = this.run, k = this.frame, step = run.steps[k], last = run.steps.length - 1;
    var here = "depth " + metres(run.depth[k]) + "\u00a0m at " + where(run.x[k]);
    if (step === 0) {
      return "Start: " + here + ". " + (run.nit ? run.nit + (run.nit === 1 ? " step" : " steps") +
        " in all." : E.sentence(run.message));
    }
    var text = "Step " + step + " of " + run.nit + ": " + here + ", " + this.rule(step) + ".";
    return k === last ? text + " " + E.sentence(run.message) : text;
  };

  Descent.prototype.show = function (k, quiet) {
    var last = this.run.steps.length - 1;
    this.frame = Math.max(0, Math.min(last, k));
    var step = this.run.steps[this.frame], text = this.readout();
    this.replay.set(this.frame, "step " + step + " of " + this.run.nit);
    this.stepValue.textContent = step + "/" + this.run.nit;
    this.root.dataset.step = String(this.frame);
    this.outcome.hidden = this.frame === last; // at the end the readout says how it ended
    this.outcome.textContent = "Play, or move the Step slider, to see how it ends, after " +
      this.run.nit + (this.run.nit === 1 ? " step." : " steps.");
    if (quiet) this.status.el.textContent = text;
    else this.status.say(text);
    this.draw();
  };

  // The depth at (x, y) in the pit, bilinear between the grid's nodes.
  Descent.prototype.depth = function (x, y) {
    var n = this.raw.n, h = this.size / (n - 1), grid = this.pit.map;
    var j = Math.max(0, Math.min(n - 2, Math.floor(x / h))),
      i = Math.max(0, Math.min(n - 2, Math.floor(y / h)));
    var s = x / h - j, t = y / h - i, k = i * n + j;
    return (1 - t) * ((1 - s) * grid[k] + s * grid[k + 1]) +
      t * ((1 - s) * grid[k + n] + s * grid[k + n + 1]);
  };

  // Where the iterates 0..shown are drawn, in CSS pixels of the map (for the tests); those off
  // the map are left out.
  Descent.prototype.pixels = function () {
    var map = this.map, size = this.size;
    return this.run.x.slice(0, this.frame + 1).filter(function (p) {
      return p[0] >= 0 && p[0] <= size && p[1] >= 0 && p[1] <= size;
    }).map(function (p) { return [map.px(p[0]), map.py(p[1])]; });
  };

  Descent.prototype.draw = function () {
    var g = E.prepare(this.plot, 1), c = E.colours(this.root), self = this;
    if (!g) return;
    var size = this.size, side = g.width - 48, ticks = [];
    var box = { left: 34, top: 18, width: side, height: side }; // left + right = top + bottom
    for (var t = 0; t <= size; t++) ticks.push(t);
    E.shade(g, box, { x: [0, size], y: [0, size] }, function (x, y) { return self.depth(x, y); },
      -9, -1, Math.min(96, Math.round(side / 4)));
    g.strokeStyle = "rgba(0,0,0,0.5)"; g.lineWidth = 1;
    E.contours(g, box, this.pit.map, this.raw.n, LEVELS);
    var map = this.map = E.axes(g, box, { lo: 0, hi: size, ticks: ticks, label: "x (m) \u2192" },
      { lo: 0, hi: size, ticks: ticks, label: "\u2191 y (m)" }, c);
    map.x = function (px) { return (px - box.left) / box.width * size; };
    map.y = function (py) { return size - (py - box.top) / box.height * size; };
    g.save();
    g.beginPath(); g.rect(box.left, box.top, box.width, box.height); g.clip();
    E.phone(g, map.px(this.pit.lowest[0]), map.py(this.pit.lowest[1]), "#222222");
    this.pit.starts.forEach(function (p, k) {
      g.beginPath(); g.arc(map.px(p[0]), map.py(p[1]), k === self.at.start ? 7 : 5, 0, 2 * Math.PI);
      g.lineWidth = 2; g.strokeStyle = "#000000"; g.stroke();
      g.lineWidth = 1.5; g.strokeStyle = "#ffffff"; g.stroke();
    });
    var path = this.run.x.slice(0, this.frame + 1), margin = size;
    [["#000000", 4.5], ["#ffffff", 2.5]].forEach(function (pen) { // a cased white line
      g.strokeStyle = pen[0]; g.lineWidth = pen[1]; g.lineJoin = "round"; g.lineCap = "round";
      for (var i = 1; i < path.length; i++) {
        var s = E.clip(path[i - 1][0], path[i - 1][1], path[i][0], path[i][1], -margin,
          size + margin, -margin, size + margin);
        if (!s) continue;
        g.beginPath(); g.moveTo(map.px(s[0]), map.py(s[1])); g.lineTo(map.px(s[2]), map.py(s[3]));
        g.stroke();
      }
    });
    this.pixels().forEach(function (p) {
      g.beginPath(); g.arc(p[0], p[1], 2.5, 0, 2 * Math.PI);
      g.fillStyle = "#ffffff"; g.fill(); g.lineWidth = 1; g.strokeStyle = "#000000"; g.stroke();
    });
    var now = path[path.length - 1], off = now[0] < 0 || now[0] > size || now[1] < 0 ||
      now[1] > size;
    if (!off) {
      g.beginPath(); g.arc(map.px(now[0]), map.py(now[1]), 6, 0, 2 * Math.PI);
      g.fillStyle = "#f0a35e"; g.fill(); g.lineWidth = 2; g.strokeStyle = "#000000"; g.stroke();
    }
    g.restore();
    this.plot.setAttribute("aria-label", "Map of " + this.pit.title + ", 6\u00a0m by 6\u00a0m, with the " +
      "path of " + this.raw.names[this.at.method].toLowerCase() + (this.method === "fixed" ?
      " (size " + this.raw.steps[this.at.size] + ")" : "") + " from " + where(path[0]) +
      ": step " + this.run.steps[this.frame] + " of " + this.run.nit + " at " + where(now) +
      (off ? ", off the map" : ""));
  };

  E.start(".mlcalc-descent", function (root, k, raw) { new Descent(root, raw); });
})();
