package dev.arca.plan.parse;

import dev.arca.plan.Plan;
import dev.arca.plan.policy.PlanAdvisor;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The one entry point for reading a plan: YAML text in, a {@link ParsedPlan} with either the plan
 * or every error out, plus the warnings of {@link PlanAdvisor} for a plan that is valid but cannot
 * meet its own targets.
 */
public final class PlanParser {
    private PlanParser() {
    }

    /**
     * Reads a plan.
     *
     * @param file the name used in diagnostics, usually the path the user gave
     * @param text the file's content
     */
    public static ParsedPlan parse(String file, String text) {
        Diagnostics d = new Diagnostics(file);
        Optional<Node> root = compose(d, file, text);
        if (root.isEmpty()) {
            if (!d.hasErrors()) {
                d.error(Optional.empty(), "", "the plan is empty; start from 'arca init' or examples/servicedesk.yaml");
            }
            return new ParsedPlan(Optional.empty(), d.errors(), List.of());
        }
        Optional<Plan> plan = new PlanReader(d).read(root.get());
        // References are checked even when fields had errors, so that one run reports everything.
        plan.ifPresent(p -> new ReferenceCheck(d, p).run());
        if (d.hasErrors()) {
            return new ParsedPlan(Optional.empty(), inFileOrder(d.errors()), List.of());
        }
        PlanAdvisor.advise(plan.get()).forEach(f -> d.warning(f.path(), f.message()));
        return new ParsedPlan(plan, List.of(), inFileOrder(d.warnings()));
    }

    private static List<Diagnostic> inFileOrder(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .sorted(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column))
                .toList();
    }

    private static Optional<Node> compose(Diagnostics d, String file, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(true).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> node = composer.getSingleNode();
            return node.filter(n -> !MappingReader.isNull(n));
        } catch (MarkedYamlEngineException e) {
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            d.error(e.getProblemMark(), "", "malformed YAML: " + context + e.getProblem()
                    + "; check indentation and quoting near this place");
        } catch (YamlEngineException e) {
            d.error(Optional.empty(), "", "malformed YAML: " + e.getMessage());
        }
        return Optional.empty();
    }
}
