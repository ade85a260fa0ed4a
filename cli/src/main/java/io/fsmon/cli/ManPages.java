package io.fsmon.cli;

import io.fsmon.event.EventType;
import io.fsmon.log.EventFormat;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build time only (the {@code package} Maven profile runs it with picocli-codegen on the class
 * path; no fsmon command loads it): writes fsmon(1) and one page per subcommand, as AsciiDoc for
 * asciidoctor's manpage backend, and the bash completion script (which zsh loads too), all from
 * {@link Main#tree}, the command model {@code --help} prints, so they cannot drift from the code.
 *
 * <p>Usage: {@code ManPages ADOC_DIR COMPLETION_FILE}.
 */
final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ManPages ADOC_DIR COMPLETION_FILE");
            System.exit(ExitCode.USAGE);
        }
        Path adoc = Path.of(args[0]);
        Path completion = Path.of(args[1]);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        CommandLine pages = Main.tree(quiet, quiet);
        // 'fsmon help CMD' is 'fsmon CMD --help': no page of its own.
        pages.getSubcommands().get("help").getCommandSpec().usageMessage().hidden(true);
        Files.createDirectories(adoc);
        int rc = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, pages.getCommandSpec());
        if (rc != 0) {
            throw new IOException("man page generation failed (" + rc + ")");
        }

        CommandLine tree = Main.tree(quiet, quiet);
        for (CommandLine sub : tree.getSubcommands().values()) {
            hintValues(sub.getCommandSpec());
        }
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("fsmon", tree));
    }

    /**
     * Completion candidates picocli cannot take from the option's type: the formats (not an enum)
     * and the event types a user may ask for (the enum's constants less the internal OVERFLOW and
     * GAP, plus "all"). Other enum options complete from their constants as they are.
     */
    private static void hintValues(CommandSpec spec) {
        List<String> types = new ArrayList<>();
        EventType.ALL.forEach(t -> types.add(t.name()));
        types.add("all");
        for (OptionSpec o : List.copyOf(spec.options())) {
            List<String> values = o.type() == EventFormat.class ? List.of("human", "json", "csv")
                    : o.auxiliaryTypes()[0] == EventType.class ? types : null;
            if (values != null) {
                spec.remove(o);
                spec.addOption(o.toBuilder().completionCandidates(values).build());
            }
        }
    }
}
