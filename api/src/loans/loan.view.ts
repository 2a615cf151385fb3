import { ApiProperty } from '@nestjs/swagger';

/**
 * `active`: out and not yet due; `overdue`: out and past its due date; `returned`. The loan limit
 * counts active and overdue loans alike.
 */
export const LOAN_STATUSES = ['active', 'overdue', 'returned'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

/** A loan as the loans statements return it (`loans.sql.ts`). */
export interface LoanRow {
  readonly id: string;
  readonly userId: string;
  readonly bookId: string;
  readonly copyId: string;
  readonly loanedAt: Date;
  readonly dueAt: Date;
  readonly returnedAt: Date | null;
  readonly renewals: number;
  readonly fineCents: number;
  readonly finePaidAt: Date | null;
  readonly status: LoanStatus;
  /** The terms of the rule in force at checkout, kept for the loan's life. */
  readonly loanDays: number;
  readonly maxRenewals: number;
  readonly fineCentsPerDay: number;
  readonly fineCapCents: number;
}

export class LoanView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The borrower' }) userId!: string;
  @ApiProperty({ format: 'uuid' }) bookId!: string;
  @ApiProperty({ format: 'uuid' }) copyId!: string;
  @ApiProperty({ format: 'date-time' }) loanedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ example: 0, description: 'Times the loan was renewed' }) renewals!: number;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) returnedAt!: string | null;
  @ApiProperty({ example: 0, description: 'Fine computed at return (0 while the loan is out)' }) fineCents!: number;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, description: 'When the fine was paid' })
  finePaidAt!: string | null;
  @ApiProperty({ enum: LOAN_STATUSES }) status!: LoanStatus;

  static of(row: LoanRow): LoanView {
    return {
      id: row.id,
      userId: row.userId,
      bookId: row.bookId,
      copyId: row.copyId,
      loanedAt: row.loanedAt.toISOString(),
      dueAt: row.dueAt.toISOString(),
      renewals: row.renewals,
      returnedAt: row.returnedAt?.toISOString() ?? null,
      fineCents: row.fineCents,
      finePaidAt: row.finePaidAt?.toISOString() ?? null,
      status: row.status,
    };
  }
}
