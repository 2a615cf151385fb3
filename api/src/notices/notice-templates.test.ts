import { describe, expect, it } from '@jest/globals';
import { renderNotice } from './notice-templates.js';

const due = new Date('2026-12-04T12:00:00Z');

describe('notice templates', () => {
  it('names the member, the title, the due date and the library in both bodies', () => {
    const mail = renderNotice({ type: 'due_soon', memberName: 'Ada', title: 'Dune', date: due }, 'Northside Library');
    expect(mail.subject).toBe('Due soon: Dune (Northside Library)');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Dear Ada,');
      expect(body).toContain('Dune');
      expect(body).toMatch(/Friday,? 4 December 2026/);
      expect(body).toContain('Northside Library');
    }
  });

  it('escapes what members and librarians typed in the HTML body only', () => {
    const mail = renderNotice(
      { type: 'hold_ready', memberName: 'Bob <b>', title: 'Tom & Jerry', date: due },
      'A "quoted" library',
    );
    expect(mail.html).toContain('Bob &lt;b&gt;');
    expect(mail.html).toContain('Tom &amp; Jerry');
    expect(mail.html).toContain('A &quot;quoted&quot; library');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text).toContain('Dear Bob <b>,');
    expect(mail.text).toContain('“Tom & Jerry” is waiting for you on the hold shelf.');
  });

  it('counts overdue reminders', () => {
    const mail = renderNotice(
      { type: 'overdue', memberName: 'Ada', title: 'Dune', date: due, overdueNumber: 2 },
      'Library',
    );
    expect(mail.subject).toBe('Overdue: Dune (Library)');
    expect(mail.text).toContain('This is reminder 2.');
  });
});
