import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ImpactReportDto {
  @ApiProperty({ minimum: 0, description: 'revenue of the year from the launched product, euro cents' })
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) revenueCents!: number;
  @ApiProperty({ minimum: 0, description: 'jobs created in the year (headcount)' })
  @IsInt() @Min(0) @Max(1_000_000) jobsCreated!: number;
  @ApiProperty({ minimum: 0, description: 'patent applications filed in the year' })
  @IsInt() @Min(0) @Max(100_000) patentsFiled!: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 10000, description: 'share of the revenue made abroad, basis points (10000 = 100 %)' })
  @IsOptional() @IsInt() @Min(0) @Max(10000) exportsShareBps?: number;
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional() @IsString() @Length(0, 4000) comment?: string;
}

export class ImpactYearView {
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'euro cents' }) revenueCents!: number;
  @ApiProperty() jobsCreated!: number;
  @ApiProperty() patentsFiled!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'basis points' }) exportsShareBps!: number | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'uuid' }) updatedBy!: string;
}

export class ImpactTotals {
  @ApiProperty({ description: 'euro cents, all years' }) revenueCents!: number;
  @ApiProperty() jobsCreated!: number;
  @ApiProperty() patentsFiled!: number;
}

export class ImpactView {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'year of the validated market launch (null before it)' }) launchYear!: number | null;
  @ApiProperty({ type: [ImpactYearView], description: 'by year, oldest first' }) years!: ImpactYearView[];
  @ApiProperty({ type: ImpactTotals }) totals!: ImpactTotals;
}
