import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@poleflow/contracts';
import { AffiliationView } from '../affiliations/affiliation.dto.js';

const normaliseEmail = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class RegisterDto {
  @ApiProperty({ example: 'alice@aerolab.test' })
  @Transform(normaliseEmail) @IsEmail() @MaxLength(254) email!: string;

  /** Length is what makes a password strong (NIST SP 800-63B §5.1.1.2); no composition rules. */
  @ApiProperty({ minLength: 12, maxLength: 256, example: 'correct horse battery staple' })
  @IsString() @MinLength(12) @MaxLength(256) password!: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Alice Martin' })
  @IsString() @MinLength(1) @MaxLength(100) displayName!: string;
}

export const REFRESH_DELIVERIES = ['cookie', 'body'] as const;
export type RefreshDelivery = (typeof REFRESH_DELIVERIES)[number];

export class LoginDto {
  @ApiProperty({ example: 'alice@aerolab.test' })
  @Transform(normaliseEmail) @IsEmail() @MaxLength(254) email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString() @MinLength(1) @MaxLength(256) password!: string;

  @ApiPropertyOptional({
    enum: REFRESH_DELIVERIES, default: 'cookie',
    description: '`cookie` (browsers): the refresh token in an HttpOnly cookie only; `body` (scripts, mobile): in the answer, never in a cookie',
  })
  @IsOptional() @IsIn(REFRESH_DELIVERIES) refreshIn?: RefreshDelivery;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'for `refreshIn: body` clients; browsers send the cookie instead' })
  @IsOptional() @IsString() @MaxLength(100) refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(256) currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 256 })
  @IsString() @MinLength(12) @MaxLength(256) newPassword!: string;

  @ApiPropertyOptional({ enum: REFRESH_DELIVERIES, default: 'cookie' })
  @IsOptional() @IsIn(REFRESH_DELIVERIES) refreshIn?: RefreshDelivery;
}

export class TokenView {
  @ApiProperty({ description: 'ES256 JWT to send as `Authorization: Bearer …` to every service; keep it in memory only' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'lifetime in seconds' }) expiresIn!: number;
  @ApiPropertyOptional({ description: 'only with `refreshIn: body`: the opaque refresh token (single use; each refresh answers the next one)' })
  refreshToken?: string;
}

export class RegistrationView {
  @ApiProperty({ enum: ['accepted'] }) status!: 'accepted';
  @ApiProperty() message!: string;
}

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: 'active' | 'disabled';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MeView {
  @ApiProperty({ type: AccountView }) account!: AccountView;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'roles a token issued now would carry' }) roles!: Role[];
  @ApiProperty({ type: AffiliationView, isArray: true }) affiliations!: AffiliationView[];
}
