package io.fsmon.history;

import io.fsmon.log.HistoryLayout.HistoryFile;

/**
 * A part of one history file to scan: the lines that start in {@code [start, end)}. A compressed
 * file is always one range from 0 to {@link Long#MAX_VALUE}, read sequentially.
 */
record Range(HistoryFile file, long start, long end) {
}
