import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequireRole } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/roles.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { ApiPageResponse, type Page } from '../common/pagination.js';
import { UuidPath } from '../common/fields/uuid.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UsersQuery } from './dto/users.query.js';
import { UserDetailView } from './user-detail.view.js';
import { UserView } from './user.view.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/users`)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequireRole('librarian')
  @ApiOperation({ summary: 'List accounts (librarian or admin), ordered by name' })
  @ApiPageResponse(UserView)
  list(@Query() query: UsersQuery): Promise<Page<UserView>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One account with its outstanding fines and active loans',
    description: 'Your own account, or any account for a librarian or admin; a member asking for another gets 404.',
  })
  @ApiOkResponse({ type: UserDetailView })
  get(@CurrentUser() caller: AuthUser, @UuidPath() id: string): Promise<UserDetailView> {
    return this.users.get(caller, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change an account',
    description:
      'The owner may change name and password (password needs currentPassword). An admin may change name, ' +
      'role and status of other accounts (not their own role or status). Role or status from a non-admin: 403.',
  })
  @ApiOkResponse({ type: UserDetailView })
  update(
    @CurrentUser() caller: AuthUser,
    @UuidPath() id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDetailView> {
    return this.users.update(caller, id, body);
  }
}
