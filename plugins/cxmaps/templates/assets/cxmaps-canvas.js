/* cxmaps journey canvas: the zoom control (fit / 100% / larger, remembered in
   localStorage for every journey page) and printing on A4 or A3. Without this script the
   canvas is shown at "fit" and prints on A4 landscape. With Material's instant navigation
   pages are swapped without a reload, so the canvas of each new page is set up from
   Material's document$ observable. */
(() => {
  "use strict";
  const KEY = "cxmaps.canvas.zoom";
  const ZOOMS = ["fit", "100", "larger"];
  const PAPER = { a4: "A4 landscape", "a4-portrait": "A4 portrait", a3: "A3 landscape" };

  const stored = () => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  };

  const zoomTo = (frame, zoom) => {
    frame.dataset.cxZoom = zoom;
    for (const button of frame.querySelectorAll("[data-cx-zoom-to]")) {
      button.setAttribute("aria-pressed", String(button.dataset.cxZoomTo === zoom));
    }
  };

  const printOn = (paper) => {
    const root = document.documentElement;
    const style = document.createElement("style");
    style.textContent = `@page { size: ${PAPER[paper]}; }`;
    document.head.append(style);
    root.dataset.cxPrint = paper;
    window.addEventListener("afterprint", () => {
      style.remove();
      delete root.dataset.cxPrint;
    }, { once: true });
    window.print();
  };

  const setUp = () => {
    for (const frame of document.querySelectorAll(".cx-canvas-frame:not([data-cx-ready])")) {
      frame.dataset.cxReady = "";
      const zoom = stored();
      zoomTo(frame, ZOOMS.includes(zoom) ? zoom : "fit");
      const tools = frame.querySelector(".cx-canvas-tools");
      if (!tools) continue;
      tools.hidden = false;
      tools.addEventListener("click", (event) => {
        const button = event.target.closest("button");
        if (!button) return;
        if (button.dataset.cxZoomTo) {
          zoomTo(frame, button.dataset.cxZoomTo);
          try {
            localStorage.setItem(KEY, button.dataset.cxZoomTo);
          } catch {
            /* private mode: the zoom lasts for this page */
          }
        } else if (button.dataset.cxPrint in PAPER) {
          printOn(button.dataset.cxPrint);
        }
      });
    }
  };

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp); // eslint-disable-line no-undef
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
