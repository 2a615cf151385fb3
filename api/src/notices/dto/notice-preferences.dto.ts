import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

/** What a member receives by e-mail. Overdue and hold-ready notices cannot be turned off. */
export class NoticePreferencesDto {
  @ApiProperty({ type: 'boolean', description: 'Reminders a few days before a loan is due', example: false })
  @IsBoolean()
  dueSoon!: boolean;
}
