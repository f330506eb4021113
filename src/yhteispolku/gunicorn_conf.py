"""gunicorn's settings for the production server: `make serve`, or on a server
`gunicorn -c python:yhteispolku.gunicorn_conf yhteispolku.wsgi:application` (docs/deployment.md).

Sync workers: a page costs several times more Python than database time (bench/README.md, "Load test"),
so threads in one process would queue on the interpreter lock; separate processes use every core, and a
worker handles one request at a time, so it needs one pooled database connection. Slow clients are the
TLS proxy's to buffer (nginx does by default), never a worker's.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# About two per core: one runs Python while the other waits for PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"
# A request still running after this is stuck: the worker is killed and replaced (and its transaction
# rolled back by PostgreSQL, docs/operations.md "Crashes").
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Replace a worker after this many requests (± jitter), so slow growth of its memory never accumulates.
max_requests = 2000
max_requests_jitter = 200
# No preload: wsgi.py opens a database connection (the key check) and the pool starts threads, neither of
# which may be shared by forked workers.
preload_app = False
# X-Forwarded-* are trusted only from these addresses (the TLS proxy); Django reads X-Forwarded-Proto only
# with BEHIND_TLS_PROXY.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# With PROXY_PROTOCOL (v1, v2 or auto) a load balancer that speaks it (HAProxy `send-proxy-v2`) gives the
# client's address in the PROXY header and gunicorn makes it REMOTE_ADDR, so the access log and the login
# lockout see the client, not the balancer (docs/deployment.md). Accepted only from PROXY_ALLOW_IPS.
proxy_protocol = os.environ.get("PROXY_PROTOCOL", "off")
proxy_allow_ips = os.environ.get("PROXY_ALLOW_IPS", "127.0.0.1,::1")
# No access log by default: URLs carry clients' opaque codes, and the audit log already records who read
# what. ACCESS_LOG=- writes one to standard output.
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No control socket (gunicornc): the process manager restarts and reloads with signals, and a second server
# on the same account would clash over the default socket path.
control_socket_disable = True
