import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PoleBrief } from '../cases/case.view.js';

export class LabelProject {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
}

/** A label as anyone may verify it (public). */
export class LabelCertificate {
  @ApiProperty({ example: 'AV-2026-0042' }) number!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) status!: 'active' | 'revoked' | 'expired';
  @ApiProperty({ type: LabelProject }) project!: LabelProject;
  @ApiProperty({ type: PoleBrief }) pole!: PoleBrief;
  @ApiProperty({ description: 'granted by the lead labelling pole' }) lead!: boolean;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiProperty({ nullable: true, type: String }) callRef!: string | null;
  @ApiProperty({ type: [String] }) conditions!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revocationMotivation!: string | null;
}

export class RevokeLabelDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) motivation!: string;
}

export class CertificatePartner {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['coordinator', 'partner'] }) role!: 'coordinator' | 'partner';
  @ApiProperty({ example: 'company' }) kind!: string;
  @ApiProperty({ example: 'Occitanie' }) region!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['TPE', 'PME', 'ETI', 'GE'] }) categoryFr!: string | null;
}

/** The label certificate as its holders print it: the public record plus the consortium, and how to verify it. */
export class LabelCertificateDetail extends LabelCertificate {
  @ApiProperty({ type: [CertificatePartner], description: 'the consortium of the labelled round, coordinator first' }) consortium!: CertificatePartner[];
  @ApiProperty({ example: '/labels/AV-2026-0042', description: 'the public page where anyone checks the label by its number' }) verifyPath!: string;
}

export class CertificateQuery {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'pdf: the printable certificate as application/pdf' })
  @IsOptional() @IsIn(['json', 'pdf']) format?: 'json' | 'pdf';
}
