/**
 * The fanotify pipeline: marks, the reader thread, the record decoder, path resolution, scope
 * and filters, and the sinks events go to.
 */
package io.fsmon.monitor;
