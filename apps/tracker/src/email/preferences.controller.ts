import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MikroORM } from '@mikro-orm/postgresql';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { ProblemDoc } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { LANGUAGES, type Language } from './email.templates.js';

export const EMAIL_MODES = ['immediate', 'daily', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export class NotificationPreferences {
  @ApiProperty({ enum: EMAIL_MODES, description: 'immediate: one e-mail per notification; daily: one digest a day; off: none (security notices still go out)' })
  @IsIn(EMAIL_MODES) email!: EmailMode;

  @ApiProperty({ enum: LANGUAGES, description: 'the language of the e-mails (French unless English is chosen)' })
  @IsIn(LANGUAGES) language!: Language;
}

const DEFAULTS: NotificationPreferences = { email: 'immediate', language: 'fr' };

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/me/notification-preferences')
export class PreferencesController {
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly orm: MikroORM) {}

  @Get()
  @ApiOperation({ summary: "The caller's e-mail preferences: when notifications are e-mailed and in which language" })
  @ApiOkResponse({ type: NotificationPreferences })
  async get(@CurrentUser() user: Principal): Promise<NotificationPreferences> {
    const [row] = await this.orm.em.fork().execute<NotificationPreferences[]>(
      `select email, language from ${this.s}.notification_preferences where account_id = ?`, [user.userId]);
    return row ? { email: row.email, language: row.language } : DEFAULTS;
  }

  @Put()
  @ApiOperation({ summary: "Sets the caller's e-mail preferences (immediate, daily digest or off; fr or en)" })
  @ApiOkResponse({ type: NotificationPreferences })
  @ApiBadRequestResponse({ type: ProblemDoc })
  async put(@Body() dto: NotificationPreferences, @CurrentUser() user: Principal): Promise<NotificationPreferences> {
    await this.orm.em.fork().execute(
      `insert into ${this.s}.notification_preferences (account_id, email, language, updated_at) values (?, ?, ?, now())
       on conflict (account_id) do update set email = excluded.email, language = excluded.language, updated_at = now()`,
      [user.userId, dto.email, dto.language]);
    return { email: dto.email, language: dto.language };
  }
}
