package io.webops.nodes.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.sandbox.JavaScriptSandbox;
import java.util.function.Consumer;

/**
 * Runs a JavaScript function body on the node's input in {@link JavaScriptSandbox}: {@code input} is the input as
 * plain JS values, what the code returns is the output, {@code console.log} lines go to the node's log. Python is
 * not offered: no Python runtime for the JVM can be confined as tightly (GraalPy needs Java 21 here).
 */
public final class CustomCodeNode implements NodeType {

    static final int DEFAULT_TIMEOUT_MS = 1000;
    static final int MAX_TIMEOUT_MS = 60_000;
    static final int DEFAULT_MEMORY_MB = 64;
    static final int MAX_MEMORY_MB = 1024;

    @Override
    public String id() {
        return "custom_code";
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "Custom Code";
    }

    @Override
    public String description() {
        return "Run JavaScript on the input (`input`), return the output; console.log goes to the node log. "
                + "Sandboxed: no host, files, network or threads; CPU time and memory are limited.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .enumeration("language", "Language", "The language of the code", "javascript")
                .defaultValue("language", "javascript")
                .string("code", "Code", "The body of function (input) { ... }: read input, return the output")
                .integer("timeout_ms", "Time limit (ms)", "CPU time the code may use per run before it is stopped")
                .defaultValue("timeout_ms", DEFAULT_TIMEOUT_MS)
                .minimum("timeout_ms", 1)
                .maximum("timeout_ms", MAX_TIMEOUT_MS)
                .integer("memory_mb", "Memory limit (MB)", "Memory the code may allocate per run before it is stopped")
                .defaultValue("memory_mb", DEFAULT_MEMORY_MB)
                .minimum("memory_mb", 1)
                .maximum("memory_mb", MAX_MEMORY_MB)
                .required("code")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        String code = node.configText("code", null);
        if (code == null) {
            return;
        }
        try {
            compile(node);
        } catch (JavaScriptSandbox.ScriptException e) {
            problems.accept(ValidationError.ofNode(node.id(), "config.code",
                    "Node '" + node.id() + "': config.code " + e.getMessage()));
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        JavaScriptSandbox.Script script = compile(node);
        return call -> {
            try {
                JavaScriptSandbox.Outcome outcome = JavaScriptSandbox.run(script, call.input());
                return NodeResult.logged(outcome.output(), outcome.console());
            } catch (JavaScriptSandbox.ScriptException e) {
                throw new NodeFailure("CodeError", "the code " + e.getMessage(), false);
            }
        };
    }

    private static JavaScriptSandbox.Script compile(Node node) {
        long timeout = node.config("timeout_ms").asLong(DEFAULT_TIMEOUT_MS);
        long memory = node.config("memory_mb").asLong(DEFAULT_MEMORY_MB);
        return JavaScriptSandbox.compile(node.configText("code", ""), timeout, memory * 1024 * 1024);
    }
}
