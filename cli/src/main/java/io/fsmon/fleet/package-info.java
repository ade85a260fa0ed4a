/**
 * The fleet: the daemon's history shipped to Apache Kafka ({@link io.fsmon.fleet.KafkaTransport},
 * plugged into the daemon's shipper) and collected into a central history, one folder per host
 * ({@link io.fsmon.fleet.Collector}, {@code fsmon collect}). The only package that uses the Kafka
 * client; its classes load only when shipping or collecting is configured.
 */
package io.fsmon.fleet;
