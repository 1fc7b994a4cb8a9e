/* cxmaps journey canvas: the zoom control (fit / 100% / larger, remembered in
   localStorage for every journey page), printing on A4 or A3, and whether the canvas fits
   the width (data-cx-fits: the page scrolls and the stage headers stick below the site's
   header) or scrolls sideways (data-cx-scrolls: a box one window high with sticky stage
   headers and lane labels). Without this script the canvas is shown at "fit", scrolls
   sideways where it must and prints on A4 landscape. The canvas of every page is set up
   as cxmaps-start.js says (again after each of Material's instant navigations). */
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

  /* The height of the bar that stays at the top of the window (Material's header, with
     its tabs where they are sticky): the stage headers stick right below it. */
  const stickyTop = () => {
    const header = document.querySelector(".md-header");
    if (!header) return 0;
    const { position } = getComputedStyle(header);
    return position === "sticky" || position === "fixed" ? header.offsetHeight : 0;
  };

  const measure = (frame) => {
    const scroll = frame.querySelector(".cx-canvas-scroll");
    const table = frame.querySelector("table.cx-canvas");
    if (!scroll || !table) return;
    const scrolls = table.offsetWidth > scroll.clientWidth + 1;
    frame.toggleAttribute("data-cx-scrolls", scrolls);
    frame.toggleAttribute("data-cx-fits", !scrolls);
    frame.style.setProperty("--cx-sticky-top", `${stickyTop()}px`);
  };

  const zoomTo = (frame, zoom) => {
    frame.dataset.cxZoom = zoom;
    for (const button of frame.querySelectorAll("[data-cx-zoom-to]")) {
      button.setAttribute("aria-pressed", String(button.dataset.cxZoomTo === zoom));
    }
    measure(frame);
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
      new ResizeObserver(() => measure(frame)).observe(frame);
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

  (window.cxmapsSetUp = window.cxmapsSetUp || []).push(setUp); // on every page: cxmaps-start.js
})();
