import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRole } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/roles.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { ApiPageResponse, type Page } from '../common/pagination.js';
import { UuidParam } from '../common/validation.js';
import { HoldListQuery } from './dto/hold-list.query.js';
import { PlaceHoldDto } from './dto/place-hold.dto.js';
import { HoldMaintenance, MaintenanceReport } from './hold-maintenance.js';
import { HoldView } from './hold.view.js';
import { HoldsService } from './holds.service.js';

@ApiTags('holds')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/holds`)
export class HoldsController {
  constructor(
    private readonly holds: HoldsService,
    private readonly maintenance: HoldMaintenance,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Place a hold on a title (a member for themself; a librarian for any member)',
    description:
      'A copy on the shelf is set aside at once (status ready, pickupBy set); otherwise the hold waits in ' +
      'the queue (position 1 = next in line). 403 FORBIDDEN (userId of another, as a member), ' +
      'MEMBER_SUSPENDED, FINES_OUTSTANDING; 404 BOOK_NOT_FOUND, USER_NOT_FOUND; 409 HOLD_EXISTS, ' +
      'ALREADY_ON_LOAN, HOLD_LIMIT_REACHED, HOLDS_NOT_ALLOWED.',
  })
  @ApiCreatedResponse({ type: HoldView })
  place(@CurrentUser() user: AuthUser, @Body() body: PlaceHoldDto): Promise<HoldView> {
    return this.holds.place(user, body);
  }

  @Get()
  @ApiOperation({
    summary: 'List holds (a member sees only their own); status=ready is the hold shelf',
    description:
      'status=ready: oldest pickupBy first (the hold shelf); status=waiting: queue order; otherwise newest ' +
      'first. A member naming another userId gets 403 FORBIDDEN.',
  })
  @ApiPageResponse(HoldView)
  list(@CurrentUser() user: AuthUser, @Query() query: HoldListQuery): Promise<Page<HoldView>> {
    return this.holds.list(user, query);
  }

  @Post('maintenance')
  @HttpCode(200)
  @RequireRole('librarian')
  @ApiOperation({
    summary: 'Run the hold maintenance pass now (librarian; it also runs on a schedule)',
    description:
      'Expires ready holds past pickupBy (their copies go to the next in line or back on the shelf), cancels ' +
      'the holds of deleted books, and gives copies on the shelf to waiting holds of their title.',
  })
  @ApiOkResponse({ type: MaintenanceReport })
  runMaintenance(): Promise<MaintenanceReport> {
    return this.maintenance.run();
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One hold (the holder or a librarian)',
    description: "404 HOLD_NOT_FOUND for an unknown hold, and for another member's.",
  })
  @ApiOkResponse({ type: HoldView })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<HoldView> {
    return this.holds.get(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a waiting or ready hold (the holder or a librarian)',
    description:
      'A ready hold releases its copy to the next waiting hold, or back to the shelf. 404 HOLD_NOT_FOUND, ' +
      '409 HOLD_NOT_ACTIVE.',
  })
  @ApiOkResponse({ type: HoldView })
  cancel(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<HoldView> {
    return this.holds.cancel(user, id);
  }
}
