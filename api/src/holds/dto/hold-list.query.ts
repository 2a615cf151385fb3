import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.js';
import { HOLD_STATUSES, type HoldStatus } from '../hold.view.js';

export class HoldListQuery extends PaginationQuery {
  @ApiProperty({
    required: false,
    enum: HOLD_STATUSES,
    description: 'ready: the hold shelf, oldest pickupBy first; waiting: in queue order; otherwise newest first',
  })
  @IsOptional()
  @IsIn(HOLD_STATUSES)
  status?: HoldStatus;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  bookId?: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: "Only this member's holds. A member may only name themself; it is their own holds by default.",
  })
  @IsOptional()
  @IsUUID('all')
  userId?: string;
}
