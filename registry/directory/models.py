"""Which local accounts come from the directory, and when they were last brought up to date."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import Model, utcnow


class DirectoryLink(Model):
    """A local account made or adopted by a directory sign-in: the directory's entry is its source."""

    __tablename__ = "directory_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    dn: Mapped[str] = mapped_column(String(1000), unique=True)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<DirectoryLink {self.dn} user={self.user_id}>"
