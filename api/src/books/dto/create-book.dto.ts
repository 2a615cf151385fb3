import { IntegerField } from '../../common/fields/integer-field.js';
import { TextField } from '../../common/fields/text-field.js';
import { IsbnField } from './isbn.decorator.js';

export const TITLE_MAX_LENGTH = 500;
export const AUTHOR_MAX_LENGTH = 300;
export const YEAR_RANGE = { minimum: -3000, maximum: 3000 } as const;

export class CreateBookDto {
  @IsbnField({ example: '0-306-40615-2' })
  isbn!: string;

  @TextField({ maxLength: TITLE_MAX_LENGTH, trim: true, example: 'The Dispossessed' })
  title!: string;

  @TextField({ maxLength: AUTHOR_MAX_LENGTH, trim: true, example: 'Ursula K. Le Guin' })
  author!: string;

  @IntegerField({ required: false, nullable: true, ...YEAR_RANGE, example: 1974 })
  publishedYear?: number | null;
}
