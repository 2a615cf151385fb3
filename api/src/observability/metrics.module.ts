import { Global, Module } from '@nestjs/common';
import { makeCounterProvider, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HTTP_REQUEST_DURATION, LOAN_OPERATIONS } from './metric-names.js';
import { DatabasePoolMetrics } from './database-pool.metrics.js';
import { MetricsController } from './metrics.controller.js';

const httpRequestDuration = makeHistogramProvider({
  name: HTTP_REQUEST_DURATION,
  help: 'Duration of HTTP requests in seconds, by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

const loanOperations = makeCounterProvider({
  name: LOAN_OPERATIONS,
  help: 'Loan operations by operation (checkout, return, renew, pay_fine) and outcome (success, rejected, error)',
  labelNames: ['operation', 'outcome'],
});

/** `/metrics` (outside the API prefix, no auth): default process metrics plus the API's own. */
@Global()
@Module({
  imports: [
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } }),
  ],
  providers: [httpRequestDuration, loanOperations, DatabasePoolMetrics],
  exports: [httpRequestDuration, loanOperations],
})
export class MetricsModule {}
