"""`flask users …`: create accounts from the command line (the first administrator)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from registry.auth import services
from registry.auth.models import ROLES, Department, User
from registry.db import db
from registry.errors import UserFacingError

users_cli = AppGroup("users", help="Manage user accounts.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="reader", show_default=True)
@click.option("--department", "department_code", default=None, help="Department code.")
def create(email: str, name: str, role: str, department_code: str | None) -> None:
    """Create a user; the password is prompted for, or read from standard input."""
    password = _read_password()
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


@users_cli.command("password")
@click.option("--email", required=True)
def password(email: str) -> None:
    """Set a user's password (prompted for, or read from standard input); it signs them out everywhere."""
    user: User | None = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No user has the email {email}.")
    try:
        services.set_password(None, user, _read_password())
        db.session.commit()
    except UserFacingError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Password of {user.email} changed; every sign-in of theirs has ended.")
