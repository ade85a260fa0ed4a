/**
 * The output formats of an event: JSON lines (the one owner of that format), CSV and the human
 * line.
 */
package io.fsmon.log;
