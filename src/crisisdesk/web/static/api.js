// Lists the endpoints of /api/openapi.json with their parameters (all text via textContent).
"use strict";
(async () => {
  const spec = await (await fetch("/api/openapi.json")).json();
  const root = document.getElementById("endpoints");
  const el = (tag, text) => { const e = document.createElement(tag); if (text) e.textContent = text; return e; };
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const box = el("section");
      box.append(el("h2", method.toUpperCase() + " " + path), el("p", op.description || op.summary || ""));
      const params = op.parameters || [];
      if (params.length) {
        const list = el("ul");
        for (const p of params) {
          list.append(el("li", `${p.name} (${p.in}${p.required ? ", required" : ""})` +
            (p.description ? ": " + p.description : "")));
        }
        box.append(list);
      }
      root.append(box);
    }
  }
})();
