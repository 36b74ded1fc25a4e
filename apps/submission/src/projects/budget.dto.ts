import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import type { CostType, ResearchCategory } from '@poleflow/domain';

/** Present → validated (null refused); absent → skipped. `@IsOptional` would let null through. */
export const IfPresent = () => ValidateIf((_: object, v: unknown) => v !== undefined);

const Cents = (): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ type: Number, minimum: 0, description: 'euro cents (integer)', example: 1_500_000 })(target, key);
  IfPresent()(target, key);
  IsInt()(target, key);
  Min(0)(target, key);
  Max(Number.MAX_SAFE_INTEGER)(target, key);
};

/**
 * Eligible costs of one research category by cost type (GBER art. 25(3)); a missing cost type counts as 0.
 * Unknown keys are refused by the global pipe (`forbidNonWhitelisted`).
 */
export class CostsDto {
  @Cents() personnel?: number;
  @Cents() equipment?: number;
  @Cents() subcontracting?: number;
  @Cents() overheads?: number;
  @Cents() other?: number;
}

const Category = (): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ type: CostsDto })(target, key);
  IfPresent()(target, key);
  IsObject()(target, key);
  ValidateNested()(target, key);
  Type(() => CostsDto)(target, key);
};

/** A partner budget by GBER research category (art. 2(84)-(87)); a missing category counts as 0. */
export class BudgetDto {
  @Category() fundamental?: CostsDto;
  @Category() industrial?: CostsDto;
  @Category() experimental?: CostsDto;
  @Category() feasibility?: CostsDto;
}

// Compile-time guard: the DTO keys are exactly the domain's cost types and research categories.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _costKeys: Same<keyof CostsDto, CostType> = true;
const _categoryKeys: Same<keyof BudgetDto, ResearchCategory> = true;
