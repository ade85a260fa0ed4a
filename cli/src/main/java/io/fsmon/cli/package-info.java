/** The command line: one class per subcommand, {@code Main}, and the exit codes. Only package that uses picocli. */
package io.fsmon.cli;
