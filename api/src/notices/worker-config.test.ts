import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/app-config.js';
import { loadWorkerConfig } from './worker-config.js';

const minimal = {
  PGHOST: 'postgres',
  SMTP_URL: 'smtps://notices:secret@mail.example.org',
  MAIL_FROM: 'notices@lms.local',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadWorkerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('worker configuration', () => {
  it('needs only the database, the SMTP URL and the sender, with the documented defaults', () => {
    const config = loadWorkerConfig(minimal);
    expect(config.smtpUrl).toBe(minimal.SMTP_URL);
    expect(config.libraryName).toBe('The Library');
    expect(config.port).toBe(9465);
    expect(config.schedule).toEqual({ dueSoonDays: 2, overdueEveryDays: 7, overdueMax: 3, scanCron: '*/15 * * * *' });
    expect(config.delivery).toMatchObject({ retryLimit: 5, retryDelaySeconds: 60, sendTimeoutSeconds: 300 });
  });

  it('lists every missing or invalid variable at once', () => {
    const problems = problemsOf({ SMTP_URL: 'http://mail.example.org', NOTICE_DUE_SOON_DAYS: '0' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL:/),
        expect.stringMatching(/^SMTP_URL: an smtp:\/\/ or smtps:\/\/ URL/),
        expect.stringMatching(/^MAIL_FROM:/),
        expect.stringMatching(/^NOTICE_DUE_SOON_DAYS:/),
      ]),
    );
  });

  it('refuses a send timeout that a slow but working SMTP exchange could outlast', () => {
    expect(problemsOf({ ...minimal, NOTICE_SMTP_TIMEOUT_SECONDS: '30', NOTICE_SEND_TIMEOUT_SECONDS: '60' })).toEqual([
      'NOTICE_SEND_TIMEOUT_SECONDS: must exceed three times NOTICE_SMTP_TIMEOUT_SECONDS',
    ]);
  });
});
