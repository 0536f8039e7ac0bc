// Redakt live reload: injected by `redakt serve` only, never part of a built site.
// Listens to the server's events; reloads on a new build, swaps stylesheets when only CSS
// changed, shows the overlay while the site has errors. Needs nothing from the network.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script.getAttribute("data-build");
  var url = script.getAttribute("data-events");
  var OVERLAY = "redakt-overlay";
  // The connection state, for the curious and for the browser tests.
  var state = (window.__redakt = { build: build, connected: false, styleReloads: 0 });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function hideOverlay() {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
  }

  function closeButton() {
    var button = element("button", "redakt-close", "\u00d7");
    button.type = "button";
    button.setAttribute("aria-label", "Close");
    button.addEventListener("click", hideOverlay);
    return button;
  }

  function showOverlay(problems) {
    hideOverlay();
    var box = element("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    var panel = element("div", "redakt-panel");
    panel.appendChild(closeButton());
    panel.appendChild(element("p", "redakt-title",
      "Redakt: the site could not be rebuilt. The last good version is shown; fix the file and it reloads."));
    var list = element("ol");
    problems.forEach(function (p) {
      var item = element("li");
      var at = p.file;
      if (p.line) at += ":" + p.line + (p.column ? ":" + p.column : "");
      item.appendChild(element("code", "redakt-at", at));
      item.appendChild(element("span", "redakt-message", " " + p.message));
      if (p.source) item.appendChild(element("pre", "redakt-source", p.source));
      if (p.hint) item.appendChild(element("p", "redakt-hint", "help: " + p.hint));
      list.appendChild(item);
    });
    panel.appendChild(list);
    box.appendChild(panel);
    document.body.appendChild(box);
  }

  function reloadStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var href = new URL(link.href, location.href);
      href.searchParams.set("redakt-reload", String(Date.now()));
      link.href = href.toString();
    });
  }

  function connect() {
    var source = new EventSource(url);
    source.addEventListener("hello", function (e) {
      var server = JSON.parse(e.data);
      state.connected = true;
      if (server.build !== build) location.reload();
      else if (server.problems) showOverlay(server.problems);
      else hideOverlay();
    });
    source.addEventListener("reload", function () {
      location.reload();
    });
    source.addEventListener("css", function (e) {
      build = state.build = JSON.parse(e.data).build;
      hideOverlay();
      reloadStylesheets();
      state.styleReloads += 1;
    });
    source.addEventListener("problems", function (e) {
      showOverlay(JSON.parse(e.data));
    });
    source.onerror = function () {
      state.connected = false;
      // The browser retries a dropped connection by itself, but gives up on some
      // failures (a refused connection while the server restarts): start over then.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    };
  }

  var existing = document.querySelector("#" + OVERLAY + " .redakt-close");
  if (existing) existing.addEventListener("click", hideOverlay);
  connect();
})();
