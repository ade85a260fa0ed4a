/**
 * The output formats of an event: JSON lines (the one owner of that format), CSV and the human
 * line; {@link io.fsmon.log.CanonicalFields} reads the writer's own lines in place, so that a query
 * tests and prints them without building events. The history's files on disk (HistoryLayout,
 * HistoryWriter), and {@link io.fsmon.log.DurableFile}, the one way a small state file is replaced
 * atomically.
 */
package io.fsmon.log;
