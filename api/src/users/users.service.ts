import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import { hasRole, type AuthUser } from '../auth/roles.js';
import { pageOf, type Page } from '../common/pagination.js';
import { badRequest, forbidden, notFound } from '../common/problem.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import type { UsersQuery } from './dto/users.query.js';
import { UserDetailView, type UserDetailRow } from './user-detail.view.js';
import { User } from './user.entity.js';
import { UserView } from './user.view.js';

const userNotFound = () => notFound('USER_NOT_FOUND', 'No user with this id.');

/** `%`, `_` and the escape character itself are literal in a search, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Ordered by name then id. The password hash column is never selected (`select: false`). */
  async list(query: UsersQuery): Promise<Page<UserView>> {
    const builder = this.users.createQueryBuilder('u').orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC');
    if (query.q !== undefined) {
      builder.where('(u.name ILIKE :pattern OR u.email ILIKE :pattern)', { pattern: likePattern(query.q) });
    }
    const [users, total] = await builder.skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(users.map(UserView.of), total, query);
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
    const changesAccess = input.role !== undefined || input.status !== undefined;
    if (changesAccess && !admin) throw forbidden('FORBIDDEN', 'Only an admin can change a role or a status.');
    if (changesAccess && self) {
      throw forbidden('FORBIDDEN', 'An admin cannot change their own role or status; ask another admin.');
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

    const changes: Partial<User> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.role !== undefined) changes.role = input.role;
    if (input.status !== undefined) changes.status = input.status;
    if (input.password !== undefined && input.currentPassword !== undefined) {
      await this.checkCurrentPassword(id, input.currentPassword);
      changes.passwordHash = await this.hasher.hash(input.password);
    }
    if (Object.keys(changes).length > 0) {
      const result = await this.users.update({ id }, changes);
      if (result.affected === 0) throw userNotFound();
    }
    return this.detail(id);
  }

  private async checkCurrentPassword(id: string, currentPassword: string): Promise<void> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
    if (!user) throw userNotFound();
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw forbidden('INVALID_CURRENT_PASSWORD', 'The current password is wrong.');
    }
  }

  /** The account and its loan figures in one statement (the partial loan indexes serve both counts). */
  private async detail(id: string): Promise<UserDetailView> {
    const [row]: UserDetailRow[] = await this.users.query(
      `SELECT u.id, u.email, u.name, u.role, u.status, u.created_at AS "createdAt", u.updated_at AS "updatedAt",
         (SELECT coalesce(sum(l.fine_cents), 0)::int FROM loans l
           WHERE l.user_id = u.id AND l.fine_cents > 0 AND l.fine_paid_at IS NULL) AS "outstandingFinesCents",
         (SELECT count(*)::int FROM loans l WHERE l.user_id = u.id AND l.returned_at IS NULL) AS "activeLoans"
       FROM users u WHERE u.id = $1`,
      [id],
    );
    if (!row) throw userNotFound();
    return UserDetailView.ofRow(row);
  }
}
