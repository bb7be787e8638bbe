package io.webops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.json.Json;
import io.webops.llm.FakeOpenAi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run FILE} with an llm node: the command line wires the model runtime as the server does. */
class LlmCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void runOnceCallsTheDefaultModelServerFromTheSettings() throws Exception {
        Path flow = dir.resolve("summary.json");
        Files.writeString(flow, "{\"name\": \"summary\", \"nodes\": [{\"id\": \"ask\", \"type\": \"llm\","
                + " \"config\": {\"prompt\": \"Summarize: {content}\"}}], \"connections\": []}");
        try (FakeOpenAi fake = new FakeOpenAi()) {
            fake.reply("Short.");
            System.setProperty("webops.llm.base.url", fake.baseUrl());
            System.setProperty("webops.llm.model", "cli-model");
            System.setProperty("webops.ssrf.allow", "127.0.0.0/8");
            System.setProperty("webops.data", dir.toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit;
            try {
                exit = Main.run(new String[] {"run", flow.toString(), "--input", "{\"content\": \"a long text\"}"},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            } finally {
                for (String p : new String[] {"webops.llm.base.url", "webops.llm.model", "webops.ssrf.allow", "webops.data"}) {
                    System.clearProperty(p);
                }
            }

            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(Json.parse(out.toString(StandardCharsets.UTF_8)).get("output").get("text").asText()).isEqualTo("Short.");
            assertThat(fake.request(0).body().get("model").asText()).isEqualTo("cli-model");
            assertThat(fake.request(0).text("user")).isEqualTo("Summarize: a long text\n");
        }
    }
}
