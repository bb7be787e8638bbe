package io.webops.nodes;

import io.webops.credentials.ResolvedCredential;
import io.webops.security.SsrfGuard;
import java.nio.file.Path;

/** Runtime services a node executor may use, handed over at deployment. */
public interface NodeServices {

    SsrfGuard ssrfGuard();

    /** Outbound HTTP through camel-http and the SSRF guard. */
    HttpCaller http();

    /**
     * The credential a node refers to, opened (secrets included). Throws a {@link NodeFailure}
     * naming the problem when it does not exist or is of another kind.
     */
    ResolvedCredential credential(String id, String kind);

    /**
     * Whether the running workflow may use a resource of a kind ({@code agent}, {@code workflow}, {@code credential}):
     * its owner may read it now. A node must answer a resource it may not use exactly as a missing one.
     */
    boolean mayUse(String kind, String resourceId);

    /** The data folder; file nodes are confined to its {@code files} folder. */
    Path dataDir();

    /** Runs other saved workflows (sub-workflows, agent tools). */
    WorkflowRunner workflows();

    /** The JDBC URL of the product's own store, which user SQL must never reach. */
    String storeJdbcUrl();

    /** The key-value state workflows keep between runs, scoped to the workflow or to its owner. */
    WorkflowState state();

    /** The CamelContext the node runs in, for connectors that produce to a Camel endpoint. */
    org.apache.camel.CamelContext camel();
}
