/**
 * The {@link io.fsmon.timing.DurationHistogram} in which every layer keeps the durations it
 * times (fsync, attribution holds) for status and metrics. Imports nothing but the JDK.
 */
package io.fsmon.timing;
