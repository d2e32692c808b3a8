/* What the book's explorers share (the sandpit game, the network scrubber, the Taylor explorer,
 * Newton's method, descent in the sandpit, a least-squares fit over its chi-squared map).
 *
 * The build computes everything with mlcalc and puts it in the page as an inert JSON block
 * (mlcalc.widgets; the site moves a large one into a file fetched after the page paints); each
 * explorer's script only reads that data and draws. This file holds what
 * they have in common, as window.mlcalcExplorer: reading a data block, making elements, undoing
 * mlcalc's delta coding, a canvas sized for the screen's pixel ratio and redrawn when it resizes
 * or the page's theme changes, the theme's colours, axes with ticks and powers of ten, lines
 * with gaps and segments clipped to a window, a map (shading and contours, interpolated
 * between a grid's nodes) and the sandpit's phone, a path over a map and its replay (a Play
 * button, a Step slider and a readout of each step), a polite screen-reader announcer,
 * keyboard handling, a slider over whole numbers and a labelled menu. Each explorer
 * registers itself in window.mlcalcExplorers (by kind), so the browser tests can read back what
 * it shows. Loaded (deferred) before the explorers' scripts, only on pages that hold an
 * explorer (book/_ext/lean_site/scripts.py).
 */
(function () {
  "use strict";
  var cache = {};

  // The parsed JSON of <script type="application/json" id="...">, or null if there is none.
  function data(id) {
    if (!(id in cache)) {
      var source = document.getElementById(id);
      cache[id] = source ? JSON.parse(source.textContent) : null;
    }
    return cache[id];
  }

  // Call back with a data block's JSON. The site moves large blocks out of the page into a file
  // named by the block's data-src (book/_ext/lean_site/scripts.py), so that the text paints before the
  // data arrives; a notebook keeps its blocks inline. If the file cannot be fetched (a page
  // opened from disk), the callback never runs and the explorer's static fallback stays.
  var pending = {};
  function load(id, callback) {
    var source = id && document.getElementById(id);
    var src = source && !(id in cache) && source.getAttribute("data-src");
    if (!src) { callback(id ? data(id) : null); return; }
    if (!pending[id]) {
      pending[id] = [];
      fetch(src).then(function (response) {
        if (!response.ok) throw new Error(src + ": HTTP " + response.status);
        return response.json();
      }).then(function (json) {
        cache[id] = json;
        pending[id].forEach(function (waiting) { waiting(json); });
      }).catch(function (error) {
        if (window.console) console.warn("mlcalc explorer data not loaded:", error.message);
      });
    }
    pending[id].push(callback);
  }

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    for (var key in attrs || {}) el.setAttribute(key, attrs[key]);
    if (text) el.textContent = text;
    return el;
  }

  // Undo mlcalc's coding: `times` running sums along each row of `cols` entries, times `quantum`.
  function decode(codes, cols, quantum, times) {
    var out = new Float64Array(codes.length), passes = times || 1;
    for (var start = 0; start < codes.length; start += cols) {
      var sums = [];
      for (var p = 0; p < passes; p++) sums.push(0);
      for (var j = start; j < start + cols; j++) {
        var v = codes[j];
        for (var q = 0; q < passes; q++) { sums[q] += v; v = sums[q]; }
        out[j] = v * quantum;
      }
    }
    return out;
  }

  function dark() {
    var theme = document.documentElement.dataset.theme;
    if (theme === "dark" || theme === "light") return theme === "dark";
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  // Colours for drawing, from the page's theme: `ink` is the explorer's own text colour; the
  // others are Okabe-Ito hues, lighter on a dark page, each legible on its background.
  function colours(el) {
    var d = dark(), ink = getComputedStyle(el).color || (d ? "#e6e6e6" : "#222222");
    return { dark: d, ink: ink, grid: d ? "rgba(255,255,255,0.18)" : "rgba(0,0,0,0.14)",
      blue: d ? "#56b4e9" : "#0072b2", orange: d ? "#f0a35e" : "#c25100",
      green: d ? "#3fc39a" : "#007a58", purple: d ? "#d99ac2" : "#a0487f",
      marker: d ? "#ffffff" : "#000000", back: d ? "#121212" : "#ffffff" };
  }

  // Size `canvas` for its CSS width (height = width * aspect) and the pixel ratio; returns its
  // 2-D context in CSS pixels, with .width and .height, or null while the canvas is not laid out.
  function prepare(canvas, aspect) {
    var width = canvas.clientWidth;
    if (!width) return null;
    var height = Math.round(width * aspect), ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.width = width;
    g.height = height;
    return g;
  }

  // Call draw() when `el` changes size, the window resizes or the page's theme flips.
  var watchers = [];
  function watch(el, draw) {
    watchers.push(draw);
    if (window.ResizeObserver) {
      var last = el.clientWidth;
      new ResizeObserver(function () {
        if (el.clientWidth !== last) { last = el.clientWidth; draw(); }
      }).observe(el);
    } else {
      window.addEventListener("resize", draw);
    }
  }
  new MutationObserver(function () { watchers.forEach(function (draw) { draw(); }); })
    .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

  // A frame with ticks: box {left, top, width, height}; axis x and y {lo, hi, ticks: [values],
  // format(value), label, log (values are log10 of what the labels show)}. Returns px(v), py(v).
  function axes(g, box, x, y, c) {
    function px(v) { return box.left + (v - x.lo) / (x.hi - x.lo) * box.width; }
    function py(v) { return box.top + (y.hi - v) / (y.hi - y.lo) * box.height; }
    g.save();
    g.lineWidth = 1;
    g.strokeStyle = c.grid;
    g.fillStyle = c.ink;
    g.font = "12px system-ui, sans-serif";
    x.ticks.forEach(function (v) {
      g.beginPath(); g.moveTo(px(v), box.top); g.lineTo(px(v), box.top + box.height); g.stroke();
      g.textAlign = "center"; g.textBaseline = "top";
      g.fillText(x.format ? x.format(v) : String(v), px(v), box.top + box.height + 4);
    });
    y.ticks.forEach(function (v) {
      g.beginPath(); g.moveTo(box.left, py(v)); g.lineTo(box.left + box.width, py(v)); g.stroke();
      g.textAlign = "right"; g.textBaseline = "middle";
      g.fillText(y.format ? y.format(v) : String(v), box.left - 5, py(v));
    });
    g.strokeStyle = c.ink;
    g.strokeRect(box.left, box.top, box.width, box.height);
    if (x.label) {
      g.textAlign = "right"; g.textBaseline = "top";
      g.fillText(x.label, box.left + box.width, box.top + box.height + 18);
    }
    if (y.label) {
      g.textAlign = "left"; g.textBaseline = "bottom";
      g.fillText(y.label, 2, box.top - 6);
    }
    g.restore();
    return { px: px, py: py };
  }

  // A polite live region; say(text) announces; quiet(true) stops announcing (while playing).
  function announcer(attrs) {
    var el = element("p", attrs || {});
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    return { el: el, say: function (text) { el.textContent = text; },
      quiet: function (on) { el.setAttribute("aria-live", on ? "off" : "polite"); } };
  }

  // keydown on `el`: handlers[event.key](event); a handled key does not also scroll the page.
  function keys(el, handlers) {
    el.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var handle = handlers[event.key];
      if (handle && handle(event) !== false) event.preventDefault();
    });
  }

  // A labelled range input over the whole numbers 0..o.last (o.value at first), for pointer,
  // touch and keys alike: the arrows step one, Page Up and Page Down o.big (a tenth of the
  // range by default), Home and End go to the ends. Every move calls o.go(k) with the position
  // asked for, which may lie outside the range; go clamps it and calls set(k, text), which
  // moves the thumb and says where it is (aria-valuetext). o.id names the input; o.help is the
  // id of its help text. Returns {el: the input, label, big, set, range}; range(last) moves the
  // end of the range (for a slider over steps whose number changes).
  function slider(o) {
    var label = element("label", { for: o.id, class: "explorer-slider-label" }, o.label);
    var input = element("input", { type: "range", id: o.id, min: "0", max: String(o.last),
      step: "1", value: String(o.value), class: "explorer-slider" });
    if (o.help) input.setAttribute("aria-describedby", o.help);
    input.addEventListener("input", function () { o.go(+input.value); });
    var out = { el: input, label: label, big: o.big || Math.max(1, Math.round(o.last / 10)) };
    function by(sign) { return function (event) {
      o.go(+input.value + sign * (event.key.indexOf("Page") === 0 ? out.big : 1)); }; }
    keys(input, { ArrowLeft: by(-1), ArrowDown: by(-1), ArrowRight: by(1), ArrowUp: by(1),
      PageDown: by(-1), PageUp: by(1), Home: function () { o.go(0); },
      End: function () { o.go(o.last); } });
    out.set = function (k, text) {
      input.value = String(k);
      input.setAttribute("aria-valuetext", text);
    };
    out.range = function (last) {
      o.last = last;
      input.max = String(last);
      if (!o.big) out.big = Math.max(1, Math.round(last / 10));
    };
    return out;
  }

  // "10" with the whole number n as a superscript, for a log axis's tick labels.
  function power(n) {
    return "10" + String(n).replace("-", "\u207b").replace(/\d/g, function (d) {
      return "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079".charAt(+d); });
  }

  // The whole number n as a subscript (x\u2083), for indices in readouts.
  function subscript(n) {
    return String(n).replace(/\d/g, function (d) {
      return "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089".charAt(+d); });
  }

  // A tick or a value as text: at most `decimals` decimals (4 by default), a true minus sign.
  function number(v, decimals) {
    return String(+v.toFixed(decimals === undefined ? 4 : decimals)).replace("-", "\u2212");
  }

  // Round numbers, about `count` of them, across [lo, hi], for an axis's ticks.
  function ticks(lo, hi, count) {
    var raw = (hi - lo) / count, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    var step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag, out = [];
    for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push(+v.toFixed(10));
    }
    return out;
  }

  // A canvas's height over its width, as the stylesheet lays it out (taller on a phone).
  function aspect(canvas) {
    return canvas.clientWidth ? canvas.clientHeight / canvas.clientWidth : 0;
  }

  // A line through (xs[i], ys[i]) mapped by map.px, map.py (from axes), not drawn across the
  // segments (i, i + 1) that `gaps` holds (an object or array with gaps[i] true).
  function line(g, map, xs, ys, gaps) {
    g.beginPath();
    var pen = false;
    for (var i = 0; i < xs.length; i++) {
      if (pen) g.lineTo(map.px(xs[i]), map.py(ys[i]));
      else g.moveTo(map.px(xs[i]), map.py(ys[i]));
      pen = !(gaps && gaps[i]);
    }
    g.stroke();
  }

  // A labelled <select> of `names`, added to `parent`; change(k) when the reader picks the k-th.
  function select(parent, id, text, names, change) {
    var label = element("label", { for: id, class: "explorer-choice" }, text + " ");
    var menu = element("select", { id: id, class: "explorer-select" });
    label.appendChild(menu);
    parent.appendChild(label);
    menu.addEventListener("change", function () { change(menu.selectedIndex); });
    options(menu, names);
    return menu;
  }

  // Replace the options of the <select> `menu` by `names` (values 0, 1, ...).
  function options(menu, names) {
    menu.textContent = "";
    names.forEach(function (name, k) {
      menu.appendChild(element("option", { value: String(k) }, name));
    });
  }

  // The part of the segment (x0, y0)-(x1, y1) inside the rectangle [xlo, xhi] x [ylo, yhi]
  // (Liang-Barsky), as [x0, y0, x1, y1], or null if none is: far points are not drawn at huge
  // canvas coordinates.
  function clip(x0, y0, x1, y1, xlo, xhi, ylo, yhi) {
    var dx = x1 - x0, dy = y1 - y0, lo = 0, hi = 1;
    var p = [-dx, dx, -dy, dy], q = [x0 - xlo, xhi - x0, y0 - ylo, yhi - y0];
    for (var i = 0; i < 4; i++) {
      if (p[i] === 0) { if (q[i] < 0) return null; continue; }
      var r = q[i] / p[i];
      if (p[i] < 0) lo = Math.max(lo, r); else hi = Math.min(hi, r);
    }
    return lo > hi ? null : [x0 + lo * dx, y0 + lo * dy, x0 + hi * dx, y0 + hi * dy];
  }

  // A depth map. viridis(t) is the colour at t in [0, 1] (0 dark purple, 1 yellow). shade()
  // fills box (CSS px) with cells x cells squares coloured by value(x, y), mapped from [lo, hi]
  // to [0, 1], at their centres in view {x: [lo, hi], y: [lo, hi]} (y up). contours() draws,
  // with the current stroke style, each level's contour through an n x n grid of values over
  // box (row i at the i-th height from the bottom, column j across), by marching squares.
  var VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
    [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]];
  function rgb(t) {
    t = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
    var k = Math.min(Math.floor(t), VIRIDIS.length - 2), f = t - k, c0 = VIRIDIS[k],
      c1 = VIRIDIS[k + 1];
    return [0, 1, 2].map(function (q) { return Math.round(c0[q] + f * (c1[q] - c0[q])); });
  }
  function viridis(t) { return "rgb(" + rgb(t).join(",") + ")"; }
  // The cells are written into a small image, then drawn scaled up without smoothing: one
  // drawImage instead of a fillRect per cell, which kept a phone's main thread busy.
  function shade(g, box, view, value, lo, hi, cells) {
    var off = document.createElement("canvas");
    off.width = off.height = cells;
    var o = off.getContext("2d"), image = o.createImageData(cells, cells), px = image.data;
    for (var a = 0; a < cells; a++) {
      for (var b = 0; b < cells; b++) {
        var x = view.x[0] + (b + 0.5) * (view.x[1] - view.x[0]) / cells;
        var y = view.y[1] - (a + 0.5) * (view.y[1] - view.y[0]) / cells;
        var c = rgb((value(x, y) - lo) / (hi - lo)), k = 4 * (a * cells + b);
        px[k] = c[0]; px[k + 1] = c[1]; px[k + 2] = c[2]; px[k + 3] = 255;
      }
    }
    o.putImageData(image, 0, 0);
    g.save();
    g.imageSmoothingEnabled = false;
    g.drawImage(off, box.left, box.top, box.width, box.height);
    g.restore();
  }
  function contours(g, box, values, n, levels) {
    function px(j) { return box.left + j / (n - 1) * box.width; }
    function py(i) { return box.top + box.height - i / (n - 1) * box.height; }
    levels.forEach(function (level) {
      g.beginPath();
      for (var i = 0; i < n - 1; i++) {
        for (var j = 0; j < n - 1; j++) {
          var v = [values[i * n + j], values[i * n + j + 1], values[(i + 1) * n + j + 1],
            values[(i + 1) * n + j]];
          var corners = [[j, i], [j + 1, i], [j + 1, i + 1], [j, i + 1]], hits = [];
          for (var e = 0; e < 4; e++) {
            var v0 = v[e], v1 = v[(e + 1) % 4];
            if ((v0 < level) !== (v1 < level)) {
              var s = (level - v0) / (v1 - v0), c0 = corners[e], c1 = corners[(e + 1) % 4];
              hits.push([c0[0] + s * (c1[0] - c0[0]), c0[1] + s * (c1[1] - c0[1])]);
            }
          }
          for (var k = 0; k + 1 < hits.length; k += 2) {
            g.moveTo(px(hits[k][0]), py(hits[k][1]));
            g.lineTo(px(hits[k + 1][0]), py(hits[k + 1][1]));
          }
        }
      }
      g.stroke();
    });
  }

  // The sandpit's lost phone, at (x, y) in CSS px: a white handset with a blue screen.
  function phone(g, x, y, ink) {
    g.fillStyle = "#ffffff"; g.strokeStyle = ink; g.lineWidth = 1.5;
    g.beginPath(); g.rect(x - 5, y - 9, 10, 18); g.fill(); g.stroke();
    g.fillStyle = "#0072b2"; g.fillRect(x - 3, y - 6, 6, 10);
  }

  // A Play button that steps o.show(k + 1, true) every o.delay ms (200 by default) from the
  // frame o.frame() to o.last(), starting again from 0 if at the end; o.status (an announcer)
  // is quiet while it plays, and the frame it stops at is announced (unless stop(true): the
  // explorer is about to show something else). Returns {el, toggle, stop, playing()}.
  function player(o) {
    var button = element("button", { type: "button", class: "explorer-button",
      "aria-pressed": "false" }, "Play"), timer = null;
    function stop(quiet) {
      window.clearInterval(timer);
      timer = null;
      button.textContent = "Play";
      button.setAttribute("aria-pressed", "false");
      o.status.quiet(false);
      o.show(o.frame(), quiet === true);
    }
    function toggle() {
      if (timer) { stop(); return; }
      if (o.frame() >= o.last()) o.show(0, true);
      button.textContent = "Pause";
      button.setAttribute("aria-pressed", "true");
      o.status.quiet(true); // no announcement per frame while it plays
      timer = window.setInterval(function () {
        if (o.frame() >= o.last()) stop();
        else o.show(o.frame() + 1, true);
      }, o.delay || 200);
    }
    button.addEventListener("click", function () { toggle(); });
    return { el: button, toggle: toggle, stop: stop,
      playing: function () { return timer !== null; } };
  }

  // A library's message as a sentence: its first word capitalised unless it is a name
  // ("f(x) = 0 ..."), and a full stop.
  function sentence(text) {
    return (/^[a-z]{2}/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text) + ".";
  }

  // A value to `decimals` decimals (2 by default), or m.m×10ⁿ when it is 10⁴ or more across
  // (an iterate thrown far off its map).
  function fixed(v, decimals) {
    if (Math.abs(v) < 1e4) return number(v, decimals === undefined ? 2 : decimals);
    var e = Math.floor(Math.log10(Math.abs(v)));
    return number(v / Math.pow(10, e), 1) + "\u00d7" + power(e);
  }

  // A run's path in two dimensions as mlcalc.widgets codes it (_coded_path): {nit, steps (the
  // kept iterates' step numbers), x (the kept iterates [x, y])}; qx and qy are the quanta.
  function iterates(raw, qx, qy) {
    var count = raw.x.length, steps = [];
    if (raw.k === null) for (var i = 0; i <= raw.nit; i++) steps.push(i);
    else steps = Array.from(decode(raw.k, count, 1));
    var xs = decode(raw.x, count, qx), ys = decode(raw.y, count, qy);
    return { nit: raw.nit, steps: steps,
      x: Array.from(xs, function (x, k) { return [x, ys[k]]; }) };
  }

  // The function (x, y) -> the n x n `grid` (row i at the i-th height from the bottom of view
  // {x: [lo, hi], y: [lo, hi]}, column j across) interpolated bilinearly between its nodes.
  function bilinear(grid, n, view) {
    return function (x, y) {
      var u = (x - view.x[0]) / (view.x[1] - view.x[0]) * (n - 1),
        v = (y - view.y[0]) / (view.y[1] - view.y[0]) * (n - 1);
      var j = Math.max(0, Math.min(n - 2, Math.floor(u))), i = Math.max(0, Math.min(n - 2,
        Math.floor(v))), s = u - j, t = v - i, k = i * n + j;
      return (1 - t) * ((1 - s) * grid[k] + s * grid[k + 1]) +
        t * ((1 - s) * grid[k + n] + s * grid[k + n + 1]);
    };
  }

  function inside(p, view) {
    return p[0] >= view.x[0] && p[0] <= view.x[1] && p[1] >= view.y[0] && p[1] <= view.y[1];
  }

  // Where `points` [x, y] are drawn, in CSS px by map.px, map.py; those outside view are left out.
  function onMap(map, points, view) {
    return points.filter(function (p) { return inside(p, view); })
      .map(function (p) { return [map.px(p[0]), map.py(p[1])]; });
  }

  // A map of values over view {x: [lo, hi], y: [lo, hi]} in box: shaded by value(x, y) from
  // o.lo (dark purple) to o.hi (yellow), the contours at o.levels of the o.n x o.n grid o.grid,
  // and axes (o.x and o.y as axes() takes them, less lo and hi). Returns axes()'s map, with the
  // inverses map.x(px) and map.y(py).
  function heatmap(g, box, view, o, c) {
    shade(g, box, view, o.value, o.lo, o.hi, Math.min(96, Math.round(box.width / 4)));
    g.strokeStyle = "rgba(0,0,0,0.5)"; g.lineWidth = 1;
    contours(g, box, o.grid, o.n, o.levels);
    var map = axes(g, box, Object.assign({ lo: view.x[0], hi: view.x[1] }, o.x),
      Object.assign({ lo: view.y[0], hi: view.y[1] }, o.y), c);
    var wide = view.x[1] - view.x[0], high = view.y[1] - view.y[0];
    map.x = function (px) { return view.x[0] + (px - box.left) / box.width * wide; };
    map.y = function (py) { return view.y[1] - (py - box.top) / box.height * high; };
    return map;
  }

  // A white ring edged in black, of radius r at (x, y) in CSS px: a start on a map.
  function ring(g, x, y, r) {
    g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI);
    g.lineWidth = 2; g.strokeStyle = "#000000"; g.stroke();
    g.lineWidth = 1.5; g.strokeStyle = "#ffffff"; g.stroke();
  }

  // A path over a map: a white line cased in black through `points` [x, y], each segment
  // clipped to view widened by `margin` on every side; a dot at each point in view, and the
  // last, if in view, as an orange disc (the step shown).
  function trail(g, map, points, view, margin) {
    var m = margin || 0;
    [["#000000", 4.5], ["#ffffff", 2.5]].forEach(function (pen) {
      g.strokeStyle = pen[0]; g.lineWidth = pen[1]; g.lineJoin = "round"; g.lineCap = "round";
      for (var i = 1; i < points.length; i++) {
        var a = points[i - 1], b = points[i];
        var s = clip(a[0], a[1], b[0], b[1], view.x[0] - m, view.x[1] + m, view.y[0] - m,
          view.y[1] + m);
        if (!s) continue;
        g.beginPath(); g.moveTo(map.px(s[0]), map.py(s[1])); g.lineTo(map.px(s[2]), map.py(s[3]));
        g.stroke();
      }
    });
    onMap(map, points, view).forEach(function (p) {
      g.beginPath(); g.arc(p[0], p[1], 2.5, 0, 2 * Math.PI);
      g.fillStyle = "#ffffff"; g.fill(); g.lineWidth = 1; g.strokeStyle = "#000000"; g.stroke();
    });
    var now = points[points.length - 1];
    if (inside(now, view)) {
      g.beginPath(); g.arc(map.px(now[0]), map.py(now[1]), 6, 0, 2 * Math.PI);
      g.fillStyle = "#f0a35e"; g.fill(); g.lineWidth = 2; g.strokeStyle = "#000000"; g.stroke();
    }
  }

  // What a replay says at kept iterate k of run {nit, steps, message}: where it is (`here`),
  // how it got there (`how`, optional) and, at the end, how it ended in the library's words.
  function told(run, k, here, how) {
    var step = run.steps[k];
    if (step === 0) {
      return "Start: " + here + ". " + (run.nit ? run.nit + (run.nit === 1 ? " step" : " steps") +
        " in all." : sentence(run.message));
    }
    var text = "Step " + step + " of " + run.nit + ": " + here + (how ? ", " + how : "") + ".";
    return k === run.steps.length - 1 ? text + " " + sentence(run.message) : text;
  }

  // A path's replay: a row (class o.row) of a Play button, a Step slider over the kept
  // iterates of o.run() ({nit, steps}) and its value (class o.value); o.id names the slider,
  // o.help its help text. show(k, quiet) moves to kept iterate k: sets the slider, o.status (an
  // announcer) to o.readout(k), o.root's data-step, and o.outcome (a note of how many steps
  // there are, hidden at the end, where the readout says how the run ended), then o.draw().
  // fit() resets the slider's range to the run's. Returns {el, slider, player, frame, show, fit}.
  function replay(o) {
    var out = { frame: 0, el: element("div", { class: o.row }) };
    out.slider = slider({ id: o.id, label: "Step", last: 1, value: 1, help: o.help,
      go: function (k) { out.show(k); } });
    out.player = player({ status: o.status, delay: o.delay,
      show: function (k, quiet) { out.show(k, quiet); },
      frame: function () { return out.frame; },
      last: function () { return o.run().steps.length - 1; } });
    var value = element("output", { for: o.id, class: o.value, "aria-hidden": "true" });
    [out.player.el, out.slider.label, out.slider.el, value]
      .forEach(function (el) { out.el.appendChild(el); });
    out.fit = function () { out.slider.range(Math.max(1, o.run().steps.length - 1)); };
    out.show = function (k, quiet) {
      var run = o.run(), last = run.steps.length - 1;
      out.frame = Math.max(0, Math.min(last, k));
      var step = run.steps[out.frame], text = o.readout(out.frame);
      out.slider.set(out.frame, "step " + step + " of " + run.nit);
      value.textContent = step + "/" + run.nit;
      o.root.dataset.step = String(out.frame);
      o.outcome.hidden = out.frame === last;
      o.outcome.textContent = "Play, or move the Step slider, to see how it ends, after " +
        run.nit + (run.nit === 1 ? " step." : " steps.");
      if (quiet) o.status.el.textContent = text;
      else o.status.say(text);
      o.draw();
    };
    return out;
  }

  // Build one explorer per element matching `selector` once the page is parsed, as
  // build(root, index, data) with the JSON of the block its data-source names, in page order,
  // each in a task of its own.
  function start(selector, build) {
    function run() {
      var roots = document.querySelectorAll(selector), got = [], left = roots.length;
      function next(j) { // one explorer per task, so that the page stays responsive
        build(roots[j], j, got[j]);
        if (j + 1 < roots.length) setTimeout(function () { next(j + 1); }, 0);
      }
      Array.prototype.forEach.call(roots, function (root, k) {
        load(root.dataset.source, function (json) {
          got[k] = json;
          if (--left === 0) next(0);
        });
      });
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  window.mlcalcExplorers = window.mlcalcExplorers || {};
  function register(kind, explorer) {
    (window.mlcalcExplorers[kind] = window.mlcalcExplorers[kind] || []).push(explorer);
  }

  var ids = 0;
  function uid(prefix) { return prefix + "-" + (++ids); }

  window.mlcalcExplorer = { data: data, load: load, element: element, decode: decode, dark: dark,
    colours: colours, prepare: prepare, watch: watch, axes: axes, announcer: announcer,
    keys: keys, slider: slider, power: power, subscript: subscript, number: number,
    ticks: ticks, aspect: aspect, line: line, select: select, options: options, clip: clip,
    viridis: viridis, shade: shade, contours: contours, phone: phone, player: player,
    sentence: sentence, start: start, register: register, uid: uid, fixed: fixed,
    iterates: iterates, bilinear: bilinear, inside: inside, onMap: onMap, heatmap: heatmap,
    ring: ring, trail: trail, told: told, replay: replay };
})();
