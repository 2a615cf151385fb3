import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class PlaceHoldDto {
  @ApiProperty({ format: 'uuid', description: 'The title to queue for (any copy fills the hold)' })
  @IsUUID('all')
  bookId!: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'Librarian or admin only: the member the hold is for. Defaults to the caller.',
  })
  @IsOptional()
  @IsUUID('all')
  userId?: string;
}
