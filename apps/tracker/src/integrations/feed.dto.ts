import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class FeedQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor: nextCursor (or resumeCursor) of the previous page; absent: from the first event' })
  @IsOptional() @IsString() @MaxLength(200) after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class FeedItem {
  @ApiProperty({ format: 'uuid', description: 'The event id (Poleflow-Event-Id of webhooks): deduplicate on it' }) id!: string;
  @ApiProperty({ example: 'label.granted' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's payload (libs/contracts schema of its type)" }) payload!: Record<string, unknown>;
}

export class FeedPage {
  @ApiProperty({ type: [FeedItem], description: 'In feed order: the order the tracker applied the events' }) items!: FeedItem[];
  @ApiProperty({ nullable: true, type: String, description: 'The next page; null once caught up' }) nextCursor!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where to continue later, also once caught up (after the last item seen); null on an empty feed' })
  resumeCursor!: string | null;
}
