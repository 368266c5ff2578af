package fr.caducee.server.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * logback.xml's encoder: its {@code pattern} in the {@code text} format, logback's {@link JsonEncoder} in the
 * {@code json} format ({@link LogFormat#beforeSettings}), one JSON object per line with {@code timestamp} (epoch
 * milliseconds), {@code level}, {@code threadName}, {@code loggerName}, {@code mdc}, {@code formattedMessage} and
 * {@code throwable}. One appender per destination whatever the format, rather than one pair per format of which
 * logback would warn that one is unused.
 */
public final class FormatEncoder extends EncoderBase<ILoggingEvent> {
    private String pattern = "%msg%n";
    private Encoder<ILoggingEvent> chosen;

    /** The pattern of the {@code text} format (a {@link PatternLayoutEncoder}'s). */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        chosen = LogFormat.beforeSettings(System.getProperties()) == LogFormat.JSON ? json() : text();
        chosen.setContext(getContext());
        chosen.start();
        super.start();
    }

    private static Encoder<ILoggingEvent> json() {
        JsonEncoder json = new JsonEncoder();
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        return json;
    }

    private Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setPattern(pattern);
        return text;
    }

    @Override
    public byte[] headerBytes() {
        return chosen.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return chosen.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return chosen.footerBytes();
    }

    @Override
    public void stop() {
        if (chosen != null) {
            chosen.stop();
        }
        super.stop();
    }
}
