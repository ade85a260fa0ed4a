/**
 * The fanotify pipeline: marks, the reader thread, the record decoder, path resolution, scope
 * and filters, and the sinks events go to. From a read's bytes to its events
 * ({@link io.fsmon.monitor.RecordPipeline}) the kernel is reached only through edges: file
 * handles ({@link io.fsmon.monitor.HandleOpener}), {@code statx} ({@link io.fsmon.monitor.SizeLookup}),
 * the marks ({@link io.fsmon.monitor.Marking}) and the process table
 * ({@link io.fsmon.monitor.Attribution}), so that part is tested without root on hand-built records.
 */
package io.fsmon.monitor;
