/* A least-squares fit replayed over its chi-squared map: pick a step size, replay the path.
 *
 * mlcalc.widgets.fit_explorer puts the data in the page as a JSON block (log10 chi2 on a grid
 * over the window of the two parameters; for each fixed step size, the run of
 * mlcalc.least_squares by steepest descent: the iterates kept, chi2 at each, whether it
 * converged and the library's message; the minimum that Levenberg-Marquardt finds) beside a
 * <div class="mlcalc-fit" data-source="ID">. This script, with explorer.js, draws chi2 as a
 * shaded map with contours, the start, the minimum and the chosen run's path (to the map's
 * edge where it leaves it), and replays the path step by step. It fits nothing. No kernel.
 *
 * The stylesheet has no rules of its own for this explorer yet: its elements also carry the
 * descent explorer's classes, whose layout (a square map, rows, readout) they share.
 */
(function () {
  "use strict";
  var E = window.mlcalcExplorer;
  if (!E) return;
  var CHI = "\u03c7\u00b2", IS = "\u00a0=\u00a0"; // " = " that a line does not break at

  function decodeRuns(raw) { // as mlcalc.widgets.fit_decode does (the iterates: ints / 10^d)
    var scale = raw.d.map(function (d) { return Math.pow(10, d); });
    return raw.runs.map(function (run) {
      var path = E.iterates(run, 1, 1);
      path.x = path.x.map(function (p) { return [p[0] / scale[0], p[1] / scale[1]]; });
      path.chi2 = Array.from(E.decode(run.c2, run.x.length, raw.cq), function (v) {
        return Math.pow(10, v); });
      path.converged = !!run.c;
      path.message = raw.messages[run.m];
      return path;
    });
  }

  // chi2 to 3 significant digits: 0.159, 12.3, or 1.59×10⁻³ below 0.1 and from 10⁴ up.
  function chiText(v) {
    var parts = v.toExponential(2).split("e"), e = +parts[1];
    return e >= -1 && e < 4 ? String(+v.toPrecision(3)) : parts[0] + "\u00d7" + E.power(e);
  }

  // A cross of white edged in black at (x, y) in CSS px: the minimum.
  function cross(g, x, y) {
    [["#000000", 5], ["#ffffff", 2.5]].forEach(function (pen) {
      g.strokeStyle = pen[0]; g.lineWidth = pen[1]; g.lineCap = "round";
      g.beginPath(); g.moveTo(x - 7, y - 7); g.lineTo(x + 7, y + 7);
      g.moveTo(x - 7, y + 7); g.lineTo(x + 7, y - 7); g.stroke();
    });
  }

  function Fit(root, raw) {
    var self = this, id = E.uid("fit");
    this.root = root;
    this.raw = raw;
    this.runs = decodeRuns(raw);
    this.view = { x: raw.window[0], y: raw.window[1] };
    this.grid = E.decode(raw.map, raw.n, raw.mq, 2);
    this.lo = this.grid.reduce(function (a, b) { return Math.min(a, b); }, Infinity);
    this.hi = this.grid.reduce(function (a, b) { return Math.max(a, b); }, -Infinity);
    var lo = this.lo, hi = this.hi, ticks = E.ticks(lo, hi, 8);
    this.levels = ticks.filter(function (v) { return v > lo + 1e-9 && v < hi - 1e-9; });
    this.decimals = raw.d.map(function (d) { return Math.max(0, d - 2); });
    root.textContent = "";

    var controls = E.element("div", { class: "fit-controls descent-controls" });
    this.sizeSelect = E.select(controls, id + "-size", "Step size", raw.steps.map(String),
      function (k) { self.choose(k); });
    this.plot = E.element("canvas", { class: "fit-map descent-map", role: "img" });
    this.plot.style.cursor = "default"; // the descent map's pointer means "click a start"
    this.status = E.announcer({ class: "fit-readout descent-readout" });
    this.outcome = E.element("p", { class: "fit-outcome descent-outcome" });
    this.replay = E.replay({ id: id + "-step", help: id + "-help", row: "fit-row descent-row",
      value: "fit-value descent-value", delay: 250, root: root, status: this.status,
      outcome: this.outcome, run: function () { return self.run; },
      readout: function (k) { return self.readout(k); }, draw: function () { self.draw(); } });
    this.player = this.replay.player;
    var legend = E.element("p", { class: "fit-legend descent-legend" }, this.legend(ticks));
    var help = E.element("p", { id: id + "-help", class: "fit-help descent-help" },
      "Pick a step size: each run starts at the white circle and takes fixed steps down the " +
      "gradient of " + CHI + ". Play replays the path; the Step slider moves through it (arrow " +
      "keys step one, Home and End go to the start and the end).");
    [controls, this.plot, this.replay.el, this.status.el, this.outcome, legend, help]
      .forEach(function (el) { root.appendChild(el); });

    E.watch(this.plot, function () { self.draw(); });
    this.choose(raw.first, true);
    E.register("fit", this);
  }

  // A parameter's value with its unit: "168.2 cm".
  Fit.prototype.value = function (j, v) {
    var unit = this.raw.units[j];
    return E.fixed(v, this.decimals[j]) + (unit ? "\u00a0" + unit : "");
  };

  Fit.prototype.where = function (p) {
    return this.raw.names[0] + IS + this.value(0, p[0]) + ", " + this.raw.names[1] + IS +
      this.value(1, p[1]);
  };

  Fit.prototype.legend = function (ticks) {
    var lm = this.raw.lm, every = ticks.length > 1 ? +(ticks[1] - ticks[0]).toFixed(6) : 1;
    var names = "(" + this.raw.names.join(", ") + ")";
    return CHI + " over " + names + " on a log scale: dark purple is low, yellow high, with a " +
      "contour every " + E.number(every) + " decade (" + CHI + " \u00d7 " +
      E.number(Math.pow(10, every), 2) + "). White circle: the start. Cross: where " +
      "Levenberg\u2013Marquardt " + (lm.c ? "finds the minimum" : "stopped, not converged") +
      ", " + this.where(lm.p) + ", " + CHI + IS + chiText(lm.chi2) + ", in " + lm.nit +
      (lm.nit === 1 ? " step" : " steps") + ". White line: the path, a dot per step on the " +
      "map; orange: the step shown.";
  };

  // Show the run of the k-th step size, whole.
  Fit.prototype.choose = function (k, quiet) {
    if (this.player.playing()) this.player.stop(true);
    this.size = k;
    this.run = this.runs[k];
    this.sizeSelect.selectedIndex = k;
    this.root.dataset.size = String(k);
    this.replay.fit();
    this.replay.show(this.run.steps.length - 1, quiet);
  };

  Fit.prototype.readout = function (k) {
    var run = this.run, p = run.x[k];
    return E.told(run, k, this.where(p) + ", " + CHI + IS + chiText(run.chi2[k]),
      E.inside(p, this.view) ? "" : "off the map");
  };

  // Where the iterates 0..shown are drawn, in CSS pixels of the map (for the tests); those off
  // the map are left out.
  Fit.prototype.pixels = function () {
    return E.onMap(this.map, this.run.x.slice(0, this.replay.frame + 1), this.view);
  };

  Fit.prototype.draw = function () {
    var g = E.prepare(this.plot, 1), c = E.colours(this.root), raw = this.raw, view = this.view;
    if (!g) return;
    var side = g.width - 48, count = Math.max(3, Math.round(side / 70));
    var box = { left: 34, top: 18, width: side, height: side }; // left + right = top + bottom
    function label(j, text) {
      return raw.units[j] ? text.replace("%", raw.names[j] + " (" + raw.units[j] + ")")
        : text.replace("%", raw.names[j]);
    }
    var map = this.map = E.heatmap(g, box, view, { value: E.bilinear(this.grid, raw.n, view),
      lo: this.lo, hi: this.hi, grid: this.grid, n: raw.n, levels: this.levels,
      x: { ticks: E.ticks(view.x[0], view.x[1], count), format: E.number,
        label: label(0, "% \u2192") },
      y: { ticks: E.ticks(view.y[0], view.y[1], count), format: E.number,
        label: label(1, "\u2191 %") } }, c);
    g.save();
    g.beginPath(); g.rect(box.left, box.top, box.width, box.height); g.clip();
    var path = this.run.x.slice(0, this.replay.frame + 1), now = path[path.length - 1];
    cross(g, map.px(raw.lm.p[0]), map.py(raw.lm.p[1]));
    E.ring(g, map.px(path[0][0]), map.py(path[0][1]), 7);
    E.trail(g, map, path, view, 0);
    g.restore();
    this.plot.setAttribute("aria-label", "Map of " + CHI + " over " + raw.names[0] + " from " +
      this.value(0, view.x[0]) + " to " + this.value(0, view.x[1]) + " and " + raw.names[1] +
      " from " + this.value(1, view.y[0]) + " to " + this.value(1, view.y[1]) + ", with the " +
      "path of steepest descent with step size " + raw.steps[this.size] + ": step " +
      this.run.steps[this.replay.frame] + " of " + this.run.nit + " at " + this.where(now) +
      (E.inside(now, view) ? "" : ", off the map"));
  };

  E.start(".mlcalc-fit", function (root, k, raw) { new Fit(root, raw); });
})();
