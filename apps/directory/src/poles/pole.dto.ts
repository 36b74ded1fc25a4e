import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@poleflow/http';

export class PoleQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'Bretagne', description: 'poles active in this region (accent- and case-insensitive)' })
  @IsOptional() @IsString() @MaxLength(100) region?: string;

  @ApiPropertyOptional({ example: 'health-biotech', description: 'poles with this normalised theme' })
  @IsOptional() @IsString() @MaxLength(100) theme?: string;

  @ApiPropertyOptional({
    example: 'aéronautique Occitanie',
    description: 'words (every one required) searched in French, accent-insensitive, with stemming and word starts, over name and aliases first, then French keywords and theme labels, English keywords, headquarters; region names in it filter by region',
  })
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}

export class ThemeLabel {
  @ApiProperty({ example: 'aeronautics-space' }) slug!: string;
  @ApiProperty({ example: 'Aéronautique et spatial' }) fr!: string;
}

export class PoleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'aerospace-valley' }) slug!: string;
  @ApiProperty({ example: 'AV', description: 'short code used in label numbers' }) code!: string;
  @ApiProperty({ example: 'Aerospace Valley' }) name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'aliases and former names' }) aka!: string | null;
  @ApiProperty({ type: String, isArray: true }) regions!: string[];
  @ApiProperty({ type: String, isArray: true, example: ['aeronautics-space'] }) themes!: string[];
  @ApiProperty({ type: ThemeLabel, isArray: true, description: 'its themes with their French labels' }) themeLabels!: ThemeLabel[];
  @ApiProperty({ nullable: true, type: String, description: 'keywords in English' }) themeDetail!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'aéronautique, espace, systèmes embarqués', description: 'keywords in French' }) themeDetailFr!: string | null;
  @ApiProperty({ nullable: true, type: String }) hq!: string | null;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiProperty({ nullable: true, type: Number }) members!: number | null;
  @ApiProperty({ nullable: true, type: Number }) membersYear!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'phase V (2023–2026) label as reported' }) phaseVLabel!: string | null;
  @ApiProperty({ type: String, isArray: true, description: 'where the data comes from' }) sources!: string[];
}

export class PolePage {
  @ApiProperty({ type: PoleView, isArray: true }) items!: PoleView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
