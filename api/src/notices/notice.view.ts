import { ApiProperty } from '@nestjs/swagger';

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
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTICE_TYPES }) type!: NoticeType;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) loanId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) holdId!: string | null;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty({ description: 'SMTP attempts so far' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set once sent' }) subject!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was last queued (created or resent)' })
  queuedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt!: string | null;

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
