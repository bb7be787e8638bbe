package io.webops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Attack suite: scripts that try to reach the host, leave state behind or exhaust the runtime. Each must be
 * stopped with a message that says why, and the next script must run normally.
 */
class SandboxEscapeTest {

    private static final long MB = 1024 * 1024;

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("Java.type host class", "return Java.type('java.lang.Runtime').getRuntime().exec('id');", "threw"),
                Arguments.of("java package global", "return java.lang.System.exit(0);", "threw"),
                Arguments.of("Packages global", "return Packages.java.io.File('/etc/passwd').exists();", "threw"),
                Arguments.of("Polyglot.eval other language", "return Polyglot.eval('python', '1');", "threw"),
                Arguments.of("Polyglot.import host bindings", "return Polyglot.import('x');", "threw"),
                Arguments.of("require a Node module", "return require('child_process').execSync('id');", "threw"),
                Arguments.of("process environment", "return process.env.HOME;", "threw"),
                Arguments.of("load a file", "return load('/etc/passwd');", "threw"),
                Arguments.of("load a URL", "return load('http://127.0.0.1/x.js');", "threw"),
                Arguments.of("constructor chain to host", "return this.constructor.constructor('return Java.type(\"java.io.File\")')();", "threw"),
                Arguments.of("Graal builtin", "return Graal.versionJS + Java.type('java.lang.Thread');", "threw"),
                Arguments.of("endless loop", "while (true) {}", "timeout_ms"),
                Arguments.of("endless recursion with catch", "function f() { try { return f(); } catch (e) { return f(); } } return f();",
                        "and was stopped"), // every overflow allocates an error: time or memory, whichever comes first
                Arguments.of("huge allocation", "const a = []; while (true) { a.push(new Array(1e5).fill(1)); }", "memory_mb"),
                Arguments.of("huge string", "let s = 'x'; while (true) { s = s + s; s.charCodeAt(s.length - 1); }", "memory_mb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void escapeIsStoppedAndTheNextScriptRuns(String name, String code, String why) {
        // the limit a case is about is tight, the other one loose, so a loaded machine cannot swap them
        long timeoutMs = why.equals("memory_mb") ? 20_000 : 500;
        long memory = why.equals("timeout_ms") ? 512 * MB : 32 * MB;
        JavaScriptSandbox.Script attack = JavaScriptSandbox.compile(code, timeoutMs, memory);
        assertThatThrownBy(() -> JavaScriptSandbox.run(attack, Json.object()))
                .isInstanceOf(JavaScriptSandbox.ScriptException.class)
                .hasMessageContaining(why);
        // loose time: after a stopped script the engine may be new and cold, and CI's 2 cores are busy
        JavaScriptSandbox.Script normal = JavaScriptSandbox.compile("return input.n * 2;", 10_000, 32 * MB);
        assertThat(JavaScriptSandbox.run(normal, Json.object().put("n", 21)).output().asInt()).isEqualTo(42);
    }

    @Test
    void prototypePollutionDoesNotOutliveItsRun() {
        JavaScriptSandbox.Script pollute = JavaScriptSandbox.compile(
                "Object.prototype.isAdmin = true; Array.prototype.map = () => 'owned'; JSON.parse = () => ({}); return ({}).isAdmin;",
                1000, 32 * MB);
        assertThat(JavaScriptSandbox.run(pollute, Json.object()).output().asBoolean()).isTrue();
        JavaScriptSandbox.Script check = JavaScriptSandbox.compile(
                "return [({}).isAdmin === undefined, [1, 2].map(x => x + 1), input.v];", 1000, 32 * MB);
        assertThat(JavaScriptSandbox.run(check, Json.object().put("v", 1)).output())
                .isEqualTo(Json.parse("[true, [2, 3], 1]"));
    }

    @Test
    void globalStateOfOneRunIsNotSeenByTheNext() {
        JavaScriptSandbox.Script first = JavaScriptSandbox.compile("globalThis.secret = input.s; return 1;", 1000, 32 * MB);
        JavaScriptSandbox.run(first, Json.object().put("s", "from another workflow"));
        JavaScriptSandbox.Script second = JavaScriptSandbox.compile("return typeof globalThis.secret;", 1000, 32 * MB);
        assertThat(JavaScriptSandbox.run(second, Json.object()).output().asText()).isEqualTo("undefined");
    }

    @Test
    void aStoppedRunFailsItsNodeAndTheRuntimeKeepsServing() throws Exception {
        try (TestServer s = TestServer.start()) {
            String looping = s.create(CustomCodeNodeTest.workflow("while (true) {}", 200, 16));
            String hungry = s.create(CustomCodeNodeTest.workflow("const a = []; while (true) a.push('x'.repeat(1e4) + a.length);", 30_000, 16));
            JsonNode loop = s.runAndWait(looping, Map.of());
            JsonNode memory = s.runAndWait(hungry, Map.of());
            assertThat(loop.get("status").asText()).isEqualTo("failed");
            assertThat(loop.get("error_message").asText()).contains("timeout_ms 200");
            assertThat(memory.get("status").asText()).isEqualTo("failed");
            assertThat(memory.get("error_message").asText()).contains("memory_mb 16");
            String fine = s.create(CustomCodeNodeTest.workflow("return input.x + 1;", 1000, 16));
            assertThat(s.runAndWait(fine, Map.of("x", 1)).get("output").asInt()).isEqualTo(2);
            assertThat(s.get("/observe/health").json().get("status").asText()).isEqualTo("UP");
        }
    }
}
