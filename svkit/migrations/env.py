"""Alembic's environment for the answer store: always run on a connection svkit gives it.

svkit.migrations.upgrade() opens the connection, takes the schema lock and
passes the connection in ``config.attributes["connection"]``; there is no
alembic.ini and no URL here.
"""

from alembic import context

from svkit.migrations import VERSION_TABLE
from svkit.store import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
