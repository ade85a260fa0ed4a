package io.fsmon.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fsmon.log.HistoryLayout;
import io.fsmon.log.HistoryWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The shipper's logic against a transport that records what it is given (the broker side is
 * tested for real in the cli's FleetEndToEndTest): ids, the checkpoint only after an ack, resume,
 * retention of unsent files and the GAP when the size limit deletes them anyway.
 */
class ShipperTest {
    @TempDir
    Path base;

    /**
     * Takes records as Kafka's producer does: appended in order, acknowledged per batch; a refusal
     * fails the batch being awaited and drops what was appended after it, undelivered.
     */
    static final class Recording implements ShipTransport {
        /** The lines acknowledged, in order. */
        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile String refuse;
        /** The largest record the transport takes, as Kafka's max.request.size (1 MiB by default). */
        volatile int recordLimit = Integer.MAX_VALUE;
        /** Refuse the next this many acknowledgements (the batch after the refused one is dropped). */
        final java.util.concurrent.atomic.AtomicInteger failAwaits = new java.util.concurrent.atomic.AtomicInteger();
        /** Batches ended and not yet awaited or dropped: the shipper keeps at most one out while filling the next. */
        final java.util.concurrent.atomic.AtomicInteger maxOutstanding = new java.util.concurrent.atomic.AtomicInteger();
        /** Batches ended. */
        final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        /** How long a broker takes to acknowledge a batch (linger and a round trip); none by default. */
        volatile Duration ackAfter = Duration.ZERO;
        private List<String> appended = new java.util.ArrayList<>();
        private final java.util.ArrayDeque<List<String>> out = new java.util.ArrayDeque<>();

        @Override
        public void append(byte[] r) throws IOException {
            String why = refuse != null ? refuse
                    : r.length > recordLimit ? "RecordTooLargeException: the message is " + r.length + " bytes" : null;
            if (why != null) { // as the producer closed at a failure: nothing appended or out is delivered
                appended = new java.util.ArrayList<>();
                synchronized (out) {
                    out.clear();
                }
                throw new IOException(why);
            }
            // a block of lines; a shipped line holds no raw newline
            appended.addAll(List.of(new String(r, StandardCharsets.UTF_8).split("\n")));
        }

        @Override
        public Acks batch() {
            List<String> batch = appended;
            appended = new java.util.ArrayList<>();
            batches.incrementAndGet();
            synchronized (out) {
                out.add(batch);
                maxOutstanding.accumulateAndGet(out.size(), Math::max);
            }
            Instant ended = Instant.now();
            return () -> {
                Duration left = ackAfter.minus(Duration.between(ended, Instant.now()));
                if (left.isPositive()) {
                    try {
                        Thread.sleep(left); // the broker's answer on its way
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                }
                synchronized (out) {
                    if (out.peekFirst() != batch) {
                        throw new AssertionError("acknowledgements awaited out of order, or after a failure");
                    }
                    if (refuse != null || failAwaits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        out.clear(); // what was appended after it is never delivered
                        throw new IOException(refuse != null ? refuse : "NotLeaderOrFollowerException: refused once");
                    }
                    out.removeFirst();
                    sent.addAll(batch);
                }
            };
        }

        @Override
        public String describe() {
            return "test";
        }

        @Override
        public void close() {
        }
    }

    private static String line(String time, String path) {
        return "{\"time\":\"" + time + "\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"" + path + "\",\"pid\":7}\n";
    }

    private Path history() throws IOException {
        return Files.createDirectories(base.resolve("history"));
    }

    private Shipper shipper(Recording t) throws IOException {
        return new Shipper(new ShipSettings("b:1", "t", "h", Map.of()), new HistoryLayout(base.resolve("history")),
                base.resolve("state/ship.checkpoint"), t, s -> { });
    }

    /** The epoch the shipper made for the history. */
    private String epoch() throws IOException {
        return Files.readString(base.resolve("history/.ship-epoch")).strip();
    }

    private static String readOrNull(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(10); // the shipper polls the files: no other signal
        }
    }

    @Test
    void shipsEachLineWithHostAndIdAndMovesTheCheckpointOnlyAfterTheAck() throws Exception {
        Path f = history().resolve("events-2026-12-01-000.jsonl");
        String a = line("2026-12-01T10:00:00Z", "/a");
        String b = line("2026-12-01T10:00:01Z", "/b");
        Files.writeString(f, a + b + "{\"time\":\"2026-12-01T10:00:02Z\",\"ev"); // a torn tail: not yet whole
        Recording t = new Recording();
        t.refuse = "unreachable: nobody home";
        try (Shipper s = shipper(t)) {
            s.start();
            await(() -> "unreachable".equals(s.status().state()));
            StatusReport.ShipStatus down = s.status();
            assertThat(down.error()).isEqualTo("unreachable: nobody home");
            assertThat(down.lagEvents()).isEqualTo(2);
            assertThat(down.oldestUnsent()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
            assertThat(base.resolve("state/ship.checkpoint")).doesNotExist();
            t.refuse = null;
            await(() -> t.sent.size() == 2);
            assertThat(t.sent.get(0)).isEqualTo(a.strip().replaceFirst("}$", "")
                    + ",\"host\":\"h\",\"id\":\"h:" + epoch() + ":events-2026-12-01-000:0\"}");
            assertThat(t.sent.get(1)).endsWith(",\"id\":\"h:" + epoch() + ":events-2026-12-01-000:" + a.length() + "\"}");
            await(() -> "connected".equals(s.status().state()));
            String stored = "events-2026-12-01-000 " + (a.length() + b.length()) + " " + epoch() + "\n";
            Path checkpoint = base.resolve("state/ship.checkpoint");
            await(() -> stored.equals(readOrNull(checkpoint))); // stored on its own thread after the ack
        }
        // a restart resumes at the checkpoint; the torn line, ended by the writer's reopening (a
        // newline, as after a crash), is no event and is skipped
        Files.writeString(f, "\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(history().resolve("events-2026-12-01-001.jsonl"), line("2026-12-01T10:00:03Z", "/c"));
        Recording again = new Recording();
        try (Shipper s = shipper(again)) {
            s.start();
            await(() -> again.sent.size() == 1);
            assertThat(again.sent.getFirst()).contains("\"path\":\"/c\"").contains("h:" + epoch() + ":events-2026-12-01-001:0");
            await(() -> s.status().lagEvents() == 0); // the checkpoint moves right after the ack
            assertThat(s.status().skippedTornLines()).isEqualTo(1);
        }
    }

    @Test
    void theHistoryFolderNamesTheFirstUnsentFileForCleanByHand() throws Exception {
        Files.writeString(history().resolve("events-2026-12-01-000.jsonl"), line("2026-12-01T10:00:00Z", "/a"));
        Files.writeString(history().resolve("events-2026-12-01-001.jsonl"), line("2026-12-01T10:00:01Z", "/b"));
        Path mark = base.resolve("history").resolve(io.fsmon.log.HistoryLayout.UNSENT_MARK);
        Recording t = new Recording();
        t.refuse = "unreachable: nobody home";
        try (Shipper s = shipper(t)) {
            s.start();
            await(() -> "unreachable".equals(s.status().state()));
            assertThat(new HistoryLayout(history()).unsent()).as("nothing sent: every file kept")
                    .accepts(new HistoryLayout(history()).files().toArray(HistoryLayout.HistoryFile[]::new));
            t.refuse = null;
            await(() -> t.sent.size() == 2);
            await(() -> {
                try {
                    return Files.readString(mark).equals("events-2026-12-01-001\n");
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(new HistoryLayout(history()).unsent()).as("the sent file may go")
                    .rejects(new HistoryLayout(history()).files().getFirst());
        }
    }

    @Test
    void retentionKeepsUnsentFilesForTheirAgeAndShipsAGapWhenTheSizeLimitTakesThem() throws Exception {
        Files.writeString(history().resolve("events-2020-01-01-000.jsonl"),
                line("2020-01-01T10:00:00Z", "/old1") + line("2020-01-01T10:00:05Z", "/old2"));
        Files.writeString(history().resolve("events-2020-01-02-000.jsonl"), line("2020-01-02T10:00:00Z", "/new"));
        Recording t = new Recording();
        t.refuse = "down";
        try (Shipper s = shipper(t);
             HistoryWriter w = new HistoryWriter(new HistoryLayout(history()), 1 << 20, 1 << 20, x -> { })) {
            assertThat(w.applyRetention(1, 0, Instant.now(), s.firstUnsent(), s::losing)).as("unsent: kept").isEmpty();
            assertThat(w.applyRetention(1, 100, Instant.now(), s.firstUnsent(), s::losing))
                    .containsExactly(history().resolve("events-2020-01-01-000.jsonl"));
            assertThat(s.status().lostToRetention()).isEqualTo(2L);
            t.refuse = null;
            s.start();
            await(() -> t.sent.size() == 2);
            assertThat(t.sent.get(0)).contains("\"event_type\":\"GAP\"").contains("\"since\":\"2020-01-01T10:00:00.000000000Z\"")
                    .contains("\"until\":\"2020-01-01T10:00:05.000000000Z\"").contains("\"dropped\":2")
                    .contains("\"id\":\"h:" + epoch() + ":events-2020-01-02-000:0:gap\"");
            assertThat(t.sent.get(1)).contains("/new").contains("\"id\":\"h:" + epoch() + ":events-2020-01-02-000:0\"");
        }
    }

    @Test
    void aRefusedBatchIsResentFromTheCheckpointWithTheOneAfterItAndEveryLineArrivesOnceInOrder() throws Exception {
        // the next batch is read and appended while the broker answers the one before: when that
        // answer is a refusal, both go again from the checkpoint, the GAP they carried included
        Files.writeString(history().resolve("events-2020-01-01-000.jsonl"), line("2020-01-01T10:00:00Z", "/lost"));
        StringBuilder text = new StringBuilder();
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 40_000; i++) { // ~3 MiB: batches of a MiB, several out one after another
            paths.add("/f" + i);
            text.append(line("2020-01-02T10:00:00Z", "/f" + i));
        }
        Path second = history().resolve("events-2020-01-02-000.jsonl");
        Files.writeString(second, text);
        Recording t = new Recording();
        t.refuse = "down";
        try (Shipper s = shipper(t);
             HistoryWriter w = new HistoryWriter(new HistoryLayout(history()), 1 << 20, 1 << 20, x -> { })) {
            assertThat(w.applyRetention(0, Files.size(second) + 10, Instant.now(), s.firstUnsent(), s::losing))
                    .containsExactly(history().resolve("events-2020-01-01-000.jsonl"));
            t.failAwaits.set(2); // the first batch's answer, then the resent one's
            t.refuse = null;
            s.start();
            await(() -> s.status().lagEvents() == 0 && t.sent.size() >= 40_001);
            assertThat(t.sent.getFirst()).contains("\"event_type\":\"GAP\"").contains("\"dropped\":1");
            assertThat(t.sent.stream().skip(1).map(l -> l.replaceFirst(".*\"path\":\"([^\"]+)\".*", "$1")))
                    .as("every line once, in order").containsExactlyElementsOf(paths);
            assertThat(t.maxOutstanding.get()).as("one batch out while the next fills, never more").isEqualTo(2);
            assertThat(s.status().shipped()).isEqualTo(40_001);
            assertThat(s.status().lostToRetention()).as("the GAP was acknowledged").isNull();
        }
    }

    @Test
    void aGzippedFileShipsInSeveralBatchesAndEachLineKeepsItsOffset() throws Exception {
        // fsmon clean --compress gzips finished files; the shipper reads them through one stream
        // kept open across its batches, a MiB a batch
        StringBuilder text = new StringBuilder();
        List<String> paths = new java.util.ArrayList<>();
        List<Long> offsets = new java.util.ArrayList<>();
        while (text.length() < 6 << 20) {
            offsets.add((long) text.length());
            paths.add("/g" + paths.size());
            text.append(line("2020-01-01T10:00:00Z", paths.getLast()));
        }
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(history().resolve("events-2020-01-01-000.jsonl.gz")))) {
            gz.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(history().resolve("events-2020-01-02-000.jsonl"), line("2020-01-02T10:00:00Z", "/plain"));
        Recording t = new Recording();
        try (Shipper s = shipper(t)) {
            s.start();
            await(() -> s.status().lagEvents() == 0 && t.sent.size() == paths.size() + 1);
            for (int i = 0; i < paths.size(); i += 997) {
                assertThat(t.sent.get(i)).contains("\"path\":\"" + paths.get(i) + "\"")
                        .endsWith(",\"id\":\"h:" + epoch() + ":events-2020-01-01-000:" + offsets.get(i) + "\"}");
            }
            assertThat(t.sent.stream().map(l -> l.replaceFirst(".*\"path\":\"([^\"]+)\".*", "$1")).toList())
                    .as("every line once, in order").isEqualTo(java.util.stream.Stream.concat(paths.stream(),
                            java.util.stream.Stream.of("/plain")).toList());
            assertThat(t.batches.get()).as("6 MiB a MiB at a time, then the plain file").isEqualTo(8);
        }
    }

    @Test
    void aSteadyTrickleOfLinesGoesOutAtMostOneBatchPerIdlePause() throws Exception {
        // a broker that answers in 20 ms and a line every 2 ms: shipping at once after each answer
        // made a request per 20 ms of lines, whose client-side cost was four times the daemon's own
        Path f = history().resolve("events-2026-12-01-000.jsonl");
        Files.writeString(f, "");
        Recording t = new Recording();
        t.ackAfter = Duration.ofMillis(20);
        int lines = 500;
        try (Shipper s = shipper(t)) {
            s.start();
            long start = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                Files.writeString(f, line("2026-12-01T10:00:00Z", "/" + i), java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(2); // the workload's pace, not a wait for the shipper
            }
            await(() -> t.sent.size() == lines);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(t.batches.get()).as("batches for %d lines over %s", lines, took)
                    .isBetween(2, (int) took.dividedBy(Shipper.IDLE) + 3);
            for (int i = 0; i < lines; i++) {
                assertThat(t.sent.get(i)).contains("\"path\":\"/" + i + "\"");
            }
        }
    }

    @Test
    void shipsALineLongerThanOneReadAndWhatFollowsIt() throws Exception {
        // a command line can be megabytes long (ARG_MAX): a line longer than one read must neither
        // stall the shipper nor, in a finished file, make it skip to the next file
        String big = "{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/big\",\"pid\":7,"
                + "\"cmd\":\"" + "x".repeat(3 << 20) + "\"}\n";
        Files.writeString(history().resolve("events-2026-12-01-000.jsonl"), big + line("2026-12-01T10:00:01Z", "/after"));
        Files.writeString(history().resolve("events-2026-12-01-001.jsonl"), line("2026-12-01T10:00:02Z", "/next"));
        Recording t = new Recording();
        try (Shipper s = shipper(t)) {
            s.start();
            await(() -> t.sent.size() == 3);
            assertThat(t.sent.get(0)).contains("\"path\":\"/big\"") // read whole: its whole length is known
                    .contains(io.fsmon.log.JsonLines.cutMark(3 << 20));
            assertThat(t.sent.get(1)).contains("/after");
            assertThat(t.sent.get(2)).contains("/next");
        }
    }

    @Test
    void aWipedHistoryShipsFromItsStartUnderANewEpoch() throws Exception {
        // rm -rf of the history (not of the state dir, which keeps the checkpoint) and a new history
        // started on the same day: same file names, same offsets; before, its first lines were
        // skipped (the checkpoint's offset) and the rest shipped under ids the collector already held
        Path f = history().resolve("events-2026-12-01-000.jsonl");
        Files.writeString(f, line("2026-12-01T10:00:00Z", "/old1") + line("2026-12-01T10:00:01Z", "/old2"));
        Recording t = new Recording();
        try (Shipper s = shipper(t)) {
            s.start();
            await(() -> t.sent.size() == 2 && s.status().lagEvents() == 0);
        }
        try (var all = Files.walk(history())) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(history().resolve("events-2026-12-01-000.jsonl"), line("2026-12-01T11:00:00Z", "/new1")
                + line("2026-12-01T11:00:01Z", "/new2") + line("2026-12-01T11:00:02Z", "/new3"));
        Recording again = new Recording();
        try (Shipper s = shipper(again)) {
            s.start();
            await(() -> again.sent.size() == 3);
            assertThat(again.sent.getFirst()).contains("/new1");
            String oldId = t.sent.getFirst().replaceFirst(".*\"id\":\"([^\"]+)\"}$", "$1");
            String newId = again.sent.getFirst().replaceFirst(".*\"id\":\"([^\"]+)\"}$", "$1");
            assertThat(newId).as("the same file and offset, another history").isNotEqualTo(oldId)
                    .endsWith(":events-2026-12-01-000:0").startsWith("h:");
        }
    }

    @Test
    void aLineOverTheRecordLimitShipsWithItsCommandLineCutVisiblyAndCounted() throws Exception {
        // a command line of megabytes: refused by Kafka (1 MiB), it was retried forever, and
        // nothing after it was shipped
        String cmd = "make " + "é".repeat(1 << 20); // 2 MiB of UTF-8
        String big = "{\"time\":\"2026-12-01T10:00:00Z\",\"event_type\":\"CLOSE_WRITE\",\"path\":\"/big\",\"pid\":7,"
                + "\"cmd\":\"" + cmd + "\",\"uid\":0}\n";
        Files.writeString(history().resolve("events-2026-12-01-000.jsonl"), big + line("2026-12-01T10:00:01Z", "/after"));
        Recording t = new Recording();
        t.recordLimit = 1 << 20;
        try (Shipper s = shipper(t)) {
            s.start();
            await(() -> t.sent.size() == 2);
            io.fsmon.event.FileEvent e = new io.fsmon.log.JsonLines().parse(t.sent.getFirst());
            assertThat(e.path()).isEqualTo("/big");
            assertThat(e.actor().uid()).isZero();
            assertThat(e.actor().cmd()).startsWith("make éé")
                    .endsWith(io.fsmon.log.JsonLines.cutMark(cmd.getBytes(StandardCharsets.UTF_8).length));
            assertThat(t.sent.getFirst().getBytes(StandardCharsets.UTF_8).length).isLessThan(1 << 20);
            assertThat(t.sent.get(1)).contains("/after");
            await(() -> s.status().cutCommands() == 1); // counted once acknowledged, after send returns
            assertThat(s.status().cutCommands()).isEqualTo(1);
        }
        assertThat(Files.readString(history().resolve("events-2026-12-01-000.jsonl"))).as("the history keeps it whole")
                .startsWith(big);
    }
}
