import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { AUTHOR_MAX_LENGTH, TITLE_MAX_LENGTH, trimmed, YEAR_RANGE } from './create-book.dto.js';
import { IsIsbn } from './isbn.decorator.js';
import { ValidateWhenSent } from '../../common/validation.js';

/** Every field optional; `publishedYear: null` clears the year. */
export class UpdateBookDto {
  @ApiProperty({ required: false, description: 'ISBN-10 or ISBN-13; stored as ISBN-13' })
  @ValidateWhenSent()
  @IsString()
  @IsIsbn()
  isbn?: string;

  @ApiProperty({ required: false, minLength: 1, maxLength: TITLE_MAX_LENGTH })
  @ValidateWhenSent()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(TITLE_MAX_LENGTH)
  title?: string;

  @ApiProperty({ required: false, minLength: 1, maxLength: AUTHOR_MAX_LENGTH })
  @ValidateWhenSent()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(AUTHOR_MAX_LENGTH)
  author?: string;

  @ApiProperty({ required: false, type: Number, nullable: true, minimum: YEAR_RANGE.min, maximum: YEAR_RANGE.max })
  @IsOptional()
  @IsInt()
  @Min(YEAR_RANGE.min)
  @Max(YEAR_RANGE.max)
  publishedYear?: number | null;
}
