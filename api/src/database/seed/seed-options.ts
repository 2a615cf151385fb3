import { z } from 'zod';
import { ConfigError } from '../../config/app-config.js';

/** What the seed creates, from SEED_* variables. */
export interface SeedOptions {
  readonly books: number;
  readonly members: number;
  readonly admin: { readonly email: string; readonly password: string };
  /** Password of the seeded librarian and members; random (so unusable) in production unless given. */
  readonly userPassword: string | undefined;
}

/** Development and test defaults, the same `npm run dev` prints. Never used in production. */
export const DEV_SEED_ADMIN = { email: 'admin@library.local', password: 'admin-password-dev' } as const;
export const DEV_SEED_USER_PASSWORD = 'library-password-dev';
export const SEED_LIBRARIAN_EMAIL = 'librarian@library.local';

const PASSWORD_MIN_LENGTH = 12;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    SEED_BOOKS: z.coerce.number().int().min(0).max(1_000_000).default(200),
    SEED_MEMBERS: z.coerce.number().int().min(0).max(100_000).default(20),
    SEED_ADMIN_EMAIL: z.email().max(254).optional(),
    SEED_ADMIN_PASSWORD: z.string().min(PASSWORD_MIN_LENGTH).max(256).optional(),
    SEED_USER_PASSWORD: z.string().min(PASSWORD_MIN_LENGTH).max(256).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['SEED_ADMIN_EMAIL', 'SEED_ADMIN_PASSWORD'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required in production' });
    }
  });

export function loadSeedOptions(source: NodeJS.ProcessEnv): SeedOptions {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(blankAsUnset);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`));
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  return {
    books: env.SEED_BOOKS,
    members: env.SEED_MEMBERS,
    admin: {
      email: (env.SEED_ADMIN_EMAIL ?? DEV_SEED_ADMIN.email).toLowerCase(),
      password: env.SEED_ADMIN_PASSWORD ?? DEV_SEED_ADMIN.password,
    },
    userPassword: env.SEED_USER_PASSWORD ?? (production ? undefined : DEV_SEED_USER_PASSWORD),
  };
}
