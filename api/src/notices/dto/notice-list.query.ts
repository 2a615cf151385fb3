import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.js';
import { NOTICE_STATUSES, type NoticeStatus } from '../notice.view.js';

export class NoticeListQuery extends PaginationQuery {
  @ApiProperty({ required: false, enum: NOTICE_STATUSES, description: 'failed: kept after the last retry' })
  @IsOptional()
  @IsIn(NOTICE_STATUSES)
  status?: NoticeStatus;
}
