// The map: the bundled country borders (Natural Earth 1:110m via world-atlas, TopoJSON) drawn
// as SVG in Web Mercator, event markers on top, optional online tiles underneath.
// Coordinates are "world units": the whole world is 256 x 256, as one zoom-0 map tile.
"use strict";

window.CrisisMap = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const WORLD = 256;
  const MAX_LAT = 85.0511; // Web Mercator's edge

  function project(lon, lat) {
    const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
    const s = Math.sin(clamped * Math.PI / 180);
    return [(lon + 180) / 360 * WORLD, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * WORLD];
  }

  // TopoJSON: arcs are delta-encoded integer points; a ring is a list of arc indices, ~i
  // meaning arc i reversed, and consecutive arcs share their joining point.
  function decodeArcs(topo) {
    const [sx, sy] = topo.transform.scale;
    const [tx, ty] = topo.transform.translate;
    return topo.arcs.map((arc) => {
      let x = 0, y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    });
  }

  function ringPath(ring, arcs) {
    const points = [];
    ring.forEach((index, n) => {
      let arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
      if (n > 0) arc = arc.slice(1);
      points.push(...arc);
    });
    return "M" + points.map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(3)).join(",")).join("L") + "Z";
  }

  function countryPaths(topo) {
    const arcs = decodeArcs(topo);
    const paths = [];
    for (const geometry of topo.objects.countries.geometries) {
      const polygons = geometry.type === "Polygon" ? [geometry.arcs]
        : geometry.type === "MultiPolygon" ? geometry.arcs : [];
      const d = polygons.map((polygon) => polygon.map((ring) => ringPath(ring, arcs)).join("")).join("");
      if (d) paths.push({ d, name: (geometry.properties || {}).name || "" });
    }
    return paths;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  class EventMap {
    constructor(svg, { colourOf, onSelect, tileUrl }) {
      this.svg = svg;
      this.colourOf = colourOf;
      this.onSelect = onSelect;
      this.tileUrl = tileUrl || null;
      this.view = { x: 0, y: 0, w: WORLD, h: WORLD };
      this.events = [];
      this.selected = null;
      this.tiles = svgEl("g", { class: "tiles" });
      this.land = svgEl("g", { class: "land" + (this.tileUrl ? " over-tiles" : "") });
      this.markers = svgEl("g", { class: "markers" });
      svg.append(this.tiles, this.land, this.markers);
      this.listen();
    }

    async loadBasemap(url) {
      const topo = await (await fetch(url)).json();
      for (const { d, name } of countryPaths(topo)) {
        const path = svgEl("path", { d, class: "country" });
        const title = svgEl("title");
        title.textContent = name;
        path.append(title);
        this.land.append(path);
      }
    }

    pixelsPerUnit() {
      const box = this.svg.getBoundingClientRect();
      return Math.max(1e-6, Math.min(box.width / this.view.w, box.height / this.view.h));
    }

    setEvents(events, { fit }) {
      this.events = events.filter((e) => e.lat !== null && e.lon !== null);
      if (fit) this.fit();
      this.render();
    }

    fit() {
      if (!this.events.length) { this.view = { x: 0, y: 30, w: WORLD, h: 170 }; return; }
      const points = this.events.map((e) => project(e.lon, e.lat));
      const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
      // Pad by a quarter of the spread, and show at least ~10 degrees (7 units) around.
      const w = Math.max(7, (Math.max(...xs) - Math.min(...xs)) * 1.5);
      const h = Math.max(7, (Math.max(...ys) - Math.min(...ys)) * 1.5);
      const cx = (Math.max(...xs) + Math.min(...xs)) / 2, cy = (Math.max(...ys) + Math.min(...ys)) / 2;
      const box = this.svg.getBoundingClientRect();
      const aspect = box.width && box.height ? box.width / box.height : 1.6;
      const width = Math.max(w, h * aspect);
      this.view = { x: cx - width / 2, y: cy - width / aspect / 2, w: width, h: width / aspect };
    }

    render() {
      const { x, y, w, h } = this.view;
      this.svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
      const unit = 1 / this.pixelsPerUnit();
      this.svg.style.setProperty("--unit", String(unit));
      this.markers.replaceChildren();
      const sorted = this.events.slice().sort((a, b) => b.independent_sources - a.independent_sources);
      for (const event of sorted) {
        const [cx, cy] = project(event.lon, event.lat);
        const radius = (4 + 4 * Math.sqrt(event.independent_sources || 1)) * unit;
        const circle = svgEl("circle", {
          cx, cy, r: radius, fill: this.colourOf(event.kind), "stroke-width": 1.5 * unit,
          class: "marker" + (event.id === this.selected ? " selected" : ""), "data-event-id": event.id,
        });
        const title = svgEl("title");
        title.textContent = `${event.kind} — ${event.location || "?"} ${event.date || ""} (${event.independent_sources} independent)`;
        circle.append(title);
        circle.addEventListener("click", (ev) => { ev.stopPropagation(); this.onSelect(event.id); });
        this.markers.append(circle);
      }
      this.renderTiles();
    }

    select(id) { this.selected = id; this.render(); }

    renderTiles() {
      if (!this.tileUrl) return;
      this.tiles.replaceChildren();
      const zoom = Math.max(0, Math.min(18, Math.round(Math.log2(this.pixelsPerUnit()))));
      const count = 2 ** zoom, size = WORLD / count;
      const { x, y, w, h } = this.view;
      const clamp = (v) => Math.max(0, Math.min(count - 1, v));
      for (let ix = clamp(Math.floor(x / size)); ix <= clamp(Math.floor((x + w) / size)); ix++) {
        for (let iy = clamp(Math.floor(y / size)); iy <= clamp(Math.floor((y + h) / size)); iy++) {
          const href = this.tileUrl.replace("{z}", zoom).replace("{x}", ix).replace("{y}", iy);
          this.tiles.append(svgEl("image", { href, x: ix * size, y: iy * size, width: size, height: size }));
        }
      }
    }

    listen() {
      this.svg.addEventListener("wheel", (ev) => {
        ev.preventDefault();
        const box = this.svg.getBoundingClientRect();
        const factor = ev.deltaY > 0 ? 1.25 : 0.8;
        const px = this.view.x + (ev.clientX - box.left) / box.width * this.view.w;
        const py = this.view.y + (ev.clientY - box.top) / box.height * this.view.h;
        const w = Math.min(WORLD * 2, Math.max(0.05, this.view.w * factor));
        const h = this.view.h * (w / this.view.w);
        this.view = { x: px - (px - this.view.x) * (w / this.view.w), y: py - (py - this.view.y) * (h / this.view.h), w, h };
        this.render();
      }, { passive: false });
      let drag = null;
      this.svg.addEventListener("pointerdown", (ev) => {
        if (ev.target.classList && ev.target.classList.contains("marker")) return;
        drag = { x: ev.clientX, y: ev.clientY, view: { ...this.view } };
      });
      window.addEventListener("pointerup", () => { drag = null; });
      window.addEventListener("pointermove", (ev) => {
        if (!drag) return;
        const ppu = this.pixelsPerUnit();
        this.view = { ...drag.view, x: drag.view.x - (ev.clientX - drag.x) / ppu, y: drag.view.y - (ev.clientY - drag.y) / ppu };
        this.render();
      });
      window.addEventListener("resize", () => this.render());
    }
  }

  return { EventMap, project };
})();
