import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ITEM_TYPES, type ItemType } from '../../circulation-rules/circulation-terms.js';
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

  @ApiProperty({ required: false, enum: ITEM_TYPES, default: 'book' })
  @IsOptional()
  @IsIn(ITEM_TYPES)
  itemType?: ItemType;
}
