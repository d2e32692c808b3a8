/* The sandpit game: find the phone at the lowest point of a pit by dipping a stick.
 *
 * Everything is computed at build time by mlcalc.sandpit: for each pit, on an n x n grid (n
 * chosen per pit, finer where the pit is rough), the depth, the Jacobian J and the Hessian H, and
 * where its lowest point is (the JSON block #sandpit-data, inline or in the file its data-src
 * names). This script only reads that data: it
 * interpolates J (a bicubic Hermite patch through J and its derivatives, the entries of H, at
 * each cell's corners), the depth (the patch through depth and J) and H (the derivative of J's
 * patch), exactly as mlcalc.sandpit.interpolate does; then it draws and keeps score. No server,
 * no kernel. Each <div class="sandpit-game" data-pits="..." data-arrow="..."> becomes one game.
 * What it shares with the book's other explorers (reading the data, elements, the canvas, the
 * announcer, keys) is in explorer.js, loaded before it.
 */
(function () {
  "use strict";
  var E = window.mlcalcExplorer;
  if (!E) return;
  var DATA, SIZE, Q; // set once the data block has loaded (explorer.js: load)
  var SAND = "#e9d8a6", SAND_LINE = "#c8b27a", INK = "#222222", ARROW = "#b34700";
  var pits = {};

  function decode(codes, n, quantum) { // two running sums along each row undo mlcalc's coding
    return E.decode(codes, n, quantum, 2);
  }

  // Central differences between nodes along y (axis 0) or x (axis 1), one-sided at the edges.
  function difference(v, n, h, axis) {
    var out = new Float64Array(n * n);
    for (var i = 0; i < n; i++) {
      for (var j = 0; j < n; j++) {
        var c = axis === 0 ? i : j, lo = Math.max(c - 1, 0), hi = Math.min(c + 1, n - 1);
        var a = axis === 0 ? lo * n + j : i * n + lo, b = axis === 0 ? hi * n + j : i * n + hi;
        out[i * n + j] = (v[b] - v[a]) / ((hi - lo) * h);
      }
    }
    return out;
  }

  function pit(name) {
    if (!pits[name]) {
      var raw = DATA.pits[name];
      if (!raw) throw new Error("sandpit: no data for pit " + name);
      var n = raw.n, p = { name: name, title: raw.title, lowest: raw.lowest, n: n, h: SIZE / (n - 1) };
      ["depth", "Jx", "Jy", "Hxx", "Hxy", "Hyy"].forEach(function (key) {
        p[key] = decode(raw[key], n, Q[key === "depth" ? "depth" : key.charAt(0)]);
      });
      p.Tx = difference(p.Hxx, n, p.h, 0); // d2(Jx)/dx dy, from the Hessian by differences
      p.Ty = difference(p.Hyy, n, p.h, 1); // d2(Jy)/dx dy
      pits[name] = p;
    }
    return pits[name];
  }

  function hermite(s) { // the four cubic Hermite basis functions at s in [0, 1] ...
    var s2 = s * s, s3 = s2 * s;
    return [2 * s3 - 3 * s2 + 1, 3 * s2 - 2 * s3, s3 - 2 * s2 + s, s3 - s2];
  }
  function hermiteSlope(s) { // ... and their derivatives
    return [6 * s * s - 6 * s, 6 * s - 6 * s * s, 3 * s * s - 4 * s + 1, 3 * s * s - 2 * s];
  }

  // The bicubic Hermite patch through `value` and its derivatives `dx`, `dy`, `twist` at the
  // corners of the cell holding (x, y): its value and its two partial derivatives there.
  function patch(p, value, dx, dy, twist, x, y) {
    var n = p.n, h = p.h;
    var j = Math.min(Math.floor(x / h), n - 2), i = Math.min(Math.floor(y / h), n - 2);
    var s = x / h - j, t = y / h - i;
    var a = hermite(s), b = hermite(t), da = hermiteSlope(s), db = hermiteSlope(t), out = [0, 0, 0];
    for (var di = 0; di < 2; di++) {
      for (var dj = 0; dj < 2; dj++) {
        var k = (i + di) * n + j + dj;
        var w = [value[k], h * dx[k], h * dy[k], h * h * twist[k]];
        var uv = [[a, b], [da, b], [a, db]]; // value; d/dx; d/dy
        for (var q = 0; q < 3; q++) {
          var u = uv[q][0], v = uv[q][1];
          out[q] += w[0] * u[dj] * v[di] + w[1] * u[2 + dj] * v[di] + w[2] * u[dj] * v[2 + di] +
            w[3] * u[2 + dj] * v[2 + di];
        }
      }
    }
    return [out[0], out[1] / h, out[2] / h];
  }

  // What the stick reads at (x, y): depth, J = [dd/dx, dd/dy] and H = [[Hxx, Hxy], [Hxy, Hyy]].
  function read(p, x, y) {
    var jx = patch(p, p.Jx, p.Hxx, p.Hxy, p.Tx, x, y), jy = patch(p, p.Jy, p.Hxy, p.Hyy, p.Ty, x, y);
    var hxy = (jx[2] + jy[1]) / 2;
    return { depth: patch(p, p.depth, p.Jx, p.Jy, p.Hxy, x, y)[0], J: [jx[0], jy[0]],
      H: [[jx[1], hxy], [hxy, jy[2]]] };
  }

  function depthAt(p, x, y) { return patch(p, p.depth, p.Jx, p.Jy, p.Hxy, x, y)[0]; }

  function eigenvalues(H) { // of a symmetric 2 x 2 matrix, smaller first
    var mean = (H[0][0] + H[1][1]) / 2, half = (H[0][0] - H[1][1]) / 2;
    var r = Math.hypot(half, H[0][1]);
    return [mean - r, mean + r];
  }

  // For the browser tests: the page's own readings, without playing.
  window.mlcalcSandpit = { read: function (name, x, y) { return read(pit(name), x, y); } };

  var COMPASS = ["east", "north-east", "north", "north-west", "west", "south-west", "south",
    "south-east"];
  function heading(u, v) {
    var k = Math.round(Math.atan2(v, u) / (Math.PI / 4));
    return COMPASS[(k + 8) % 8];
  }
  function number(v) { return (Math.abs(v) < 0.005 ? 0 : v).toFixed(2).replace("-", "\u2212"); }
  function metres(v) { return number(v) + " m"; }

  // The page's H is the stick's to within 15 % of its largest eigenvalue in size or 0.15 per
  // metre (mlcalc.sandpit.HESSIAN_RTOL, HESSIAN_ATOL): an eigenvalue closer to 0 is not signed.
  function curvature(H) {
    var lam = eigenvalues(H), big = Math.max(Math.abs(lam[0]), Math.abs(lam[1]));
    var tol = Math.max(0.15, 0.15 * big), text = "Hessian H = [" + number(H[0][0]) + ", " +
      number(H[0][1]) + "; " + number(H[1][0]) + ", " + number(H[1][1]) + "] per metre; " +
      "eigenvalues " + number(lam[0]) + " and " + number(lam[1]) + ": ";
    if (lam[0] > tol) return text + "both positive, so the sand curves up in every direction " +
      "here, like the inside of a bowl.";
    if (lam[1] < -tol) return text + "both negative, so the sand curves down in every " +
      "direction here, like the top of a mound.";
    if (lam[0] < -tol && lam[1] > tol) return text + "one negative, one positive: a saddle, " +
      "curving up one way and down the other.";
    return text + "one is too close to 0 to tell its sign: the sand is nearly straight " +
      "one way.";
  }

  var element = E.element;

  function Game(root) {
    var self = this, id = E.uid("sandpit");
    this.root = root;
    this.arrow = root.dataset.arrow !== "false";
    this.names = root.dataset.pits.split(/\s+/);
    root.textContent = "";

    var controls = element("div", { class: "sandpit-controls" });
    if (this.names.length > 1) {
      var label = element("label", { for: id + "-pit" }, "Pit ");
      this.select = element("select", { id: id + "-pit", class: "sandpit-select" });
      this.names.forEach(function (name) {
        self.select.appendChild(element("option", { value: name }, pit(name).title));
      });
      this.select.addEventListener("change", function () { self.reset(self.select.value); });
      label.appendChild(this.select);
      controls.appendChild(label);
    }
    this.revealButton = element("button", { type: "button", class: "sandpit-button",
      "aria-pressed": "false" }, "Reveal the map");
    this.revealButton.addEventListener("click", function () { self.reveal(!self.revealed); });
    var again = element("button", { type: "button", class: "sandpit-button" }, "Start again");
    again.addEventListener("click", function () { self.reset(self.pit.name); });
    controls.appendChild(this.revealButton);
    controls.appendChild(again);
    if (this.arrow) { // the course's stick also measures how the slope bends
      this.hessianButton = element("button", { type: "button", class: "sandpit-button",
        disabled: "" }, "Hessian at this dip");
      this.hessianButton.addEventListener("click", function () { self.hessian(); });
      controls.appendChild(this.hessianButton);
    }

    this.canvas = element("canvas", { class: "sandpit-canvas", tabindex: "0", role: "application",
      "aria-roledescription": "sandpit", "aria-describedby": id + "-help",
      "aria-label": "The sandpit, 6 m by 6 m, seen from above" });
    var help = element("p", { id: id + "-help", class: "sandpit-help" },
      "Click or tap the sand to dip the stick there. With the keyboard, focus the sandpit, " +
      "move the cross with the arrow keys (hold Shift for half-metre steps) and press Enter " +
      "or Space to dip; or type a position below." + (this.arrow ?
      " Press H, or the Hessian button, to read the Hessian at your last dip." : ""));

    var form = element("form", { class: "sandpit-form", novalidate: "" });
    this.inputs = ["x", "y"].map(function (axis) {
      var wrap = element("label", {}, axis + " (m) ");
      var input = element("input", { type: "number", min: "0", max: String(SIZE), step: "0.01",
        value: "3", inputmode: "decimal", class: "sandpit-input", name: axis });
      wrap.appendChild(input);
      form.appendChild(wrap);
      return input;
    });
    form.appendChild(element("button", { type: "submit", class: "sandpit-button" }, "Dip here"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var x = parseFloat(self.inputs[0].value), y = parseFloat(self.inputs[1].value);
      if (!(x >= 0 && x <= SIZE && y >= 0 && y <= SIZE)) {
        self.say("Positions run from 0 to 6 m; " + self.inputs[0].value + ", " +
          self.inputs[1].value + " is outside the pit.");
        return;
      }
      self.dip(x, y);
    });

    this.legend = element("p", { class: "sandpit-legend", hidden: "" },
      "Map: yellow is shallow (\u22121 m), dark purple is deep (\u22129 m); a contour line " +
      "every metre. White dots are your dips; the phone is the white rectangle.");
    var status = element("div", { class: "sandpit-status" });
    this.count = element("p", { class: "sandpit-count" });
    this.readout = E.announcer({ class: "sandpit-readout" }).el;
    status.appendChild(this.count);
    status.appendChild(this.readout);
    var log = element("details", { class: "sandpit-log" });
    log.appendChild(element("summary", {}, "Dips taken"));
    this.list = element("ol", {});
    log.appendChild(this.list);

    [controls, this.canvas, this.legend, help, form, status, log].forEach(function (el) { root.appendChild(el); });

    this.canvas.addEventListener("click", function (event) {
      var box = self.canvas.getBoundingClientRect(), m = self.margins(box.width);
      var x = (event.clientX - box.left - m.left) / m.scale;
      var y = SIZE - (event.clientY - box.top - m.top) / m.scale;
      if (x < -0.05 || x > SIZE + 0.05 || y < -0.05 || y > SIZE + 0.05) return;
      self.cursor = [clamp(x), clamp(y)];
      self.dip(self.cursor[0], self.cursor[1]);
    });
    E.keys(this.canvas, this.keys());
    this.canvas.addEventListener("focus", function () { self.draw(); });
    this.canvas.addEventListener("blur", function () { self.draw(); });
    E.watch(this.canvas, function () { self.draw(); });
    this.reset(this.names[0]);
    E.register("sandpit", this);
  }

  function clamp(v) { return Math.min(SIZE, Math.max(0, Math.round(v * 100) / 100)); }

  Game.prototype.reset = function (name) {
    this.pit = pit(name);
    this.dips = [];
    this.found = false;
    this.over = false; // a round is over once the phone is found or the map revealed
    this.cursor = [3, 3];
    this.list.textContent = "";
    this.reveal(false);
    this.update();
    this.say("A new pit: " + this.pit.title + ". The phone is at its lowest point. No dips yet.");
  };

  Game.prototype.say = function (text) { this.readout.textContent = text; };

  Game.prototype.update = function () {
    this.count.textContent = "Dips: " + this.dips.length + (this.found ? " (phone found)" :
      this.over ? " (map revealed: round over)" : "");
    this.root.dataset.dips = String(this.dips.length);
    this.root.dataset.found = String(this.found);
    this.root.dataset.over = String(this.over);
    if (this.hessianButton) {
      if (this.dips.length) this.hessianButton.removeAttribute("disabled");
      else this.hessianButton.setAttribute("disabled", "");
    }
    this.draw();
  };

  Game.prototype.dip = function (x, y) {
    var at = read(this.pit, x, y), depth = at.depth, J = at.J;
    var low = this.pit.lowest, d = Math.hypot(x - low[0], y - low[1]);
    var dip = { x: x, y: y, depth: depth, arrow: [-J[0], -J[1]], H: at.H };
    this.dips.push(dip);
    this.inputs[0].value = x.toFixed(2);
    this.inputs[1].value = y.toFixed(2);
    var text = "Dip " + this.dips.length + " at x = " + x.toFixed(2) + ", y = " + y.toFixed(2) +
      ": depth " + metres(depth) + ".";
    var slope = Math.hypot(J[0], J[1]);
    if (this.arrow) {
      text += slope < 0.01 ? " The sand is flat here." : " The sand slopes down towards the " +
        heading(-J[0], -J[1]) + ", " + slope.toFixed(2) + " m per metre.";
    }
    if (this.over) {
      if (!this.found) text += " The map was revealed, so this round is over: Start again to play.";
    } else if (d <= DATA.foundWithin) {
      this.found = this.over = true;
      text += " You found the phone, " + (d * 100).toFixed(0) + " cm from the stick, in " +
        this.dips.length + (this.dips.length === 1 ? " dip!" : " dips!");
    }
    this.list.appendChild(element("li", {}, text.replace(/^Dip \d+ /, "")));
    this.say(text);
    this.update();
    if (this.found && !this.revealed) this.reveal(true, true);
  };

  Game.prototype.hessian = function () {
    var last = this.dips[this.dips.length - 1];
    if (!last) { this.say("Dip first: the Hessian is read where the stick is."); return; }
    var text = "At x = " + last.x.toFixed(2) + ", y = " + last.y.toFixed(2) + ": " + curvature(last.H);
    this.list.appendChild(element("li", {}, text));
    this.say(text);
  };

  Game.prototype.reveal = function (on, quiet) {
    if (on && !this.over) { this.over = true; this.update(); }
    this.revealed = on;
    this.root.dataset.revealed = String(on);
    this.revealButton.textContent = on ? "Hide the map" : "Reveal the map";
    this.revealButton.setAttribute("aria-pressed", String(on));
    this.legend.hidden = !on;
    this.canvas.setAttribute("aria-label", on ?
      "Contour map of the sandpit, 6 m by 6 m: yellow is shallow (\u22121 m), dark purple is " +
      "deep (\u22129 m), with your " + this.dips.length + " dips and the phone marked" :
      "The sandpit, 6 m by 6 m, seen from above");
    if (on && !quiet) {
      var low = this.pit.lowest;
      this.say("The map is revealed. The phone is at x = " + low[0].toFixed(2) + ", y = " +
        low[1].toFixed(2) + ", " + metres(-9) + " down." + (this.dips.length ?
        " Your deepest dip read " + metres(Math.min.apply(null, this.dips.map(function (d) {
          return d.depth; }))) + "." : ""));
    }
    this.draw();
  };

  // The sandpit's keys: arrows move the cross (Shift: half-metre steps), Enter or Space dips,
  // H reads the Hessian at the last dip.
  Game.prototype.keys = function () {
    var self = this;
    function move(dx, dy) {
      return function (event) {
        var step = event.shiftKey ? 0.5 : 0.1, c = self.cursor;
        self.cursor = [clamp(c[0] + dx * step), clamp(c[1] + dy * step)];
        self.inputs[0].value = self.cursor[0].toFixed(2);
        self.inputs[1].value = self.cursor[1].toFixed(2);
        self.draw();
      };
    }
    function dip() { self.dip(self.cursor[0], self.cursor[1]); }
    function hessian() { if (!self.arrow) return false; self.hessian(); }
    return { ArrowLeft: move(-1, 0), ArrowRight: move(1, 0), ArrowUp: move(0, 1),
      ArrowDown: move(0, -1), Enter: dip, " ": dip, h: hessian, H: hessian };
  };

  Game.prototype.margins = function (width) {
    var left = 34, bottom = 30, top = 24, right = 20; // left + right = top + bottom: square
    return { left: left, top: top, scale: (width - left - right) / SIZE, height: width };
  };

  Game.prototype.draw = function () {
    var canvas = this.canvas, g = E.prepare(canvas, 1);
    if (!g) return;
    var width = g.width, m = this.margins(width);
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, width, m.height);
    var side = SIZE * m.scale;
    function px(x) { return m.left + x * m.scale; }
    function py(y) { return m.top + (SIZE - y) * m.scale; }

    if (this.revealed) {
      this.drawMap(g, m, side);
    } else {
      g.fillStyle = SAND;
      g.fillRect(m.left, m.top, side, side);
    }
    g.strokeStyle = this.revealed ? "rgba(255,255,255,0.35)" : SAND_LINE;
    g.lineWidth = 1;
    g.font = "12px system-ui, sans-serif";
    g.fillStyle = INK;
    for (var k = 0; k <= SIZE; k++) {
      g.beginPath(); g.moveTo(px(k), m.top); g.lineTo(px(k), m.top + side); g.stroke();
      g.beginPath(); g.moveTo(m.left, py(k)); g.lineTo(m.left + side, py(k)); g.stroke();
      g.textAlign = "center"; g.textBaseline = "top";
      g.fillText(String(k), px(k), m.top + side + 4);
      g.textAlign = "right"; g.textBaseline = "middle";
      g.fillText(String(k), m.left - 5, py(k));
    }
    g.textAlign = "right"; g.textBaseline = "top";
    g.fillText("x (m) \u2192", m.left + side, m.top + side + 17);
    g.textAlign = "left"; g.textBaseline = "bottom";
    g.fillText("\u2191 y (m)", 4, m.top - 8);

    var self = this;
    this.dips.forEach(function (d) {
      if (self.arrow) {
        var slope = Math.hypot(d.arrow[0], d.arrow[1]);
        if (slope >= 0.01) {
          var len = Math.min(0.8, 0.15 + 0.12 * slope) * m.scale;
          var ux = d.arrow[0] / slope, uy = -d.arrow[1] / slope;
          var x0 = px(d.x), y0 = py(d.y), x1 = x0 + ux * len, y1 = y0 + uy * len;
          g.strokeStyle = ARROW; g.fillStyle = ARROW; g.lineWidth = 2.5;
          g.beginPath(); g.moveTo(x0, y0); g.lineTo(x1, y1); g.stroke();
          g.beginPath(); g.moveTo(x1 + ux * 4, y1 + uy * 4);
          g.lineTo(x1 - ux * 6 - uy * 5, y1 - uy * 6 + ux * 5);
          g.lineTo(x1 - ux * 6 + uy * 5, y1 - uy * 6 - ux * 5);
          g.closePath(); g.fill();
        }
      }
      g.beginPath(); g.arc(px(d.x), py(d.y), 4.5, 0, 2 * Math.PI);
      g.fillStyle = "#ffffff"; g.fill();
      g.strokeStyle = INK; g.lineWidth = 1.5; g.stroke();
    });
    if (this.revealed || this.found) E.phone(g, px(this.pit.lowest[0]), py(this.pit.lowest[1]), INK);
    if (document.activeElement === canvas && !this.found) {
      var cx = px(this.cursor[0]), cy = py(this.cursor[1]);
      g.strokeStyle = INK; g.lineWidth = 2;
      g.beginPath(); g.moveTo(cx - 9, cy); g.lineTo(cx + 9, cy);
      g.moveTo(cx, cy - 9); g.lineTo(cx, cy + 9); g.stroke();
    }
  };

  Game.prototype.drawMap = function (g, m, side) {
    var p = this.pit, box = { left: m.left, top: m.top, width: side, height: side };
    E.shade(g, box, { x: [0, SIZE], y: [0, SIZE] }, function (x, y) { return depthAt(p, x, y); },
      -9, -1, 96);
    g.strokeStyle = "rgba(0,0,0,0.55)"; // contour lines every metre
    g.lineWidth = 1;
    E.contours(g, box, p.depth, p.n, [-8, -7, -6, -5, -4, -3, -2]);
  };

  E.load("sandpit-data", function (json) {
    if (!json) return;
    DATA = json;
    SIZE = DATA.size;
    Q = DATA.quanta;
    E.start(".sandpit-game", function (root) { new Game(root); });
  });
})();
