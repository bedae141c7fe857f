"""screening evidence: what was seen and by whom, "reported" checks, guardian permission

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = ('not_started', 'in_progress', 'complete', 'failed')
_NEW = ('not_started', 'in_progress', 'reported', 'complete', 'failed')


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name='screeningstatus', native_enum=False, create_constraint=True, length=24
    )


def upgrade() -> None:
    with op.batch_alter_table('screening_check', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('seen_reference', sa.String(length=200), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('seen_by', sa.String(length=200), nullable=False, server_default='')
        )
        batch_op.alter_column(
            'status', existing_type=_status(_OLD), type_=_status(_NEW), existing_nullable=False
        )
    with op.batch_alter_table('screening_check', schema=None) as batch_op:
        batch_op.alter_column('seen_reference', server_default=None)
        batch_op.alter_column('seen_by', server_default=None)
    # A "complete" check with no date done is a tick, not evidence (an import's "yes"):
    # it becomes "reported, to verify".
    op.execute(
        "UPDATE screening_check SET status = 'reported' "
        "WHERE status = 'complete' AND completed_on IS NULL"
    )
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guardian_permission_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.drop_column('guardian_permission_on')
    op.execute("UPDATE screening_check SET status = 'in_progress' WHERE status = 'reported'")
    with op.batch_alter_table('screening_check', schema=None) as batch_op:
        batch_op.alter_column(
            'status', existing_type=_status(_NEW), type_=_status(_OLD), existing_nullable=False
        )
        batch_op.drop_column('seen_by')
        batch_op.drop_column('seen_reference')
