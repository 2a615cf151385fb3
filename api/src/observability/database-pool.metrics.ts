import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { DB_POOL_CONNECTIONS } from './metric-names.js';

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Reads the node-postgres pool behind TypeORM at scrape time. */
@Injectable()
export class DatabasePoolMetrics implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const dataSource = this.dataSource;
    const existing = register.getSingleMetric(DB_POOL_CONNECTIONS);
    if (existing) register.removeSingleMetric(DB_POOL_CONNECTIONS);
    new Gauge({
      name: DB_POOL_CONNECTIONS,
      help: 'Connections of the database pool by state: total, idle, and waiting (clients queued for one)',
      labelNames: ['state'],
      collect() {
        const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master;
        this.set({ state: 'total' }, pool?.totalCount ?? 0);
        this.set({ state: 'idle' }, pool?.idleCount ?? 0);
        this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
      },
    });
  }
}
