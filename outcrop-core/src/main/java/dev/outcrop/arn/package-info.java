/** Amazon Resource Names as Bedrock uses them. */
package dev.outcrop.arn;
