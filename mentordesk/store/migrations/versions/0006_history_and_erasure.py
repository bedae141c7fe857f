"""history and erasure: the hash-chained audit trail, erasure records

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 14:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'history_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('os_user', sa.String(length=200), nullable=False),
        sa.Column('coordinator', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=200), nullable=False),
        sa.Column('route', sa.String(length=100), nullable=False),
        sa.Column('change', sa.String(length=10), nullable=False),
        sa.Column('record_type', sa.String(length=60), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=True),
        sa.Column('people', sa.String(length=200), nullable=False),
        sa.Column('pairing_id', sa.Integer(), nullable=True),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('digests', sa.JSON(), nullable=False),
        sa.Column('salt', sa.String(length=64), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_history_entry')),
    )
    with op.batch_alter_table('history_entry', schema=None) as batch_op:
        batch_op.create_index('ix_history_entry_record', ['record_type', 'record_id'])
        batch_op.create_index('ix_history_entry_pairing', ['pairing_id'])
        batch_op.create_index(batch_op.f('ix_history_entry_people'), ['people'])
    op.create_table(
        'history_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_id', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_history_head')),
    )
    op.create_table(
        'erasure_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('erased_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('concerns_kept', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_record')),
    )


def downgrade() -> None:
    op.drop_table('erasure_record')
    op.drop_table('history_head')
    with op.batch_alter_table('history_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_history_entry_people'))
        batch_op.drop_index('ix_history_entry_pairing')
        batch_op.drop_index('ix_history_entry_record')
    op.drop_table('history_entry')
