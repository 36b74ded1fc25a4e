import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

export class ReviewerOrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Laboratoire ONERA Toulouse' }) name!: string;
}

/** A member of a pole's reviewer pool, with the organisations they belong to (what conflicts of interest are checked on). */
export class ReviewerView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ example: 'expert@onera.test' }) email!: string;
  @ApiProperty({ example: 'Étienne Expert' }) displayName!: string;
  @ApiProperty({ format: 'date-time', description: 'when the account was appointed reviewer of this pole' }) since!: string;
  @ApiProperty({ type: ReviewerOrganisationView, isArray: true, description: 'organisations the reviewer is a member of, by name' })
  organisations!: ReviewerOrganisationView[];
}

export class ReviewerPage {
  @ApiProperty({ type: ReviewerView, isArray: true }) items!: ReviewerView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AppointReviewerDto {
  @ApiProperty({ example: 'reviewer2@aerospace-valley.test', description: 'an existing account' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail() @MaxLength(254) email!: string;
}
