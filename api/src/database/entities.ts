// Every TypeORM entity of the API, in one list for the DataSource.
import type { EntitySchema, MixedList } from 'typeorm';

export const ENTITIES: MixedList<string | (new () => unknown) | EntitySchema> = [];
