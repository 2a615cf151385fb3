import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** Exactly one of `bookId` (any free copy of the title) or `copyId` (that copy). */
export class CheckoutDto {
  @ApiProperty({ required: false, format: 'uuid', description: 'Lend any available copy of this book' })
  @IsOptional()
  @IsUUID('all')
  bookId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Lend this copy (instead of bookId)' })
  @IsOptional()
  @IsUUID('all')
  copyId?: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'Librarian or admin only: the member who borrows. Defaults to the caller.',
  })
  @IsOptional()
  @IsUUID('all')
  userId?: string;
}
