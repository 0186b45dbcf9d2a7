"""A fresh PostgreSQL database ``kvalitet_load`` with the real demo, fast enough for CI's short run.

Why a template: migrating and building the demo with the production settings takes far longer
than cloning a database, and CI's short run must finish within three minutes, setup included.
The first run builds the demo into a template database whose name carries a hash of everything
that decides its content (the migrations, the demo's code and fixtures, the settings and the
versions of the packages whose migrations run); later runs clone it with ``CREATE DATABASE ...
TEMPLATE``, which copies files. When anything in the hash changes, the next run builds a new
template and drops the stale ones. The template is built under a temporary name and renamed
only when complete, so an interrupted build is never cloned.
"""

import hashlib
import subprocess
import time
from importlib import metadata

import psycopg
from psycopg import sql

from .processes import REPO_ROOT

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=10"
DATABASE = "kvalitet_load"
TEMPLATE_PREFIX = "kvalitet_load_tpl_"
BUILDING = "kvalitet_load_building"

#: Files whose content decides the demo database.
FINGERPRINT_GLOBS = (
    "wagtail_kvalitet/migrations/*.py",
    "wagtail_kvalitet/demo/*.py",
    "wagtail_kvalitet/fixtures/*",
    "wagtail_kvalitet/management/commands/kvalitet_demo.py",
    "example_site/home/migrations/*.py",
    "example_site/settings/*.py",
)
#: Packages whose own migrations run, or whose code writes rows while the demo is built.
FINGERPRINT_PACKAGES = (
    "django",
    "wagtail",
    "django-taggit",
    "django-modelcluster",
    "wagtail-modeladmin",
    "django-tasks",
    "django-tasks-db",
)


def fingerprint():
    digest = hashlib.sha256()
    for pattern in FINGERPRINT_GLOBS:
        for path in sorted(REPO_ROOT.glob(pattern)):
            digest.update(str(path.relative_to(REPO_ROOT)).encode())
            digest.update(path.read_bytes())
    for name in FINGERPRINT_PACKAGES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return digest.hexdigest()[:16]


def database_url(name):
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def admin():
    return psycopg.connect(ADMIN_DSN, autocommit=True)


def existing(connection, like):
    rows = connection.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (like,)).fetchall()
    return {row[0] for row in rows}


def drop(connection, name):
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def create(connection, name, template=None):
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    connection.execute(statement)


def build_template(env, python_bin, name, log):
    """Migrate and build the demo into ``BUILDING`` with the production settings, then rename it ``name``."""
    with admin() as connection:
        drop(connection, BUILDING)
        create(connection, BUILDING)
    build_env = {**env, "DATABASE_URL": database_url(BUILDING)}
    for argv in (["migrate", "--noinput"], ["kvalitet_demo"]):
        with open(log, "ab") as output:
            completed = subprocess.run(
                [str(python_bin), "example_site/manage.py", *argv],
                cwd=REPO_ROOT,
                env=build_env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if completed.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(argv)} failed with status {completed.returncode}; see {log}")
    with admin() as connection:
        for stale in existing(connection, TEMPLATE_PREFIX + "%"):
            drop(connection, stale)
        connection.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(BUILDING), sql.Identifier(name))
        )


def prepare(env, python_bin, log):
    """Drop and create ``kvalitet_load`` from the demo template; return (seconds, how it was made)."""
    started = time.perf_counter()
    template = TEMPLATE_PREFIX + fingerprint()
    with admin() as connection:
        drop(connection, DATABASE)
        have_template = template in existing(connection, template)
    how = "cloned from the cached demo template"
    if not have_template:
        build_template(env, python_bin, template, log)
        how = "migrated and demo built (template cached for later runs)"
    with admin() as connection:
        create(connection, DATABASE, template=template)
    return time.perf_counter() - started, how


def drop_run_database():
    """Drop ``kvalitet_load`` after a run (the template stays)."""
    with admin() as connection:
        drop(connection, DATABASE)
