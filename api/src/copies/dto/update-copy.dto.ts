import { EnumField } from '../../common/fields/enum-field.js';
import { SETTABLE_COPY_STATUSES } from '../copy.view.js';

export type SettableCopyStatus = (typeof SETTABLE_COPY_STATUSES)[number];

export class UpdateCopyDto {
  @EnumField({ values: SETTABLE_COPY_STATUSES, description: '`on_loan` changes only through checkout and return' })
  status!: SettableCopyStatus;
}
