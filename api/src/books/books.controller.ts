import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public, RequireRole } from '../auth/auth.decorators.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { ApiPageResponse, type Page } from '../common/pagination.js';
import { UuidPath } from '../common/fields/uuid.js';
import { BookView } from './book.view.js';
import { BooksService } from './books.service.js';
import { BooksQuery } from './dto/books.query.js';
import { CreateBookDto } from './dto/create-book.dto.js';
import { UpdateBookDto } from './dto/update-book.dto.js';

@ApiTags('books')
@Controller(`${API_PREFIX}/books`)
export class BooksController {
  constructor(private readonly books: BooksService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Search the catalogue', description: 'Ordered by title, then id.' })
  @ApiPageResponse(BookView)
  list(@Query() query: BooksQuery): Promise<Page<BookView>> {
    return this.books.list(query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One book with its copy counts' })
  @ApiOkResponse({ type: BookView })
  get(@UuidPath() id: string): Promise<BookView> {
    return this.books.get(id);
  }

  @Post()
  @RequireRole('librarian')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a book (librarian or admin); an ISBN-10 is stored as ISBN-13' })
  @ApiCreatedResponse({ type: BookView })
  create(@Body() body: CreateBookDto): Promise<BookView> {
    return this.books.create(body);
  }

  @Patch(':id')
  @RequireRole('librarian')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change a book (librarian or admin)' })
  @ApiOkResponse({ type: BookView })
  update(@UuidPath() id: string, @Body() body: UpdateBookDto): Promise<BookView> {
    return this.books.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('librarian')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove a book from the catalogue (soft delete; its copies are withdrawn)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@UuidPath() id: string): Promise<void> {
    return this.books.remove(id);
  }
}
