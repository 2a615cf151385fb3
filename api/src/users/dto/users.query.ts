import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.js';

export class UsersQuery extends PaginationQuery {
  @ApiProperty({
    required: false,
    maxLength: 200,
    description: 'Case-insensitive substring of the name or the email',
    example: 'lovelace',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}
