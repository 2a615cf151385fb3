import type { NoticeType } from './notice.view.js';

/** What a notice says, whatever its type. */
export interface NoticeContent {
  readonly type: NoticeType;
  readonly memberName: string;
  readonly title: string;
  /** The loan's due date (due-soon, overdue) or the last day to collect a hold. */
  readonly date: Date | null;
  /** The how-many-th overdue notice this is. */
  readonly overdueNumber?: number | null;
}

export interface RenderedNotice {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'UTC' });

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

interface Wording {
  readonly subject: string;
  /** Sentences; `{title}` and `{date}` are filled in (escaped for HTML). */
  readonly lines: readonly string[];
}

function wordingOf(content: NoticeContent): Wording {
  switch (content.type) {
    case 'due_soon':
      return {
        subject: `Due soon: ${content.title}`,
        lines: ['“{title}” is due back on {date}.', 'You can renew it online if nobody is waiting for it.'],
      };
    case 'overdue':
      return {
        subject: `Overdue: ${content.title}`,
        lines: [
          '“{title}” was due back on {date} and is now overdue.',
          `This is reminder ${content.overdueNumber ?? 1}. Please return it soon; fines grow each day it is late.`,
        ],
      };
    case 'hold_ready':
      return {
        subject: `Ready for you: ${content.title}`,
        lines: ['“{title}” is waiting for you on the hold shelf.', 'Please collect it by {date}.'],
      };
  }
}

/** The plain-text and HTML bodies of one notice, both with the member's name, the title and the date. */
export function renderNotice(content: NoticeContent, libraryName: string): RenderedNotice {
  const wording = wordingOf(content);
  const date = content.date ? DATE_FORMAT.format(content.date) : 'soon';
  const fill = (line: string, escape: (text: string) => string) =>
    escape(line).replace('{title}', escape(content.title)).replace('{date}', escape(date));
  const plain = (text: string) => text;
  const text = [
    `Dear ${content.memberName},`,
    '',
    ...wording.lines.map((line) => fill(line, plain)),
    '',
    libraryName,
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    `<html><body><p>Dear ${escapeHtml(content.memberName)},</p>`,
    ...wording.lines.map((line) => `<p>${fill(line, escapeHtml)}</p>`),
    `<p>${escapeHtml(libraryName)}</p></body></html>`,
    '',
  ].join('\n');
  return { subject: `${wording.subject} (${libraryName})`, text, html };
}
