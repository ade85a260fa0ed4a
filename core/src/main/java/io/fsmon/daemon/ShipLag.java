package io.fsmon.daemon;

import java.time.Instant;

/**
 * How far behind the shipper is: the bytes and whole lines after the checkpoint, and the time of
 * the first of them ({@link ShipBacklog} measures it).
 *
 * @param events lines not yet acknowledged (compressed files count by their lines too)
 * @param bytes  bytes of them
 * @param oldest the time of the first unsent event, or null when all is sent
 */
record ShipLag(long events, long bytes, Instant oldest) {
}
