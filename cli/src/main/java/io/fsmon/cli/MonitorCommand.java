package io.fsmon.cli;

import io.fsmon.api.FileWatcher;
import io.fsmon.api.FsmonException;
import io.fsmon.event.EventType;
import io.fsmon.filter.Glob;
import io.fsmon.filter.Sizes;
import io.fsmon.log.EventFormat;
import io.fsmon.log.JsonFileSink;
import io.fsmon.log.StreamSink;
import io.fsmon.monitor.EventSink;
import io.fsmon.monitor.MonitorConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code fsmon monitor PATH...}: the live view. */
final class MonitorCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    List<Path> paths = new ArrayList<>();
    boolean recursive;
    final FilterOptions filter = new FilterOptions();
    String ancestor;
    boolean chain;
    EventFormat format;
    Path output;
    boolean unlimitedQueue;
    MonitorConfig.MarkMode markMode;
    boolean daemon;
    final DaemonLocations locations = new DaemonLocations();

    /** This command's model, declared in code (see {@link Declared}): a monitor must start fast. */
    CommandSpec spec() {
        CommandSpec spec = Declared.command(this, "monitor",
                new String[] {"Watch files and directory trees live and print who changes what."},
                new String[] {"", "Examples:",
                        "  sudo fsmon monitor /etc -r                         who touches /etc?",
                        "  sudo fsmon monitor /var/www -r -t create,delete    only creations and deletions",
                        "  sudo fsmon monitor . -r --all-events -f json | jq  everything, as JSON lines",
                        "  sudo fsmon monitor /srv -r -e '*.tmp' -m 100MB -o /var/log/fsmon.jsonl",
                        "", "Glob patterns: * any characters but '/', ** any characters, ? one character;",
                        "a pattern without '/' matches the file name anywhere (*.log).",
                        "Sizes: plain bytes or 100KB, 1.5GB ... (1024-based).",
                        "'watching' on stderr means ready: an event made from then on is reported, its process named.",
                        "Ctrl-C or SIGTERM stops after draining the kernel's queue, prints a summary on stderr, exit code 0.",
                        "", ExitCode.HELP});
        spec.addPositional(Declared.positional(() -> paths, v -> paths = v).paramLabel("PATH").arity("1..*").required(true)
                .type(List.class).auxiliaryTypes(Path.class).description("Files or directories to watch. A name that is not UTF-8 may be written as fsmon prints it: \\xNN for a byte, \\\\ for a backslash.").build());
        spec.addOption(Declared.option(() -> recursive, v -> recursive = v, "-r", "--recursive").type(boolean.class)
                .description("Watch whole trees, not only direct children.").build());
        filter.declare(spec);
        spec.addOption(Declared.option(() -> ancestor, v -> ancestor = v, "--ancestor").paramLabel("NAME")
                .type(String.class)
                .description("Only events by processes named NAME and all their descendants, including ones started later.")
                .build());
        spec.addOption(Declared.option(() -> chain, v -> chain = v, "--chain").type(boolean.class)
                .description("Add each process's ancestry (pid, comm, user of every parent).").build());
        spec.addOption(Declared.option(() -> format, v -> format = v, "-f", "--format").paramLabel("FORMAT")
                .type(EventFormat.class).converters(new FormatConverter()).defaultValue("human")
                .description("human, json or csv (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(Declared.option(() -> output, v -> output = v, "-o", "--output").paramLabel("FILE").type(Path.class)
                .description("Also append every event as a JSON line to FILE (whatever --format is); a new FILE is "
                        + "created mode 0640, an existing one readable by others is narrowed to 0640.").build());
        spec.addOption(Declared.option(() -> unlimitedQueue, v -> unlimitedQueue = v, "--unlimited-queue")
                .type(boolean.class)
                .description("Ask the kernel for an unbounded queue: no overflow, but memory grows while fsmon lags.")
                .build());
        spec.addOption(Declared.option(() -> markMode, v -> markMode = v, "--marks").paramLabel("MODE")
                .type(MonitorConfig.MarkMode.class).defaultValue("auto")
                .description("auto (filesystem mark, else per-directory), filesystem, or inode (per-directory only).")
                .build());
        spec.addOption(Declared.option(() -> daemon, v -> daemon = v, "--daemon").type(boolean.class)
                .description("Hand the paths to the daemon (starting it in the background if none runs) instead of "
                        + "watching in this terminal: the events go to the daemon's history; follow them with 'fsmon tail'.")
                .build());
        locations.declare(spec);
        return spec;
    }

    MonitorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        Set<EventType> wanted = filter.types(EventType.DEFAULTS);
        paths = RawArguments.exact(paths);
        if (daemon) {
            return AddCommand.addAll(paths, recursive, wanted, filter, markMode, locations, true, out, err);
        }
        FileWatcher.Builder watcher = FileWatcher.builder().types(wanted).chain(chain)
                .marks(FileWatcher.MarkMode.valueOf(markMode.name())).unlimitedQueue(unlimitedQueue)
                .diagnostics(line -> err.println("fsmon: " + line));
        paths.forEach(p -> watcher.watch(p, recursive));
        filter.applyTo(watcher);
        if (ancestor != null) {
            watcher.ancestor(ancestor);
        }
        List<EventSink> sinks = new ArrayList<>();
        JsonFileSink file = null;
        if (output != null) {
            try {
                file = JsonFileSink.open(output, line -> err.println("fsmon: " + line));
            } catch (IOException e) {
                err.println("fsmon: cannot write " + output + ": " + reason(e));
                return ExitCode.OUTPUT_UNWRITABLE;
            }
            sinks.add(file);
        }
        sinks.add(new StreamSink(format, out));
        return run(watcher, new TeeSink(sinks), file);
    }

    private int run(FileWatcher.Builder builder, TeeSink sink, JsonFileSink file) {
        // Signals are handled before the marks are announced, so a SIGTERM right after
        // "watching" still stops cleanly.
        Signals.Termination termination = Signals.handle();
        FileWatcher watcher;
        try {
            watcher = builder.start(sink);
        } catch (FsmonException e) {
            closeQuietly(file);
            err.println("fsmon: " + e.getMessage());
            return ExitCode.of(e);
        }
        termination.stops(watcher::close);
        try {
            watcher.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watcher.close(); // drains the kernel's queue; says the attribution's summary
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
        Throwable failure = watcher.failure().orElse(null);
        if (failure != null) {
            err.println("fsmon: stopped: " + failure.getMessage());
            code = ExitCode.FAILURE;
        }
        err.println("fsmon: " + watcher.stats().summary());
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

    /**
     * A converter from a parser that rejects bad input with IllegalArgumentException: picocli then
     * reports "Invalid value for option ...: <the parser's message>". The size and format
     * converters below stay classes because annotated commands name them.
     */
    static <T> ITypeConverter<T> parsing(Function<String, T> parse) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }

    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) throws Exception {
            return parsing(Sizes::parse).convert(value);
        }
    }

    static final class FormatConverter implements ITypeConverter<EventFormat> {
        @Override
        public EventFormat convert(String value) throws Exception {
            return parsing(EventFormat::of).convert(value);
        }
    }
}
