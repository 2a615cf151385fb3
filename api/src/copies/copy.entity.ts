import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const COPY_STATUSES = ['available', 'on_loan', 'lost', 'withdrawn'] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/** The statuses a librarian may set; `on_loan` changes only through checkout and return. */
export const SETTABLE_COPY_STATUSES = ['available', 'lost', 'withdrawn'] as const;

@Entity({ name: 'copies' })
export class Copy {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'book_id' })
  bookId!: string;

  /** Unique across the library. */
  @Column({ type: 'text' })
  barcode!: string;

  @Column({ type: 'enum', enum: COPY_STATUSES, enumName: 'copy_status', default: 'available' })
  status!: CopyStatus;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
