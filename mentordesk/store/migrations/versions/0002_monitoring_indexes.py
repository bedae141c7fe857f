"""monitoring indexes: meetings by date, check-ins by person

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 22:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Meetings per month over the whole programme: a range over the date alone.
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_held_on', ['held_on'], unique=False)
    # The last check-in (and the last rating) with each person of a pair: one index seek,
    # without reading the check-in itself.
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.create_index(
            'ix_check_in_pairing_who_held',
            ['pairing_id', 'who', 'held_on', 'satisfaction'],
            unique=False,
        )
        # Concerns are few: find them without reading every check-in.
        batch_op.create_index(
            'ix_check_in_concern',
            ['pairing_id'],
            unique=False,
            sqlite_where=sa.text('concern IS 1'),
        )


def downgrade() -> None:
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.drop_index('ix_check_in_concern')
        batch_op.drop_index('ix_check_in_pairing_who_held')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_held_on')
