/**
 * The output formats of an event: JSON lines (the one owner of that format), CSV and the human
 * line; {@link io.fsmon.log.CanonicalFields} reads the writer's own lines in place, so that a query
 * tests and prints them without building events.
 */
package io.fsmon.log;
