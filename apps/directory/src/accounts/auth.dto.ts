import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
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

export class LoginDto {
  @ApiProperty({ example: 'alice@aerolab.test' })
  @Transform(normaliseEmail) @IsEmail() @MaxLength(254) email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString() @MinLength(1) @MaxLength(256) password!: string;
}

export class TokenView {
  @ApiProperty({ description: 'ES256 JWT to send as `Authorization: Bearer …` to every service' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'lifetime in seconds' }) expiresIn!: number;
}

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MeView {
  @ApiProperty({ type: AccountView }) account!: AccountView;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'roles a token issued now would carry' }) roles!: Role[];
  @ApiProperty({ type: AffiliationView, isArray: true }) affiliations!: AffiliationView[];
}
