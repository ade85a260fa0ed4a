package io.fsmon.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Every subcommand answers --help with its usage and exit code 0 (Main builds one subcommand at a time). */
class HelpTest {

    @Test
    void everySubcommandHasHelp() {
        for (String name : Main.COMMANDS.keySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), name, "--help");
            assertThat(rc).as("fsmon %s --help: %s", name, err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(name).startsWith("Usage: fsmon " + name);
        }
    }

    @Test
    void topLevelHelpListsTheCommands() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "--help");
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("monitor").contains("daemon").contains("query")
                .contains("Exit codes:");
    }
}
