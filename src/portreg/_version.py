"""The package version, kept apart from the registry's own date (see ``REGISTRY_DATE``)."""

__version__ = "0.1.0"
