import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SETTABLE_COPY_STATUSES } from '../copy.view.js';

export type SettableCopyStatus = (typeof SETTABLE_COPY_STATUSES)[number];

export class UpdateCopyDto {
  @ApiProperty({ enum: SETTABLE_COPY_STATUSES, description: '`on_loan` changes only through checkout and return' })
  @IsIn(SETTABLE_COPY_STATUSES)
  status!: SettableCopyStatus;
}
