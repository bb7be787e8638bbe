package io.webops.model;

/**
 * Workflow-wide settings of §2 with their defaults.
 *
 * @param historyMaxAgeDays    days its finished executions are kept; {@code null}: the instance's default
 * @param historyMaxExecutions how many of its finished executions are kept; {@code null}: the instance's default
 * @param saveExecutionData    which finished executions keep their data (trigger data, input, output, node logs)
 */
public record Settings(int timeoutSeconds, boolean retryOnFailure, int maxRetries, Integer historyMaxAgeDays,
                       Integer historyMaxExecutions, SaveExecutionData saveExecutionData) {

    public static final Settings DEFAULTS = new Settings(300, true, 3, null, null, SaveExecutionData.ALL);
}
