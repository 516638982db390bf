"""similar accounts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 18:21:37.573615
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.types

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('match_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('candidate', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('decision', sa.Enum('not_same', 'same', name='matchdecisionkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('decided_by_account_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_match_decision_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_account_id'], ['account.id'], name=op.f('fk_match_decision_decided_by_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_decision')),
    sa.UniqueConstraint('application_id', 'candidate', name=op.f('uq_match_decision_application_id_candidate'))
    )
    with op.batch_alter_table('match_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_decision_application_id'), ['application_id'], unique=False)

    op.create_table('similarity_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(party_id IS NULL) <> (application_id IS NULL)', name=op.f('ck_similarity_key_one_subject')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_similarity_key_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_similarity_key_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_similarity_key'))
    )
    with op.batch_alter_table('similarity_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_similarity_key_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_similarity_key_lookup', ['key', 'party_id', 'application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_similarity_key_party_id'), ['party_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('similarity_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_similarity_key_party_id'))
        batch_op.drop_index('ix_similarity_key_lookup')
        batch_op.drop_index(batch_op.f('ix_similarity_key_application_id'))

    op.drop_table('similarity_key')
    with op.batch_alter_table('match_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_decision_application_id'))

    op.drop_table('match_decision')
