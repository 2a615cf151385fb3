import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Circulation as libraries run it: patron categories and library card numbers on users, item types on
 * copies, the circulation rules table (seeded with the settings the API had before, so behaviour is
 * unchanged), the rule in force kept on every loan, and the title-level holds queue.
 */
export class Circulation1765000000000 implements MigrationInterface {
  name = 'Circulation1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE patron_category AS ENUM ('adult', 'child', 'staff')`);
    await db.query(`CREATE TYPE item_type AS ENUM ('book', 'dvd', 'reference')`);
    await db.query(`CREATE TYPE hold_status AS ENUM ('waiting', 'ready', 'fulfilled', 'expired', 'cancelled')`);
    // A new enum value cannot be used in the transaction that adds it; nothing below needs it.
    await db.query(`ALTER TYPE copy_status ADD VALUE 'on_hold_shelf'`);

    await db.query(`ALTER TABLE users ADD COLUMN category patron_category NOT NULL DEFAULT 'adult'`);
    await db.query(`ALTER TABLE copies ADD COLUMN item_type item_type NOT NULL DEFAULT 'book'`);
    await this.cardNumbers(db);
    await this.rules(db);
    await this.loanTerms(db);
    await this.holds(db);
  }

  /**
   * 14 digits: `2` (a patron, as on Codabar library cards), a 12-digit sequence number and a Luhn check
   * digit, so a mistyped card number is refused at the desk before it is looked up.
   */
  private async cardNumbers(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE card_number_seq`);
    await db.query(`
      CREATE FUNCTION luhn_check_digit(payload text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT ((10 - sum(CASE WHEN (length(payload) - i) % 2 = 0
                               THEN (d * 2) - CASE WHEN d * 2 > 9 THEN 9 ELSE 0 END
                               ELSE d END) % 10) % 10)::text
        FROM (SELECT i, substr(payload, i, 1)::int AS d FROM generate_series(1, length(payload)) AS i) digits
      $$`);
    await db.query(`
      CREATE FUNCTION next_card_number() RETURNS text LANGUAGE sql VOLATILE AS $$
        SELECT payload || luhn_check_digit(payload)
        FROM (SELECT '2' || lpad(nextval('card_number_seq')::text, 12, '0') AS payload) p
      $$`);
    await db.query(`ALTER TABLE users ADD COLUMN card_number text`);
    await db.query(`UPDATE users SET card_number = next_card_number()`);
    await db.query(`ALTER TABLE users ALTER COLUMN card_number SET NOT NULL`);
    await db.query(`ALTER TABLE users ALTER COLUMN card_number SET DEFAULT next_card_number()`);
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_card_number_format CHECK (card_number ~ '^[0-9]{14}$')`);
    await db.query(`CREATE UNIQUE INDEX users_card_number_key ON users (card_number)`);
  }

  /** One row per patron category and item type, `*` standing for every item type without a row of its own. */
  private async rules(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE circulation_rules (
        category patron_category NOT NULL,
        item_type text NOT NULL CHECK (item_type IN ('*', 'book', 'dvd', 'reference')),
        loanable boolean NOT NULL,
        loan_days integer NOT NULL CHECK (loan_days BETWEEN 1 AND 365),
        max_active_loans integer NOT NULL CHECK (max_active_loans BETWEEN 0 AND 100),
        max_renewals integer NOT NULL CHECK (max_renewals BETWEEN 0 AND 20),
        fine_cents_per_day integer NOT NULL CHECK (fine_cents_per_day BETWEEN 0 AND 100000),
        fine_cap_cents integer NOT NULL CHECK (fine_cap_cents BETWEEN 0 AND 10000000),
        holds_allowed boolean NOT NULL,
        max_holds integer NOT NULL CHECK (max_holds BETWEEN 0 AND 100),
        PRIMARY KEY (category, item_type)
      )`);
    await db.query(`
      INSERT INTO circulation_rules
      SELECT category, item_type, item_type <> 'reference', 14, 5, 2, 25, 1000, item_type <> 'reference', 5
      FROM unnest(enum_range(NULL::patron_category)) AS category
      CROSS JOIN unnest(ARRAY['*', 'reference']) AS item_type`);
    // The rule that applies: the item type's own row, else the category's `*` row.
    await db.query(`
      CREATE FUNCTION circulation_rule(patron_category, item_type) RETURNS circulation_rules
      LANGUAGE sql STABLE AS $$
        SELECT * FROM circulation_rules WHERE category = $1 AND item_type IN ($2::text, '*')
        ORDER BY item_type = '*' LIMIT 1
      $$`);
  }

  /** The terms of the rule in force at checkout; existing loans get the settings they were made under. */
  private async loanTerms(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE loans
        ADD COLUMN loan_days integer NOT NULL DEFAULT 14 CHECK (loan_days BETWEEN 1 AND 365),
        ADD COLUMN max_renewals integer NOT NULL DEFAULT 2 CHECK (max_renewals BETWEEN 0 AND 20),
        ADD COLUMN fine_cents_per_day integer NOT NULL DEFAULT 25 CHECK (fine_cents_per_day >= 0),
        ADD COLUMN fine_cap_cents integer NOT NULL DEFAULT 1000 CHECK (fine_cap_cents >= 0)`);
  }

  private async holds(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue_number bigint GENERATED ALWAYS AS IDENTITY,
        user_id uuid NOT NULL REFERENCES users (id),
        book_id uuid NOT NULL REFERENCES books (id),
        status hold_status NOT NULL DEFAULT 'waiting',
        copy_id uuid REFERENCES copies (id),
        loan_id uuid REFERENCES loans (id),
        ready_at timestamptz,
        pickup_by timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'waiting' OR (copy_id IS NULL AND pickup_by IS NULL AND closed_at IS NULL)),
        CHECK (status <> 'ready' OR (copy_id IS NOT NULL AND pickup_by IS NOT NULL AND closed_at IS NULL)),
        CHECK (status IN ('waiting', 'ready') OR closed_at IS NOT NULL),
        CHECK (status <> 'fulfilled' OR loan_id IS NOT NULL)
      )`);
    // The database guarantees what the queue logic promises: one active hold per member and title,
    // and a copy set aside for one hold at a time.
    await db.query(
      `CREATE UNIQUE INDEX holds_one_active_per_member_book ON holds (user_id, book_id) WHERE status IN ('waiting', 'ready')`,
    );
    await db.query(`CREATE UNIQUE INDEX holds_one_ready_per_copy ON holds (copy_id) WHERE status = 'ready'`);
    await db.query(`CREATE INDEX holds_queue_idx ON holds (book_id, queue_number) WHERE status = 'waiting'`);
    await db.query(`CREATE INDEX holds_shelf_idx ON holds (pickup_by) WHERE status = 'ready'`);
    await db.query(`CREATE INDEX holds_user_idx ON holds (user_id, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE holds`);
    await db.query(`ALTER TABLE loans DROP COLUMN loan_days, DROP COLUMN max_renewals,
      DROP COLUMN fine_cents_per_day, DROP COLUMN fine_cap_cents`);
    await db.query(`DROP FUNCTION circulation_rule(patron_category, item_type)`);
    await db.query(`DROP TABLE circulation_rules`);
    await db.query(`ALTER TABLE users DROP COLUMN card_number, DROP COLUMN category`);
    await db.query(`DROP FUNCTION next_card_number()`);
    await db.query(`DROP FUNCTION luhn_check_digit(text)`);
    await db.query(`DROP SEQUENCE card_number_seq`);
    await db.query(`ALTER TABLE copies DROP COLUMN item_type`);
    await db.query(`DROP TYPE hold_status`);
    await db.query(`DROP TYPE item_type`);
    await db.query(`DROP TYPE patron_category`);
    // PostgreSQL cannot drop an enum value: 'on_hold_shelf' stays in copy_status (unused).
  }
}
