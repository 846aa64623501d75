"""`flask users …`: create accounts from the command line (the first administrator)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from registry.auth import services
from registry.auth.models import ROLES, Department
from registry.db import db
from registry.errors import UserFacingError

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="reader", show_default=True)
@click.option("--department", "department_code", default=None, help="Department code.")
def create(email: str, name: str, role: str, department_code: str | None) -> None:
    """Create a user; the password is prompted for, or read from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    department = None
    if department_code:
        department = db.session.scalar(select(Department).where(Department.code == department_code))
        if department is None:
            raise click.ClickException(f"No department has the code {department_code}.")
    try:
        user = services.create_user(None, email=email, name=name, role=role, password=password,
                                    department=department)
        if not password:
            raise services.AccountError("A password is required.")
        db.session.commit()
    except UserFacingError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.email}.")
