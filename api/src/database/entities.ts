// Every TypeORM entity of the API, in one list for the DataSource.
export const ENTITIES: Function[] = [];
