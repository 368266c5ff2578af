package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.trust.admin.OperatorKey;

/** {@code directory token --metrics}: a token for Prometheus, minted from the data folder's key without the server. */
class MetricsTokenCommandTest {
    @TempDir
    Path data;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMetricsTokenCarriesTheScopeAndLivesTheDaysAsked() throws Exception {
        OperatorKey.ensure(data.resolve("pki"));

        int status = cli().run(List.of("token", "--metrics", "--days", "90"));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode claims = claims(out.toString(StandardCharsets.UTF_8).trim());
        assertThat(claims.path("scope").asText()).isEqualTo("metrics");
        assertThat(claims.has("admin")).isFalse();
        assertThat(claims.path("exp").asLong() - Instant.now().getEpochSecond())
            .isBetween(Duration.ofDays(90).toSeconds() - 60, Duration.ofDays(90).toSeconds());
    }

    @Test
    void moreThan400DaysIsABadUsage() throws Exception {
        OperatorKey.ensure(data.resolve("pki"));

        assertThat(cli().run(List.of("token", "--metrics", "--days", "401"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--days must be between 1 and 400");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theOperatorsCommandPassesItsArgumentsToTheDirectorysCommandLine() throws Exception {
        OperatorKey.ensure(data.resolve("pki"));

        int status = Caducee.commandLine().execute("directory", "--data", data.toString(), "token", "--metrics",
            "--days", "30");

        assertThat(status).isEqualTo(Caducee.DONE);
    }

    private DirectoryCli cli() {
        return new DirectoryCli("http://127.0.0.1:9", data, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static JsonNode claims(String token) throws Exception {
        String payload = token.split("\\.")[1];
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(payload));
    }
}
