import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRole } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/roles.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { ApiPageResponse, type Page } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { CheckoutDto } from './dto/checkout.dto.js';
import { LoanListQuery } from './dto/loan-list.query.js';
import { LoanView } from './loan.view.js';
import { LoansService } from './loans.service.js';

@ApiTags('loans')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/loans`)
export class LoansController {
  constructor(private readonly loans: LoansService) {}

  @Post()
  @ApiOperation({
    summary: 'Borrow a copy',
    description:
      'With bookId any available copy of the book, with copyId that copy. A librarian may lend to another ' +
      'user with userId. 403 FINES_OUTSTANDING / MEMBER_SUSPENDED, 404 BOOK_NOT_FOUND / COPY_NOT_FOUND / ' +
      'USER_NOT_FOUND, 409 LOAN_LIMIT_REACHED / NO_COPY_AVAILABLE / COPY_NOT_AVAILABLE.',
  })
  @ApiCreatedResponse({ type: LoanView })
  checkout(@CurrentUser() user: AuthUser, @Body() body: CheckoutDto): Promise<LoanView> {
    return this.loans.checkout(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'List loans, newest first (a member sees only their own)' })
  @ApiPageResponse(LoanView)
  list(@CurrentUser() user: AuthUser, @Query() query: LoanListQuery): Promise<Page<LoanView>> {
    return this.loans.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One loan (the borrower or a librarian; 404 for anyone else)' })
  @ApiOkResponse({ type: LoanView })
  findOne(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LoanView> {
    return this.loans.findOne(user, id);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Return the copy (the borrower or a librarian); the fine is computed now',
    description: '409 LOAN_ALREADY_RETURNED.',
  })
  @ApiOkResponse({ type: LoanView })
  returnLoan(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LoanView> {
    return this.loans.returnLoan(user, id);
  }

  @Post(':id/renew')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Extend the due date by one loan period (the borrower or a librarian)',
    description: '409 LOAN_ALREADY_RETURNED / LOAN_OVERDUE / RENEWAL_LIMIT_REACHED.',
  })
  @ApiOkResponse({ type: LoanView })
  renew(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LoanView> {
    return this.loans.renew(user, id);
  }

  @Post(':id/pay-fine')
  @HttpCode(200)
  @RequireRole('librarian')
  @ApiOperation({ summary: "Record the payment of the loan's fine (librarian)", description: '409 NO_FINE_DUE.' })
  @ApiOkResponse({ type: LoanView })
  payFine(@Param('id', UuidParam) id: string): Promise<LoanView> {
    return this.loans.payFine(id);
  }
}
