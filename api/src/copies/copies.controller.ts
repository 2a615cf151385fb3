import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, RequireRole } from '../auth/auth.decorators.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { ApiPageResponse, PaginationQuery, type Page } from '../common/pagination.js';
import { UuidPath } from '../common/fields/uuid.js';
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
  @ApiOperation({ summary: 'Add a copy of a book (librarian or admin); a barcode is generated when absent' })
  @ApiCreatedResponse({ type: CopyView })
  create(@UuidPath() bookId: string, @Body() body: CreateCopyDto): Promise<CopyView> {
    return this.copies.create(bookId, body.barcode);
  }

  @Get('books/:id/copies')
  @Public()
  @ApiOperation({ summary: 'The copies of a book and their statuses (public, like the catalogue)' })
  @ApiPageResponse(CopyView)
  list(@UuidPath() bookId: string, @Query() query: PaginationQuery): Promise<Page<CopyView>> {
    return this.copies.listForBook(bookId, query);
  }

  @Patch('copies/:id')
  @RequireRole('librarian')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mark a copy available, lost or withdrawn (librarian or admin; not while on loan)' })
  @ApiOkResponse({ type: CopyView })
  update(@UuidPath() id: string, @Body() body: UpdateCopyDto): Promise<CopyView> {
    return this.copies.setStatus(id, body.status);
  }
}
