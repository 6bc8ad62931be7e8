/**
 * The CloudFormation template language: reading JSON and YAML (with the short-form tags), parameters,
 * mappings, conditions, rules, the intrinsic functions, the dependency graph and the outputs. No side effects.
 */
package dev.outcrop.stacks.template;
