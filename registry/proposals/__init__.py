"""Revision proposals, the drafting backlog and inventory campaigns."""
