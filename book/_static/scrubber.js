/* Watch a network learn: scrub through the snapshots of its training.
 *
 * mlcalc.widgets.scrubber puts each run in the page as a JSON block (the network's curve at the
 * recorded iterations, the target's points, the thinned cost history; rounded and delta-coded)
 * beside a <div class="mlcalc-scrubber" data-source="ID">. This script, with explorer.js, draws
 * one frame (the curve, the points (x, y) joined in order of t, over the target's points, and
 * the cost against the iteration with a marker at the frame's) and lets the reader move through
 * the frames with a slider, a Play button or the keyboard. No kernel: it only draws.
 */
(function () {
  "use strict";
  var E = window.mlcalcExplorer;
  if (!E) return;

  function decodeRun(raw) { // as mlcalc.widgets.scrubber_decode does
    var m = raw.m, xs = E.decode(raw.x, m, raw.q), ys = E.decode(raw.y, m, raw.q), frames = [];
    for (var k = 0; k < raw.it.length; k++) {
      var points = [];
      for (var i = 0; i < m; i++) points.push([xs[k * m + i], ys[k * m + i]]);
      frames.push(points);
    }
    var tx = E.decode(raw.tx, raw.tx.length, raw.q), ty = E.decode(raw.ty, raw.ty.length, raw.q);
    var target = [];
    for (var j = 0; j < tx.length; j++) target.push([tx[j], ty[j]]);
    var costIt = E.decode(raw.costIt, raw.costIt.length, 1), logCost = E.decode(raw.cost,
      raw.cost.length, raw.cq), at = {};
    for (var c = 0; c < costIt.length; c++) at[Math.round(costIt[c])] = logCost[c];
    return { it: raw.it, frames: frames, target: target, costIt: Array.from(costIt),
      logCost: Array.from(logCost), frameLogCost: raw.it.map(function (i) { return at[i]; }),
      view: raw.view };
  }

  function cost(logCost) { // the cost to three significant figures, as text
    var v = Math.pow(10, logCost);
    return v.toPrecision(3).replace(/e([+-])(\d+)$/, function (_, s, d) {
      return " \u00d7 10^" + (s === "-" ? "\u2212" : "") + d; });
  }

  function Scrubber(root, raw) {
    var self = this, id = E.uid("scrubber");
    this.root = root;
    this.run = decodeRun(raw);
    var last = this.run.it.length - 1;
    root.textContent = "";

    this.curve = E.element("canvas", { class: "scrubber-curve", role: "img" });
    this.costCanvas = E.element("canvas", { class: "scrubber-cost", role: "img" });
    var legend = E.element("p", { class: "scrubber-legend" },
      "Line: the network\u2019s curve, its outputs (x, y) in order of t. Dots: the target\u2019s " +
      "points. Below: the cost against the iteration, both on log scales; the dot marks this " +
      "frame.");

    var controls = E.element("div", { class: "scrubber-controls" });
    this.slider = E.slider({ id: id + "-slider", label: "Iteration", last: last, value: last,
      help: id + "-help", go: function (k) { self.show(k); } });
    this.status = E.announcer({ class: "scrubber-status" });
    this.player = E.player({ status: this.status, show: function (k, quiet) { self.show(k, quiet); },
      frame: function () { return self.frame; }, last: function () { return last; } });
    this.play = this.player.el;
    controls.appendChild(this.play);
    controls.appendChild(this.slider.label);
    controls.appendChild(this.slider.el);
    var help = E.element("p", { id: id + "-help", class: "scrubber-help" },
      "Arrow keys step one frame; Page Up and Page Down jump " + this.slider.big + "; Home and " +
      "End go to the untrained and the trained network.");

    [this.curve, controls, this.status.el, this.costCanvas, legend, help]
      .forEach(function (el) { root.appendChild(el); });

    E.watch(this.curve, function () { self.draw(); });
    this.show(last, true);
    E.register("scrubber", this);
  }

  Scrubber.prototype.show = function (k, quiet) {
    var last = this.run.it.length - 1;
    this.frame = Math.max(0, Math.min(last, k));
    var text = "iteration " + this.run.it[this.frame] + ", cost " +
      cost(this.run.frameLogCost[this.frame]);
    this.slider.set(this.frame, text);
    this.root.dataset.frame = String(this.frame);
    this.draw();
    if (!quiet) this.status.say(text.charAt(0).toUpperCase() + text.slice(1));
    else this.status.el.textContent = text.charAt(0).toUpperCase() + text.slice(1);
  };

  // Where frame k's points are drawn, in the curve canvas's CSS pixels (for the tests).
  Scrubber.prototype.pixels = function (k) {
    var map = this.map;
    return this.run.frames[k].map(function (p) { return [map.px(p[0]), map.py(p[1])]; });
  };

  Scrubber.prototype.draw = function () {
    var g = E.prepare(this.curve, 1), c = E.colours(this.root), run = this.run;
    if (!g) return;
    var lo = run.view[0], hi = run.view[1], ticks = [];
    for (var t = Math.ceil(lo * 2) / 2; t <= hi + 1e-9; t += 0.5) ticks.push(t);
    var side = g.width - 48; // left + right = top + bottom: a square plot
    var map = this.map = E.axes(g, { left: 34, top: 18, width: side, height: side },
      { lo: lo, hi: hi, ticks: ticks, label: "x" }, { lo: lo, hi: hi, ticks: ticks, label: "y" }, c);
    g.fillStyle = c.orange;
    run.target.forEach(function (p) {
      g.beginPath(); g.arc(map.px(p[0]), map.py(p[1]), 2.5, 0, 2 * Math.PI); g.fill();
    });
    var points = run.frames[this.frame];
    g.fillStyle = c.blue; // each output a dot, so that a curve shrunk to a point still shows
    points.forEach(function (p) {
      g.beginPath(); g.arc(map.px(p[0]), map.py(p[1]), 1.75, 0, 2 * Math.PI); g.fill();
    });
    g.strokeStyle = c.blue;
    g.lineWidth = 2;
    g.lineJoin = "round";
    g.beginPath();
    points.forEach(function (p, i) {
      if (i) g.lineTo(map.px(p[0]), map.py(p[1])); else g.moveTo(map.px(p[0]), map.py(p[1]));
    });
    g.stroke();
    this.curve.setAttribute("aria-label", "The network\u2019s curve at iteration " +
      run.it[this.frame] + " over the target\u2019s " + run.target.length + " points");
    this.drawCost(c);
  };

  Scrubber.prototype.drawCost = function (c) {
    var g = E.prepare(this.costCanvas, 0.42), run = this.run;
    if (!g) return;
    var xs = run.costIt.map(function (i) { return Math.log(i + 1) / Math.LN10; });
    var ymin = Math.floor(Math.min.apply(null, run.logCost)),
      ymax = Math.ceil(Math.max.apply(null, run.logCost));
    if (ymax === ymin) ymax += 1;
    var xmax = Math.max(1, Math.ceil(xs[xs.length - 1])), xt = [], yt = [];
    for (var a = 0; a <= xmax; a++) xt.push(a);
    var stepY = Math.ceil((ymax - ymin) / 4);
    for (var b = ymin; b <= ymax; b += stepY) yt.push(b);
    var box = { left: 42, top: 20, width: g.width - 54, height: g.height - 58 };
    var map = E.axes(g, box,
      { lo: 0, hi: xmax, ticks: xt, format: function (v) { return v ? E.power(v) : "1"; },
        label: "iteration + 1 \u2192" },
      { lo: ymin, hi: ymax, ticks: yt, format: E.power, label: "cost" }, c);
    g.strokeStyle = c.blue;
    g.lineWidth = 1.5;
    g.beginPath();
    xs.forEach(function (x, i) {
      if (i) g.lineTo(map.px(x), map.py(run.logCost[i])); else g.moveTo(map.px(x), map.py(run.logCost[i]));
    });
    g.stroke();
    var fx = map.px(Math.log(run.it[this.frame] + 1) / Math.LN10), fy = map.py(run.frameLogCost[this.frame]);
    g.strokeStyle = c.grid;
    g.beginPath(); g.moveTo(fx, box.top); g.lineTo(fx, box.top + box.height); g.stroke();
    g.fillStyle = c.orange; g.strokeStyle = c.marker; g.lineWidth = 1.5;
    g.beginPath(); g.arc(fx, fy, 5, 0, 2 * Math.PI); g.fill(); g.stroke();
    this.costCanvas.setAttribute("aria-label", "Cost against iteration, on log scales, from " +
      cost(run.logCost[0]) + " to " + cost(run.logCost[run.logCost.length - 1]) +
      "; the marker is at iteration " + run.it[this.frame]);
  };

  E.start(".mlcalc-scrubber", function (root, k, raw) { new Scrubber(root, raw); });
})();
