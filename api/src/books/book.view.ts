import { ApiProperty } from '@nestjs/swagger';
import {
  ApiCountProperty,
  ApiTextProperty,
  ApiTimestampProperty,
  ApiUuidProperty,
} from '../common/fields/response-fields.js';
import type { BookRow } from './books.sql.js';
import { AUTHOR_MAX_LENGTH, TITLE_MAX_LENGTH, YEAR_RANGE } from './dto/create-book.dto.js';

/** A title in the catalogue with its copy counts. */
export class BookView {
  @ApiUuidProperty() id!: string;
  @ApiProperty({
    description: 'ISBN-13, digits only',
    pattern: '^97[89][0-9]{10}$',
    maxLength: 13,
    example: '9780306406157',
  })
  isbn!: string;
  @ApiTextProperty(TITLE_MAX_LENGTH, { example: 'The Left Hand of Darkness' }) title!: string;
  @ApiTextProperty(AUTHOR_MAX_LENGTH, { example: 'Ursula K. Le Guin' }) author!: string;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    nullable: true,
    minimum: YEAR_RANGE.minimum,
    maximum: YEAR_RANGE.maximum,
    example: 1969,
  })
  publishedYear!: number | null;
  @ApiCountProperty({ description: 'Copies the library holds: every copy that is not withdrawn', example: 3 })
  copiesTotal!: number;
  @ApiCountProperty({ description: 'Copies on the shelf, ready to lend', example: 1 }) copiesAvailable!: number;
  @ApiTimestampProperty() createdAt!: string;
  @ApiTimestampProperty() updatedAt!: string;

  static of(row: BookRow): BookView {
    return {
      id: row.id,
      isbn: row.isbn,
      title: row.title,
      author: row.author,
      publishedYear: row.publishedYear,
      copiesTotal: row.copiesTotal,
      copiesAvailable: row.copiesAvailable,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
