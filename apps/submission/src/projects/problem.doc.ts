import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDoc {
  @ApiProperty() path!: string;
  @ApiProperty() message!: string;
}

/** OpenAPI shape of the application/problem+json answers (libs/http `Problem`). */
export class ProblemDoc {
  @ApiProperty() type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({ description: 'Stable error code, e.g. PROJECT_NOT_FOUND' }) code!: string;
  @ApiPropertyOptional() instance?: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional({ type: FieldErrorDoc, isArray: true }) errors?: FieldErrorDoc[];
}
