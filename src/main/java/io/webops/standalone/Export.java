package io.webops.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import io.webops.model.Node;
import io.webops.model.Workflow;
import io.webops.nodes.NodeTypes;
import io.webops.nodes.Steps;
import io.webops.translate.Translator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A workflow version as a stock Camel application: its routes ({@code <id>.camel.yaml}, with a {@code beans:} section
 * naming {@link ExportedWorkflow}), the workflow document, the Kamelets its nodes send through, an
 * {@code application.properties} and a README saying how to run it with {@code org.apache.camel.main.Main}.
 */
public final class Export {

    private Export() {
    }

    /**
     * The files of the export by relative path. {@code document} is the workflow as the API shows it (no secrets:
     * credentials are named by id, webhook secrets are not part of it).
     */
    public static Map<String, byte[]> files(String workflowId, int version, Workflow workflow, JsonNode document,
                                            Translator translator, NodeTypes types) {
        String json = document.toPrettyString();
        Map<String, Object> bean = Steps.map(
                "name", "webopsWorkflow",
                "type", ExportedWorkflow.class.getName(),
                "initMethod", "start",
                "destroyMethod", "stop",
                "properties", Steps.map(
                        "workflowId", workflowId,
                        "version", version,
                        "definition", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(workflowId + ".camel.yaml", translator.translate(workflowId, version, workflow, true, List.of(bean))
                .getBytes(StandardCharsets.UTF_8));
        files.put("workflow.json", json.getBytes(StandardCharsets.UTF_8));
        TreeSet<String> kamelets = new TreeSet<>();
        for (Node n : workflow.nodes()) {
            kamelets.addAll(types.require(n.type()).kamelets());
        }
        for (String k : kamelets) {
            files.put("kamelets/" + k + ".kamelet.yaml", classpath("kamelets/" + k + ".kamelet.yaml"));
        }
        StringBuilder props = new StringBuilder(properties(workflowId));
        for (String f : secretsLeftOut(document)) {
            props.append("# the webhook's ").append(f).append(" (kept out of the export; the start fails without it)\n")
                    .append(ExportedWorkflow.SECRET_PREFIX).append(f).append("=\n");
        }
        files.put("application.properties", props.toString().getBytes(StandardCharsets.UTF_8));
        files.put("README.md", readme(workflowId, version, workflow.name(), kamelets).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** A copy of the document whose webhook secrets are emptied: the exported application asks for them. */
    public static JsonNode withoutSecrets(JsonNode document) {
        JsonNode copy = document.deepCopy();
        JsonNode auth = copy.path("trigger").path("auth");
        if (auth instanceof com.fasterxml.jackson.databind.node.ObjectNode fields) {
            for (String f : io.webops.triggers.TriggerKinds.AUTH_SECRET_FIELDS) {
                if (fields.has(f)) {
                    fields.put(f, "");
                }
            }
        }
        return copy;
    }

    /** The webhook auth's secret fields {@link #withoutSecrets} emptied in this document, which the exported app asks for. */
    static List<String> secretsLeftOut(JsonNode document) {
        JsonNode auth = document.path("trigger").path("auth");
        return io.webops.triggers.TriggerKinds.AUTH_SECRET_FIELDS.stream()
                .filter(f -> auth.path(f).isTextual() && auth.path(f).asText().isEmpty()).sorted().toList();
    }

    /** The files as one zip. */
    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the files into a folder (created if needed). */
    public static void write(Map<String, byte[]> files, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
        }
    }

    private static byte[] classpath(String resource) {
        try (InputStream in = Export.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The runtime jar has no " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String properties(String workflowId) {
        return """
                # Settings of the exported workflow %s, read by org.apache.camel.main.Main (see README.md).
                camel.main.name=%s
                camel.main.routesIncludePattern=file:%s.camel.yaml
                # the webhook listens on Camel's platform-http server
                camel.server.enabled=true
                camel.server.port=8080
                # networks outbound calls may reach besides public addresses (comma-separated CIDRs; empty: none)
                webops.ssrf.allow=
                # the largest node output, in bytes of JSON
                webops.node.max.output.bytes=16777216
                # where file nodes read and write (its files folder) and agents are kept
                webops.data=./data
                # the default model of LLM and agent nodes
                webops.llm.base.url=
                webops.llm.api.key=
                webops.llm.model=
                """.formatted(workflowId, workflowId, workflowId);
    }

    private static String readme(String workflowId, int version, String name, TreeSet<String> kamelets) {
        return """
                # %s (workflow %s, version %d), exported as Camel

                `%s.camel.yaml` is the workflow: one route per node, its edges as `to: direct:` and `multicast`,
                conditions as `choice`, joins as a `filter` on readiness, error edges in each node's route
                configuration. Its `beans:` section names `io.webops.standalone.ExportedWorkflow`, which builds the
                beans the routes refer to from the workflow document it carries (also in `workflow.json`).
                %s
                ## Run it

                With the WebOps jar as a library and Camel's own main class, from this folder:

                    java -cp /path/to/webops-automation.jar \\
                      -Dcamel.main.property-placeholder-location=file:application.properties \\
                      org.apache.camel.main.Main

                Settings are in `application.properties` (`camel.server.port` for the webhook, `webops.ssrf.allow`
                for private networks outbound calls may reach); any of them can be given as `-D` options instead.

                No database, API or canvas runs: each execution's history stays in memory. Nodes that need a
                stored credential fail with a message saying so; run such workflows on the server.
                """.formatted(name, workflowId, version, workflowId,
                kamelets.isEmpty() ? "" : "\nThe Kamelets its nodes send through are in `kamelets/` (the jar carries the same): "
                        + String.join(", ", kamelets) + ".\n");
    }
}
