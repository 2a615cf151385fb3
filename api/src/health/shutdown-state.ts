import { Injectable } from '@nestjs/common';

/** Flipped once on SIGTERM, so readiness fails at once and load balancers stop routing here. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
