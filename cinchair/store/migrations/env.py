"""Alembic environment: runs on a connection handed over by ``cinchair.store.facade``.

The store opens the engine (with its pragmas) and passes the connection in
``config.attributes["connection"]``, so migrations run exactly where the app
will read and write. Batch mode lets SQLite take ALTER-style changes.
"""

from alembic import context

from cinchair.model import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "cinchair migrations run through cinchair.store.facade.upgrade(), not the CLI"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
