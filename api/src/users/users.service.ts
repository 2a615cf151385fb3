import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import { hasRole, type AuthUser } from '../auth/roles.js';
import { pageOf, type Page } from '../common/pagination.js';
import { badRequest, forbidden, notFound } from '../common/problem.js';
import { queryFirstRow, queryRows } from '../database/sql.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import type { UsersQuery } from './dto/users.query.js';
import { UserDetailView } from './user-detail.view.js';
import { UserView } from './user.view.js';
import { passwordHashStatement, updateUserStatement, userDetailStatement, userPageStatement } from './users.sql.js';

const userNotFound = () => notFound('USER_NOT_FOUND', 'No user with this id.');

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Ordered by name then id. The password hash column is never selected. */
  async list(query: UsersQuery): Promise<Page<UserView>> {
    const rows = await queryRows(this.db, userPageStatement(query.q, query.limit, query.offset));
    const total = rows[0]?.total ?? 0;
    return pageOf(rows.filter((row) => row.id !== null).map(UserView.of), total, query);
  }

  /**
   * Members see only themselves: another account answers 404, exactly like an id that does not exist,
   * so member ids cannot be probed.
   */
  async get(caller: AuthUser, id: string): Promise<UserDetailView> {
    if (caller.id !== id && !hasRole(caller.role, 'librarian')) throw userNotFound();
    return this.detail(id);
  }

  async update(caller: AuthUser, id: string, input: UpdateUserDto): Promise<UserDetailView> {
    const self = caller.id === id;
    const admin = hasRole(caller.role, 'admin');
    if (!self && !hasRole(caller.role, 'librarian')) throw userNotFound();
    if (!self && !admin) throw forbidden('FORBIDDEN', "Only an admin can change another user's account.");
    const changesAccess = input.role !== undefined || input.status !== undefined || input.category !== undefined;
    if (changesAccess && !admin)
      throw forbidden('FORBIDDEN', 'Only an admin can change a role, a status or a patron category.');
    if (changesAccess && self) {
      throw forbidden('FORBIDDEN', 'An admin cannot change their own role, status or category; ask another admin.');
    }
    if (input.password !== undefined && !self) {
      throw forbidden('FORBIDDEN', 'Only the account owner can change its password.');
    }
    if ((input.password === undefined) !== (input.currentPassword === undefined)) {
      const field = input.password === undefined ? 'password' : 'currentPassword';
      throw badRequest('VALIDATION_FAILED', 'The request is invalid.', [
        { field, message: 'password and currentPassword must be sent together' },
      ]);
    }

    let passwordHash: string | undefined;
    if (input.password !== undefined && input.currentPassword !== undefined) {
      await this.checkCurrentPassword(id, input.currentPassword);
      passwordHash = await this.hasher.hash(input.password);
    }
    const statement = updateUserStatement(id, {
      name: input.name,
      role: input.role,
      status: input.status,
      category: input.category,
      passwordHash,
    });
    if (statement) {
      const updated = await queryRows(this.db, statement);
      if (updated.length === 0) throw userNotFound();
    }
    return this.detail(id);
  }

  private async checkCurrentPassword(id: string, currentPassword: string): Promise<void> {
    const user = await queryFirstRow(this.db, passwordHashStatement(id));
    if (!user) throw userNotFound();
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw forbidden('INVALID_CURRENT_PASSWORD', 'The current password is wrong.');
    }
  }

  private async detail(id: string): Promise<UserDetailView> {
    const row = await queryFirstRow(this.db, userDetailStatement(id));
    if (!row) throw userNotFound();
    return UserDetailView.ofRow(row);
  }
}
