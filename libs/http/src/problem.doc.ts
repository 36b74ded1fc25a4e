import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shape of a field-level validation error in a problem answer. */
export class FieldErrorDoc {
  @ApiProperty({ example: 'siren' }) path!: string;
  @ApiProperty() message!: string;
}

/** OpenAPI shape of the application/problem+json answers (RFC 9457) produced by `ProblemFilter`. */
export class ProblemDoc {
  @ApiProperty({ example: 'https://poleflow.fr/problems/invalid-siren' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({ example: 'INVALID_SIREN', description: 'stable machine-readable code' }) code!: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional({ type: FieldErrorDoc, isArray: true }) errors?: FieldErrorDoc[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'structured facts about a domain refusal, e.g. { organisationId, name, amountCents, ceilingCents } for AID_ABOVE_CEILING' }) details?: Record<string, unknown>;
}
