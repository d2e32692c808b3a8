/* Taylor polynomials of growing order: pick a function and a centre, move the order.
 *
 * mlcalc.widgets.taylor_explorer puts the data in the page as a JSON block (for each function
 * and centre: the function, its Taylor polynomials of orders 0 to n and their errors, sampled
 * across the window, clipped, rounded and delta-coded; the radius of convergence; each
 * polynomial as text) beside a <div class="mlcalc-taylor" data-source="ID">. This script, with
 * explorer.js, draws the chosen function and polynomial, hatches where the series diverges and
 * draws the error |f - p_n| on a log scale below; it evaluates nothing. No kernel.
 */
(function () {
  "use strict";
  var E = window.mlcalcExplorer;
  if (!E) return;

  function rows(values, count, m) {
    var out = [];
    for (var k = 0; k < count; k++) out.push(Array.from(values.subarray(k * m, (k + 1) * m)));
    return out;
  }

  function decodeSet(raw) { // as mlcalc.widgets.taylor_decode does
    var n = raw.n, m = raw.m;
    return raw.cases.map(function (c) {
      var x = [], gaps = {};
      for (var i = 0; i < m; i++) x.push(c.x[0] + i * (c.x[1] - c.x[0]) / (m - 1));
      c.gaps.forEach(function (i) { gaps[i] = true; });
      return { name: c.name, variable: c.v, xLabel: c.xl, yLabel: c.yl, xWindow: c.x,
        yWindow: c.y, errors: c.e, x: x, gaps: gaps, f: Array.from(E.decode(c.f, m, c.q, 2)),
        centres: c.centres.map(function (k) {
          return { a: k.a, radius: k.r, fa: k.fa, text: k.text,
            p: rows(E.decode(k.p, m, c.q, 2), n + 1, m),
            err: rows(E.decode(k.err, m, raw.eq, 2), n + 1, m) };
        }) };
    });
  }

  var number = E.number, subscript = E.subscript, ticks = E.ticks, aspect = E.aspect,
    line = E.line;

  function Taylor(root, raw) {
    var self = this, id = E.uid("taylor");
    this.root = root;
    this.raw = raw;
    this.cases = decodeSet(this.raw);
    this.last = this.raw.n;
    root.textContent = "";

    var controls = E.element("div", { class: "taylor-controls" });
    this.caseSelect = E.select(controls, id + "-function", "Function", this.cases.map(
      function (c) { return c.name; }), function (k) { self.choose(k, 0); });
    this.centreSelect = E.select(controls, id + "-centre", "Centre", [],
      function (k) { self.choose(self.caseIndex, k); });

    this.plot = E.element("canvas", { class: "taylor-plot", role: "img" });
    var order = E.element("div", { class: "taylor-order" });
    this.slider = E.slider({ id: id + "-order", label: "Order", last: this.last, value: 1,
      help: id + "-help", go: function (k) { self.show(k); } });
    this.output = E.element("output", { for: id + "-order", class: "taylor-order-value",
      "aria-hidden": "true" });
    [this.slider.label, this.slider.el, this.output]
      .forEach(function (el) { order.appendChild(el); });
    this.status = E.announcer({ class: "taylor-readout" });
    this.convergence = E.element("p", { class: "taylor-convergence" });
    this.errorPlot = E.element("canvas", { class: "taylor-error", role: "img" });
    var legend = E.element("p", { class: "taylor-legend" },
      "Blue: the function. Orange: its Taylor polynomial of the order chosen, about the centre " +
      "a (the dot). Hatched: where the series diverges. Below: the error, the distance between " +
      "the two, on a log scale.");
    var help = E.element("p", { id: id + "-help", class: "taylor-help" },
      "Arrow keys change the order by one; Home and End go to orders 0 and " + this.last + ".");

    [controls, this.plot, order, this.status.el, this.convergence, this.errorPlot, legend, help]
      .forEach(function (el) { root.appendChild(el); });
    E.watch(this.plot, function () { self.draw(); });
    this.order = 1;
    this.choose(0, 0, true);
    E.register("taylor", this);
  }

  // Show case k about its j-th centre, at the current order.
  Taylor.prototype.choose = function (k, j, quiet) {
    var c = this.cases[k];
    if (k !== this.caseIndex) {
      this.caseIndex = k;
      E.options(this.centreSelect, c.centres.map(function (centre) {
        return "a = " + number(centre.a); }));
    }
    this.caseSelect.selectedIndex = k;
    this.centreSelect.selectedIndex = j;
    this.centreIndex = j;
    this.root.dataset.case = String(k);
    this.root.dataset.centre = String(j);
    this.convergence.textContent = this.convergenceText();
    this.show(this.order, quiet);
  };

  Taylor.prototype.current = function () {
    var c = this.cases[this.caseIndex];
    return { c: c, centre: c.centres[this.centreIndex] };
  };

  Taylor.prototype.readout = function () {
    var now = this.current();
    return "Order " + this.order + ": p" + subscript(this.order) + "(" + now.c.variable + ") = " +
      now.centre.text[this.order];
  };

  Taylor.prototype.convergenceText = function () {
    var now = this.current(), a = now.centre.a, r = now.centre.radius, v = now.c.variable;
    if (r === null) {
      return "Radius of convergence \u221e: the Taylor series of " + now.c.name + " about a = " +
        number(a) + " converges for every " + v + ".";
    }
    var offset = a === 0 ? v : v + "\u00a0\u2212\u00a0" + number(a), lt = "\u00a0<\u00a0";
    return "Radius of convergence R = " + number(r) + ": the series about a = " + number(a) +
      " converges for " + number(a - r) + lt + v + lt + number(a + r) + " and diverges where |" +
      offset + "|\u00a0>\u00a0" + number(r) + " (hatched); more terms only make it worse there.";
  };

  Taylor.prototype.show = function (k, quiet) {
    this.order = Math.max(0, Math.min(this.last, k));
    var text = this.readout();
    this.slider.set(this.order, "order " + this.order);
    this.output.textContent = String(this.order);
    this.root.dataset.order = String(this.order);
    if (quiet) this.status.el.textContent = text;
    else this.status.say(text);
    this.draw();
  };

  // Where the polynomial's samples inside the window are drawn, in the plot's CSS pixels.
  Taylor.prototype.pixels = function () {
    var now = this.current(), map = this.map, y = now.c.yWindow, p = now.centre.p[this.order];
    return now.c.x.map(function (x, i) { return [map.px(x), map.py(p[i])]; })
      .filter(function (_, i) { return p[i] >= y[0] && p[i] <= y[1]; });
  };

  Taylor.prototype.draw = function () {
    var c = E.colours(this.root), now = this.current();
    var g = E.prepare(this.plot, aspect(this.plot));
    if (!g) return;
    var box = { left: 44, top: 22, width: g.width - 56, height: g.height - 58 };
    var xw = now.c.xWindow, yw = now.c.yWindow, xt = ticks(xw[0], xw[1], g.width < 400 ? 5 : 8);
    var yt = ticks(yw[0], yw[1], Math.max(4, Math.round(box.height / 50)))
      .filter(function (v) { return v > yw[0]; }); // no label in the corner by the x-axis's
    var map = this.map = E.axes(g, box, { lo: xw[0], hi: xw[1], ticks: xt, format: number,
      label: now.c.xLabel + " \u2192" }, { lo: yw[0], hi: yw[1], ticks: yt, format: number,
      label: "\u2191 " + now.c.yLabel }, c);
    this.hatch(g, box, map, c);
    g.save();
    g.beginPath(); g.rect(box.left, box.top, box.width, box.height); g.clip();
    g.lineJoin = "round";
    g.lineWidth = 2.5; g.strokeStyle = c.blue;
    line(g, map, now.c.x, now.c.f, now.c.gaps);
    g.lineWidth = 2.5; g.strokeStyle = c.orange;
    line(g, map, now.c.x, now.centre.p[this.order]);
    g.fillStyle = c.orange; g.strokeStyle = c.marker; g.lineWidth = 1.5;
    g.beginPath(); g.arc(map.px(now.centre.a), map.py(now.centre.fa), 5, 0, 2 * Math.PI);
    g.fill(); g.stroke();
    g.restore();
    this.plot.setAttribute("aria-label", now.c.name + " (blue) and its Taylor polynomial of " +
      "order " + this.order + " about a = " + number(now.centre.a) + " (orange), for " +
      now.c.variable + " from " + number(xw[0]) + " to " + number(xw[1]));
    this.drawError(c);
  };

  // Hatch the window outside the interval of convergence (a - R, a + R), with a word if it fits.
  Taylor.prototype.hatch = function (g, box, map, c, quiet) {
    var now = this.current(), r = now.centre.radius, a = now.centre.a;
    if (r === null) return;
    var left = Math.max(box.left, Math.min(box.left + box.width, map.px(a - r)));
    var right = Math.max(box.left, Math.min(box.left + box.width, map.px(a + r)));
    var bottom = box.top + box.height;
    [[box.left, left], [right, box.left + box.width]].forEach(function (span) {
      var width = span[1] - span[0];
      if (width < 1) return;
      g.save();
      g.beginPath(); g.rect(span[0], box.top, width, box.height); g.clip();
      g.fillStyle = c.grid; g.globalAlpha = 0.45;
      g.fillRect(span[0], box.top, width, box.height);
      g.globalAlpha = 1; g.strokeStyle = c.grid; g.lineWidth = 1;
      g.beginPath();
      for (var s = span[0] - box.height; s < span[1]; s += 8) {
        g.moveTo(s, bottom); g.lineTo(s + box.height, box.top);
      }
      g.stroke();
      if (!quiet && width > 78) {
        g.font = "12px system-ui, sans-serif"; g.textAlign = "center"; g.textBaseline = "top";
        var mid = span[0] + width / 2, w = g.measureText("diverges").width + 8;
        g.fillStyle = c.back; g.fillRect(mid - w / 2, box.top + 4, w, 17);
        g.fillStyle = c.ink; g.fillText("diverges", mid, box.top + 6);
      }
      g.restore();
    });
  };

  Taylor.prototype.drawError = function (c) {
    var g = E.prepare(this.errorPlot, aspect(this.errorPlot)), now = this.current();
    if (!g) return;
    var box = { left: 44, top: 22, width: g.width - 56, height: g.height - 58 };
    var xw = now.c.xWindow, lo = now.c.errors[0], hi = now.c.errors[1], yt = [];
    var step = Math.max(1, Math.ceil((hi - lo) / Math.max(2, Math.floor(box.height / 22))));
    for (var v = hi; v > lo; v -= step) yt.push(v);
    var label = "\u2191 error |f \u2212 p" + subscript(this.order) + "|";
    var map = E.axes(g, box, { lo: xw[0], hi: xw[1], ticks: ticks(xw[0], xw[1],
      g.width < 400 ? 5 : 8), format: number, label: now.c.xLabel + " \u2192" },
      { lo: lo, hi: hi, ticks: yt, format: E.power, label: label }, c);
    this.hatch(g, box, map, c, true);
    g.save();
    g.beginPath(); g.rect(box.left, box.top, box.width, box.height); g.clip();
    g.lineJoin = "round"; g.lineWidth = 2; g.strokeStyle = c.orange;
    line(g, map, now.c.x, now.centre.err[this.order], now.c.gaps);
    g.restore();
    this.errorPlot.setAttribute("aria-label", "The error |f \u2212 p" + subscript(this.order) +
      "| against " + now.c.variable + ", on a log scale from 10 to the " + lo + " to 10 to the " +
      hi);
  };

  E.start(".mlcalc-taylor", function (root, k, raw) { new Taylor(root, raw); });
})();
