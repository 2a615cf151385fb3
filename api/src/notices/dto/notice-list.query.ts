import { EnumField } from '../../common/fields/enum-field.js';
import { PaginationQuery } from '../../common/pagination.js';
import { NOTICE_STATUSES, type NoticeStatus } from '../notice.view.js';

export class NoticeListQuery extends PaginationQuery {
  @EnumField({ required: false, values: NOTICE_STATUSES, description: 'failed: kept after the last retry' })
  status?: NoticeStatus;
}
