package io.fsmon.cli;

import io.fsmon.event.EventFilter;
import io.fsmon.event.EventType;
import io.fsmon.event.Glob;
import io.fsmon.event.Sizes;
import io.fsmon.log.EventFormat;
import io.fsmon.log.JsonFileSink;
import io.fsmon.log.StreamSink;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.Monitor;
import io.fsmon.monitor.MonitorConfig;
import io.fsmon.monitor.MonitorException;
import io.fsmon.proc.ProcessTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** {@code fsmon monitor PATH...}: the live view. */
@Command(name = "monitor", sortOptions = false, usageHelpAutoWidth = true,
        description = "Watch files and directory trees live and print who changes what.",
        footer = {"", "Examples:",
                "  sudo fsmon monitor /etc -r                         who touches /etc?",
                "  sudo fsmon monitor /var/www -r -t create,delete    only creations and deletions",
                "  sudo fsmon monitor . -r --all-events -f json | jq  everything, as JSON lines",
                "  sudo fsmon monitor /srv -r -e '*.tmp' -m 100MB -o /var/log/fsmon.jsonl",
                "", "Glob patterns: * any characters but '/', ** any characters, ? one character;",
                "a pattern without '/' matches the file name anywhere (*.log).",
                "Sizes: plain bytes or 100KB, 1.5GB ... (1024-based).",
                "Ctrl-C or SIGTERM stops after draining the kernel's queue and prints a summary on stderr.",
                "", ExitCode.HELP})
final class MonitorCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to watch.")
    List<Path> paths;

    @Option(names = {"-r", "--recursive"}, description = "Watch whole trees, not only direct children.")
    boolean recursive;

    @Option(names = {"-t", "--types"}, paramLabel = "A,B", converter = TypesConverter.class,
            description = "Event types, comma-separated, case-insensitive, or 'all'. Default: CLOSE_WRITE, "
                    + "ATTRIB, CREATE, DELETE, DELETE_SELF, MOVED_FROM, MOVED_TO, MOVE_SELF.")
    Set<EventType> types;

    @Option(names = "--all-events", description = "Also ACCESS, MODIFY, OPEN, OPEN_EXEC, CLOSE_NOWRITE, FS_ERROR.")
    boolean allEvents;

    @Option(names = {"-e", "--exclude"}, paramLabel = "GLOB", converter = GlobConverter.class,
            description = "Skip paths matching GLOB (repeatable).")
    List<Glob> excludes = new ArrayList<>();

    @Option(names = {"-m", "--min-size"}, paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Only events on files at least SIZE large after the event.")
    Long minSize;

    @Option(names = "--pid", paramLabel = "PID", split = ",", description = "Only events by these pids.")
    Set<Integer> pids = new HashSet<>();

    @Option(names = "--cmd", paramLabel = "GLOB", converter = GlobConverter.class,
            description = "Only events by processes whose command matches GLOB.")
    Glob cmd;

    @Option(names = "--user", paramLabel = "USER", split = ",", description = "Only events by these users (names or uids).")
    Set<String> users = new HashSet<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "human",
            converter = FormatConverter.class, description = "human, json or csv (default: ${DEFAULT-VALUE}).")
    EventFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Also append every event as a JSON line to FILE (whatever --format is).")
    Path output;

    @Option(names = "--unlimited-queue",
            description = "Ask the kernel for an unbounded queue: no overflow, but memory grows while fsmon lags.")
    boolean unlimitedQueue;

    @Option(names = "--marks", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (filesystem mark, else per-directory), filesystem, or inode (per-directory only).")
    MonitorConfig.MarkMode markMode;

    MonitorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Set<EventType> wanted = types != null ? EnumSet.copyOf(types)
                : allEvents ? EnumSet.copyOf(EventType.ALL) : EnumSet.copyOf(EventType.DEFAULTS);
        if (types != null && allEvents) {
            wanted.addAll(EventType.ALL);
        }
        EventFilter filter = new EventFilter(wanted, excludes, minSize, pids, cmd, users);
        MonitorConfig config = new MonitorConfig(paths, recursive, wanted, filter, markMode, unlimitedQueue);
        List<EventSink> sinks = new ArrayList<>();
        JsonFileSink file = null;
        if (output != null) {
            try {
                file = JsonFileSink.open(output);
            } catch (IOException e) {
                err.println("fsmon: cannot write " + output + ": " + reason(e));
                return ExitCode.OUTPUT_UNWRITABLE;
            }
            sinks.add(file);
        }
        sinks.add(new StreamSink(format, out));
        return run(config, new TeeSink(sinks), file);
    }

    private int run(MonitorConfig config, EventSink sink, JsonFileSink file) {
        ProcessTable actors = new ProcessTable();
        // Signals are handled before the marks are announced, so a SIGTERM right after
        // "watching" still stops cleanly.
        AtomicReference<Monitor> running = new AtomicReference<>();
        AtomicBoolean terminated = new AtomicBoolean();
        Signals.onTermination(() -> {
            terminated.set(true);
            Monitor m = running.get();
            if (m != null) {
                m.stop();
            }
        });
        Monitor monitor;
        try {
            monitor = Monitor.start(config, sink, actors::actorOf, line -> err.println("fsmon: " + line));
        } catch (MonitorException e) {
            closeQuietly(file);
            err.println("fsmon: " + e.getMessage());
            return switch (e.reason()) {
                case NOT_PRIVILEGED -> ExitCode.NOT_PRIVILEGED;
                case KERNEL_UNSUPPORTED -> ExitCode.KERNEL_UNSUPPORTED;
                case PATH_NOT_FOUND -> ExitCode.PATH_NOT_FOUND;
                case CANNOT_WATCH -> ExitCode.CANNOT_WATCH;
                case RUNTIME -> ExitCode.FAILURE;
            };
        }
        running.set(monitor);
        if (terminated.get()) {
            monitor.stop();
        }
        try {
            monitor.await();
        } catch (InterruptedException e) {
            monitor.stop();
            Thread.currentThread().interrupt();
        }
        monitor.stop();
        int code = ExitCode.OK;
        try {
            sink.flush();
        } catch (IOException e) {
            code = ExitCode.FAILURE;
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                err.println("fsmon: cannot finish writing " + output + ": " + reason(e));
                code = ExitCode.FAILURE;
            }
        }
        Throwable failure = monitor.failure();
        if (failure != null) {
            err.println("fsmon: stopped: " + failure.getMessage());
            code = ExitCode.FAILURE;
        }
        err.println("fsmon: " + monitor.stats().summary());
        return code;
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : m == null ? e.toString() : m;
    }

    private static void closeQuietly(JsonFileSink file) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing was written yet
            }
        }
    }

    static final class TypesConverter implements ITypeConverter<Set<EventType>> {
        @Override
        public Set<EventType> convert(String value) {
            try {
                return EventType.parseList(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class GlobConverter implements ITypeConverter<Glob> {
        @Override
        public Glob convert(String value) {
            try {
                return Glob.compile(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Sizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatConverter implements ITypeConverter<EventFormat> {
        @Override
        public EventFormat convert(String value) {
            try {
                return EventFormat.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
