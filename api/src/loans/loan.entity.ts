import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'loans' })
export class Loan {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'uuid', name: 'book_id' })
  bookId!: string;

  /** At most one active (not returned) loan per copy: a partial unique index guarantees it. */
  @Column({ type: 'uuid', name: 'copy_id' })
  copyId!: string;

  @Column({ type: 'timestamptz', name: 'loaned_at' })
  loanedAt!: Date;

  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt!: Date;

  @Column({ type: 'timestamptz', name: 'returned_at', nullable: true })
  returnedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  renewals!: number;

  /** Computed at return: per overdue day, capped. */
  @Column({ type: 'integer', name: 'fine_cents', default: 0 })
  fineCents!: number;

  @Column({ type: 'timestamptz', name: 'fine_paid_at', nullable: true })
  finePaidAt!: Date | null;
}
