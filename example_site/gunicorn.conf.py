"""gunicorn settings for the example site: ``gunicorn -c example_site/gunicorn.conf.py example_site.wsgi``.

Threads within each worker process, so a slow request (a search, an Excel export) does not hold
up the quick ones queued behind it; several processes, so one that dies (or is killed) is
replaced by the master while the others go on serving. Everything else a worker needs is in the
database or in Redis, so any worker can serve any request.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count(), 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A worker stuck this long is killed and replaced; the longest legitimate request is an export.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Load the app once in the master and fork the workers from it: a worker that dies is replaced in
# milliseconds instead of spending a second of CPU importing Django and Wagtail again.
preload_app = True
# Replace each worker now and then, so a slow leak can never grow without bound; rarely, since a
# busy site reaches any small number within a minute.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 200_000))
max_requests_jitter = max_requests // 10
# No control socket: gunicorn would otherwise put one per user in the home directory, shared by
# every gunicorn that user runs.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s %(p)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

