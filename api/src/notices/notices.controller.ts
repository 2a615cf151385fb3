import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRole } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/roles.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { ApiPageResponse, type Page } from '../common/pagination.js';
import { UuidPath } from '../common/fields/uuid.js';
import { NoticeListQuery } from './dto/notice-list.query.js';
import { NoticePreferencesDto } from './dto/notice-preferences.dto.js';
import { NoticeView } from './notice.view.js';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@ApiBearerAuth()
@Controller(API_PREFIX)
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get('notices')
  @RequireRole('librarian')
  @ApiOperation({
    summary: 'Notices of every member, newest first (librarian or admin); status=failed for the ones to act on',
  })
  @ApiPageResponse(NoticeView)
  list(@Query() query: NoticeListQuery): Promise<Page<NoticeView>> {
    return this.notices.list(query);
  }

  @Post('notices/:id/resend')
  @HttpCode(200)
  @RequireRole('librarian')
  @ApiOperation({
    summary: 'Queue a failed or sent notice again (librarian or admin)',
    description: '404 NOTICE_NOT_FOUND; 409 NOTICE_ALREADY_QUEUED when it is waiting to be sent.',
  })
  @ApiOkResponse({ type: NoticeView })
  resend(@UuidPath() id: string): Promise<NoticeView> {
    return this.notices.resend(id);
  }

  @Get('users/:id/notices')
  @ApiOperation({
    summary: "A member's notices, newest first (the member or a librarian; 404 USER_NOT_FOUND otherwise)",
  })
  @ApiPageResponse(NoticeView)
  listForUser(
    @CurrentUser() caller: AuthUser,
    @UuidPath() id: string,
    @Query() query: NoticeListQuery,
  ): Promise<Page<NoticeView>> {
    return this.notices.listForUser(caller, id, query);
  }

  @Get('users/:id/notice-preferences')
  @ApiOperation({ summary: 'Which optional notices the member receives (the member or a librarian)' })
  @ApiOkResponse({ type: NoticePreferencesDto })
  preferences(@CurrentUser() caller: AuthUser, @UuidPath() id: string): Promise<NoticePreferencesDto> {
    return this.notices.preferences(caller, id);
  }

  @Patch('users/:id/notice-preferences')
  @ApiOperation({
    summary: 'Opt in or out of due-soon reminders (the member or an admin; 403 FORBIDDEN for a librarian)',
  })
  @ApiOkResponse({ type: NoticePreferencesDto })
  setPreferences(
    @CurrentUser() caller: AuthUser,
    @UuidPath() id: string,
    @Body() body: NoticePreferencesDto,
  ): Promise<NoticePreferencesDto> {
    return this.notices.setPreferences(caller, id, body);
  }
}
