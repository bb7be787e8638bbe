package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.webops.history.ExecutionRecord;
import io.webops.history.NodeLog;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The llm node's route sends through camel-langchain4j-chat: the generated YAML names the endpoint and the node's model
 * bean only, the model server gets exactly the request the node prepared, a retry is Camel's redelivery of the send,
 * the SSRF guard refuses a forbidden server before anything is sent, and Camel never reads the prompt as an expression.
 */
class LlmChatEndpointTest {

    private static final String KEY = "sk-endpoint-test-key-31337";
    private static final String WORKFLOW = "wf-llm";

    private FakeOpenAi fake;
    private DefaultCamelContext camel;
    private Store store;
    private Engine engine;
    /** Every exchange sent to a langchain4j-chat endpoint: its URI and the body it carried. */
    private final List<Map.Entry<String, Object>> chatSends = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fake = new FakeOpenAi();
    }

    private void startEngine(String ssrfAllow) throws Exception {
        camel = new DefaultCamelContext();
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().startsWith("langchain4j-chat:")) {
                    chatSends.add(Map.entry(sending.getEndpoint().getEndpointUri(), sending.getExchange().getMessage().getBody()));
                }
            }
        });
        new LlmRuntime(new LlmDefaults(fake.baseUrl(), KEY, "default-model"), null, null, WorkflowCatalog.NONE).bindTo(camel);
        camel.start();
        store = Store.inMemory();
        engine = new Engine(camel, store, NodeTypes.standard(),
                new EngineSettings(null, SsrfGuard.fromSetting(ssrfAllow), new RetryPolicy(50, 200, 0)));
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (camel != null) {
            camel.close();
        }
        if (store != null) {
            store.close();
        }
        fake.close();
    }

    private static String workflow(String config, String extra) {
        return "{\"name\": \"llm endpoint\", \"nodes\": [{\"id\": \"ask\", \"type\": \"llm\", \"config\": " + config + extra + "}"
                + ", {\"id\": \"handled\", \"type\": \"transform\", \"config\": {\"type\": \"template\", \"template\": \"handled\"}}],"
                + " \"connections\": [{\"source\": \"ask\", \"target\": \"handled\", \"sourceHandle\": \"error\"}]}";
    }

    private ExecutionRecord run(String document, JsonNode input) throws Exception {
        Validator.Result valid = new Validator(NodeTypes.standard()).validate(Json.parse(document));
        assertThat(valid.errors()).isEmpty();
        engine.deploy(WORKFLOW, 1, valid.workflow(), false);
        return engine.startInBackground(WORKFLOW, input, "manual", Json.object()).done().get(30, TimeUnit.SECONDS);
    }

    private static NodeLog log(ExecutionRecord record, String node) {
        return record.nodeLogs().stream().filter(l -> l.nodeId().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no log of " + node + " in " + record.nodeLogs()));
    }

    private static final String CONFIG = "{\"system\": \"You answer tersely for {{ data.audience }}.\","
            + " \"prompt\": \"Summarize the ledger entry {content}\", \"model\": \"gpt-ledger\", \"temperature\": 0.3}";

    /**
     * Why the node's model records the reply on the {@link Conversation}: langchain4j-chat answers with the reply's text
     * alone (no header carries the token usage or the model), and hands the body list itself to the model.
     */
    @Test
    void langchain4jChatAnswersTheTextAloneAndHandsTheModelTheBodyListItself() throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse chat(List<ChatMessage> messages) {
                received.add(messages);
                return ChatResponse.builder().aiMessage(AiMessage.from("the text")).modelName("m")
                        .tokenUsage(new TokenUsage(11, 7)).build();
            }
        };
        try (DefaultCamelContext plain = new DefaultCamelContext()) {
            plain.getRegistry().bind("model", model);
            plain.start();
            Conversation body = new Conversation(List.of(UserMessage.from("hello")), new CallLog());
            org.apache.camel.Exchange answer = plain.createProducerTemplate().request(
                    "langchain4j-chat:probe?chatModel=#model&chatOperation=CHAT_MULTIPLE_MESSAGES",
                    e -> e.getMessage().setBody(body));

            assertThat(answer.getException()).isNull();
            assertThat(answer.getMessage().getBody()).isEqualTo("the text");
            assertThat(answer.getMessage().getHeaders()).isEmpty();
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).isSameAs(body);
        }
    }

    @Test
    void theGeneratedRouteSendsToLangchain4jChatAndHoldsNoPromptKeyOrAddress() throws Exception {
        startEngine("127.0.0.0/8");
        Validator.Result valid = new Validator(NodeTypes.standard()).validate(Json.parse(workflow(CONFIG, "")));
        String yaml = engine.translator().translate(WORKFLOW, 1, valid.workflow());

        String unindented = yaml.lines().map(String::strip).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(unindented).contains("""
                - to:
                uri: "langchain4j-chat:wf-llm.v1.ask"
                parameters:
                chatModel: "#wf-llm.v1.ask.chatModel"
                chatOperation: "CHAT_MULTIPLE_MESSAGES"
                - process:
                """);
        assertThat(yaml).doesNotContain("tersely", "ledger", "gpt-ledger", "0.3", KEY, fake.baseUrl(), "127.0.0.1", "sk-");
        assertThat(yaml).as("text output asks once: no second send").doesNotContain("asking once more");
    }

    @Test
    void aRunSendsExactlyThePreparedRequestAndAnswersTextWithUsage() throws Exception {
        startEngine("127.0.0.0/8");
        fake.reply("Ledger grew.");
        ExecutionRecord record = run(workflow(CONFIG, ""), Json.parse("{\"content\": \"#42: +12%\", \"audience\": \"auditors\"}"));

        assertThat(record.status()).as(record.errorMessage()).isEqualTo("success");
        assertThat(fake.requests()).hasSize(1);
        FakeOpenAi.Recorded sent = fake.request(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.body()).isEqualTo(Json.parse("""
                {"model": "gpt-ledger",
                 "messages": [{"role": "system", "content": "You answer tersely for auditors."},
                              {"role": "user", "content": "Summarize the ledger entry #42: +12%"}],
                 "temperature": 0.3,
                 "stream": false}"""));

        NodeLog ask = log(record, "ask");
        assertThat(ask.output()).isEqualTo(Json.parse("{\"text\": \"Ledger grew.\"}"));
        assertThat(ask.attempts()).isEqualTo(1);
        assertThat(ask.details().get("model").asText()).isEqualTo("gpt-ledger");
        JsonNode usage = ask.details().get("token_usage");
        assertThat(usage.get("input_tokens").asInt()).isPositive();
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(3);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(usage.get("input_tokens").asInt() + 3);
        assertThat(chatSends).hasSize(1);
        assertThat(chatSends.get(0).getKey()).startsWith("langchain4j-chat://wf-llm.v1.ask");
        assertThat(chatSends.get(0).getValue()).isInstanceOf(Conversation.class);
    }

    @Test
    void aRateLimitedCallIsSentAgainByCamelsRedeliveryNotByRunningTheNodeAgain() throws Exception {
        startEngine("127.0.0.0/8");
        fake.status(429, "{\"error\": {\"message\": \"Rate limit reached\"}}", Map.of()).reply("second time lucky");
        ExecutionRecord record = run(workflow(CONFIG, ", \"retry_on_failure\": true, \"max_retries\": 2"),
                Json.parse("{\"content\": \"x\", \"audience\": \"y\"}"));

        assertThat(record.status()).as(record.errorMessage()).isEqualTo("success");
        NodeLog ask = log(record, "ask");
        assertThat(ask.attempts()).isEqualTo(2);
        assertThat(ask.output()).isEqualTo(Json.parse("{\"text\": \"second time lucky\"}"));
        assertThat(fake.requests()).hasSize(2);
        assertThat(fake.request(1).body()).isEqualTo(fake.request(0).body());
        assertThat(ask.details().get("calls")).as("only the answered call is logged").hasSize(1);
        // the same prepared message went to the endpoint twice: the node's run was not repeated
        assertThat(chatSends).hasSize(2);
        assertThat(chatSends.get(1).getValue()).isSameAs(chatSends.get(0).getValue());
    }

    @Test
    void aServerTheDefaultSsrfGuardRefusesFailsTheNodeWithSsrfRefusedAndNothingIsSent() throws Exception {
        startEngine("");
        ExecutionRecord record = run(workflow(CONFIG, ", \"retry_on_failure\": true, \"max_retries\": 2"),
                Json.parse("{\"content\": \"x\", \"audience\": \"y\"}"));

        NodeLog ask = log(record, "ask");
        assertThat(ask.status()).isEqualTo("failed");
        assertThat(ask.attempts()).as("a refusal is not retried").isEqualTo(1);
        assertThat(ask.error()).contains("Node 'ask'").containsIgnoringCase("refused").doesNotContain(KEY);
        NodeLog handled = log(record, "handled");
        assertThat(handled.input().get("type").asText()).isEqualTo("SsrfRefused");
        assertThat(handled.input().get("node_id").asText()).isEqualTo("ask");
        assertThat(fake.requests()).isEmpty();
        assertThat(chatSends).as("the refusal came from the send through langchain4j-chat").hasSize(1);
    }

    @Test
    void disabledNodesThatSendToAnEndpointPassTheirInputOnWithoutSending() throws Exception {
        startEngine("127.0.0.0/8");
        ExecutionRecord record = run("""
                {"name": "off", "nodes": [{"id": "ask", "type": "llm", "enabled": false, "config": {"prompt": "Hi"}},
                  {"id": "fetch", "type": "api_request", "enabled": false, "config": {"url": "%s/never"}},
                  {"id": "next", "type": "transform", "config": {"type": "template", "template": "got {{ data.v }}"}}],
                 "connections": [{"source": "ask", "target": "fetch"}, {"source": "fetch", "target": "next"}]}"""
                .formatted(fake.baseUrl()), Json.parse("{\"v\": 7}"));

        assertThat(record.status()).as(record.errorMessage()).isEqualTo("success");
        assertThat(log(record, "ask").status()).isEqualTo("disabled");
        assertThat(log(record, "fetch").status()).isEqualTo("disabled");
        assertThat(log(record, "fetch").output()).isEqualTo(Json.parse("{\"v\": 7}"));
        assertThat(log(record, "next").output()).isEqualTo(Json.NODES.textNode("got 7"));
        assertThat(fake.requests()).isEmpty();
        assertThat(chatSends).isEmpty();
    }

    @Test
    void camelPlaceholdersSimpleAndSpelInThePromptReachTheModelLiterally() throws Exception {
        startEngine("127.0.0.0/8");
        fake.reply("ok");
        String config = "{\"system\": \"Keep #{1+1} as written.\", \"prompt\": \"Echo: {{ data.a }} | {{ data.b }} | {{ data.c }}\"}";
        ExecutionRecord record = run(workflow(config, ""),
                Json.parse("{\"a\": \"{{sys:user.home}}\", \"b\": \"${body}\", \"c\": \"#{x}\"}"));

        assertThat(record.status()).as(record.errorMessage()).isEqualTo("success");
        FakeOpenAi.Recorded sent = fake.request(0);
        assertThat(sent.messages().get(0).get("content").asText()).isEqualTo("Keep #{1+1} as written.");
        assertThat(sent.messages().get(1).get("content").asText()).isEqualTo("Echo: {{sys:user.home}} | ${body} | #{x}");
        assertThat(sent.allText()).doesNotContain(System.getProperty("user.home") + "\"");
        assertThat(engine.routesYaml(WORKFLOW).orElseThrow()).doesNotContain("{{sys:", "${body}", "#{", "Echo");
    }
}
