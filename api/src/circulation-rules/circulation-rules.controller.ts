import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { API_PREFIX } from '../common/api-prefix.js';
import { CirculationRulesService } from './circulation-rules.service.js';
import { ReplaceRulesDto } from './dto/replace-rules.dto.js';
import { ResolveRuleQuery } from './dto/resolve-rule.query.js';
import { RuleResolutionView, RulesTableView } from './rules-table.view.js';

@ApiTags('circulation rules')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/circulation-rules`)
export class CirculationRulesController {
  constructor(private readonly rules: CirculationRulesService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'The circulation rules table (admin)',
    description: 'Every row: patron category × item type (or `*`) → loan terms and hold limits.',
  })
  @ApiOkResponse({ type: RulesTableView })
  table(): Promise<RulesTableView> {
    return this.rules.table();
  }

  @Put()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Replace the whole rules table (admin)',
    description:
      'Every row is validated (400 VALIDATION_FAILED), then the table as a whole: one "*" row per category ' +
      'and no category/item type twice (409 RULES_INVALID with errors[]). Nothing is stored unless all is ' +
      'valid. Loans keep the terms of the rule in force when they were made.',
  })
  @ApiOkResponse({ type: RulesTableView })
  replace(@Body() body: ReplaceRulesDto): Promise<RulesTableView> {
    return this.rules.replace(body);
  }

  @Get('resolve')
  @RequireRole('librarian')
  @ApiOperation({
    summary: 'Which rule applies to a patron category and item type, and why (librarian)',
    description: "The item type's own row when there is one, else the category's `*` row.",
  })
  @ApiOkResponse({ type: RuleResolutionView })
  resolve(@Query() query: ResolveRuleQuery): Promise<RuleResolutionView> {
    return this.rules.resolve(query);
  }
}
