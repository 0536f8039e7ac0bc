// Accessibility check of a built portal: serves the folder, opens each page in headless
// Chromium over the DevTools protocol, runs axe-core in it at desktop and phone widths and in
// light and dark colour schemes, and fails on any serious or critical violation. At phone
// width it also fails when the page scrolls sideways (the theme must work at 360 px).
//
//   node .ci/a11y.mjs <public dir> [page path…]
//
// The browser is $CHROME, else chromium or chromium-browser on the PATH.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { createRequire } from "node:module";
import WebSocket from "ws";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const DEFAULT_PAGES = [
  "/", // index
  "/kk/",
  "/?q=персональных+данных", // search, results shown
  "/kk/?q=деректерін",
  "/qadam/", // operator, with logo and accent
  "/qadam/privacy/", // current edition, with an upcoming notice
  "/qadam/privacy/2.0/", // archived edition
  "/qadam/privacy/changelog/",
  "/qadam/privacy/2.1/diff/",
  "/kk/qadam/consent/", // untranslated
  "/404.html",
];
const VIEWS = [
  { name: "desktop", width: 1280, height: 900, mobile: false, scheme: "light" },
  { name: "desktop dark", width: 1280, height: 900, mobile: false, scheme: "dark" },
  { name: "phone", width: 360, height: 800, mobile: true, scheme: "light" },
  { name: "phone dark", width: 360, height: 800, mobile: true, scheme: "dark" },
];
const FAIL_ON = new Set(["serious", "critical"]);

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
};

/** Serves `root` like any static host: `dir/` is `dir/index.html`. */
function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function findBrowser() {
  if (process.env.CHROME) return process.env.CHROME;
  for (const dir of (process.env.PATH || "").split(":")) {
    for (const name of ["chromium", "chromium-browser"]) {
      try {
        if (statSync(join(dir, name)).isFile()) return join(dir, name);
      } catch {}
    }
  }
  throw new Error("no Chromium found: set $CHROME or install chromium");
}

/** Starts headless Chromium and resolves with its DevTools websocket address. */
function launch(profile) {
  const child = spawn(findBrowser(), [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--remote-debugging-port=0",
    `--user-data-dir=${profile}`,
    "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let log = "";
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const found = log.match(/DevTools listening on (ws:\/\/\S+)/);
      if (found) resolve({ child, endpoint: found[1] });
    });
    child.on("exit", (code) => reject(new Error(`Chromium exited (${code}):\n${log}`)));
  });
}

/** A minimal DevTools protocol client: commands with replies, and waiting for events. */
class Cdp {
  constructor(socket) {
    this.socket = socket;
    this.next = 1;
    this.pending = new Map();
    this.waiters = [];
    socket.on("message", (data) => this.receive(JSON.parse(data)));
  }
  static connect(url) {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 << 20 });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new Cdp(socket)));
      socket.once("error", reject);
    });
  }
  receive(message) {
    if (message.id && this.pending.has(message.id)) {
      const { resolve, reject } = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) reject(new Error(JSON.stringify(message.error)));
      else resolve(message.result);
      return;
    }
    this.waiters = this.waiters.filter((w) => {
      const hit = w.method === message.method && w.sessionId === message.sessionId;
      if (hit) w.resolve(message.params);
      return !hit;
    });
  }
  send(method, params = {}, sessionId) {
    const id = this.next++;
    this.socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }
  once(method, sessionId, ms = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), ms);
      this.waiters.push({ method, sessionId, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }
}

async function evaluate(cdp, session, expression) {
  const { result, exceptionDetails } = await cdp.send(
    "Runtime.evaluate",
    { expression, awaitPromise: true, returnByValue: true },
    session,
  );
  if (exceptionDetails) throw new Error(`${expression.slice(0, 80)}: ${JSON.stringify(exceptionDetails)}`);
  return result.value;
}

/** Waits until the page's search (if any) has shown its results. */
async function settle(cdp, session) {
  for (let i = 0; i < 100; i++) {
    const busy = await evaluate(
      cdp,
      session,
      `(() => { const s = document.getElementById("search");
        return !!(s && new URLSearchParams(location.search).get("q") && !s.dataset.state); })()`,
    );
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the search never finished");
}

async function check(cdp, session, url, view) {
  await cdp.send("Emulation.setDeviceMetricsOverride", {
    width: view.width, height: view.height, deviceScaleFactor: 1, mobile: view.mobile,
  }, session);
  await cdp.send("Emulation.setEmulatedMedia", {
    features: [{ name: "prefers-color-scheme", value: view.scheme }],
  }, session);
  const loaded = cdp.once("Page.loadEventFired", session);
  await cdp.send("Page.navigate", { url }, session);
  await loaded;
  await settle(cdp, session);
  const problems = [];
  if (view.mobile) {
    const overflow = await evaluate(cdp, session,
      "document.documentElement.scrollWidth - document.documentElement.clientWidth");
    if (overflow > 0) problems.push(`scrolls sideways by ${overflow}px at ${view.width}px`);
  }
  await evaluate(cdp, session, `${AXE}; true`);
  const violations = await evaluate(cdp, session,
    `axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations.map(v => ({
       id: v.id, impact: v.impact, help: v.help,
       nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.split("\\n").slice(1).join(" ") : "")) })))`);
  for (const v of violations) {
    const line = `${v.impact}: ${v.id}: ${v.help}\n      ${v.nodes.join("\n      ")}`;
    if (FAIL_ON.has(v.impact)) problems.push(line);
    else console.log(`  note (${view.name}) ${url}: ${line}`);
  }
  return problems;
}

async function main() {
  const [root, ...paths] = process.argv.slice(2);
  if (!root) throw new Error("usage: node .ci/a11y.mjs <public dir> [page path…]");
  const pages = paths.length ? paths : DEFAULT_PAGES;
  const server = await serve(root);
  const base = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), "redakt-axe-"));
  const { child, endpoint } = await launch(profile);
  let failures = 0;
  try {
    const cdp = await Cdp.connect(endpoint);
    const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
    await cdp.send("Page.enable", {}, sessionId);
    for (const page of pages) {
      for (const view of VIEWS) {
        const problems = await check(cdp, sessionId, base + page, view);
        const mark = problems.length ? "FAIL" : "ok  ";
        console.log(`${mark} ${view.name.padEnd(12)} ${page}`);
        for (const p of problems) console.log(`    ${p}`);
        failures += problems.length;
      }
    }
  } finally {
    // Chromium keeps writing its profile for a moment after the signal: wait for it to
    // exit, and never let a leftover temp folder fail the check.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    server.close();
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (e) {
      console.error(`axe: could not remove ${profile}: ${e.message}`);
    }
  }
  if (failures) {
    console.error(`axe: ${failures} serious or critical problem(s)`);
    process.exit(1);
  }
  console.log(`axe: ${pages.length} page(s) × ${VIEWS.length} views, no serious or critical violations`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
