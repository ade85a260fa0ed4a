/**
 * The shared vocabulary of fsmon: {@link io.fsmon.event.FileEvent}, {@link io.fsmon.event.EventType},
 * {@link io.fsmon.event.Actor}, the filter language shared by every command, and the lossless
 * text form of file names, and the {@link io.fsmon.event.DurationHistogram} in which every layer
 * keeps the durations it times (fsync, attribution holds) for status and metrics. Imports nothing
 * but the JDK.
 */
package io.fsmon.event;
