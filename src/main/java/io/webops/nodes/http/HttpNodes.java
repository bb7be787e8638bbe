package io.webops.nodes.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.nodes.Category;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import java.util.List;

/** The declarations of the four HTTP node types. */
public final class HttpNodes {

    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    private static final String CREDENTIAL = "An http credential that adds authentication (bearer, basic or a header),"
            + " or a github credential (its token goes to the GitHub API only)";
    private static final String FAIL_ON_STATUS = "true: an answer of 400 or more fails the node; false: it is data like"
            + " any other answer ({status, headers, body}), for a condition downstream to look at";

    private HttpNodes() {
    }

    public static List<NodeType> all() {
        return List.of(
                new HttpNode("api_request", Category.SOURCE, "API Request",
                        "HTTP call, JSON in and out; output {status, headers, body, duration_ms}.",
                        request("body", "query", "GET"), "GET", "body", "query", false),
                new HttpNode("custom_url", Category.SOURCE, "Custom URL",
                        "Fetch any URL; the response body as text or JSON.",
                        Schema.object()
                                .template("url", "URL", "http or https URL; templates allowed")
                                .enumeration("method", "Method", "HTTP method", METHODS)
                                .defaultValue("method", "GET")
                                .stringMap("params", "Query parameters", "Added to the URL, encoded")
                                .stringMap("headers", "Headers", "Request headers")
                                .enumeration("response_format", "Response format", "How to read the body", "auto", "json", "text")
                                .defaultValue("response_format", "auto")
                                .bool("fail_on_status", "Fail on error status", FAIL_ON_STATUS)
                                .defaultValue("fail_on_status", true)
                                .string("credential", "Credential", CREDENTIAL)
                .required("url")
                                .build(),
                        "GET", "body", "params", false),
                new HttpNode("api_call", Category.OUTPUT, "API Call",
                        "Call an API and keep its response; output {status, headers, body, duration_ms}.",
                        request("body", "query", "POST"), "POST", "body", "query", false),
                new HttpNode("webhook_output", Category.OUTPUT, "Webhook Output",
                        "POST a payload (default: the input) to a URL.",
                        Schema.object()
                                .template("url", "URL", "http or https URL; templates allowed")
                                .any("payload", "Payload", "What to send (default: the input); templates allowed")
                                .stringMap("headers", "Headers", "Request headers")
                                .enumeration("method", "Method", "HTTP method", "POST", "PUT", "PATCH")
                                .defaultValue("method", "POST")
                                .bool("fail_on_status", "Fail on error status", FAIL_ON_STATUS)
                                .defaultValue("fail_on_status", true)
                                .string("credential", "Credential", CREDENTIAL)
                .required("url")
                                .build(),
                        "POST", "payload", "query", true));
    }

    private static ObjectNode request(String bodyField, String queryField, String method) {
        return Schema.object()
                .template("url", "URL", "http or https URL; templates allowed")
                .enumeration("method", "Method", "HTTP method", METHODS)
                .defaultValue("method", method)
                .stringMap("headers", "Headers", "Request headers; templates allowed")
                .any(bodyField, "Body", "JSON body; templates allowed in strings")
                .stringMap(queryField, "Query parameters", "Added to the URL, encoded")
                .enumeration("response_format", "Response format", "How to read the body", "auto", "json", "text")
                .defaultValue("response_format", "auto")
                .bool("fail_on_status", "Fail on error status", FAIL_ON_STATUS)
                .defaultValue("fail_on_status", true)
                .string("credential", "Credential", CREDENTIAL)
                .required("url")
                .build();
    }
}
