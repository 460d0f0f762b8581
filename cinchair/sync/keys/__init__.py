"""The keys of sync: the council's key pair and its file, the laptop's key, the trust list."""
