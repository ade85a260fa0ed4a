package io.fsmon.cli;

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
        subcommands = {MonitorCommand.class, DaemonCommand.class, AddCommand.class, RemoveCommand.class,
                ListCommand.class, StatusCommand.class, StopCommand.class, TailCommand.class, QueryCommand.class,
                ChangesCommand.class, CleanCommand.class, ServiceCommand.class, CommandLine.HelpCommand.class},
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
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(out, err, args);
        out.flush();
        System.exit(code);
    }

    /** Runs fsmon with {@code args}, writing events to {@code out} and diagnostics to {@code err}. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
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
        CommandLine cl = commandLineFor(args, factory);
        if (cl != null) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        } else {
            cl = new CommandLine(new Main(), factory);
        }
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
            err.println("fsmon: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ExitCode.FAILURE;
        });
        return cl.execute(args);
    }

    /**
     * Only the named subcommand's model, when {@code args[0]} names one. Building picocli's model
     * of every command costs hundreds of milliseconds of reflection at each start; a monitor
     * should place its marks sooner than that. The full tree is built for top-level use only.
     */
    private static CommandLine commandLineFor(String[] args, CommandLine.IFactory factory) {
        if (args.length == 0) {
            return null;
        }
        for (Class<?> sub : Main.class.getAnnotation(Command.class).subcommands()) {
            Command c = sub.getAnnotation(Command.class);
            if (c != null && c.name().equals(args[0]) && sub != CommandLine.HelpCommand.class) {
                try {
                    CommandLine cl = new CommandLine(factory.create(sub), factory);
                    cl.getCommandSpec().name("fsmon " + c.name());
                    return cl;
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create command " + c.name(), e);
                }
            }
        }
        return null;
    }

    /** The version from the jar's manifest (or "dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"fsmon " + (v == null ? "dev" : v)};
        }
    }
}
