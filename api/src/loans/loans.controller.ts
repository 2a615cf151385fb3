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
      'Exactly one of bookId (any available copy of the book) or copyId (that copy). A librarian or admin ' +
      'may lend to another user with userId (403 FORBIDDEN for a member). The rules apply to the borrower: ' +
      'not suspended (403 MEMBER_SUSPENDED), unpaid fines below the threshold (403 FINES_OUTSTANDING), fewer ' +
      'active loans than the limit of the circulation rule for their category and the item type, overdue ones ' +
      "included (409 LOAN_LIMIT_REACHED). The loan keeps that rule's terms. A copy on the hold shelf goes only " +
      "to its holder (409 COPY_RESERVED for others); the holder's checkout of the title takes it and fulfils " +
      'the hold. 404 BOOK_NOT_FOUND / COPY_NOT_FOUND (unknown, or of a deleted book) / USER_NOT_FOUND; 409 ' +
      'NO_COPY_AVAILABLE / COPY_NOT_AVAILABLE / ITEM_NOT_LOANABLE.',
  })
  @ApiCreatedResponse({ type: LoanView })
  checkout(@CurrentUser() user: AuthUser, @Body() body: CheckoutDto): Promise<LoanView> {
    return this.loans.checkout(user, body);
  }

  @Get()
  @ApiOperation({
    summary: 'List loans, newest first (a member sees only their own)',
    description:
      'status: active (out, not yet due), overdue (out, past due) or returned. A member naming another ' +
      'userId gets 403 FORBIDDEN.',
  })
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
    description:
      "fineCents = fine per whole day past due (a started day is not counted), capped, by the loan's terms. The " +
      'copy goes to the first waiting hold of the title (on the hold shelf) or back to the shelf. ' +
      '404 LOAN_NOT_FOUND (also for another member), 409 LOAN_ALREADY_RETURNED.',
  })
  @ApiOkResponse({ type: LoanView })
  returnLoan(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LoanView> {
    return this.loans.returnLoan(user, id);
  }

  @Post(':id/renew')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Extend the due date by one loan period (the borrower or a librarian)',
    description:
      "The new due date is the current due date plus the loan period of the loan's terms. 404 LOAN_NOT_FOUND, " +
      '409 LOAN_ALREADY_RETURNED / LOAN_OVERDUE / RENEWAL_LIMIT_REACHED / RENEWAL_BLOCKED_BY_HOLD (members ' +
      'wait for the title).',
  })
  @ApiOkResponse({ type: LoanView })
  renew(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<LoanView> {
    return this.loans.renew(user, id);
  }

  @Post(':id/pay-fine')
  @HttpCode(200)
  @RequireRole('librarian')
  @ApiOperation({
    summary: "Record the payment of the loan's fine (librarian)",
    description: '404 LOAN_NOT_FOUND; 409 NO_FINE_DUE when the loan has no unpaid fine (or is still out).',
  })
  @ApiOkResponse({ type: LoanView })
  payFine(@Param('id', UuidParam) id: string): Promise<LoanView> {
    return this.loans.payFine(id);
  }
}
