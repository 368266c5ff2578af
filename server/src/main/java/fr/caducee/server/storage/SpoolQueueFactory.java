package fr.caducee.server.storage;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;

/** James's ActiveMQ mail queues, on our in-JVM {@link SpoolBroker} rather than James's embedded broker. */
public class SpoolQueueFactory extends ActiveMQMailQueueFactory {
    @Inject
    SpoolQueueFactory(SpoolBroker broker, MailQueueItemDecoratorFactory decorators, MetricFactory metrics,
                      GaugeRegistry gauges, ActiveMQMetricCollector collector) {
        super(broker.connectionFactory(), decorators, metrics, gauges, collector);
    }
}
