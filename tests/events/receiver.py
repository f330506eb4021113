"""A webhook receiver for the outbox tests, run as its own process so a test can kill it (SIGKILL).

    python receiver.py PORT LOG SECRET MODE      MODE: ok (answers 204) or fail (answers 500 forever)

Each request that arrives is appended to LOG as one JSON line (with whether its signature verified, the
way docs/events.md tells a receiver to check it) *before* it is answered, so a kill between the two
shows up as a post the sender must repeat.
"""

import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, SECRET, MODE = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
TOLERANCE = 300  # seconds: an older timestamp is a replay


def verified(timestamp: str, signature: str, body: bytes) -> bool:
    expected = (
        "sha256=" + hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= TOLERANCE
    return fresh and hmac.compare_digest(expected, signature)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ok = verified(
            self.headers.get("X-Yhteispolku-Timestamp", ""),
            self.headers.get("X-Yhteispolku-Signature", ""),
            body,
        )
        entry = {
            "signature_ok": ok,
            "event_id": self.headers.get("X-Yhteispolku-Event-Id"),
            "body": json.loads(body),
        }
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
        self.send_response(500 if MODE == "fail" else (204 if ok else 401))
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


ThreadingHTTPServer.allow_reuse_address = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
