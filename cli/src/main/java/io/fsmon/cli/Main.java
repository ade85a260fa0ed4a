package io.fsmon.cli;

import io.fsmon.daemon.Build;
import io.fsmon.linux.Warmup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * fsmon's entry point. {@link #run} returns the exit code so tests never call {@code System.exit}.
 */
@Command(name = "fsmon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Who changed this file? Watches files and trees through fanotify and names the "
                + "process and user behind every change.",
        footer = {"", "Examples:", "  sudo fsmon monitor /etc -r",
                "  sudo fsmon monitor . -r --all-events --format json | jq",
                "  sudo fsmon daemon --detach && sudo fsmon add /etc -r && fsmon status",
                "  fsmon query --path '/etc/**' --since 7d", "", ExitCode.HELP})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try 'fsmon monitor --help')");
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("monitor") || args[0].equals("daemon"))) {
            Warmup.startForMonitor(); // links native calls on the other core while picocli parses
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(out, err, args);
        out.flush();
        System.exit(code);
    }

    /** Runs fsmon with {@code args}, writing events to {@code out} and diagnostics to {@code err}. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl;
        if (args.length > 0 && COMMANDS.containsKey(args[0])) {
            // Only the named subcommand's model: building every command's costs a start.
            cl = COMMANDS.get(args[0]).create(out, err, factory(out, err));
            cl.getCommandSpec().name("fsmon " + args[0]);
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        } else {
            cl = tree(out, err);
        }
        cl.registerConverter(java.nio.file.Path.class, Main::path);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("fsmon: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageError) {
                err.println("fsmon: " + ex.getMessage());
                return ExitCode.USAGE;
            }
            err.println("fsmon: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ExitCode.FAILURE;
        });
        return cl.execute(args);
    }

    /**
     * Every path argument and option: {@code ''} is refused, since {@code Path.of("")} is the
     * current folder and {@code monitor ''} would silently watch it.
     */
    static java.nio.file.Path path(String value) {
        if (value.isEmpty()) {
            throw new CommandLine.TypeConversionException("an empty path names nothing (use . for the current folder)");
        }
        try {
            return java.nio.file.Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a path: " + e.getReason());
        }
    }

    /**
     * fsmon with every subcommand: the model {@code fsmon --help} shows, and the one the man pages
     * and the shell completion are generated from (see {@link ManPages}).
     */
    static CommandLine tree(PrintStream out, PrintStream err) {
        CommandLine.IFactory factory = factory(out, err);
        CommandLine cl = new CommandLine(new Main(), factory);
        for (var c : COMMANDS.entrySet()) {
            cl.addSubcommand(c.getKey(), c.getValue().create(out, err, factory));
        }
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        return cl;
    }

    private static CommandLine.IFactory factory(PrintStream out, PrintStream err) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                // Commands print through the streams run() was given, so tests see what users see.
                try {
                    var ctor = cls.getDeclaredConstructor(PrintStream.class, PrintStream.class);
                    return ctor.newInstance(out, err);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        };
    }

    /** How to build one subcommand's {@link CommandLine}. */
    @FunctionalInterface
    interface Factory {
        CommandLine create(PrintStream out, PrintStream err, CommandLine.IFactory factory);
    }

    /**
     * Every subcommand, in the order {@code fsmon --help} lists them. monitor, query and changes
     * are declared in code (see {@link Declared}); the others by annotations, plus the option
     * groups they share, which are declared in code.
     */
    static final java.util.Map<String, Factory> COMMANDS = commands();

    private static java.util.Map<String, Factory> commands() {
        var m = new java.util.LinkedHashMap<String, Factory>();
        m.put("monitor", (out, err, f) -> new CommandLine(new MonitorCommand(out, err).spec(), f));
        m.put("daemon", annotated(DaemonCommand.class));
        m.put("add", annotated(AddCommand.class));
        m.put("remove", annotated(RemoveCommand.class));
        m.put("list", annotated(ListCommand.class));
        m.put("status", annotated(StatusCommand.class));
        m.put("stop", annotated(StopCommand.class));
        m.put("tail", annotated(TailCommand.class));
        m.put("query", (out, err, f) -> new CommandLine(new QueryCommand(out, err).spec(), f));
        m.put("changes", (out, err, f) -> new CommandLine(new ChangesCommand(out, err).spec(), f));
        m.put("clean", annotated(CleanCommand.class));
        m.put("service", annotated(ServiceCommand.class));
        m.put("collect", annotated(CollectCommand.class));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Factory annotated(Class<?> type) {
        return (out, err, f) -> {
            try {
                CommandLine cl = new CommandLine(f.create(type), f);
                Declared.addGroups(cl.getCommand(), cl.getCommandSpec());
                return cl;
            } catch (Exception e) {
                throw new IllegalStateException("cannot create command " + type.getSimpleName(), e);
            }
        };
    }

    /** The version and the commit the build wrote into the jar (see {@link Build}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{Build.CURRENT.describe()};
        }
    }
}
