package io.webops.runtime;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncProducer;

/**
 * One workflow version deployed into the CamelContext: its plan (which names its routes), its
 * generated YAML, the beans it added, and how many executions are still running on it (an update retires a
 * deployment only once they have finished).
 */
final class Deployment {

    final Plan plan;
    final String yaml;
    final String triggerYaml;
    final List<String> beanNames;
    final AsyncProducer start;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean retired;
    final java.util.concurrent.atomic.AtomicBoolean removed = new java.util.concurrent.atomic.AtomicBoolean();

    Deployment(Plan plan, String yaml, String triggerYaml, List<String> beanNames, AsyncProducer start) {
        this.plan = plan;
        this.yaml = yaml;
        this.triggerYaml = triggerYaml;
        this.beanNames = beanNames;
        this.start = start;
    }
}
