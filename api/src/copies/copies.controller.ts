import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, RequireRole } from '../auth/auth.decorators.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { ApiPageResponse, PaginationQuery, type Page } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { CopiesService } from './copies.service.js';
import { CopyView } from './copy.view.js';
import { CreateCopyDto } from './dto/create-copy.dto.js';
import { UpdateCopyDto } from './dto/update-copy.dto.js';

@ApiTags('copies')
@Controller(API_PREFIX)
export class CopiesController {
  constructor(private readonly copies: CopiesService) {}

  @Post('books/:id/copies')
  @RequireRole('librarian')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Add a copy of a book (librarian or admin); a barcode is generated when absent',
    description: 'itemType (book by default, dvd, reference) decides, with the patron category, the circulation rule.',
  })
  @ApiCreatedResponse({ type: CopyView })
  create(@Param('id', UuidParam) bookId: string, @Body() body: CreateCopyDto): Promise<CopyView> {
    return this.copies.create(bookId, body.barcode, body.itemType);
  }

  @Get('books/:id/copies')
  @Public()
  @ApiOperation({ summary: 'The copies of a book and their statuses (public, like the catalogue)' })
  @ApiPageResponse(CopyView)
  list(@Param('id', UuidParam) bookId: string, @Query() query: PaginationQuery): Promise<Page<CopyView>> {
    return this.copies.listForBook(bookId, query);
  }

  @Patch('copies/:id')
  @RequireRole('librarian')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Mark a copy available, lost or withdrawn, or change its item type (librarian or admin)',
    description:
      'A status cannot be set while the copy is on loan (409 COPY_ON_LOAN) or on the hold shelf (409 ' +
      'COPY_RESERVED); the item type can always change. 400 VALIDATION_FAILED when neither is sent.',
  })
  @ApiOkResponse({ type: CopyView })
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateCopyDto): Promise<CopyView> {
    return this.copies.update(id, body);
  }
}
