import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIsbn } from './isbn.decorator.js';

export const TITLE_MAX_LENGTH = 500;
export const AUTHOR_MAX_LENGTH = 300;
export const YEAR_RANGE = { min: -3000, max: 3000 } as const;

export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateBookDto {
  @ApiProperty({ description: 'ISBN-10 or ISBN-13, hyphens allowed; stored as ISBN-13', example: '0-306-40615-2' })
  @IsString()
  @IsIsbn()
  isbn!: string;

  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX_LENGTH, example: 'The Dispossessed' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(TITLE_MAX_LENGTH)
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: AUTHOR_MAX_LENGTH, example: 'Ursula K. Le Guin' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(AUTHOR_MAX_LENGTH)
  author!: string;

  @ApiProperty({ required: false, type: Number, nullable: true, minimum: YEAR_RANGE.min, maximum: YEAR_RANGE.max })
  @IsOptional()
  @IsInt()
  @Min(YEAR_RANGE.min)
  @Max(YEAR_RANGE.max)
  publishedYear?: number | null;
}
