"""authentication records

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 15:50:41.815165
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.types

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outboxmessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('channel', sa.Enum('portal', 'email', 'sms', name='notificationchannel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outboxmessage'))
    )
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outboxmessage_destination'), ['destination'], unique=False)

    op.create_table('throttle',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_throttle'))
    )
    op.create_table('usersession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('client_label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_usersession_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usersession')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_usersession_token_hash'))
    )
    with op.batch_alter_table('usersession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_usersession_account_id'), ['account_id'], unique=False)

    op.create_table('onetimecode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('sign_in', 'password_reset', 'contact_verification', 'activation', name='codepurpose', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('channel', sa.Enum('portal', 'email', 'sms', name='notificationchannel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('reference_id', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('expires_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('consumed_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_onetimecode_account_id_account')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_onetimecode_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onetimecode')),
    sa.UniqueConstraint('reference_id', name=op.f('uq_onetimecode_reference_id'))
    )
    with op.batch_alter_table('onetimecode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onetimecode_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_onetimecode_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_onetimecode_destination_purpose', ['destination', 'purpose'], unique=False)

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sa.VARCHAR(length=64),
               type_=sqlmodel.sql.sqltypes.AutoString(length=255),
               existing_nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret',
               existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
               type_=sa.VARCHAR(length=64),
               existing_nullable=True)

    with op.batch_alter_table('onetimecode', schema=None) as batch_op:
        batch_op.drop_index('ix_onetimecode_destination_purpose')
        batch_op.drop_index(batch_op.f('ix_onetimecode_application_id'))
        batch_op.drop_index(batch_op.f('ix_onetimecode_account_id'))

    op.drop_table('onetimecode')
    with op.batch_alter_table('usersession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_usersession_account_id'))

    op.drop_table('usersession')
    op.drop_table('throttle')
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outboxmessage_destination'))

    op.drop_table('outboxmessage')
