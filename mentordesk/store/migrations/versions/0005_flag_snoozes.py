"""flag snoozes: a flag put aside until a date, with a reason

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 14:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'flag_snooze',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('pairing_id', sa.Integer(), nullable=True),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('until', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('snoozed_on', sa.Date(), nullable=False),
        sa.Column(
            'created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'),
            nullable=False,
        ),
        sa.Column(
            'updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'),
            nullable=False,
        ),
        sa.CheckConstraint("kind != 'safety_concern'", name=op.f('ck_flag_snooze_not_safety')),
        sa.CheckConstraint(
            'pairing_id IS NOT NULL OR participant_id IS NOT NULL',
            name=op.f('ck_flag_snooze_subject'),
        ),
        sa.ForeignKeyConstraint(
            ['pairing_id'], ['pairing.id'],
            name=op.f('fk_flag_snooze_pairing_id_pairing'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['participant_id'], ['participant.id'],
            name=op.f('fk_flag_snooze_participant_id_participant'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_snooze')),
    )
    with op.batch_alter_table('flag_snooze', schema=None) as batch_op:
        batch_op.create_index('ix_flag_snooze_pairing', ['pairing_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('flag_snooze', schema=None) as batch_op:
        batch_op.drop_index('ix_flag_snooze_pairing')
    op.drop_table('flag_snooze')
