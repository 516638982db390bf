"""registry schema

Revision ID: 0001
Revises:
Create Date: 2026-11-30 15:31:47.003650
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import models.types

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('isicactivity',
    sa.Column('revision', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('level', sa.Enum('section', 'division', 'group', 'class', name='isiclevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('parent_code', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('title_en', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('title_fr', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.PrimaryKeyConstraint('revision', 'code', name=op.f('pk_isicactivity'))
    )
    op.create_table('party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('person', 'organisation', name='partykind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('address_line', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('locality', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party'))
    )
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_phone'), ['phone'], unique=False)

    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('must_change_password', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('second_factor', sa.Enum('email_code', 'sms_code', 'totp', name='secondfactor', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('totp_secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('last_totp_step', sa.Integer(), nullable=True),
    sa.Column('failed_password_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('activated_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_sign_in_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_account_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('email', name=op.f('uq_account_email'))
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_party_id'), ['party_id'], unique=False)

    op.create_table('organisation',
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('employer', 'financial_institution', name='organisationkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('legal_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('trade_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('legal_form', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('business_registration_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('tax_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('registration_number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('bic', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True),
    sa.Column('isic_primary_code', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
    sa.Column('isic_secondary_code', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
    sa.Column('is_health_care_provider', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('date_of_incorporation', sa.Date(), nullable=True),
    sa.Column('contribution_liability_start', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_organisation_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('party_id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('registration_number', name=op.f('uq_organisation_registration_number'))
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_business_registration_number'), ['business_registration_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_legal_name'), ['legal_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_tax_id'), ['tax_id'], unique=False)

    op.create_table('person',
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('given_names', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('family_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('birth_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('sex', sa.Enum('female', 'male', name='sex', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('place_of_birth', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('nationality', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('national_id_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('social_security_number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('isic_code', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
    sa.Column('date_of_death', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_person_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('party_id', name=op.f('pk_person')),
    sa.UniqueConstraint('social_security_number', name=op.f('uq_person_social_security_number'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_date_of_birth'), ['date_of_birth'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_family_name'), ['family_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_national_id_number'), ['national_id_number'], unique=False)

    op.create_table('relationship',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('survivor_of', 'guardian_of', name='relationshipkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('subject_party_id', sa.Integer(), nullable=False),
    sa.Column('related_party_id', sa.Integer(), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('subject_party_id <> related_party_id', name=op.f('ck_relationship_distinct_parties')),
    sa.ForeignKeyConstraint(['related_party_id'], ['party.id'], name=op.f('fk_relationship_related_party_id_party')),
    sa.ForeignKeyConstraint(['subject_party_id'], ['party.id'], name=op.f('fk_relationship_subject_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relationship')),
    sa.UniqueConstraint('kind', 'subject_party_id', 'related_party_id', name=op.f('uq_relationship_kind_subject_party_id_related_party_id'))
    )
    with op.batch_alter_table('relationship', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relationship_related_party_id'), ['related_party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relationship_subject_party_id'), ['subject_party_id'], unique=False)

    op.create_table('accountrole',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('applicant', 'individual', 'guardian', 'employer_admin', 'employer_user', 'institution_user', 'staff_clerk', 'staff_supervisor', 'admin', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('scope_party_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_accountrole_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scope_party_id'], ['party.id'], name=op.f('fk_accountrole_scope_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accountrole')),
    sa.UniqueConstraint('account_id', 'role', 'scope_party_id', name=op.f('uq_accountrole_account_id_role_scope_party_id'))
    )
    with op.batch_alter_table('accountrole', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accountrole_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accountrole_scope_party_id'), ['scope_party_id'], unique=False)

    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('type', sa.Enum('employee', 'self_employed', 'voluntary_contributor', 'survivor', 'employer', 'financial_institution', name='applicationtype', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'in_review', 'information_requested', 'approved', 'rejected', 'withdrawn', name='applicationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('form_data', sa.JSON(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('applicant_account_id', sa.Integer(), nullable=True),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('current_step', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('assignee_account_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['applicant_account_id'], ['account.id'], name=op.f('fk_application_applicant_account_id_account')),
    sa.ForeignKeyConstraint(['assignee_account_id'], ['account.id'], name=op.f('fk_application_assignee_account_id_account')),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_application_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    sa.UniqueConstraint('reference', name=op.f('uq_application_reference'))
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_applicant_account_id'), ['applicant_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_assignee_account_id'), ['assignee_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_contact_email'), ['contact_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_contact_phone'), ['contact_phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_party_id'), ['party_id'], unique=False)
        batch_op.create_index('ix_application_status_submitted_at', ['status', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_type'), ['type'], unique=False)

    op.create_table('auditevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_account_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('entity_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('previous_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_account_id'], ['account.id'], name=op.f('fk_auditevent_actor_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auditevent')),
    sa.UniqueConstraint('hash', name=op.f('uq_auditevent_hash')),
    sa.UniqueConstraint('previous_hash', name=op.f('uq_auditevent_previous_hash'))
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditevent_actor_account_id'), ['actor_account_id'], unique=False)
        batch_op.create_index('ix_auditevent_entity', ['entity_type', 'entity_id'], unique=False)

    op.create_table('employment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_party_id', sa.Integer(), nullable=False),
    sa.Column('employer_party_id', sa.Integer(), nullable=False),
    sa.Column('job_title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('salary_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('salary_currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('status', sa.Enum('awaiting_confirmation', 'active', 'disputed', 'ended', name='employmentstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('declared_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_account_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_employment_dates_ordered')),
    sa.ForeignKeyConstraint(['confirmed_by_account_id'], ['account.id'], name=op.f('fk_employment_confirmed_by_account_id_account')),
    sa.ForeignKeyConstraint(['employer_party_id'], ['party.id'], name=op.f('fk_employment_employer_party_id_party')),
    sa.ForeignKeyConstraint(['person_party_id'], ['party.id'], name=op.f('fk_employment_person_party_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment'))
    )
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employment_employer_party_id'), ['employer_party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employment_person_party_id'), ['person_party_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_account_id', sa.Integer(), nullable=True),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('channel', sa.Enum('portal', 'email', 'sms', name='notificationchannel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('template', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'sent', 'failed', name='notificationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', models.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.ForeignKeyConstraint(['recipient_account_id'], ['account.id'], name=op.f('fk_notification_recipient_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_recipient_account_id'), ['recipient_account_id'], unique=False)
        batch_op.create_index('ix_notification_status_created_at', ['status', 'created_at'], unique=False)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_party_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('original_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('mime_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('storage_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('uploaded_by_account_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_document_application_id_application')),
    sa.ForeignKeyConstraint(['owner_party_id'], ['party.id'], name=op.f('fk_document_owner_party_id_party')),
    sa.ForeignKeyConstraint(['uploaded_by_account_id'], ['account.id'], name=op.f('fk_document_uploaded_by_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_document_storage_key'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_owner_party_id'), ['owner_party_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_sha256'), ['sha256'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_sha256'))
        batch_op.drop_index(batch_op.f('ix_document_owner_party_id'))
        batch_op.drop_index(batch_op.f('ix_document_application_id'))

    op.drop_table('document')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_status_created_at')
        batch_op.drop_index(batch_op.f('ix_notification_recipient_account_id'))

    op.drop_table('notification')
    with op.batch_alter_table('employment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employment_person_party_id'))
        batch_op.drop_index(batch_op.f('ix_employment_employer_party_id'))

    op.drop_table('employment')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index('ix_auditevent_entity')
        batch_op.drop_index(batch_op.f('ix_auditevent_actor_account_id'))

    op.drop_table('auditevent')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_type'))
        batch_op.drop_index('ix_application_status_submitted_at')
        batch_op.drop_index(batch_op.f('ix_application_party_id'))
        batch_op.drop_index(batch_op.f('ix_application_contact_phone'))
        batch_op.drop_index(batch_op.f('ix_application_contact_email'))
        batch_op.drop_index(batch_op.f('ix_application_assignee_account_id'))
        batch_op.drop_index(batch_op.f('ix_application_applicant_account_id'))

    op.drop_table('application')
    with op.batch_alter_table('accountrole', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accountrole_scope_party_id'))
        batch_op.drop_index(batch_op.f('ix_accountrole_account_id'))

    op.drop_table('accountrole')
    with op.batch_alter_table('relationship', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relationship_subject_party_id'))
        batch_op.drop_index(batch_op.f('ix_relationship_related_party_id'))

    op.drop_table('relationship')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_national_id_number'))
        batch_op.drop_index(batch_op.f('ix_person_family_name'))
        batch_op.drop_index(batch_op.f('ix_person_date_of_birth'))

    op.drop_table('person')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_tax_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_legal_name'))
        batch_op.drop_index(batch_op.f('ix_organisation_business_registration_number'))

    op.drop_table('organisation')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_party_id'))

    op.drop_table('account')
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_party_phone'))
        batch_op.drop_index(batch_op.f('ix_party_email'))

    op.drop_table('party')
    op.drop_table('isicactivity')
