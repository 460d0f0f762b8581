"""Secrets at rest: the store's key file and the passphrase wrapping shared with key files."""
