import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { conflict, notFound, unauthorized } from '../common/problem.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { User } from '../users/user.entity.js';
import { UserView } from '../users/user.view.js';
import type { LoginDto } from './dto/login.dto.js';
import type { AccessTokenView } from './dto/login.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import { PasswordHasher } from './password-hasher.js';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
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
    if (await this.users.existsBy({ email: input.email })) {
      throw conflict('EMAIL_TAKEN', 'An account with this email already exists.');
    }
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const user = await this.users.save(
        this.users.create({ email: input.email, name: input.name, passwordHash, role: 'member', status: 'active' }),
      );
      return UserView.of(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('EMAIL_TAKEN', 'An account with this email already exists.');
      throw error;
    }
  }

  /** Unknown email and wrong password fail identically, in content and in time. */
  async login(input: LoginDto): Promise<AccessTokenView> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: input.email })
      .getOne();
    const valid = await this.hasher.verify(user?.passwordHash, input.password);
    if (!user || !valid) throw unauthorized('INVALID_CREDENTIALS', 'The email or password is wrong.');
    const expiresIn = this.config.jwt.expiresInSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role }, { expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw notFound('USER_NOT_FOUND', 'The account behind this token no longer exists.');
    return UserView.of(user);
  }
}
