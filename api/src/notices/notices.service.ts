import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hasRole, type AuthUser } from '../auth/roles.js';
import { pageOf, type Page } from '../common/pagination.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import type { NoticeListQuery } from './dto/notice-list.query.js';
import type { NoticePreferencesDto } from './dto/notice-preferences.dto.js';
import { noticeAlreadyQueued, noticeNotFound, noticePreferencesForbidden, userNotFound } from './notice-errors.js';
import { NoticeOutbox } from './notice-outbox.js';
import { NoticeView } from './notice.view.js';
import {
  dueSoonPreferenceStatement,
  noticePageStatement,
  noticeStatement,
  requeueNoticeStatement,
  setDueSoonPreferenceStatement,
  type NoticeFilter,
} from './notices.sql.js';

@Injectable()
export class NoticesService {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: NoticeOutbox,
  ) {}

  list(query: NoticeListQuery): Promise<Page<NoticeView>> {
    return this.page({ status: query.status }, query);
  }

  /** A member sees only their own; another account answers 404, as an unknown id does. */
  async listForUser(caller: AuthUser, userId: string, query: NoticeListQuery): Promise<Page<NoticeView>> {
    this.assertSelfOrStaff(caller, userId);
    const [user] = await queryRows(this.db, dueSoonPreferenceStatement(userId));
    if (!user) throw userNotFound();
    return this.page({ status: query.status, userId }, query);
  }

  /** Queues a failed (or sent) notice again, its job in the same transaction. */
  async resend(id: string): Promise<NoticeView> {
    return this.db.transaction(async (manager) => {
      const requeued = await queryFirstRow(manager, requeueNoticeStatement(id));
      if (!requeued) {
        if (await queryFirstRow(manager, noticeStatement(id))) throw noticeAlreadyQueued();
        throw noticeNotFound();
      }
      await this.outbox.enqueue(manager, [requeued.id]);
      return NoticeView.of(requeued);
    });
  }

  async preferences(caller: AuthUser, userId: string): Promise<NoticePreferencesDto> {
    this.assertSelfOrStaff(caller, userId);
    const preference = await queryFirstRow(this.db, dueSoonPreferenceStatement(userId));
    if (!preference) throw userNotFound();
    return preference;
  }

  /** Only the member themself or an admin changes what the member receives. */
  async setPreferences(caller: AuthUser, userId: string, input: NoticePreferencesDto): Promise<NoticePreferencesDto> {
    if (caller.id !== userId && !hasRole(caller.role, 'admin')) {
      this.assertSelfOrStaff(caller, userId);
      throw noticePreferencesForbidden();
    }
    const updated = await queryFirstRow(this.db, setDueSoonPreferenceStatement(userId, input.dueSoon));
    if (!updated) throw userNotFound();
    return updated;
  }

  private assertSelfOrStaff(caller: AuthUser, userId: string): void {
    if (caller.id !== userId && !hasRole(caller.role, 'librarian')) throw userNotFound();
  }

  private async page(filter: NoticeFilter, query: NoticeListQuery): Promise<Page<NoticeView>> {
    const rows = await queryRows(this.db, noticePageStatement(filter, query.limit, query.offset));
    const total = rows[0]?.total ?? 0;
    return pageOf(rows.filter((row) => row.id !== null).map(NoticeView.of), total, query);
  }
}
