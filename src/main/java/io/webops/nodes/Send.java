package io.webops.nodes;

/**
 * A message a node's run prepared for the endpoint its route sends to next (returned as its {@link NodeResult}'s
 * attachment): the runtime clears the message, lets this put its headers and body on it, and after the endpoint answered
 * hands the answer to the node type's {@link NodeType#answer}. Only values reach the message, never endpoint options, so
 * nothing a user wrote becomes part of a URI or an expression.
 */
public interface Send {

    /** Puts the prepared headers and body on the (cleared) message. */
    void onto(org.apache.camel.Message message);
}
