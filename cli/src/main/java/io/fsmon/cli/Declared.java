package io.fsmon.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.lang.reflect.Field;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Options declared in code (picocli's programmatic model) rather than by annotations, bound to the
 * fields of the object that holds their values. Reading annotations is the dearest part of a
 * start: the JDK parses them and spins a proxy class per annotation type on first use (42-69 ms
 * on this machine before anything else), so the commands that must start fast (monitor, query,
 * changes) and the option groups they share are declared here instead.
 */
final class Declared {
    private Declared() {
    }

    /** Option groups shared between commands: each adds its options to a command's model. */
    interface Group {
        void declare(CommandSpec spec);
    }

    /**
     * Adds the option groups an annotated command holds to its model: every field of the command
     * that holds a {@link Group}, in declaration order, as picocli's {@code @Mixin} would (but
     * without reading annotations).
     */
    static void addGroups(Object command, CommandSpec spec) {
        for (Field f : command.getClass().getDeclaredFields()) {
            if (Group.class.isAssignableFrom(f.getType())) {
                try {
                    ((Group) f.get(command)).declare(spec);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("option group " + f + " is not readable from the cli package", e);
                }
            }
        }
    }

    /** An option whose value lives where {@code get} reads it and {@code set} writes it. */
    static <T> OptionSpec.Builder option(Supplier<T> get, Consumer<T> set, String... names) {
        // The field's value now is the initial value picocli restores before each parse, as it
        // would read it from an annotated field.
        return OptionSpec.builder(names).getter(getter(get)).setter(setter(get, set)).initialValue(get.get());
    }

    /** A positional parameter bound the same way. */
    static <T> PositionalParamSpec.Builder positional(Supplier<T> get, Consumer<T> set) {
        return PositionalParamSpec.builder().getter(getter(get)).setter(setter(get, set)).initialValue(get.get());
    }

    /** A command's model without looking at its class's annotations: name, help, version, usage. */
    static CommandSpec command(Object userObject, String name, String[] description, String[] footer) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject);
        spec.name(name);
        // -h and -V as picocli's mixinStandardHelpOptions declares them, but without reading its
        // annotated mixin class.
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        spec.versionProvider(new Main.Version());
        spec.usageMessage().description(description).footer(footer).sortOptions(false).autoWidth(true);
        return spec;
    }

    private static <T> IGetter getter(Supplier<T> get) {
        return new IGetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <X> X get() {
                return (X) get.get();
            }
        };
    }

    private static <T> ISetter setter(Supplier<T> get, Consumer<T> set) {
        return new ISetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <X> X set(X value) {
                X old = (X) get.get();
                set.accept((T) value);
                return old;
            }
        };
    }
}
