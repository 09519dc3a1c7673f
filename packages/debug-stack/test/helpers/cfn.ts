/**
 * A piece of a synthesized CloudFormation template: JSON whose shape the
 * assertions themselves check.
 */
// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped.
export type CfnJson = any;
