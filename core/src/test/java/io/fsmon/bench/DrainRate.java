package io.fsmon.bench;

import io.fsmon.event.EventType;
import io.fsmon.event.FileEvent;
import io.fsmon.log.JsonLines;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.MonitorConfig;
import io.fsmon.monitor.ProcessAttribution;
import io.fsmon.monitor.ScratchFs;
import io.fsmon.monitor.Shell;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drain rate: how fast the monitor empties a backlog. The reader is paused while a workload
 * queues events (unlimited queue, so none are lost), then resumed; the time from resume to the
 * last event, with full path resolution, attribution, sizes and JSON formatting into a null
 * stream, gives events per second. A benchmark, not a test: run it with bench/drain.sh.
 */
public final class DrainRate {
    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (ScratchFs fs = ScratchFs.mount()) {
            JsonLines json = new JsonLines();
            OutputStream nul = OutputStream.nullOutputStream();
            CountDownLatch done = new CountDownLatch(1);
            long[] count = {0};
            String sentinel = fs.root().resolve("done").toString();
            EventSink sink = new EventSink() {
                @Override
                public void accept(FileEvent e) throws IOException {
                    json.write(e, nul);
                    count[0]++;
                    if (e.type() == EventType.CREATE && sentinel.equals(e.path())) {
                        done.countDown();
                    }
                }
            };
            MonitorConfig config = new MonitorConfig(List.of(fs.root()), true, EventType.DEFAULTS, null,
                    MonitorConfig.MarkMode.AUTO, true);
            // The attribution the command line uses: process table, proc connector, exec correlation.
            ProcessAttribution actors = ProcessAttribution.start(false, null, ProcessAttribution.DEFAULT_HOLD,
                    System.err::println);
            Monitor m = Monitor.start(config, sink, actors, System.err::println);
            m.pause();
            // 100 directories; each file is created, written and closed (CREATE + CLOSE_WRITE), then renamed.
            Shell.sh(fs.root(), "python3 -c \"import os\nfor d in range(100): os.mkdir('d%d' % d)\n"
                    + "for i in range(" + files + "):\n p='d%d/f%d' % (i % 100, i)\n"
                    + " fd=os.open(p, os.O_WRONLY|os.O_CREAT, 0o644); os.write(fd, b'x'); os.close(fd)\n"
                    + " os.rename(p, p + '.r')\n\"; touch done");
            // CPU time too: on a shared machine the wall-clock rate varies by ±15 % with the neighbours' load.
            Thread reader = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("fsmon-fanotify-reader")).findFirst().orElseThrow();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long readerCpu0 = threads.getThreadCpuTime(reader.threadId());
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            m.resume();
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("drain did not finish");
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double readerCpu = (threads.getThreadCpuTime(reader.threadId()) - readerCpu0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            m.stop();
            actors.close();
            System.out.printf("drained %d events in %.3f s: %.0f events/s (%s); CPU: reader %.3f s, process %.3f s"
                    + " (%.0f events per reader CPU second); attribution: %s%n", count[0], s, count[0] / s,
                    m.stats().summary(), readerCpu, cpu, count[0] / readerCpu, actors.summary());
        }
    }
}
