import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port.js';

export interface CaughtMail {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  /** The message as received, headers and MIME parts. */
  readonly raw: Buffer;
}

export interface SmtpCatcher {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>` */
  readonly url: string;
  /** Every message the server accepted (answered 250 to), in order. */
  readonly mails: CaughtMail[];
  /** While on, every MAIL FROM is answered 451 (a temporary failure, as from a server under load). */
  refuse(on: boolean): void;
  /** While on, a message is read to its end but never answered, as a server that hangs mid-transaction. */
  holdData(on: boolean): void;
  /** Messages read while `holdData` was on: never accepted, so never delivered. */
  readonly held: () => number;
  close(): Promise<void>;
}

export interface SmtpCatcherOptions {
  /** Called with each accepted message. */
  readonly onMail?: (mail: CaughtMail) => void | Promise<void>;
  /** @default a free port */
  readonly port?: number;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps what it accepts. */
export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const port = options.port ?? (await freePort());
  const mails: CaughtMail[] = [];
  let refusing = false;
  let holding = false;
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (!refusing) return callback();
      callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (holding) {
          held += 1;
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then(async (parsed) => {
            const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
            const mail: CaughtMail = {
              to,
              from: parsed.from?.text ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              raw,
            };
            mails.push(mail);
            await options.onMail?.(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse: (on) => (refusing = on),
    holdData: (on) => (holding = on),
    held: () => held,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
