import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The record of every notice e-mail (due-soon, overdue, hold-ready) and the member's due-soon opt-out.
 * The job queue's own tables belong to pg-boss, which installs and upgrades them (`migrate.ts`).
 */
export class Notices1766000000000 implements MigrationInterface {
  name = 'Notices1766000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE notice_type AS ENUM ('due_soon', 'overdue', 'hold_ready')`);
    await db.query(`CREATE TYPE notice_status AS ENUM ('queued', 'sent', 'failed')`);
    await db.query(`ALTER TABLE users ADD COLUMN due_soon_notices boolean NOT NULL DEFAULT true`);
    await db.query(`
      CREATE TABLE notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type notice_type NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id),
        loan_id uuid REFERENCES loans (id),
        hold_id uuid REFERENCES holds (id),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        status notice_status NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        subject text,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Set again by a resend: the age of the oldest waiting notice is measured from here.
        queued_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CHECK ((type = 'hold_ready') = (hold_id IS NOT NULL)),
        CHECK ((type = 'hold_ready') OR (loan_id IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    // One notice per event and type, whoever enqueues it and however often a scan runs.
    await db.query(`CREATE UNIQUE INDEX notices_idempotency_key ON notices (idempotency_key)`);
    await db.query(`CREATE INDEX notices_user_idx ON notices (user_id, created_at DESC)`);
    await db.query(`CREATE INDEX notices_status_idx ON notices (status, queued_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notices`);
    await db.query(`ALTER TABLE users DROP COLUMN due_soon_notices`);
    await db.query(`DROP TYPE notice_status`);
    await db.query(`DROP TYPE notice_type`);
  }
}
