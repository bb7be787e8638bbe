package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.model.Node;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeServices;
import java.util.List;

/**
 * Which server and model a node's call goes to: the node's {@code openai} credential, else its
 * agent's, else the operator's {@code WEBOPS_LLM_*} defaults; the model named by the node, else by
 * the agent, else the credential's or the default's. Without a server or a model the node fails
 * saying how to configure one: there is no silent stand-in answer.
 */
public final class ModelResolver {

    private ModelResolver() {
    }

    public static final String CREDENTIAL_KIND = "openai";

    public static ModelTarget resolve(Node node, NodeServices services, LlmDefaults defaults, Agent agent) {
        String credentialId = io.webops.nodes.CredentialRef.idOf(node);
        if (credentialId == null && agent != null) {
            credentialId = agent.credential();
        }
        String baseUrl;
        String apiKey;
        String model;
        List<String> secrets = List.of();
        if (credentialId != null) {
            ResolvedCredential c = services.credential(credentialId, CREDENTIAL_KIND);
            baseUrl = c.text("base_url");
            apiKey = c.text("api_key");
            model = c.text("model");
            secrets = List.copyOf(c.secretValues());
        } else {
            baseUrl = defaults.baseUrl();
            apiKey = defaults.apiKey();
            model = defaults.model();
        }
        if (agent != null && agent.model() != null) {
            model = agent.model();
        }
        String nodeModel = node.configText("model", null);
        if (nodeModel != null && !nodeModel.isBlank()) {
            model = nodeModel;
        }
        if (baseUrl == null) {
            throw NodeFailure.config("Node '" + node.id() + "': no model server is configured: give the node"
                    + (agent == null ? "" : " (or agent '" + agent.id() + "')")
                    + " an openai credential (base_url, api_key, model), or set WEBOPS_LLM_BASE_URL, WEBOPS_LLM_API_KEY"
                    + " and WEBOPS_LLM_MODEL on the server");
        }
        if (model == null || model.isBlank()) {
            throw NodeFailure.config("Node '" + node.id() + "': no model is named: set config.model, the agent's model,"
                    + " the credential's model field or WEBOPS_LLM_MODEL");
        }
        JsonNode t = node.config().get("temperature");
        JsonNode m = node.config().get("max_tokens");
        return new ModelTarget(baseUrl, apiKey, model,
                t == null || t.isNull() ? null : t.asDouble(),
                m == null || m.isNull() ? null : m.asInt(),
                node.timeoutSeconds() * 1000L, secrets);
    }
}
