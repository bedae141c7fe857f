"""concern register: safety concerns as their own records, kept for good

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 13:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SEVERITY = sa.Enum(
    'high', 'medium', 'low',
    name='concernseverity', native_enum=False, create_constraint=True, length=24,
)
_SOURCE = sa.Enum(
    'check_in', 'meeting', 'direct',
    name='concernsource', native_enum=False, create_constraint=True, length=24,
)
# Concerns resolved before the register existed: the check-in only held a date.
_OLD_RESOLUTION = 'Marked resolved in the check-in (before the concern register).'


def upgrade() -> None:
    bind = op.get_bind()
    # Every concern ticked in a check-in becomes a record of the register, open or
    # resolved as it was; the check-in's notes are what was said. Read first: rebuilding
    # check_in (below) deletes its rows, which would set a concern's link to NULL.
    rows = bind.execute(sa.text(
        """
        SELECT c.pairing_id AS pairing_id,
               trim(coalesce(nullif(mr.preferred_name, ''), mr.first_name) || ' ' || mr.last_name)
                 || ' & ' ||
               trim(coalesce(nullif(me.preferred_name, ''), me.first_name) || ' ' || me.last_name)
                 AS pair_label,
               c.held_on AS raised_on,
               upper(substr(c.who, 1, 1)) || substr(c.who, 2) AS raised_by,
               c.id AS check_in_id,
               CASE WHEN length(trim(c.notes)) > 0 THEN c.notes
                    ELSE 'Concern ticked in the check-in with the ' || c.who || '.'
               END AS description,
               c.concern_resolved_on AS resolved_on,
               CASE WHEN c.concern_resolved_on IS NULL THEN '' ELSE :old END AS resolution,
               CASE WHEN c.concern_resolved_on IS NULL THEN '' ELSE 'Coordinator' END
                 AS resolved_by
        FROM check_in AS c
        JOIN pairing AS p ON p.id = c.pairing_id
        JOIN participant AS mr ON mr.id = p.mentor_id
        JOIN participant AS me ON me.id = p.mentee_id
        WHERE c.concern = 1
        ORDER BY c.held_on, c.id
        """
    ).bindparams(old=_OLD_RESOLUTION))
    carried = [dict(row._mapping) for row in rows]
    # The register holds the resolution now: one fact, one place.
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.drop_column('concern_resolved_on')

    op.create_table('concern',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=True),
    sa.Column('pair_label', sa.String(length=420), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('raised_by', sa.String(length=200), nullable=False),
    sa.Column('severity', _SEVERITY, nullable=False),
    sa.Column('source', _SOURCE, nullable=False),
    sa.Column('check_in_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('length(trim(description)) > 0', name=op.f('ck_concern_description')),
    sa.CheckConstraint(
        'resolved_on IS NULL OR resolved_on >= raised_on',
        name=op.f('ck_concern_resolved_after_raised'),
    ),
    sa.CheckConstraint(
        'resolved_on IS NULL OR (length(trim(resolution)) > 0 '
        'AND length(trim(resolved_by)) > 0)',
        name=op.f('ck_concern_resolution_complete'),
    ),
    sa.ForeignKeyConstraint(['check_in_id'], ['check_in.id'], name=op.f('fk_concern_check_in_id_check_in'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_concern_meeting_id_meeting'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairing.id'], name=op.f('fk_concern_pairing_id_pairing'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern'))
    )
    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_check_in_id'), ['check_in_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_concern_pairing_id'), ['pairing_id'], unique=False)
        batch_op.create_index(
            'ix_concern_open', ['pairing_id'], unique=False,
            sqlite_where=sa.text('resolved_on IS NULL'),
        )
    if carried:
        bind.execute(
            sa.text(
                "INSERT INTO concern (pairing_id, pair_label, raised_on, raised_by, severity, "
                "source, check_in_id, description, resolved_on, resolution, resolved_by) "
                "VALUES (:pairing_id, :pair_label, :raised_on, :raised_by, 'high', 'check_in', "
                ":check_in_id, :description, :resolved_on, :resolution, :resolved_by)"
            ),
            carried,
        )


def downgrade() -> None:
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.add_column(sa.Column('concern_resolved_on', sa.Date(), nullable=True))
    op.execute(sa.text(
        """
        UPDATE check_in SET concern_resolved_on = (
            SELECT max(resolved_on) FROM concern WHERE concern.check_in_id = check_in.id
        )
        """
    ))
    with op.batch_alter_table('concern', schema=None) as batch_op:
        batch_op.drop_index('ix_concern_open', sqlite_where=sa.text('resolved_on IS NULL'))
        batch_op.drop_index(batch_op.f('ix_concern_pairing_id'))
        batch_op.drop_index(batch_op.f('ix_concern_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_concern_check_in_id'))
    op.drop_table('concern')
