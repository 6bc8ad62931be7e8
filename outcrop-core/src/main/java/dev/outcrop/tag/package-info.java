/** Resource tags: the rules of Bedrock's tagging API and their storage interface. */
package dev.outcrop.tag;
