"""The per-user cache: a folder licheck owns, and the values stored in it."""
