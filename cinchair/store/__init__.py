"""The store: one facade over the engine, and the guarantees every write keeps.

Audit chain, finality of signed records, direct and bulk writes, backups and the
Alembic migrations all live here, so a write path is found in one place."""
