import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { RECOMMENDATIONS, SCORE_MAX, SCORE_MIN, type Recommendation } from '@poleflow/domain';

export class CriterionScoreDto {
  @ApiProperty({ minimum: SCORE_MIN, maximum: SCORE_MAX }) @IsInt() @Min(SCORE_MIN) @Max(SCORE_MAX) score!: number;
  @ApiProperty({ maxLength: 4000, description: 'required for each criterion before the review is submitted' })
  @IsString() @MaxLength(4000) comment!: string;
}

const criterion = (description: string): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ type: CriterionScoreDto, description })(target, key);
  IsOptional()(target, key);
  IsObject()(target, key);
  ValidateNested()(target, key);
  Type(() => CriterionScoreDto)(target, key);
};

/** The pole rubric (DOMAIN.md §2.3); weights are per pole. A draft may leave criteria out. */
export class RubricDto {
  @criterion('fit with the pole\'s strategy and roadmap') strategy_fit?: CriterionScoreDto;
  @criterion('innovation, contribution to the state of the art') innovation?: CriterionScoreDto;
  @criterion('market potential and route to market') market_potential?: CriterionScoreDto;
  @criterion('consortium quality: real collaboration, each partner\'s share') consortium_quality?: CriterionScoreDto;
  @criterion('territorial impact: jobs, sites, R&D on the pole\'s territory') territorial_impact?: CriterionScoreDto;
  @criterion('budget realism and financial viability') budget_realism?: CriterionScoreDto;
}

export class ReviewDraftDto {
  @ApiProperty({ type: RubricDto }) @IsObject() @ValidateNested() @Type(() => RubricDto) scores!: RubricDto;
  @ApiPropertyOptional({ enum: RECOMMENDATIONS }) @IsOptional() @IsIn(RECOMMENDATIONS) recommendation?: Recommendation;
  @ApiPropertyOptional({ maxLength: 8000 }) @IsOptional() @IsString() @MaxLength(8000) summary?: string;
}

export class DeclareConflictDto {
  @ApiProperty({ maxLength: 2000, example: 'I advised the coordinator on this project last year' })
  @IsString() @Length(1, 2000) reason!: string;
}
