/** One resource of a CloudFormation template, as CDK writes it. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  Metadata?: Record<string, unknown>;
}

/** One output of a template. */
export interface TemplateOutput {
  Value: unknown;
  Export?: { Name: unknown };
  Condition?: string;
}

/** One parameter of a template. */
export interface TemplateParameter {
  Type: string;
  Default?: unknown;
}

/** The parts of a CloudFormation template that local-cloud reads. */
export interface Template {
  Resources: Record<string, TemplateResource>;
  Parameters?: Record<string, TemplateParameter>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, TemplateOutput>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}
