import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ShutdownState } from './shutdown-state.js';
import { ProblemError } from '../common/problem.js';
import { Public } from '../auth/auth.decorators.js';

const DATABASE_PING_TIMEOUT_MS = 1000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers. Never touches the database.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers within 1 s and the process is not shutting down.' })
  async ready() {
    if (this.shutdown.isShuttingDown) {
      throw new ProblemError(503, 'SHUTTING_DOWN', 'The process is shutting down and takes no new traffic.');
    }
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }),
      ]);
    } catch {
      throw new ProblemError(503, 'DATABASE_UNAVAILABLE', 'The database did not answer within 1 second.');
    }
  }
}
