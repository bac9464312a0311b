"""Interfaces of commitments: what web and the API show or hand out, built on the domain (see docs/developer-guide.md, Layers)."""
