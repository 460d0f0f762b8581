"""The bundle format: sealing, the inner archive's checks, the manifest, refusal codes."""
