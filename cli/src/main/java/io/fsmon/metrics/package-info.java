/**
 * The daemon's Prometheus metrics ({@code fsmon daemon --metrics ADDR}, the config's
 * {@code metrics} key): the only package that imports the Prometheus client, above the daemon
 * (whose {@link io.fsmon.daemon.Readings} it reads at each scrape) and below the command line.
 * Its classes, and the client's, load only when metrics are asked for.
 */
package io.fsmon.metrics;
