import { ITEM_TYPES, type ItemType } from '../../circulation-rules/circulation-terms.js';
import { EnumField } from '../../common/fields/enum-field.js';
import { RequireAnyOf } from '../../common/fields/object-rules.js';
import { SETTABLE_COPY_STATUSES } from '../copy.view.js';

export type SettableCopyStatus = (typeof SETTABLE_COPY_STATUSES)[number];

/** What a librarian changes on a copy: its status, its item type, or both (at least one). */
export interface CopyChanges {
  readonly status?: SettableCopyStatus;
  readonly itemType?: ItemType;
}

@RequireAnyOf('status', 'itemType')
export class UpdateCopyDto implements CopyChanges {
  @EnumField({
    required: false,
    values: SETTABLE_COPY_STATUSES,
    description: '`on_loan` and `on_hold_shelf` change only through checkout, return and holds',
  })
  status?: SettableCopyStatus;

  @EnumField({ required: false, values: ITEM_TYPES, description: 'Loans already out keep their terms' })
  itemType?: ItemType;
}
