import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.js';

const booleanText = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class BooksQuery extends PaginationQuery {
  @ApiProperty({
    required: false,
    maxLength: 200,
    description:
      'Words matched as prefixes over title, author and ISBN (all words must match); an ISBN-10/13 also matches exactly',
    example: 'left hand',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiProperty({
    required: false,
    maxLength: 300,
    description: 'Exact author, case-insensitive',
    example: 'ursula k. le guin',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  author?: string;

  @ApiProperty({ required: false, type: Boolean, description: 'true: only books with a copy on the shelf' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  available?: boolean;
}
