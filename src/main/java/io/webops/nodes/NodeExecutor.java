package io.webops.nodes;

/**
 * The node-executor contract: one method, a typed result. An executor is built once per
 * deployment from the node's config (parse templates and expressions there, not per call) and
 * is called concurrently. Throwing fails the node; {@link NodeFailure} says whether a retry may
 * help.
 */
@FunctionalInterface
public interface NodeExecutor {

    NodeResult run(NodeCall call) throws Exception;
}
