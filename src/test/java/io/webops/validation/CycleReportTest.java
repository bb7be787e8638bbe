package io.webops.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.model.ValidationError;
import io.webops.nodes.NodeTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cycle is reported the same way every time the same document is validated, also across
 * restarts: the API answer and the canvas highlight (its node_id) must not change between two
 * instances or two deployments of the product.
 */
class CycleReportTest {

    private static final int RUNS = 5;

    @Test
    void reportsTheSameCycleMessageInEveryFreshJvm() throws Exception {
        Path cycle = Fixtures.folder("validation/invalid").resolve("cycle.json");
        Set<String> answers = new LinkedHashSet<>();
        for (int i = 0; i < RUNS; i++) {
            answers.add(validateInFreshJvm(cycle));
        }

        // hash-ordered sets are salted per JVM, so an order taken from one shows up only across runs
        assertThat(answers).as("cycle reports of %d fresh JVMs", RUNS).hasSize(1);
    }

    private static String validateInFreshJvm(Path file) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                PrintCycles.class.getName(), file.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("child JVM output: %s", out).isZero();
        assertThat(out).contains("The workflow has a cycle");
        return out;
    }

    /** Prints the cycle errors of one document: node id and message. */
    public static final class PrintCycles {
        public static void main(String[] args) {
            for (ValidationError e : new Validator(NodeTypes.standard()).validate(Fixtures.json(Path.of(args[0]))).errors()) {
                if (e.message().contains("cycle")) {
                    System.out.println(e.nodeId() + " | " + e.message());
                }
            }
        }
    }
}
