"""certificates: issued certificates, their log, per-event certificate settings, name overrides

Only CREATE TABLE, CREATE INDEX and plain ADD COLUMNs with server defaults: a batch rebuild
of ``nomination`` under foreign_keys=ON would cascade deletes into its children (see 0002).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 06:13:08.985727
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('certificate_settings',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('page_size', sa.String(length=10), nullable=False),
    sa.Column('border_style', sa.String(length=20), nullable=False),
    sa.Column('accent_colour', sa.String(length=7), nullable=False),
    sa.Column('background_image', sa.LargeBinary(), nullable=True),
    sa.Column('council_logo', sa.LargeBinary(), nullable=True),
    sa.Column('verify_template', sa.String(length=300), nullable=False),
    sa.Column('signature1_name', sa.String(length=200), nullable=False),
    sa.Column('signature1_role', sa.String(length=200), nullable=False),
    sa.Column('signature1_image', sa.LargeBinary(), nullable=True),
    sa.Column('signature2_name', sa.String(length=200), nullable=False),
    sa.Column('signature2_role', sa.String(length=200), nullable=False),
    sa.Column('signature2_image', sa.LargeBinary(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_certificate_settings_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_certificate_settings'))
    )
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=13), nullable=False),
    sa.Column('design', sa.String(length=20), nullable=False),
    sa.Column('placement', sa.String(length=20), nullable=False),
    sa.Column('recipient_name', sa.String(length=255), nullable=False),
    sa.Column('category_name', sa.String(length=200), nullable=False),
    sa.Column('event_name', sa.String(length=200), nullable=False),
    sa.Column('event_year', sa.Integer(), nullable=False),
    sa.Column('ceremony_date', sa.Date(), nullable=True),
    sa.Column('sponsor_name', sa.Text(), nullable=False),
    sa.Column('citation', sa.Text(), nullable=False),
    sa.Column('verification_text', sa.Text(), nullable=False),
    sa.Column('qr_mask', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('last_printed_at', sa.DateTime(), nullable=True),
    sa.Column('print_count', sa.Integer(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_certificate_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_certificate_nomination_id_nomination'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['certificate.id'], name=op.f('fk_certificate_replaced_by_id_certificate'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code'))
    )
    op.create_index(op.f('ix_certificate_event_id'), 'certificate', ['event_id'], unique=False)
    op.create_index(op.f('ix_certificate_nomination_id'), 'certificate', ['nomination_id'], unique=False)
    op.create_index('uq_certificate_live_nomination', 'certificate', ['nomination_id'], unique=True,
                    sqlite_where=sa.text('revoked_at IS NULL'),
                    postgresql_where=sa.text('revoked_at IS NULL'))

    op.create_table('certificate_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_certificate_log_certificate_id_certificate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_log'))
    )
    op.create_index(op.f('ix_certificate_log_certificate_id'), 'certificate_log', ['certificate_id'], unique=False)

    op.add_column('nomination', sa.Column('certificate_name_override', sa.String(length=200), nullable=False, server_default=''))
    op.add_column('nomination', sa.Column('certificate_name_reason', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), never a batch rebuild of nomination.
    op.execute('ALTER TABLE nomination DROP COLUMN certificate_name_reason')
    op.execute('ALTER TABLE nomination DROP COLUMN certificate_name_override')
    op.drop_index(op.f('ix_certificate_log_certificate_id'), table_name='certificate_log')
    op.drop_table('certificate_log')
    op.drop_index('uq_certificate_live_nomination', table_name='certificate')
    op.drop_index(op.f('ix_certificate_nomination_id'), table_name='certificate')
    op.drop_index(op.f('ix_certificate_event_id'), table_name='certificate')
    op.drop_table('certificate')
    op.drop_table('certificate_settings')
