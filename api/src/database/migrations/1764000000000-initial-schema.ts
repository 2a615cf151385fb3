import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, books, copies and loans, with the constraints that keep loans correct under concurrency. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE user_role AS ENUM ('member', 'librarian', 'admin')`);
    await db.query(`CREATE TYPE user_status AS ENUM ('active', 'suspended')`);
    await db.query(`CREATE TYPE copy_status AS ENUM ('available', 'on_loan', 'lost', 'withdrawn')`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        password_hash text NOT NULL,
        role user_role NOT NULL DEFAULT 'member',
        status user_status NOT NULL DEFAULT 'active',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await db.query(`CREATE INDEX users_search_idx ON users USING gin (to_tsvector('simple', name || ' ' || email))`);

    await db.query(`
      CREATE TABLE books (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        isbn char(13) NOT NULL CHECK (isbn ~ '^97[89][0-9]{10}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        author text NOT NULL CHECK (length(author) BETWEEN 1 AND 300),
        published_year integer CHECK (published_year BETWEEN -3000 AND 3000),
        search tsvector GENERATED ALWAYS AS (
          to_tsvector('simple', title || ' ' || author || ' ' || isbn)
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX books_isbn_key ON books (isbn) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX books_search_idx ON books USING gin (search)`);
    await db.query(`CREATE INDEX books_author_idx ON books (lower(author)) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX books_title_idx ON books (title, id) WHERE deleted_at IS NULL`);

    await db.query(`
      CREATE TABLE copies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        book_id uuid NOT NULL REFERENCES books (id),
        barcode text NOT NULL CHECK (length(barcode) BETWEEN 1 AND 64),
        status copy_status NOT NULL DEFAULT 'available',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX copies_barcode_key ON copies (barcode)`);
    await db.query(`CREATE INDEX copies_book_status_idx ON copies (book_id, status)`);

    await db.query(`
      CREATE TABLE loans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        book_id uuid NOT NULL REFERENCES books (id),
        copy_id uuid NOT NULL REFERENCES copies (id),
        loaned_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        returned_at timestamptz,
        renewals integer NOT NULL DEFAULT 0 CHECK (renewals >= 0),
        fine_cents integer NOT NULL DEFAULT 0 CHECK (fine_cents >= 0),
        fine_paid_at timestamptz,
        CHECK (due_at > loaned_at),
        CHECK (returned_at IS NULL OR returned_at >= loaned_at)
      )`);
    // The database, not the application, guarantees that a copy is never in two active loans.
    await db.query(`CREATE UNIQUE INDEX loans_one_active_per_copy ON loans (copy_id) WHERE returned_at IS NULL`);
    await db.query(`CREATE INDEX loans_active_by_user_idx ON loans (user_id) WHERE returned_at IS NULL`);
    await db.query(`CREATE INDEX loans_user_idx ON loans (user_id, loaned_at DESC)`);
    await db.query(`CREATE INDEX loans_book_active_idx ON loans (book_id) WHERE returned_at IS NULL`);
    await db.query(
      `CREATE INDEX loans_unpaid_fines_idx ON loans (user_id) WHERE fine_cents > 0 AND fine_paid_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE loans`);
    await db.query(`DROP TABLE copies`);
    await db.query(`DROP TABLE books`);
    await db.query(`DROP TABLE users`);
    await db.query(`DROP TYPE copy_status`);
    await db.query(`DROP TYPE user_status`);
    await db.query(`DROP TYPE user_role`);
  }
}
