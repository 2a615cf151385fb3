import { ApiProperty } from '@nestjs/swagger';
import { ApiCountProperty, ApiTimestampProperty, ApiUuidProperty } from '../common/fields/response-fields.js';
import { UUID_SCHEMA } from '../common/fields/uuid.js';
import { TITLE_MAX_LENGTH } from '../books/dto/create-book.dto.js';

/** The longest subject line: the longest prefix ("Ready for you: ") and the longest title. */
const SUBJECT_MAX_LENGTH = 'Ready for you: '.length + TITLE_MAX_LENGTH;
/** The sender keeps the first 1000 characters of an SMTP error. */
const LAST_ERROR_MAX_LENGTH = 1000;

export const NOTICE_TYPES = ['due_soon', 'overdue', 'hold_ready'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];
export const NOTICE_STATUSES = ['queued', 'sent', 'failed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export interface NoticeRow {
  readonly id: string;
  readonly type: NoticeType;
  readonly userId: string;
  readonly loanId: string | null;
  readonly holdId: string | null;
  readonly status: NoticeStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly subject: string | null;
  readonly createdAt: Date;
  readonly queuedAt: Date;
  readonly sentAt: Date | null;
}

/** One notice e-mail and how its delivery went. */
export class NoticeView {
  @ApiUuidProperty() id!: string;
  @ApiProperty({ enum: NOTICE_TYPES }) type!: NoticeType;
  @ApiUuidProperty() userId!: string;
  @ApiProperty({ ...UUID_SCHEMA, nullable: true }) loanId!: string | null;
  @ApiProperty({ ...UUID_SCHEMA, nullable: true }) holdId!: string | null;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiCountProperty({ description: 'SMTP attempts so far' }) attempts!: number;
  @ApiProperty({
    type: 'string',
    maxLength: LAST_ERROR_MAX_LENGTH,
    nullable: true,
    description: 'Why the last attempt failed',
  })
  lastError!: string | null;
  @ApiProperty({ type: 'string', maxLength: SUBJECT_MAX_LENGTH, nullable: true, description: 'Set once sent' })
  subject!: string | null;
  @ApiTimestampProperty() createdAt!: string;
  @ApiTimestampProperty({ description: 'When it was last queued (created or resent)' })
  queuedAt!: string;
  @ApiTimestampProperty({ nullable: true }) sentAt!: string | null;

  static of(row: NoticeRow): NoticeView {
    return {
      id: row.id,
      type: row.type,
      userId: row.userId,
      loanId: row.loanId,
      holdId: row.holdId,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      subject: row.subject,
      createdAt: row.createdAt.toISOString(),
      queuedAt: row.queuedAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    };
  }
}
