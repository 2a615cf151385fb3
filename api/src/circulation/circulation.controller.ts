import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRole } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/roles.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { LoanView } from '../loans/loan.view.js';
import { CheckinView } from './checkin.view.js';
import { CirculationService } from './circulation.service.js';
import { DeskCheckinDto, DeskCheckoutDto } from './dto/desk.dto.js';

@ApiTags('circulation desk')
@ApiBearerAuth()
@RequireRole('librarian')
@Controller(`${API_PREFIX}/circulation`)
export class CirculationController {
  constructor(private readonly desk: CirculationService) {}

  @Post('checkout')
  @ApiOperation({
    summary: 'Lend the scanned copy to the member of the scanned card (librarian)',
    description:
      'The rules of POST /loans apply. 400 VALIDATION_FAILED (a malformed barcode, or a card number that is ' +
      'not 14 digits); 404 COPY_NOT_FOUND, CARD_NOT_FOUND (its detail says when the check digit does not ' +
      'match); 409 COPY_NOT_AVAILABLE, ' +
      'COPY_RESERVED (on the hold shelf for another member), ITEM_NOT_LOANABLE, LOAN_LIMIT_REACHED; 403 ' +
      'MEMBER_SUSPENDED, FINES_OUTSTANDING.',
  })
  @ApiCreatedResponse({ type: LoanView })
  checkout(@CurrentUser() user: AuthUser, @Body() body: DeskCheckoutDto): Promise<LoanView> {
    return this.desk.checkout(user, body);
  }

  @Post('checkin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check the scanned copy in (librarian): where it goes now',
    description:
      'Returns its loan (the fine computed as at any return). action "hold-shelf": the copy is set aside for ' +
      'hold (the next waiting hold of the title); "shelve": back to the shelves. 404 COPY_NOT_FOUND; 409 ' +
      'COPY_NOT_ON_LOAN.',
  })
  @ApiOkResponse({ type: CheckinView })
  checkin(@CurrentUser() user: AuthUser, @Body() body: DeskCheckinDto): Promise<CheckinView> {
    return this.desk.checkin(user, body);
  }
}
