import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.js';
import { LOAN_STATUSES, type LoanStatus } from '../loan.view.js';

export class LoanListQuery extends PaginationQuery {
  @ApiProperty({ required: false, enum: LOAN_STATUSES })
  @IsOptional()
  @IsIn(LOAN_STATUSES)
  status?: LoanStatus;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: "Only this borrower's loans. A member may only name themself; it is their own loans by default.",
  })
  @IsOptional()
  @IsUUID('all')
  userId?: string;
}
