import { ApiProperty } from '@nestjs/swagger';
import type { BookRow } from './books.sql.js';

/** A title in the catalogue with its copy counts. */
export class BookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'ISBN-13, digits only', example: '9780306406157' }) isbn!: string;
  @ApiProperty({ example: 'The Left Hand of Darkness' }) title!: string;
  @ApiProperty({ example: 'Ursula K. Le Guin' }) author!: string;
  @ApiProperty({ type: Number, nullable: true, example: 1969 }) publishedYear!: number | null;
  @ApiProperty({ description: 'Copies the library holds: every copy that is not withdrawn', example: 3 })
  copiesTotal!: number;
  @ApiProperty({ description: 'Copies on the shelf, ready to lend', example: 1 }) copiesAvailable!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

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
