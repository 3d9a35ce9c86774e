#!/usr/bin/env python3
"""The security headers on one answer of every route, and on 4xx/5xx answers, as a table.

Starts the server (the binary given, serving the built dist/) on a fresh data dir, logs a
resident in, sends one request to every operation of /api/v1/openapi.json (path ids are
dummies, so most answer 401/404/422: an error answer must carry the headers too), loads the
pages and assets, provokes a 403 (cross-site), a 415 (text/plain) and a 503 (a second server
with one write slot), and checks each answer: CSP (default-src 'self', script-src 'self'
'wasm-unsafe-eval', object-src 'none', base-uri 'none', frame-ancestors 'none'), nosniff,
X-Frame-Options DENY, no referrer, Cache-Control no-store on the API, and HSTS exactly when
the server is told it is served over HTTPS. Exits 1 if any cell fails.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSP_PARTS = ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'",
             "base-uri 'none'", "frame-ancestors 'none'"]


class Server:
    def __init__(self, binary, **env):
        self.dir = tempfile.TemporaryDirectory(prefix="healthcode-headers-")
        environment = dict(os.environ, HEALTHCODE_ADDR="127.0.0.1:0", HEALTHCODE_DATA_DIR=self.dir.name,
                           HEALTHCODE_SMS_OUTBOX=os.path.join(self.dir.name, "sms.jsonl"),
                           HEALTHCODE_STATIC_DIR=str(ROOT / "dist"), DATABASE_URL="", RUST_LOG="info", **env)
        self.process = subprocess.Popen([binary], env=environment, stdout=subprocess.PIPE, text=True)
        for line in self.process.stdout:
            found = re.search(r"listening on http://([\d.]+):(\d+)", line)
            if found:
                self.host, self.port = found.group(1), int(found.group(2))
                break
        else:
            sys.exit("the server did not start")
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()

    def request(self, method, path, body=None, headers=None, source=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30,
                                                source_address=(source, 0) if source else None)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def last_code(self, phone):
        lines = Path(self.dir.name, "sms.jsonl").read_text().splitlines()
        return next(json.loads(l)["code"] for l in reversed(lines) if json.loads(l)["phone"] == phone)

    def log_in(self, phone):
        json_type = {"content-type": "application/json"}
        self.request("POST", "/api/v1/auth/otp", json.dumps({"phone": phone}), json_type)
        _, headers, _ = self.request("POST", "/api/v1/auth/session",
                                     json.dumps({"phone": phone, "code": self.last_code(phone)}), json_type)
        return headers["set-cookie"].split(";")[0]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.dir.cleanup()


def check(path, headers, tls=False):
    """The cells of one row: (name, ok)."""
    csp = headers.get("content-security-policy", "")
    api = path.startswith("/api/")
    return [
        ("csp", all(part in csp for part in CSP_PARTS)),
        ("nosniff", headers.get("x-content-type-options") == "nosniff"),
        ("frame", headers.get("x-frame-options") == "DENY"),
        ("referrer", headers.get("referrer-policy") == "no-referrer"),
        ("cache", headers.get("cache-control") == "no-store" if api else "no-store" not in headers.get("cache-control", "")),
        ("hsts", ("strict-transport-security" in headers) == tls),
    ]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/debug/healthcode-server")
    rows, failed = [], 0

    def row(method, path, status, headers, tls=False):
        nonlocal failed
        cells = check(path, headers, tls)
        failed += sum(not ok for _, ok in cells)
        rows.append((method, path, status, cells))

    server = Server(binary)
    try:
        cookie = server.log_in("13900009901")
        spec = json.loads(server.request("GET", "/api/v1/openapi.json")[2])
        operations = [(m.upper(), p) for p, item in spec["paths"].items() for m in item]
        # Logging out last, so every other call runs with the session.
        operations.sort(key=lambda op: op == ("DELETE", "/auth/session"))
        for method, path in operations:
            concrete = "/api/v1" + re.sub(r"\{[^}]+\}", "x", path)
            headers = {"cookie": cookie}
            body = None
            if method in ("POST", "PUT"):
                body = "{}"
                headers.update({"content-type": "application/json", "idempotency-key": f"header-check-{method}-{path}"})
            status, answer, _ = server.request(method, concrete, body, headers)
            row(method, concrete, status, answer)
        for path in ["/api/v1/openapi.json", "/api/v1/no-such-route"]:
            status, answer, _ = server.request("GET", path)
            row("GET", path, status, answer)
        wasm = next((ROOT / "dist").glob("healthcode-web-*_bg.wasm")).name
        for path in ["/", "/declare/x/identity", "/staff/", "/staff/residents", "/sw.js", "/manifest.webmanifest", "/" + wasm]:
            status, answer, _ = server.request("GET", path)
            row("GET", path, status, answer)
        status, answer, _ = server.request("POST", "/api/v1/auth/otp", '{"phone":"13900009902"}', {"content-type": "text/plain"})
        row("POST", "/api/v1/auth/otp (text/plain)", status, answer)
        status, answer, _ = server.request("POST", "/api/v1/auth/otp", '{"phone":"13900009902"}',
                                           {"content-type": "application/json", "origin": "https://evil.example"})
        row("POST", "/api/v1/auth/otp (cross-site)", status, answer)
    finally:
        server.stop()

    # One write slot, served "over HTTPS": concurrent declarations must meet a 503, with HSTS.
    busy = Server(binary, HEALTHCODE_SLOTS="8,1,64", HEALTHCODE_SECURE_COOKIES="1")
    try:
        cookie = busy.log_in("13900009903")
        person = json.loads(busy.request("GET", "/api/v1/me", None, {"cookie": cookie})[2])["persons"][0]["id"]
        village = json.loads(busy.request("GET", "/api/v1/divisions?parent=140802001")[2])[0]["code"]
        declaration = json.dumps({
            "name": "李华", "sex": "female", "nationality": "CHN", "document_type": "resident_id",
            "document_number": "11010519491231002X", "phone": "13900009903", "residence_division": village,
            "residence_address": "解放路 8 号", "from_outside_province": False, "origin_division": None,
            "arrival_date": None, "itinerary": [], "planned_departure": None, "temperature_c": 36.5,
            "symptoms": [], "contact_history": "none", "isolation_start": None, "on_duty_worker": False,
            "commitment": True})
        statuses, seen = [], {}

        def put(i):
            # Each from its own loopback address: many clients, so the pool fills (503) rather
            # than one client passing its share (429).
            status, answer, _ = busy.request("PUT", f"/api/v1/persons/{person}/declaration", declaration,
                                                {"cookie": cookie, "content-type": "application/json",
                                                 "idempotency-key": f"header-check-{i:04}"}, source=f"127.0.{i // 250}.{i % 250 + 2}")
            statuses.append(status)
            seen.setdefault(status, answer)

        for attempt in range(5):
            threads = [threading.Thread(target=put, args=(attempt * 100 + i,)) for i in range(60)]
            [t.start() for t in threads]
            [t.join() for t in threads]
            if 503 in seen:
                break
        for status, answer in sorted(seen.items()):
            row("PUT", f"/api/v1/persons/{{id}}/declaration (1 write slot, TLS) ×{statuses.count(status)}", status, answer, tls=True)
        if 503 not in seen:
            print("no 503 was provoked in 300 concurrent writes on one slot")
            failed += 1
        status, answer, _ = busy.request("GET", "/")
        row("GET", "/ (TLS)", status, answer, tls=True)
    finally:
        busy.stop()

    names = [name for name, _ in rows[0][3]]
    print(f"{'method':6} {'status':6} " + " ".join(f"{n:8}" for n in names) + " path")
    for method, path, status, cells in rows:
        print(f"{method:6} {status:<6} " + " ".join(f"{'ok' if ok else 'FAIL':8}" for _, ok in cells) + f" {path}")
    print(f"{len(rows)} answers, {len({p for _, p, _, _ in rows})} paths, {failed} failing cells")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
