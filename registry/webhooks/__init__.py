"""Webhooks: signed JSON events (or chat-robot messages) POSTed from an outbox, retried, logged."""
