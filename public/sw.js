// The service worker: keeps the app shell on the phone so the code page opens without network.
// scripts/sw-precache.sh fills in VERSION and PRECACHE after every Trunk build, so each release
// is a new worker with its own cache; the old cache is dropped once the new one is complete.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = `healthcode-shell-${VERSION}`;
// A navigation waits this long for the server before the cached shell is shown.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("healthcode-shell-") && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// Pages: the network first (a new release's index.html), the cached shell when it fails.
async function navigate(request) {
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.status < 500) return response;
  } catch (_) {
    // Offline, refused or too slow: fall through to the shell.
  }
  const cached = await caches.match("/index.html", { cacheName: CACHE });
  return cached || Response.error();
}

// Hashed build outputs never change under their name: the cache first.
async function asset(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached here: the app keeps what it needs (the last code) itself. The staff
  // console (/staff) is another app with its own shell: this worker leaves it alone.
  const path = url.pathname;
  const elsewhere = path.startsWith("/api/") || path === "/staff" || path.startsWith("/staff/");
  if (request.method !== "GET" || url.origin !== self.location.origin || elsewhere) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});
