package io.webops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The command line: {@code serve}, {@code validate FILE}, {@code translate FILE},
 * {@code run FILE [--input JSON]}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "serve" -> {
                Server server;
                try {
                    server = new Server(Settings.fromEnvironment()).start();
                } catch (HandWrittenRoutes.Failure e) {
                    err.println(e.getMessage());
                    return 1;
                }
                out.println("WebOps is serving on http://localhost:" + server.port());
                server.awaitShutdown();
                return 0;
            }
            case "validate" -> {
                Validator.Result result = validate(args, err);
                if (result == null) {
                    return 2;
                }
                if (result.valid()) {
                    out.println("valid");
                    return 0;
                }
                for (ValidationError e : result.errors()) {
                    err.println(e.message() + (e.field() == null ? "" : "  [" + e.field() + "]"));
                }
                return 1;
            }
            case "translate" -> {
                Validator.Result result = validate(args, err);
                if (result == null || !result.valid()) {
                    if (result != null) {
                        result.errors().forEach(e -> err.println(e.message()));
                    }
                    return 1;
                }
                NodeTypes types = nodeTypes();
                out.print(new io.webops.translate.Translator(types, RetryPolicy.DEFAULT)
                        .translate(workflowId(Path.of(args[1])), 1, result.workflow()));
                return 0;
            }
            case "run" -> {
                return runOnce(args, out, err);
            }
            case "export" -> {
                return export(args, out, err);
            }
            case "rotate-key" -> {
                return rotateKey(args, out, err);
            }
            default -> {
                err.println("usage: webops [serve | validate FILE | translate FILE | run FILE [--input JSON] | export FILE --out DIR"
                        + " | rotate-key [--new-key BASE64]]");
                return 2;
            }
        }
    }

    private static Validator.Result validate(String[] args, PrintStream err) throws IOException {
        if (args.length < 2) {
            err.println("usage: webops " + args[0] + " FILE");
            return null;
        }
        JsonNode doc;
        try {
            doc = Json.parse(Files.readString(Path.of(args[1])));
        } catch (IllegalArgumentException e) {
            err.println(args[1] + ": " + e.getMessage());
            return null;
        }
        return new Validator(nodeTypes()).validate(doc);
    }

    /** The exit code of a file that could not be read (2) or is not a valid workflow (1, its errors printed), else 0. */
    private static int refusal(Validator.Result result, PrintStream err) {
        if (result == null) {
            return 2;
        }
        if (!result.valid()) {
            result.errors().forEach(e -> err.println(e.message()));
            return 1;
        }
        return 0;
    }

    /** Runs the workflow once in-process (in-memory history) and prints the execution. */
    private static int runOnce(String[] args, PrintStream out, PrintStream err) throws Exception {
        Validator.Result result = validate(args, err);
        int refused = refusal(result, err);
        if (refused != 0) {
            return refused;
        }
        JsonNode input = Json.object();
        for (int i = 2; i < args.length - 1; i++) {
            if (args[i].equals("--input")) {
                input = Json.parse(args[i + 1]);
            }
        }
        Settings settings = Settings.fromEnvironment();
        try (DefaultCamelContext camel = new io.webops.runtime.WorkflowCamelContext(); Store store = Store.inMemory()) {
            camel.start();
            new io.webops.llm.LlmRuntime(settings.llm(), new io.webops.llm.AgentFiles(settings.agentsDir()),
                    new io.webops.llm.AgentMemory(store.dataSource()), io.webops.llm.WorkflowCatalog.NONE).bindTo(camel);
            NodeTypes types = nodeTypes();
            try (Engine engine = new Engine(camel, store, types, new EngineSettings(null,
                    SsrfGuard.fromSetting(settings.ssrfAllow()), RetryPolicy.DEFAULT, EngineSettings.NO_CREDENTIALS, 0,
                    settings.limits().maxNodeOutputBytes()))) {
                String id = workflowId(Path.of(args[1]));
                engine.deploy(id, 1, result.workflow(), false);
                ExecutionRecord record = engine.startInBackground(id, input, "manual", Json.object()).done().join();
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                        io.webops.api.ApiJson.executionJson(record)));
                return "success".equals(record.status()) ? 0 : 1;
            }
        }
    }

    /** Writes the workflow as a stock Camel application into a folder ({@link io.webops.standalone.Export}). */
    private static int export(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path dir = null;
        for (int i = 2; i < args.length - 1; i++) {
            if (args[i].equals("--out")) {
                dir = Path.of(args[i + 1]);
            }
        }
        if (dir == null) {
            err.println("usage: webops export FILE --out DIR");
            return 2;
        }
        Validator.Result result = validate(args, err);
        int refused = refusal(result, err);
        if (refused != 0) {
            return refused;
        }
        JsonNode document = io.webops.standalone.Export.withoutSecrets(Json.parse(Files.readString(Path.of(args[1]))));
        NodeTypes types = nodeTypes();
        String id = workflowId(Path.of(args[1]));
        io.webops.standalone.Export.write(io.webops.standalone.Export.files(id, 1, result.workflow(), document,
                new io.webops.translate.Translator(types, RetryPolicy.DEFAULT), types), dir);
        out.println("Exported " + id + " to " + dir + " (see its README.md)");
        return 0;
    }

    /**
     * Re-seals every secret under a new master key, with the server stopped. With a key file the
     * new key is written beside it first and moved over it once the database is committed
     * (a crash in between leaves {@code master.key.next} holding the key that opens the data);
     * with {@code WEBOPS_MASTER_KEY} the new key is printed, to be set before the next start.
     */
    private static int rotateKey(String[] args, PrintStream out, PrintStream err) throws Exception {
        Settings settings = Settings.fromEnvironment();
        byte[] next = io.webops.security.SecretBox.newKey();
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals("--new-key")) {
                next = java.util.Base64.getDecoder().decode(args[i + 1].trim());
            }
        }
        io.webops.security.SecretBox current = io.webops.security.SecretBox.fromEnvironment(settings.masterKey(), settings.dataDir());
        io.webops.security.SecretBox nextBox = new io.webops.security.SecretBox(next);
        boolean keyFile = settings.masterKey() == null || settings.masterKey().isBlank();
        Path file = settings.dataDir().resolve("master.key");
        Path staged = settings.dataDir().resolve("master.key.next");
        if (keyFile) {
            io.webops.security.SecretBox.writeKeyFile(staged, next);
        }
        String instance = InstanceId.in(settings.dataDir());
        try (Store store = settings.dbUrl() == null
                ? Store.openH2(settings.dataDir(), instance)
                : Store.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), instance)) {
            io.webops.credentials.KeyRotation.Counts n = io.webops.credentials.KeyRotation.rotate(store.dataSource(), current, nextBox);
            out.println("Re-sealed " + n.credentials() + " credential(s) and " + n.workflowSecrets() + " webhook secret(s).");
        } catch (RuntimeException e) {
            Files.deleteIfExists(staged);
            err.println(e.getMessage());
            return 1;
        }
        if (keyFile) {
            Files.move(staged, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            out.println("The new key is in " + file + ".");
        } else {
            out.println("Set WEBOPS_MASTER_KEY=" + java.util.Base64.getEncoder().encodeToString(next) + " before the next start.");
        }
        return 0;
    }

    private static String workflowId(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        return io.webops.translate.RouteNames.safe(name, new java.util.HashSet<>());
    }

    /** The built-in node types and the Kamelets WEBOPS_KAMELETS allows, as the server offers them. */
    private static NodeTypes nodeTypes() {
        return io.webops.kamelets.Kamelets.fromSetting(Settings.fromEnvironment().kamelets()).withStandard();
    }
}
