"""svkit: a workshop kit for the CCIN Social Value Toolkit (2025)."""

__version__ = "0.1.0"
