import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { BARCODE_PATTERN } from '../barcode.js';

export class CreateCopyDto {
  @ApiProperty({
    required: false,
    pattern: BARCODE_PATTERN.source,
    description: 'Unique across the library; generated (LMS-XXXXXXXXXX) when absent',
    example: 'MAIN-000123',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Matches(BARCODE_PATTERN, { message: 'barcode must be 1-64 letters, digits, dots, dashes or underscores' })
  barcode?: string;
}
