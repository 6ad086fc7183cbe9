"""Support bot: retrieval, generation and a few local tools."""

__version__ = "0.4.2"
