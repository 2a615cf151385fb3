import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { IntegerField } from './fields/integer-field.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 1_000_000;

/** `?page=` (from 1) and `?limit=` (default 20, at most 100). Extend it for list filters. */
export class PaginationQuery {
  @IntegerField({ required: false, fromText: true, minimum: 1, maximum: MAX_PAGE, default: 1 })
  page: number = 1;

  @IntegerField({ required: false, fromText: true, minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  limit: number = DEFAULT_PAGE_SIZE;

  get offset(): number {
    return (this.page - 1) * this.limit;
  }
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly limit: number;
  readonly total: number;
}

export function pageOf<T>(items: readonly T[], total: number, query: PaginationQuery): Page<T> {
  return { items, page: query.page, limit: query.limit, total };
}

const COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2 ** 31 - 1 } as const;

class PageMeta {
  @ApiProperty({ ...COUNT, minimum: 1, maximum: MAX_PAGE, example: 1 }) page!: number;
  @ApiProperty({ ...COUNT, minimum: 1, maximum: MAX_PAGE_SIZE, example: 20 }) limit!: number;
  @ApiProperty({ ...COUNT, example: 42 }) total!: number;
}

/** Documents a `{items, page, limit, total}` response whose items are `item`. */
export function ApiPageResponse(item: Type) {
  return applyDecorators(
    ApiExtraModels(PageMeta, item),
    ApiOkResponse({
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageMeta) },
          {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', maxItems: MAX_PAGE_SIZE, items: { $ref: getSchemaPath(item) } } },
          },
        ],
      },
    }),
  );
}
