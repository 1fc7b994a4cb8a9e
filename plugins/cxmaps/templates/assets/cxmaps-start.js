/* cxmaps's scripts set up each page once it is there, all in the same way, here. With
   Material's instant navigation a page is swapped in without a reload, so every set-up
   runs again for each new page, from Material's document$ observable; without Material
   (another theme, or no instant navigation) it runs once, when the document is parsed.
   A script queues its set-up with
     (window.cxmapsSetUp = window.cxmapsSetUp || []).push(setUp);
   which works whether it loads before this script or after it. */
(() => {
  "use strict";
  const onEveryPage = (setUp) => {
    if (typeof document$ !== "undefined") {
      document$.subscribe(setUp); // eslint-disable-line no-undef
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  };
  const queued = Array.isArray(window.cxmapsSetUp) ? window.cxmapsSetUp : [];
  window.cxmapsSetUp = { push: (...setUps) => setUps.forEach(onEveryPage) };
  queued.forEach(onEveryPage);
})();
