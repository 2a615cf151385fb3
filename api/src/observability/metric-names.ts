export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';
export const DB_POOL_CONNECTIONS = 'lms_db_pool_connections';
export const LOAN_OPERATIONS = 'lms_loan_operations_total';

/** Requests to these paths are neither measured nor logged: scrapes and probes would drown the signal. */
export const UNOBSERVED_PATHS = ['/metrics', '/health/live', '/health/ready'];

/** The label of requests that matched no route, so raw URLs never become label values. */
export const UNMATCHED_ROUTE = 'unmatched';
export const NOTICES_TOTAL = 'lms_notices_total';
export const NOTICE_QUEUE_DEPTH = 'lms_notice_queue_depth';
export const NOTICE_OLDEST_QUEUED_AGE = 'lms_notice_oldest_queued_age_seconds';
