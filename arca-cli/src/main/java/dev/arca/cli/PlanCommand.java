package dev.arca.cli;

import dev.arca.ops.render.Format;
import dev.arca.ops.render.PlanDocument;
import dev.arca.plan.Plan;
import dev.arca.plan.parse.ParsedPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code arca plan check|render}: validate the plan, and write it out as the DR plan document. */
@Command(name = "plan", description = "Check or render a DR plan (arca.yaml).",
        subcommands = {PlanCommand.Check.class, PlanCommand.Render.class})
final class PlanCommand implements Runnable {
    @ParentCommand
    Arca arca;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this), "missing sub-command: 'arca plan check FILE' or 'arca plan render FILE'");
    }

    /** {@code arca plan check FILE [--json]}. */
    @Command(name = "check", description = "Validate a plan: every error with its line and column, then warnings.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        PlanCommand parent;

        @Parameters(paramLabel = "FILE", description = "The plan file, such as arca.yaml.")
        Path file;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() {
            ParsedPlan parsed = PlanFile.read(file);
            PrintWriter out = parent.arca.out;
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("file", file.toString());
                doc.put("valid", parsed.valid());
                doc.put("errors", parsed.errors());
                doc.put("warnings", parsed.warnings());
                out.println(JsonOutput.write(doc));
            } else {
                PrintWriter err = parent.arca.err;
                parsed.errors().forEach(err::println);
                parsed.warnings().forEach(out::println);
                if (parsed.valid()) {
                    Plan p = parsed.plan().orElseThrow();
                    out.println(file + ": plan is valid: " + count(p.systems().size(), "system") + ", "
                            + count(p.repositories().size(), "repository") + ", " + count(p.runbooks().size(), "runbook")
                            + ", " + count(parsed.warnings().size(), "warning"));
                } else {
                    err.println(file + ": plan is invalid: " + count(parsed.errors().size(), "error"));
                }
            }
            return parsed.valid() ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    /** {@code arca plan render FILE [--format markdown|html] [-o OUT]}. */
    @Command(name = "render", description = "Write the human-readable DR plan document.")
    static final class Render implements Callable<Integer> {
        @ParentCommand
        PlanCommand parent;

        @Parameters(paramLabel = "FILE", description = "The plan file, such as arca.yaml.")
        Path file;

        @Option(names = "--format", defaultValue = "markdown", description = "markdown (default) or html.")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to this file instead of standard output.")
        Path output;

        @Override
        public Integer call() {
            Format f = switch (format) {
                case "markdown", "md" -> Format.MARKDOWN;
                case "html" -> Format.HTML;
                default -> throw new CliException(ExitCode.USAGE, "--format: expected markdown or html, got '" + format + "'", null);
            };
            ParsedPlan parsed = PlanFile.read(file);
            if (!parsed.valid()) {
                parsed.errors().forEach(parent.arca.err::println);
                throw new CliException(ExitCode.FAILURE, "plan '" + file + "' is invalid: "
                        + count(parsed.errors().size(), "error"), "fix the errors above; 'arca plan check " + file + "' lists them");
            }
            String text = f.write(new PlanDocument(parsed.plan().orElseThrow(), file.toString(), parsed.warnings(),
                    parent.arca.clock).build());
            if (output == null) {
                parent.arca.out.print(text);
            } else {
                try {
                    Files.writeString(output, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CliException(ExitCode.FAILURE, "cannot write '" + output + "': " + e.getMessage(), null);
                }
                parent.arca.out.println("wrote " + output);
            }
            return ExitCode.OK;
        }
    }

    static String count(int n, String noun) {
        String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return n + " " + (n == 1 ? noun : plural);
    }
}
