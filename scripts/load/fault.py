"""Fault injection: 1,000 declaration PUTs while the server is killed with SIGKILL and restarted
five times at random moments. Every PUT a client saw acknowledged must be in the database
afterwards, no Idempotency-Key may have made two versions, and SQLite must pass
PRAGMA integrity_check. Prints the counts; exits non-zero on any loss.

Usage: fault.py SERVER_BIN  (stdlib only; the server runs on a loopback port in a temp dir)
"""
import datetime
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

TOTAL_PUTS = 1_000
RESTARTS = 5
ACCOUNTS = 8
WORKERS = 8


def resident_id(seq):
    body = f"11010519491231{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


class Server:
    def __init__(self, binary, data_dir):
        self.binary, self.data_dir, self.port, self.proc = binary, data_dir, None, None
        self.log = open(os.path.join(data_dir, "server.log"), "ab")

    def start(self):
        addr = f"127.0.0.1:{self.port or 0}"
        env = dict(os.environ, HEALTHCODE_ADDR=addr, HEALTHCODE_DATA_DIR=self.data_dir,
                   HEALTHCODE_SMS_OUTBOX=os.path.join(self.data_dir, "sms.jsonl"), DATABASE_URL="",
                   RUST_LOG="info", HEALTHCODE_SWEEP_SECS="3600")
        out = os.path.join(self.data_dir, f"stdout-{time.time()}.log")
        self.proc = subprocess.Popen([self.binary], env=env, stdout=open(out, "wb"), stderr=self.log)
        for _ in range(600):
            text = open(out, encoding="utf-8", errors="replace").read()
            if "listening on http://" in text:
                self.port = int(text.split("listening on http://")[1].split()[0].rsplit(":", 1)[1])
                return
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited: {text}")
            time.sleep(0.05)
        raise SystemExit("server did not start")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def request(port, method, path, body=None, headers=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        conn.request(method, path, body=data, headers={"content-type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("set-cookie")
    finally:
        conn.close()


def log_in(server, phone):
    request(server.port, "POST", "/api/v1/auth/otp", {"phone": phone})
    outbox = os.path.join(server.data_dir, "sms.jsonl")
    code = [json.loads(l) for l in open(outbox) if json.loads(l)["phone"] == phone][-1]["code"]
    _, _, cookie = request(server.port, "POST", "/api/v1/auth/session", {"phone": phone, "code": code})
    cookie = cookie.split(";")[0]
    _, me, _ = request(server.port, "GET", "/api/v1/me", headers={"cookie": cookie})
    return cookie, json.loads(me)["persons"][0]["id"]


def main():
    binary = sys.argv[1]
    data_dir = tempfile.mkdtemp(prefix="healthcode-fault-")
    server = Server(binary, data_dir)
    server.start()
    _, villages, _ = request(server.port, "GET", "/api/v1/divisions?parent=140802001")
    village = json.loads(villages)[0]["code"]
    day = lambda n: (datetime.date.today() - datetime.timedelta(days=n)).isoformat()
    accounts = [log_in(server, f"1390000{8000 + i}") for i in range(ACCOUNTS)]

    def body(account, n):
        return {"name": "李华", "sex": "female", "nationality": "CHN", "document_type": "resident_id",
                "document_number": resident_id(800 + account), "phone": "13900001111",
                "residence_division": village, "residence_address": f"解放路 {n} 号",
                "from_outside_province": True, "origin_division": "420602", "origin_country": None,
                "arrival_date": day(2), "itinerary": [{"division": "420602", "country": None,
                "from": day(14), "to": day(3)}], "planned_departure": None, "temperature_c": 36.5,
                "symptoms": [], "contact_history": "none", "isolation_start": None,
                "on_duty_worker": False, "commitment": True}

    acked, lock = {}, threading.Lock()
    counts = {"connection_lost": 0, "server_errors": 0, "replayed_after_loss": 0}
    running = threading.Event()
    running.set()

    def put(n):
        account = n % ACCOUNTS
        cookie, person = accounts[account]
        key = f"fault-{n:05d}-{random.getrandbits(32):08x}"
        lost = False
        for _ in range(400):  # a client that keeps the key and retries, like the app
            try:
                status, reply, _ = request(server.port, "PUT", f"/api/v1/persons/{person}/declaration",
                                           body(account, n), {"cookie": cookie, "idempotency-key": key})
            except (OSError, http.client.HTTPException):
                lost = True
                with lock:
                    counts["connection_lost"] += 1
                time.sleep(0.05)
                continue
            if status == 200:
                with lock:
                    acked[key] = (person, json.loads(reply)["version"])
                    counts["replayed_after_loss"] += lost
                return
            with lock:
                counts["server_errors"] += 1
            time.sleep(0.05)
        raise SystemExit(f"PUT {n} never acknowledged")

    def killer():
        for _ in range(RESTARTS):
            time.sleep(random.uniform(0.3, 1.2))
            server.kill9()
            time.sleep(random.uniform(0.05, 0.3))
            server.start()

    started = time.time()
    chaos = threading.Thread(target=killer)
    chaos.start()
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(put, range(TOTAL_PUTS)))
    chaos.join()
    elapsed = time.time() - started
    server.stop()

    db = sqlite3.connect(os.path.join(data_dir, "healthcode.db"))
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    versions = {(p, v) for p, v in db.execute("SELECT person_id, version FROM declarations")}
    stored_keys = dict(db.execute("SELECT key, body FROM idempotency_keys WHERE key LIKE 'fault-%'"))
    missing = [k for k, pv in acked.items() if pv not in versions or k not in stored_keys]
    mismatched = [k for k, (p, v) in acked.items() if k in stored_keys and json.loads(stored_keys[k])["version"] != v]
    fault_rows = db.execute("SELECT COUNT(*) FROM declarations").fetchone()[0]
    duplicates = fault_rows - len(stored_keys)
    print(f"PUTs acknowledged: {len(acked)} of {TOTAL_PUTS} in {elapsed:.1f} s, with {RESTARTS} kill -9 restarts")
    print(f"connection failures seen by clients: {counts['connection_lost']}; "
          f"PUTs acknowledged after a lost connection: {counts['replayed_after_loss']}; "
          f"non-200 answers: {counts['server_errors']}")
    print(f"declaration rows: {fault_rows}; idempotency keys stored: {len(stored_keys)}; "
          f"versions without their own key (duplicates): {duplicates}")
    print(f"acknowledged but missing: {len(missing)}; reply version differs from stored: {len(mismatched)}")
    print(f"PRAGMA integrity_check: {integrity}")
    ok = (len(acked) == TOTAL_PUTS and not missing and not mismatched and duplicates == 0
          and integrity == "ok")
    print("fault check:", "OK" if ok else "FAILED")
    if ok:  # the database holds the district data (~120 MB): kept only to look into a failure
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        print(f"data kept in {data_dir}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
