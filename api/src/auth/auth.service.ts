import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { conflict, notFound, unauthorized } from '../common/problem.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { queryFirstRow } from '../database/sql.js';
import { UserView } from '../users/user.view.js';
import { accountStatement, credentialsStatement, emailTakenStatement, insertMemberStatement } from './auth.sql.js';
import type { LoginDto } from './dto/login.dto.js';
import type { AccessTokenView } from './dto/login.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import { PasswordHasher } from './password-hasher.js';

const emailTaken = () => conflict('EMAIL_TAKEN', 'An account with this email already exists.');

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The database is asked first: a taken email, or a database that is down, is answered at once instead
   * of after an argon2id hash (tens to hundreds of milliseconds of CPU). The unique index still decides
   * races between two registrations of one email.
   */
  async register(input: RegisterDto): Promise<UserView> {
    if ((await queryFirstRow(this.db, emailTakenStatement(input.email)))?.taken) throw emailTaken();
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const user = await queryFirstRow(
        this.db,
        insertMemberStatement({ email: input.email, name: input.name, passwordHash }),
      );
      if (!user) throw new Error('INSERT … RETURNING returned no row.');
      return UserView.of(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** Unknown email and wrong password fail identically, in content and in time. */
  async login(input: LoginDto): Promise<AccessTokenView> {
    const user = await queryFirstRow(this.db, credentialsStatement(input.email));
    const valid = await this.hasher.verify(user?.passwordHash, input.password);
    if (!user || !valid) throw unauthorized('INVALID_CREDENTIALS', 'The email or password is wrong.');
    const expiresIn = this.config.jwt.expiresInSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role }, { expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  async me(userId: string): Promise<UserView> {
    const user = await queryFirstRow(this.db, accountStatement(userId));
    if (!user) throw notFound('USER_NOT_FOUND', 'The account behind this token no longer exists.');
    return UserView.of(user);
  }
}
