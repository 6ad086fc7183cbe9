"""A user's project: its manifest, policies, lock, and the gate that checks it."""
