/* Newton's method in one dimension: pick a start on the axis, step along the tangents.
 *
 * mlcalc.widgets.newton_explorer puts the data in the page as a JSON block (the curve f across
 * the window; for every start of an even grid across it, the run of mlcalc.newton_raphson: its
 * iterates, f at each to 2 significant digits, how it ended and the library's message) beside a
 * <div class="mlcalc-newton" data-source="ID">. This script, with explorer.js, draws the curve
 * and, for the chosen start, each step's tangent line from (x_k, f(x_k)) down to its zero
 * crossing (x_{k+1}, 0) and the vertical back up to the curve; it reads out each iterate. It
 * evaluates nothing: the dots sit on the curve as the data draws it. No kernel.
 */
(function () {
  "use strict";
  var E = window.mlcalcExplorer;
  if (!E) return;
  var F_EXPONENT = 200; // as mlcalc.widgets.F_EXPONENT
  var BOUND = 1e14; // as mlcalc.widgets.NEWTON_BOUND: farther iterates are clipped
  var STRIP = 7; // the height of the outcome strip along the plot's foot, in CSS pixels

  function decodeSet(raw) { // as mlcalc.widgets.newton_decode does
    var n = raw.n, grid = E.decode(raw.s, n, 1), runs = [], at = 0, codes = 0;
    // multiples of 10^-d as the nearest numbers: dividing by 10^d is exact, rounds once
    var scale = raw.d >= 0 ? function (v) { return v / Math.pow(10, raw.d); } :
      function (v) { return v * Math.pow(10, -raw.d); };
    for (var k = 0; k < n; k++) {
      var ints = [grid[k]], steps = raw.len[k];
      for (var i = 0; i < steps; i++) ints.push(ints[i] + raw.it[at + i]);
      at += steps;
      runs.push({ x: ints.map(scale),
        f: raw.fx.slice(codes, codes + steps + 1), outcome: raw.outcomes[raw.out[k]],
        message: raw.messages[raw.msg[k]] });
      codes += steps + 1;
    }
    var xs = [], gaps = {};
    for (var j = 0; j < raw.m; j++) xs.push(raw.x[0] + j * (raw.x[1] - raw.x[0]) / (raw.m - 1));
    raw.gaps.forEach(function (i) { gaps[i] = true; });
    return { starts: Array.from(grid, scale), runs: runs, curveX: xs,
      curve: Array.from(E.decode(raw.f, raw.m, raw.fq, 2)), gaps: gaps };
  }

  // f(x_k) from its code: [sign, 2 significant digits m, exponent e] for m x 10^(e - 1).
  function parts(code) {
    var e = Math.round(code / F_EXPONENT), rest = code - F_EXPONENT * e;
    return [Math.sign(rest), Math.abs(rest), e];
  }
  function value(code) {
    var p = parts(code);
    return p[0] * p[1] * Math.pow(10, p[2] - 1);
  }

  var MINUS = "\u2212";
  function fText(code) { // 2 significant digits: 2.0, 0.021, 2.1×10⁻⁵
    if (code === 0) return "0";
    var p = parts(code), sign = p[0] < 0 ? MINUS : "", m = p[1], e = p[2];
    if (e >= -2 && e <= 4) {
      var text = e >= 1 ? String(m * Math.pow(10, e - 1)) : (m / Math.pow(10, 1 - e)).toFixed(1 - e);
      return sign + text;
    }
    return sign + (m / 10).toFixed(1) + "\u00d7" + E.power(e);
  }

  function Newton(root, raw) {
    var self = this, id = E.uid("newton");
    this.root = root;
    this.raw = raw;
    var data = decodeSet(this.raw);
    this.starts = data.starts;
    this.runs = data.runs;
    this.curveX = data.curveX;
    this.curve = data.curve;
    this.gaps = data.gaps;
    this.last = this.starts.length - 1;
    root.textContent = "";

    this.plot = E.element("canvas", { class: "newton-plot", tabindex: "0", role: "application",
      "aria-roledescription": "plot", "aria-describedby": id + "-help" });
    var start = E.element("div", { class: "newton-row" });
    this.startSlider = E.slider({ id: id + "-start", label: "Start x\u2080", last: this.last,
      value: this.raw.s0, big: 10, help: id + "-help", go: function (k) { self.pick(k); } });
    this.startValue = E.element("output", { for: id + "-start", class: "newton-value",
      "aria-hidden": "true" });
    [this.startSlider.label, this.startSlider.el, this.startValue]
      .forEach(function (el) { start.appendChild(el); });
    var step = E.element("div", { class: "newton-row" });
    this.stepSlider = E.slider({ id: id + "-step", label: "Step", last: 1, value: 0,
      help: id + "-help", go: function (k) { self.show(k); } });
    this.stepValue = E.element("output", { for: id + "-step", class: "newton-value",
      "aria-hidden": "true" });
    [this.stepSlider.label, this.stepSlider.el, this.stepValue]
      .forEach(function (el) { step.appendChild(el); });
    var buttons = E.element("div", { class: "newton-buttons" });
    this.back = E.element("button", { type: "button", class: "explorer-button" },
      "Previous step");
    this.next = E.element("button", { type: "button", class: "explorer-button" }, "Next step");
    this.back.addEventListener("click", function () { self.show(self.step - 1); });
    this.next.addEventListener("click", function () { self.show(self.step + 1); });
    buttons.appendChild(this.back);
    buttons.appendChild(this.next);
    this.status = E.announcer({ class: "newton-readout" });
    this.outcome = E.element("p", { class: "newton-outcome" });
    var legend = E.element("p", { class: "newton-legend" },
      "Blue: f(x) = " + this.raw.text + ". Orange: each step\u2019s tangent line, from the " +
      "curve down to where it crosses zero, the next x; dashed: back up to the curve. The " +
      "strip along the foot of the plot colours every start by how its run ends: green " +
      "converges to a root, purple is caught in a cycle, grey runs out of steps, black stops " +
      "or diverges.");
    var help = E.element("p", { id: id + "-help", class: "newton-help" },
      "Click or tap the plot to start there. On the plot, the left and right arrow keys move " +
      "the start (with Shift, ten starts at a time), Space or Enter takes the next step and " +
      "Backspace goes back one; or use the sliders.");

    [this.plot, start, step, buttons, this.status.el, this.outcome, legend, help]
      .forEach(function (el) { root.appendChild(el); });

    this.listen();
    E.watch(this.plot, function () { self.draw(); });
    this.step = 1;
    this.pick(this.raw.s0, true);
    E.register("newton", this);
  }

  Newton.prototype.listen = function () {
    var self = this, plot = this.plot, dragging = false;
    function at(event) { // the start nearest the pointer's x
      if (!self.map) return;
      var box = plot.getBoundingClientRect(), x = self.map.x(event.clientX - box.left);
      var lo = self.starts[0], hi = self.starts[self.last];
      self.pick(Math.round((x - lo) / (hi - lo) * self.last));
    }
    plot.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      dragging = true;
      if (plot.setPointerCapture) plot.setPointerCapture(event.pointerId);
      at(event);
    });
    plot.addEventListener("pointermove", function (event) { if (dragging) at(event); });
    ["pointerup", "pointercancel"].forEach(function (type) {
      plot.addEventListener(type, function () { dragging = false; });
    });
    function move(by) {
      return function (event) { self.pick(self.index + (event.shiftKey ? 10 : 1) * by); };
    }
    function next() { self.show(self.step + 1); }
    E.keys(plot, { ArrowLeft: move(-1), ArrowRight: move(1), Home: function () { self.pick(0); },
      End: function () { self.pick(self.last); }, " ": next, Enter: next,
      Backspace: function () { self.show(self.step - 1); } });
    plot.addEventListener("focus", function () { self.draw(); });
    plot.addEventListener("blur", function () { self.draw(); });
  };

  // Start from the k-th start. At the last step of the old run, show the last of the new one;
  // else the same step, or the new run's last if it is shorter.
  Newton.prototype.pick = function (k, quiet) {
    k = Math.max(0, Math.min(this.last, k));
    var old = this.run, atEnd = old && this.step === old.x.length - 1 && this.step > 0;
    this.index = k;
    this.run = this.runs[k];
    var steps = this.run.x.length - 1;
    this.stepSlider.range(Math.max(steps, 1));
    this.startSlider.set(k, "x\u2080 = " + this.xText(this.run.x[0]));
    this.startValue.textContent = this.xText(this.run.x[0]);
    this.root.dataset.start = String(k);
    this.root.dataset.outcome = this.run.outcome;
    this.show(atEnd ? steps : this.step, quiet);
  };

  Newton.prototype.xText = function (v) {
    if (Math.abs(v) >= BOUND * this.raw.q * (1 - 1e-12)) {
      return (v < 0 ? "below " + MINUS : "beyond ") + E.power(Math.round(Math.log10(Math.abs(v))));
    }
    if (Math.abs(v) >= 1e6) {
      var e = Math.floor(Math.log10(Math.abs(v))), m = v / Math.pow(10, e);
      return String(+m.toFixed(5)).replace("-", MINUS) + "\u00d7" + E.power(e);
    }
    return E.number(v, this.raw.d);
  };

  Newton.prototype.readout = function () {
    var run = this.run, k = this.step, steps = run.x.length - 1, x = "x" + E.subscript(k);
    var where = x + " = " + this.xText(run.x[k]) + ", f(" + x + ") = " + fText(run.f[k]);
    if (run.outcome === "undefined") return "Start: x\u2080 = " + this.xText(run.x[0]) + ". " +
      this.ending();
    if (k === 0) {
      return "Start: " + where + ". " + (steps ? steps + (steps === 1 ? " step" : " steps") +
        " in all." : this.ending());
    }
    var text = "Step " + k + " of " + steps + ": " + where + ".";
    return k === steps ? text + " " + this.ending() : text;
  };

  Newton.prototype.ending = function () { return E.sentence(this.run.message); };

  Newton.prototype.show = function (k, quiet) {
    var steps = this.run.x.length - 1;
    this.step = Math.max(0, Math.min(steps, k));
    var text = this.readout();
    this.stepSlider.set(this.step, "step " + this.step + " of " + steps);
    this.stepValue.textContent = this.step + "/" + steps;
    this.root.dataset.step = String(this.step);
    this.outcome.hidden = this.step === steps; // at the end the readout says how it ended
    this.outcome.textContent = "Step on to see how it ends, after " + steps +
      (steps === 1 ? " step." : " steps.");
    if (quiet) this.status.el.textContent = text;
    else this.status.say(text);
    this.draw();
  };

  // f at x for drawing: on the curve as drawn where x is inside the window and the curve is
  // there (so the dots sit on it); else the run's own value, to 2 significant digits.
  Newton.prototype.height = function (x, code) {
    var xs = this.curveX, n = xs.length, y = this.raw.y;
    var t = (x - xs[0]) / (xs[n - 1] - xs[0]) * (n - 1), i = Math.floor(t);
    if (t >= 0 && t <= n - 1) {
      i = Math.min(i, n - 2);
      var v = this.curve[i] + (t - i) * (this.curve[i + 1] - this.curve[i]);
      if (!this.gaps[i] && v >= y[0] && v <= y[1]) return v;
    }
    return value(code);
  };

  // A segment, clipped to the window widened by half its size on each side.
  Newton.prototype.segment = function (g, x0, y0, x1, y1) {
    var xw = this.raw.x, yw = this.raw.y, mx = (xw[1] - xw[0]) / 2, my = (yw[1] - yw[0]) / 2;
    var s = E.clip(x0, y0, x1, y1, xw[0] - mx, xw[1] + mx, yw[0] - my, yw[1] + my);
    var map = this.map;
    if (!s) return;
    g.beginPath(); g.moveTo(map.px(s[0]), map.py(s[1])); g.lineTo(map.px(s[2]), map.py(s[3]));
    g.stroke();
  };

  // The points drawn for steps 0..k, in CSS pixels of the plot (for the tests): the iterates
  // on the curve and where each tangent crosses zero.
  Newton.prototype.pixels = function () {
    var run = this.run, map = this.map, out = [];
    for (var i = 0; i <= this.step; i++) {
      var x = run.x[i];
      if (x < this.raw.x[0] || x > this.raw.x[1]) continue;
      var y = this.height(x, run.f[i]);
      if (y >= this.raw.y[0] && y <= this.raw.y[1]) out.push([map.px(x), map.py(y)]);
    }
    return out;
  };

  Newton.prototype.draw = function () {
    var c = E.colours(this.root), g = E.prepare(this.plot, E.aspect(this.plot));
    if (!g) return;
    var xw = this.raw.x, yw = this.raw.y, run = this.run;
    var box = { left: 44, top: 22, width: g.width - 56, height: g.height - 58 };
    var yt = E.ticks(yw[0], yw[1], Math.max(4, Math.round(box.height / 50)))
      .filter(function (v) { return v > yw[0]; });
    var map = this.map = E.axes(g, box, { lo: xw[0], hi: xw[1], ticks: E.ticks(xw[0], xw[1],
      g.width < 400 ? 5 : 8), format: E.number, label: "x \u2192" }, { lo: yw[0], hi: yw[1],
      ticks: yt, format: E.number, label: "\u2191 f(x)" }, c);
    map.x = function (px) { return xw[0] + (px - box.left) / box.width * (xw[1] - xw[0]); };
    g.save();
    g.beginPath(); g.rect(box.left, box.top, box.width, box.height); g.clip();
    this.drawStrip(g, box, c);
    if (yw[0] < 0 && yw[1] > 0) { // the x-axis, where the tangents land
      g.strokeStyle = c.ink; g.lineWidth = 1.25;
      g.beginPath(); g.moveTo(box.left, map.py(0)); g.lineTo(box.left + box.width, map.py(0));
      g.stroke();
    }
    g.lineJoin = "round"; g.lineWidth = 2.5; g.strokeStyle = c.blue;
    E.line(g, map, this.curveX, this.curve, this.gaps);
    for (var i = 0; i < this.step; i++) {
      var now = i === this.step - 1, x0 = run.x[i], x1 = run.x[i + 1];
      var y0 = this.height(x0, run.f[i]), y1 = this.height(x1, run.f[i + 1]);
      g.globalAlpha = now ? 1 : 0.6;
      g.setLineDash([]); g.lineWidth = now ? 2.5 : 2; g.strokeStyle = c.orange;
      this.segment(g, x0, y0, x1, 0);
      g.setLineDash([4, 4]); g.lineWidth = 1.25; g.strokeStyle = c.ink;
      this.segment(g, x1, 0, x1, y1);
    }
    g.globalAlpha = 1; g.setLineDash([]);
    var x = run.x[this.step], y = this.height(x, run.f[this.step]);
    g.fillStyle = c.back; g.strokeStyle = c.ink; g.lineWidth = 2; // the start, on the axis
    g.beginPath(); g.arc(map.px(run.x[0]), map.py(0), 4.5, 0, 2 * Math.PI); g.fill(); g.stroke();
    g.fillStyle = c.orange; g.strokeStyle = c.marker; g.lineWidth = 1.5; // the current iterate
    g.beginPath(); g.arc(map.px(x), map.py(y), 5.5, 0, 2 * Math.PI); g.fill(); g.stroke();
    g.restore();
    if (x < xw[0] || x > xw[1]) this.drawOff(g, box, x, c);
    if (document.activeElement === this.plot) { // the keyboard's cursor: the start
      g.strokeStyle = c.ink; g.lineWidth = 1; g.setLineDash([2, 3]);
      g.beginPath(); g.moveTo(map.px(run.x[0]), box.top);
      g.lineTo(map.px(run.x[0]), box.top + box.height); g.stroke(); g.setLineDash([]);
    }
    this.plot.setAttribute("aria-label", "f(x) = " + this.raw.text + " (blue) for x from " +
      E.number(xw[0]) + " to " + E.number(xw[1]) + ", with Newton\u2019s method from x\u2080 = " +
      this.xText(run.x[0]) + ": step " + this.step + " of " + (run.x.length - 1) + ", x = " +
      this.xText(x) + (x < xw[0] || x > xw[1] ? " (off the plot)" : ""));
  };

  // How every start's run ends, as a strip of colour along the plot's foot.
  Newton.prototype.drawStrip = function (g, box, c) {
    var colour = { converged: c.green, cycle: c.purple, maxiter: c.grid }, map = this.map;
    var half = (this.starts[1] - this.starts[0]) / 2, foot = box.top + box.height - STRIP;
    for (var k = 0; k <= this.last; k++) {
      var left = map.px(this.starts[k] - half), right = map.px(this.starts[k] + half);
      g.fillStyle = colour[this.runs[k].outcome] || c.ink;
      g.fillRect(left, foot, right - left + 0.5, STRIP);
    }
  };

  // An iterate off the plot: an arrow at the edge, and where it went.
  Newton.prototype.drawOff = function (g, box, x, c) {
    var left = x < this.raw.x[0], edge = left ? box.left + 4 : box.left + box.width - 4;
    var y = Math.max(box.top + 14, Math.min(box.top + box.height - 24, this.map.py(0) - 14));
    var text = "x" + E.subscript(this.step) + " = " + this.xText(x);
    g.save();
    g.font = "600 12px system-ui, sans-serif";
    var w = g.measureText(text).width + 22, from = left ? edge : edge - w;
    g.fillStyle = c.back; g.globalAlpha = 0.9;
    g.fillRect(from, y - 10, w, 20);
    g.globalAlpha = 1; g.fillStyle = c.orange; g.strokeStyle = c.orange; g.lineWidth = 2;
    var tip = left ? from : from + w;
    g.beginPath(); g.moveTo(tip, y); g.lineTo(tip + (left ? 9 : -9), y - 6);
    g.lineTo(tip + (left ? 9 : -9), y + 6); g.closePath(); g.fill();
    g.fillStyle = c.ink; g.textBaseline = "middle"; g.textAlign = left ? "left" : "right";
    g.fillText(text, left ? from + 14 : from + w - 14, y);
    g.restore();
  };

  E.start(".mlcalc-newton", function (root, k, raw) { new Newton(root, raw); });
})();
