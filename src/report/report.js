(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (e) {
    errors.push(String(e.message));
    document.body.setAttribute("data-errors", errors.join(" | "));
  });
  var svg = document.getElementById("net");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#edges tbody tr"));
  var shown = document.getElementById("shown");
  var search = document.getElementById("search");
  var select = function () {};
  function count() {
    var n = 0;
    rows.forEach(function (r) { if (!r.classList.contains("off")) n++; });
    shown.textContent = n + " of " + rows.length + " edges";
  }
  // Relation filter: the picture's lines and the table's rows.
  var hidden = {};
  function apply() {
    var q = search.value.trim().toLowerCase();
    rows.forEach(function (r) {
      var off = hidden[r.getAttribute("data-group")] || (q && r.getAttribute("data-names").indexOf(q) < 0);
      r.classList.toggle("off", !!off);
    });
    if (svg) {
      svg.querySelectorAll("path").forEach(function (l) {
        l.classList.toggle("off", !!hidden[l.getAttribute("data-group")]);
      });
      var any = false;
      svg.querySelectorAll("circle").forEach(function (c) {
        var on = !!q && c.getAttribute("data-name").toLowerCase().indexOf(q) >= 0;
        c.classList.toggle("on", on);
        any = any || on;
      });
      svg.classList.toggle("focus", any);
    }
    count();
  }
  document.querySelectorAll("input[data-group]").forEach(function (box) {
    box.addEventListener("change", function () {
      hidden[box.getAttribute("data-group")] = !box.checked;
      apply();
    });
  });
  search.addEventListener("input", apply);
  // Sorting the table by a column.
  document.querySelectorAll("#edges th[data-key]").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key"), num = th.hasAttribute("data-num");
      // A first click sorts names up, counts and dates down (the most first).
      var desc = th.classList.contains("desc") ? false : th.classList.contains("asc") ? true : th.hasAttribute("data-desc");
      document.querySelectorAll("#edges th").forEach(function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(desc ? "desc" : "asc");
      var attr = "data-" + key;
      var sorted = rows.slice().sort(function (a, b) {
        var x = a.getAttribute(attr), y = b.getAttribute(attr);
        var c = num ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
        return desc ? -c : c;
      });
      var body = document.querySelector("#edges tbody");
      sorted.forEach(function (r) { body.appendChild(r); });
    });
  });
  if (svg) {
    // Pan and zoom by the viewBox.
    var base = svg.viewBox.baseVal, home = [base.x, base.y, base.width, base.height];
    var vb = home.slice();
    function set() { svg.setAttribute("viewBox", vb.join(" ")); }
    function zoom(f, cx, cy) {
      var nw = Math.min(Math.max(vb[2] * f, home[2] / 20), home[2] * 4), k = nw / vb[2];
      vb = [cx - (cx - vb[0]) * k, cy - (cy - vb[1]) * k, nw, vb[3] * k];
      set();
    }
    function point(e) {
      var r = svg.getBoundingClientRect();
      return [vb[0] + (e.clientX - r.left) / r.width * vb[2], vb[1] + (e.clientY - r.top) / r.height * vb[3]];
    }
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = point(e);
      zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p[0], p[1]);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (e) {
      if (e.target.tagName === "circle") return;
      drag = [e.clientX, e.clientY, vb[0], vb[1]];
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      vb[0] = drag[2] - (e.clientX - drag[0]) / r.width * vb[2];
      vb[1] = drag[3] - (e.clientY - drag[1]) / r.height * vb[3];
      set();
    });
    svg.addEventListener("pointerup", function () { drag = null; });
    function centre() { return [vb[0] + vb[2] / 2, vb[1] + vb[3] / 2]; }
    document.getElementById("zoom-in").addEventListener("click", function () { var c = centre(); zoom(1 / 1.4, c[0], c[1]); });
    document.getElementById("zoom-out").addEventListener("click", function () { var c = centre(); zoom(1.4, c[0], c[1]); });
    document.getElementById("zoom-reset").addEventListener("click", function () { vb = home.slice(); set(); });
    // A click on a node lists its edges (from the table) and marks them.
    var info = document.getElementById("info");
    svg.addEventListener("click", function (e) { select(e.target); });
    select = function (c) {
      svg.querySelectorAll(".on").forEach(function (x) { x.classList.remove("on"); });
      if (c.tagName !== "circle") { svg.classList.remove("focus"); return; }
      var id = c.getAttribute("data-id");
      c.classList.add("on");
      svg.classList.add("focus");
      var mine = rows.filter(function (r) {
        return r.getAttribute("data-source") === id || r.getAttribute("data-target") === id;
      });
      var ids = {};
      mine.forEach(function (r) {
        ids[r.id] = true;
        ids[r.getAttribute("data-source")] = true;
        ids[r.getAttribute("data-target")] = true;
      });
      svg.querySelectorAll("path").forEach(function (l) { if (ids[l.getAttribute("data-row")]) l.classList.add("on"); });
      svg.querySelectorAll("circle").forEach(function (o) { if (ids[o.getAttribute("data-id")]) o.classList.add("on"); });
      info.textContent = "";
      var h = document.createElement("h3");
      h.textContent = c.getAttribute("data-name");
      info.appendChild(h);
      var p = document.createElement("p");
      p.className = "hint";
      p.textContent = c.getAttribute("data-type") + " · " + c.getAttribute("data-mentions") + " mentions · " + mine.length + " edges";
      info.appendChild(p);
      var ul = document.createElement("ul");
      mine.forEach(function (r) {
        var li = document.createElement("li"), a = document.createElement("a");
        var other = r.getAttribute("data-source") === id ? r.cells[2] : r.cells[1];
        a.href = "#" + r.id;
        a.textContent = r.cells[0].textContent + " " + other.firstChild.textContent.replace(/^→\u00a0/, "") + " (" + r.getAttribute("data-weight") + ")";
        li.appendChild(a);
        ul.appendChild(li);
      });
      info.appendChild(ul);
    };
  }
  // A link to the page can select a node (#node=ID) or search (#search=TEXT).
  function fromHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf("node=") === 0 && svg) {
      var id = h.slice(5);
      svg.querySelectorAll("circle").forEach(function (c) { if (c.getAttribute("data-id") === id) select(c); });
    } else if (h.indexOf("search=") === 0) {
      search.value = h.slice(7);
      apply();
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  count();
  document.body.setAttribute("data-ready", "1");
})();
