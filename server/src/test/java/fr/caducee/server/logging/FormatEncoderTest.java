package fr.caducee.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

class FormatEncoderTest {
    private final LoggerContext context = context();
    private final Logger logger = context.getLogger("fr.caducee.example");

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    @AfterEach
    void forgetTheFormat() {
        System.clearProperty("caducee.log.format");
    }

    @Test
    void theTextFormatWritesThePattern() {
        System.setProperty("caducee.log.format", "text");

        String line = encode("%-5level %logger - %msg%n", "Spool: {} mail(s) queued again", 3);

        assertThat(line).isEqualTo("INFO  fr.caducee.example - Spool: 3 mail(s) queued again" + System.lineSeparator());
    }

    @Test
    void theJsonFormatWritesOneObjectPerLineWithTheFormattedMessage() throws Exception {
        System.setProperty("caducee.log.format", "json");

        String line = encode("%msg%n", "mx: client {}: TLS handshake failed", "192.0.2.7:52114");

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("loggerName").asText()).isEqualTo("fr.caducee.example");
        assertThat(event.path("formattedMessage").asText()).isEqualTo("mx: client 192.0.2.7:52114: TLS handshake failed");
        assertThat(event.has("sequenceNumber")).isFalse();
        assertThat(event.has("context")).isFalse();
    }

    private String encode(String pattern, String message, Object argument) {
        FormatEncoder encoder = new FormatEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null,
            new Object[] {argument});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        encoder.stop();
        return line;
    }
}
