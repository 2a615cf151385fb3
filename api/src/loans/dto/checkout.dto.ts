import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ExactlyOneOf, IsUuidWhenSent } from '../../common/validation.js';

const LEND_TARGETS = ['bookId', 'copyId'];
const ONE_TARGET = ExactlyOneOf(LEND_TARGETS, 'Send either bookId or copyId.');

/** Exactly one of `bookId` (any free copy of the title) or `copyId` (that copy). */
export class CheckoutDto {
  @ApiProperty({ required: false, format: 'uuid', description: 'Lend any available copy of this book' })
  @ONE_TARGET
  @IsUuidWhenSent()
  bookId?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'Lend this copy (instead of bookId)' })
  @ONE_TARGET
  @IsUuidWhenSent()
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
