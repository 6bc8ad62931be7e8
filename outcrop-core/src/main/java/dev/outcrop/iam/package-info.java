/** IAM policies: parsing, and evaluation with IAM's semantics (deny wins, then allow, else deny). */
package dev.outcrop.iam;
