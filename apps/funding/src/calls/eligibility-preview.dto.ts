import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ELIGIBILITY_RULE_TYPES } from '@poleflow/domain';

export class EligibilityPreviewQuery {
  @ApiProperty({ format: 'uuid', description: 'a submitted project of a consortium the caller belongs to' }) @IsUUID() projectId!: string;
}

export class BilingualText {
  @ApiProperty() fr!: string;
  @ApiProperty() en!: string;
}

export class PreviewRuleOutcome {
  @ApiProperty({ enum: ELIGIBILITY_RULE_TYPES }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the rule as the call states it' }) rule!: unknown;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ type: BilingualText }) reason!: BilingualText;
  @ApiProperty({ description: 'the reason in the language of Accept-Language (French by default)' }) reasonText!: string;
}

export class PreviewPartnerCeiling {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'euro cents' }) maxAidCents!: number;
  @ApiProperty() outsideStateAid!: boolean;
}

export class PreviewCeilings {
  @ApiProperty({ type: [PreviewPartnerCeiling] }) partners!: PreviewPartnerCeiling[];
  @ApiProperty({ description: 'euro cents' }) totalMaxAidCents!: number;
  @ApiProperty() ruleVersion!: string;
}

export class EligibilityPreview {
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ description: 'every rule passed' }) eligible!: boolean;
  @ApiProperty({ enum: ['submitted_snapshot'], description: 'funding\'s latest snapshot of the project as submitted, with the labels it holds' }) basedOn!: 'submitted_snapshot';
  @ApiProperty({ description: 'the submission round of that snapshot' }) round!: number;
  @ApiProperty({ description: 'the project holds a valid label (the call\'s label bonus applies)' }) labelled!: boolean;
  @ApiProperty({ type: [PreviewRuleOutcome] }) rules!: PreviewRuleOutcome[];
  @ApiProperty({ type: PreviewCeilings, description: 'per-partner GBER ceilings under the call\'s rates, as an application would be assessed today' }) ceilings!: PreviewCeilings;
  @ApiProperty({ format: 'date-time' }) assessedAt!: string;
}
